/**
 * `touchstone smoke`: a live gateway, real keys, real money. A safe subset of checks (suites/profile/
 * checks.ts) run in order under a hard request budget: tiny max_tokens, no file uploads unless asked,
 * a cost estimate printed before anything is sent (`dryRun` stops there), 429s retried after their
 * retry-after (bounded), a timeout per request, a stop after `maxFailures` failed steps. Structure is
 * checked, never text; the model-dependent part is pass@k. Evidence is recorded with the key redacted.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { VERSION } from '../../lib/version.ts';
import type { CaseResult, Report } from '../../reports/model.ts';
import { summarize } from '../../reports/summary.ts';
import { writeReport, type WrittenReport } from '../../reports/write.ts';
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import { contentTypeViolations, contractViolations, envelopeViolations, eventViolations, prefixed, statusViolations } from '../assertions.ts';
import { CHECKS } from '../checks.ts';
import * as grammar from '../chat/grammar.ts';
import { Recorder, type HttpResult, type SendOptions } from '../recorder.ts';
import type { Target } from '../target.ts';
import { SMOKE_CHECKS } from './checks.ts';
import { matchesFilter, parseFilter } from './select.ts';

export interface SmokeOptions {
  url: string;
  key: string;
  /** Chat model id; absent: the first chat-looking id of GET /models. */
  model?: string;
  /** Embeddings model id; absent: the first id of GET /models with "embed" in it, else no embeddings step. */
  embeddingModel?: string;
  maxRequests: number;
  /** Stop after this many failed steps (default: never). */
  maxFailures?: number;
  dryRun: boolean;
  timeoutMs: number;
  withFiles: boolean;
  filter?: string;
  reportDir: string;
  command: string;
  log: (line: string) => void;
  /** How retry-after waits happen (tests inject a fake clock). */
  sleep?: (ms: number) => Promise<void>;
}

export interface SmokeResult { report?: Report; paths?: WrittenReport; requestsSent: number; plan: PlannedStep[] }

/** The target could not be reached at all (exit 2). */
export class SmokeUnreachableError extends Error {}
class BudgetExhausted extends Error {}

const K = 3; // pass@k attempts for model-dependent checks
const MAX_TOKENS = 16;
const MAX_429_RETRIES = 3;
const MAX_RETRY_WAIT_MS = 10_000;
/** Approximate tokens one tiny chat request costs: the prompt in, at most MAX_TOKENS out. */
const CHAT_TOKENS = { input: 30, output: MAX_TOKENS };
const EMBEDDING_TOKENS = 5;

/** USD per 1M tokens (list prices, approximate): enough to say whether a smoke run costs cents or nothing. */
const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
};

/** The price of a model id as a gateway writes it (`account/model`, `model`): by its last segment. */
export function priceOf(model: string | undefined): { input: number; output: number } | undefined {
  if (!model) return undefined;
  return PRICES[model.split('/').at(-1)!];
}

export interface PlannedStep {
  checkId: string;
  title: string;
  /** Requests this step may send, at most (pass@k attempts; not counting 429 retries, which also count against the budget). */
  maxRequests: number;
  kind: 'models' | 'chat' | 'stream' | 'embeddings' | 'auth' | 'files';
}

/** The steps a run would take, within the budget and the filter; `dropped` says what was left out and why. */
export function planSmoke(options: Pick<SmokeOptions, 'maxRequests' | 'withFiles' | 'filter' | 'embeddingModel' | 'model'>): { steps: PlannedStep[]; dropped: string[] } {
  const all: PlannedStep[] = [
    { checkId: 'smoke.models.list', title: 'GET /models', maxRequests: 1, kind: 'models' },
    { checkId: 'smoke.chat.non-stream', title: `POST /chat/completions, max_tokens ${MAX_TOKENS}, pass@${K}`, maxRequests: K, kind: 'chat' },
    { checkId: 'smoke.chat.stream', title: `POST /chat/completions, stream + include_usage, max_tokens ${MAX_TOKENS}, pass@${K}`, maxRequests: K, kind: 'stream' },
    { checkId: 'smoke.auth.invalid-key', title: 'POST /chat/completions with an invalid key', maxRequests: 1, kind: 'auth' },
    { checkId: 'smoke.embeddings', title: 'POST /embeddings, one short input', maxRequests: 1, kind: 'embeddings' },
    { checkId: 'smoke.files', title: 'POST /files (a 40-byte JSONL), then DELETE it', maxRequests: 2, kind: 'files' },
  ];
  const terms = options.filter === undefined ? undefined : parseFilter(options.filter);
  const byId = new Map(SMOKE_CHECKS.map((c) => [c.id, c]));
  const steps: PlannedStep[] = [];
  const dropped: string[] = [];
  let budget = options.maxRequests;
  for (const step of all) {
    if (step.kind === 'files' && !options.withFiles) { dropped.push(`${step.checkId}: no file uploads without --with-files`); continue; }
    if (step.kind === 'embeddings' && !options.embeddingModel && options.model) { dropped.push(`${step.checkId}: no --embedding-model`); continue; }
    if (!matchesFilter(terms, byId.get(step.checkId)!)) { dropped.push(`${step.checkId}: not selected by --filter`); continue; }
    // Each step needs its first request within the budget; further pass@k attempts are taken if left.
    if (budget < (step.kind === 'files' ? 2 : 1)) { dropped.push(`${step.checkId}: over the --max-requests budget`); continue; }
    budget -= Math.min(step.maxRequests, budget);
    steps.push(step);
  }
  return { steps, dropped };
}

/** Lines for the plan and the cost estimate, printed before anything is sent. */
export function describePlan(options: SmokeOptions, steps: PlannedStep[], dropped: string[]): string[] {
  const worst = Math.min(options.maxRequests, steps.reduce((n, s) => n + s.maxRequests, 0));
  const lines = [`plan: at most ${worst} request${worst === 1 ? '' : 's'} (--max-requests ${options.maxRequests}), timeout ${options.timeoutMs} ms each`];
  steps.forEach((s, i) => lines.push(`  ${i + 1}. ${s.title.padEnd(70)} ${s.checkId} (≤ ${s.maxRequests} request${s.maxRequests === 1 ? '' : 's'})`));
  for (const d of dropped) lines.push(`  – left out: ${d}`);
  const chatRequests = steps.filter((s) => s.kind === 'chat' || s.kind === 'stream').reduce((n, s) => n + s.maxRequests, 0);
  const embeddingRequests = steps.some((s) => s.kind === 'embeddings') ? 1 : 0;
  const input = chatRequests * CHAT_TOKENS.input;
  const output = chatRequests * CHAT_TOKENS.output;
  const tokens = `≤ ${chatRequests} chat requests × (≤ ${CHAT_TOKENS.input} input + ≤ ${CHAT_TOKENS.output} output tokens)${embeddingRequests ? ` + 1 embeddings request × ≤ ${EMBEDDING_TOKENS} tokens` : ''}`;
  const chatPrice = priceOf(options.model);
  const embedPrice = priceOf(options.embeddingModel);
  const known = chatRequests === 0 || chatPrice;
  const knownEmbed = embeddingRequests === 0 || embedPrice;
  if (known && knownEmbed) {
    const usd = (input * (chatPrice?.input ?? 0) + output * (chatPrice?.output ?? 0) + embeddingRequests * EMBEDDING_TOKENS * (embedPrice?.input ?? 0)) / 1e6;
    lines.push(`estimated cost: ${tokens} ≈ ≤ $${usd.toFixed(6)} at list prices`);
  } else {
    const which = !known ? (options.model ? `no price for "${options.model}"` : 'the chat model is chosen from GET /models') : `no price for "${options.embeddingModel ?? 'the embeddings model'}"`;
    lines.push(`estimated cost: ${tokens}; price unknown (${which})`);
  }
  return lines;
}

/** retry-after in seconds or as an HTTP date → milliseconds, bounded; absent or unreadable: 1 s. */
export function retryAfterMs(value: string | null, now = Date.now()): number {
  if (value === null) return 1000;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return 1000;
  return Math.min(Math.max(ms, 0), MAX_RETRY_WAIT_MS);
}

const CHAT_LIKE = /^(?!.*(embed|tts|whisper|dall-e|image|moderation|rerank|realtime|transcribe|audio|search))/i;

interface StepResult { violations: Violation[]; observed?: string; notes?: string[] }

export async function runSmoke(options: SmokeOptions): Promise<SmokeResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const { steps, dropped } = planSmoke(options);
  for (const line of describePlan(options, steps, dropped)) options.log(line);
  if (options.dryRun) { options.log('dry run: nothing sent'); return { requestsSent: 0, plan: steps }; }

  const url = options.url.replace(/\/+$/, '');
  const target: Target = { id: 'live', kind: 'live', label: `Live gateway at ${url}`, url, key: options.key, models: { chat: options.model ?? '' }, secrets: [options.key] };
  const startedAt = new Date();
  let sent = 0;
  const send = async (recorder: Recorder, method: string, path: string, opts: SendOptions = {}): Promise<HttpResult> => {
    for (let retry = 0; ; retry++) {
      if (sent >= options.maxRequests) throw new BudgetExhausted(`the --max-requests budget (${options.maxRequests}) is spent`);
      sent++;
      let res: HttpResult;
      try {
        res = await recorder.send(method, path, { ...opts, timeoutMs: options.timeoutMs });
      } catch (error) {
        if (sent === 1) throw new SmokeUnreachableError(`target ${url} is unreachable: ${(error as Error).message}`);
        throw error;
      }
      if (res.status !== 429 || retry >= MAX_429_RETRIES || sent >= options.maxRequests) return res;
      const wait = retryAfterMs(res.headers.get('retry-after'));
      options.log(`  429 on ${method} ${path}: retrying in ${wait} ms (retry ${retry + 1} of ${MAX_429_RETRIES})`);
      await sleep(wait);
    }
  };

  let chatModel = options.model;
  let embeddingModel = options.embeddingModel;
  const chatBody = (extra: Record<string, unknown> = {}) => ({ model: chatModel, messages: [{ role: 'user', content: 'Reply with one word.' }], max_tokens: MAX_TOKENS, ...extra });

  /** pass@k: structural violations fail at once; a model-dependent miss is retried while attempts and budget last. */
  async function passAtK(attempt: () => Promise<{ structural: Violation[]; model: Violation[]; observed?: string }>): Promise<StepResult> {
    const misses: string[] = [];
    for (let i = 1; ; i++) {
      const r = await attempt();
      if (r.structural.length) return { violations: r.structural, ...(r.observed ? { observed: r.observed } : {}) };
      if (r.model.length === 0) return { violations: [], notes: [`pass@${K}: passed on attempt ${i}${misses.length ? ` (earlier: ${misses.join('; ')})` : ''}`], ...(r.observed ? { observed: r.observed } : {}) };
      misses.push(r.model.map((v) => v.message).join(', '));
      if (i >= K || sent >= options.maxRequests) return { violations: r.model, notes: [`pass@${K}: no attempt of ${i} passed`] };
    }
  }

  const run: Record<PlannedStep['kind'], (r: Recorder) => Promise<StepResult>> = {
    async models(r) {
      const res = await send(r, 'GET', '/models');
      const ids = ((res.json as { data?: { id?: unknown }[] } | undefined)?.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
      chatModel ??= ids.find((id) => CHAT_LIKE.test(id));
      embeddingModel ??= ids.find((id) => /embed/i.test(id));
      return { violations: [...statusViolations(res, 200), ...contractViolations('listModels', res)], observed: `${ids.length} models${options.model ? '' : `; chat model chosen: ${chatModel ?? 'none'}`}` };
    },
    chat: (r) => passAtK(async () => {
      const res = await send(r, 'POST', '/chat/completions', { body: chatBody() });
      const choice = (res.json as { choices?: { message?: { content?: unknown }; finish_reason?: unknown }[] } | undefined)?.choices?.[0];
      const content = choice?.message?.content;
      const ok = (typeof content === 'string' && content.length > 0) || choice?.finish_reason === 'length';
      return {
        structural: [...statusViolations(res, 200), ...contentTypeViolations(res, 'application/json'), ...contractViolations('createChatCompletion', res)],
        model: ok ? [] : [violation('/body/choices/0/message/content', 'content, or finish_reason "length"', describeValue(content), 'smoke.content')],
        observed: `finish_reason ${describeValue(choice?.finish_reason)}`,
      };
    }),
    stream: (r) => passAtK(async () => {
      const res = await send(r, 'POST', '/chat/completions', { body: chatBody({ stream: true, stream_options: { include_usage: true } }) });
      const stream = grammar.parseStream(res.events, res.partial);
      const ev = (v: Violation[]) => prefixed('/events', v);
      const text = stream.chunks.map((c) => ((c?.choices as { delta?: { content?: unknown } }[] | undefined)?.[0]?.delta?.content) ?? '').join('');
      const structural = [...statusViolations(res, 200), ...contentTypeViolations(res, 'text/event-stream')];
      if (!structural.length) {
        structural.push(...ev(grammar.checkFraming(stream)), ...eventViolations('createChatCompletion', stream.chunks), ...ev(grammar.checkOneFinish(stream)),
          ...ev(grammar.checkUsageChunk(stream, true)), ...ev(grammar.checkDoneLast(stream)));
      }
      const lengthStop = stream.chunks.some((c) => (c?.choices as { finish_reason?: unknown }[] | undefined)?.some((ch) => ch.finish_reason === 'length'));
      return { structural, model: text || lengthStop ? [] : [violation('/events', 'content deltas, or finish_reason "length"', 'no content', 'smoke.content')], observed: `${stream.chunks.length} chunks` };
    }),
    async auth(r) {
      const res = await send(r, 'POST', '/chat/completions', { body: chatBody(), key: 'ts-smoke-invalid-key-000000000000' });
      return { violations: envelopeViolations('createChatCompletion', res, 401) };
    },
    async embeddings(r) {
      if (!embeddingModel) throw new NotRun('no embeddings model: pass --embedding-model, or the gateway lists none');
      const res = await send(r, 'POST', '/embeddings', { body: { model: embeddingModel, input: 'touchstone smoke' } });
      return { violations: [...statusViolations(res, 200), ...contractViolations('createEmbeddings', res)] };
    },
    async files(r) {
      const form = new FormData();
      form.set('purpose', 'batch');
      form.set('file', new Blob(['{"custom_id":"touchstone-smoke"}\n'], { type: 'application/jsonl' }), 'touchstone-smoke.jsonl');
      const upload = await sendForm(r, form);
      const out = [...statusViolations(upload, 200), ...contractViolations('uploadFile', upload)];
      const id = (upload.json as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') {
        const del = await send(r, 'DELETE', `/files/${encodeURIComponent(id)}`);
        out.push(...prefixed('/delete', statusViolations(del, 200)));
      }
      return { violations: out };
    },
  };
  // Multipart goes through fetch directly (the recorder sends JSON or raw text), counted the same way.
  async function sendForm(r: Recorder, form: FormData): Promise<HttpResult> {
    if (sent >= options.maxRequests) throw new BudgetExhausted(`the --max-requests budget (${options.maxRequests}) is spent`);
    sent++;
    const res = await r.fetch(`${url}/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${options.key}` }, signal: AbortSignal.timeout(options.timeoutMs) });
    const text = await res.text();
    let json: unknown;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    await r.settle();
    return { status: res.status, headers: res.headers, contentType: res.headers.get('content-type'), text, json, events: [], exchange: r.exchanges.at(-1)! };
  }

  const cases: CaseResult[] = [];
  let failures = 0;
  for (const step of steps) {
    const recorder = new Recorder(target);
    const started = performance.now();
    const base = { checkId: step.checkId, targetId: target.id, scenario: step.title, id: `${step.checkId}@${target.id}#${step.title}` };
    let record: CaseResult;
    if (options.maxFailures !== undefined && failures >= options.maxFailures) {
      record = { ...base, outcome: 'informational', durationMs: 0, message: `not run: stopped after ${failures} failed step${failures === 1 ? '' : 's'} (--max-failures ${options.maxFailures})`, violations: [], evidence: { exchanges: [] } };
    } else if ((step.kind === 'chat' || step.kind === 'stream' || step.kind === 'auth') && !chatModel) {
      record = { ...base, outcome: 'informational', durationMs: 0, message: 'not run: no chat model (pass --model, or the gateway lists none)', violations: [], evidence: { exchanges: [] } };
    } else {
      let result: StepResult;
      try {
        result = await run[step.kind](recorder);
      } catch (error) {
        if (error instanceof SmokeUnreachableError) throw error;
        if (error instanceof NotRun || error instanceof BudgetExhausted) result = { violations: [], notes: [`not run: ${error.message}`] };
        else result = { violations: [violation('', 'a completed exchange', (error as Error).message, 'smoke.transport')] };
      }
      await recorder.settle();
      const notRun = result.notes?.find((n) => n.startsWith('not run:'));
      const outcome = notRun ? 'informational' : result.violations.length ? 'fail' : 'pass';
      record = { ...base, outcome, durationMs: Math.round(performance.now() - started), violations: result.violations, evidence: { exchanges: recorder.exchanges, ...(result.notes ? { notes: result.notes } : {}) } };
      if (notRun) record.message = notRun;
      else if (result.violations.length) record.message = result.violations.length === 1 ? result.violations[0]!.message : `${result.violations[0]!.message} (and ${result.violations.length - 1} more)`;
      if (result.observed) record.observed = result.observed;
      if (outcome === 'fail') failures++;
    }
    cases.push(record);
    options.log(`  ${record.outcome === 'pass' ? 'ok  ' : record.outcome === 'fail' ? 'FAIL' : 'skip'} ${step.checkId}${record.message ? ` — ${record.message}` : ''}  [${sent}/${options.maxRequests} requests]`);
  }
  const finishedAt = new Date();
  const used = new Set(cases.map((c) => c.checkId));
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'touchstone', version: VERSION },
    run: {
      id: randomUUID(), startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime(),
      seed: 0, command: options.command,
      machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: os.cpus().length },
      ...(options.filter ? { filter: options.filter } : {}),
    },
    targets: [{ id: target.id, kind: 'live', url, label: target.label }],
    checks: CHECKS.filter((c) => used.has(c.id)),
    cases,
    summary: summarize(cases),
  };
  const paths = await writeReport(report, options.reportDir);
  return { report, paths, requestsSent: sent, plan: steps };
}

class NotRun extends Error {}
