/**
 * What the simulated Gemini model answers, decided from the validated request and its hash: per
 * candidate, thinking (tokens by budget or level; a thought-summary part when `includeThoughts`),
 * then function calls or text (prose, JSON for the response schema, one enum value), cut by stop
 * sequences and by `maxOutputTokens` — which, as on Gemini, covers thinking and answer together.
 *
 * Function-calling policy (deterministic): mode NONE → text; ANY → always call; AUTO → call only when
 * the last content is a user message with text (after function responses the model answers in text
 * quoting them). Which functions: those the last user text mentions (a word of the name, split at
 * `_ - . :` and camelCase, generic verbs ignored), in declaration order; none → the first. A call
 * ends with finishReason STOP. Thought signatures: Gemini 3 signs the first function call of a step
 * (and the last text part); 2.5 signs the first function call when it thought.
 *
 * Scripted outcomes (declarative, like fault markers): `[touchstone-finish:REASON]` in the last user
 * text ends each candidate with that finishReason (SAFETY-like reasons with no content and a blocked
 * rating, RECITATION after partial text, MALFORMED_FUNCTION_CALL with a finishMessage on Vertex);
 * `[touchstone-block:REASON]` blocks the prompt (`promptFeedback.blockReason`, no candidates).
 */
import { Rng } from '../determinism.ts';
import type { Offers } from './capabilities.ts';
import { valueForSchema } from './schema-value.ts';
import { functionResultText, prose, thoughtSummary } from './text.ts';
import { textTokens } from './tokens.ts';
import type { Content, FunctionDeclaration } from './types.ts';
import type { GenerateRequest } from './validate.ts';
import type { ThinkingPlan } from './validate-config.ts';
import { lastUserText } from './validate-contents.ts';
import { issueSignature } from './validate-tools.ts';

export interface PlannedPart {
  text?: string;
  thought?: boolean;
  functionCall?: { name: string; args: Record<string, unknown> };
  thoughtSignature?: string;
}

export interface CandidatePlan {
  index: number;
  parts: PlannedPart[];
  finishReason: string;
  finishMessage?: string;
  /** Content was withheld by a safety filter (its rating is marked blocked). */
  blocked: boolean;
  outputTokens: number;
  thoughtTokens: number;
}

export interface ResponsePlan {
  candidates: CandidatePlan[];
  /** The prompt was blocked (`promptFeedback.blockReason`). */
  promptBlock?: string;
}

const BLOCKING = ['SAFETY', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'];
const GENERIC = new Set(['get', 'set', 'list', 'search', 'find', 'fetch', 'create', 'update', 'delete', 'lookup', 'query', 'run', 'do', 'make']);
const LEVEL_TOKENS = { MINIMAL: [0, 0], LOW: [48, 192], MEDIUM: [160, 448], HIGH: [320, 960] } as const;

function thinkingTokens(plan: ThinkingPlan, rng: Rng): number {
  switch (plan.mode) {
    case 'off': return 0;
    case 'dynamic': return rng.int(96, 640);
    case 'budget': return Math.min(plan.budget, rng.int(64, 640));
    case 'level': { const [lo, hi] = LEVEL_TOKENS[plan.level]; return hi === 0 ? 0 : rng.int(lo, hi); }
  }
}

const nameWords = (name: string): string[] =>
  name.replace(/([a-z])([A-Z])/g, '$1 $2').split(/[\s_.:-]+/).map((w) => w.toLowerCase()).filter((w) => w && !GENERIC.has(w));

const onlyFunctionResponses = (c: Content | undefined): boolean =>
  Boolean(c && c.role === 'user' && c.parts?.length && c.parts.every((p) => p.functionResponse));

function chooseCalls(req: GenerateRequest): FunctionDeclaration[] {
  const { mode, declarations, allowed } = req.tools;
  if (mode === 'NONE' || declarations.length === 0) return [];
  const last = req.contents.at(-1);
  if (mode === 'AUTO' && (last?.role !== 'user' || onlyFunctionResponses(last))) return [];
  const pool = allowed ? declarations.filter((d) => allowed.includes(d.name ?? '')) : declarations;
  const words = new Set(lastUserText(req.contents).toLowerCase().split(/[^a-z0-9]+/));
  const mentioned = pool.filter((d) => nameWords(d.name ?? '').some((w) => words.has(w)));
  return mentioned.length ? mentioned : pool.slice(0, 1);
}

function argsFor(fn: FunctionDeclaration, rng: Rng): Record<string, unknown> {
  const json = fn.parametersJsonSchema !== undefined;
  const schema = json ? fn.parametersJsonSchema : fn.parameters;
  if (!schema) return {};
  const value = valueForSchema(schema, rng, !json);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

function answerText(req: GenerateRequest, rng: Rng): string {
  const last = req.contents.at(-1);
  const { output } = req.config;
  if (output.kind === 'enum') return rng.pick(output.values);
  if (output.kind === 'json') {
    if (!output.schema) return JSON.stringify({ answer: prose(rng, rng.int(6, 14)) });
    return JSON.stringify('google' in output.schema ? valueForSchema(output.schema.google, rng, true) : valueForSchema(output.schema.json, rng, false));
  }
  if (onlyFunctionResponses(last)) {
    return functionResultText(last!.parts!.map((p) => ({ name: p.functionResponse!.name ?? '', response: p.functionResponse!.response })));
  }
  return prose(rng, rng.int(12, 40));
}

function planCandidate(req: GenerateRequest, hash: string, index: number, offers: Offers, forced: string | undefined): CandidatePlan {
  const rng = new Rng(hash, `candidate-${index}`);
  const { config, model } = req;
  const limit = config.maxOutputTokens ?? model.outputTokenLimit;
  const thoughtTokens = thinkingTokens(config.thinking, new Rng(hash, `thinking-${index}`));
  const base = { index, blocked: false, thoughtTokens };
  if (thoughtTokens >= limit) return { ...base, thoughtTokens: limit, parts: [], finishReason: 'MAX_TOKENS', outputTokens: 0 };
  const summary: PlannedPart[] = config.thinking.mode !== 'off' && config.thinking.includeThoughts && thoughtTokens > 0
    ? [{ text: thoughtSummary(new Rng(hash, `summary-${index}`), lastUserText(req.contents)), thought: true }] : [];
  const signs = offers('reasoning') && (model.enforceSignatures || thoughtTokens > 0);
  if (forced && BLOCKING.includes(forced)) return { ...base, parts: [], finishReason: forced, blocked: true, outputTokens: 0 };
  if (forced === 'MALFORMED_FUNCTION_CALL') {
    return { ...base, parts: [], finishReason: forced, finishMessage: 'Malformed function call: call:default_api:unknown{', outputTokens: 0 };
  }
  if (forced && !['STOP', 'MAX_TOKENS', 'RECITATION'].includes(forced)) return { ...base, parts: summary, finishReason: forced, outputTokens: 0 };
  const room = limit - thoughtTokens;

  const calls = forced ? [] : chooseCalls(req);
  if (calls.length) {
    const parts: PlannedPart[] = calls.map((fn) => ({ functionCall: { name: fn.name ?? '', args: argsFor(fn, rng) } }));
    if (signs) parts[0]!.thoughtSignature = issueSignature(model, hash, `call-${index}`, parts[0]!.functionCall);
    const outputTokens = parts.reduce((n, p) => n + textTokens(`${p.functionCall!.name}${JSON.stringify(p.functionCall!.args)}`).length, 0);
    if (outputTokens > room) return { ...base, parts: summary, finishReason: 'MAX_TOKENS', outputTokens: 0 };
    return { ...base, parts: [...summary, ...parts], finishReason: 'STOP', outputTokens };
  }

  let text = answerText(req, rng);
  let finishReason = forced ?? 'STOP';
  const stops = config.stopSequences.map((s) => text.indexOf(s)).filter((at) => at >= 0);
  if (stops.length) text = text.slice(0, Math.min(...stops));
  let tokens = textTokens(text);
  if (forced === 'RECITATION') tokens = tokens.slice(0, Math.ceil(tokens.length / 2));
  if (tokens.length > room) { tokens = tokens.slice(0, room); finishReason = 'MAX_TOKENS'; }
  text = tokens.join('');
  const answer: PlannedPart[] = text ? [{ text }] : [];
  if (answer.length && signs && model.enforceSignatures) answer[0]!.thoughtSignature = issueSignature(model, hash, `text-${index}`, text);
  return { ...base, parts: [...summary, ...answer], finishReason, outputTokens: tokens.length };
}

export function planResponse(req: GenerateRequest, hash: string, offers: Offers): ResponsePlan {
  const said = lastUserText(req.contents);
  const block = /\[touchstone-block:([A-Z_]+)\]/.exec(said)?.[1];
  if (block) return { candidates: [], promptBlock: block };
  const forced = /\[touchstone-finish:([A-Z_]+)\]/.exec(said)?.[1];
  return { candidates: Array.from({ length: req.config.candidateCount }, (_, i) => planCandidate(req, hash, i, offers, forced)) };
}
