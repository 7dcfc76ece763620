/**
 * The stateful, streaming, realtime and routing suites (suites/stateful, streaming, realtime, routing)
 * run outside `touchstone run`: their scenario bodies against the reference gateway (every check passes),
 * and against the same gateway behind a faulty fetch (a deleted file still served, stream events out
 * of order, a batch output line twice, a 5xx for a missing provider header) so each verdict is shown to
 * fail with evidence. The simulators' lifecycle clock runs ×50 here so batches and jobs finish fast.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateApiKey, resolveConfig } from '../gateway/config.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import { startMockServer, type MockServer } from '../mocks/server.ts';
import { wavViolations } from '../suites/streaming/streaming.ts';
import { checkOrder, checkSequence } from '../suites/streaming/responses-grammar.ts';
import * as lifecycle from '../suites/stateful/lifecycle.ts';
import * as streaming from '../suites/streaming/streaming.ts';
import * as realtime from '../suites/realtime/realtime.ts';
import * as routing from '../suites/routing/routing.ts';
import { defaultConfigFile } from '../suites/default-config.ts';
import { ScenarioContext, type CaseRecord } from '../suites/scenario.ts';
import type { Target } from '../suites/target.ts';

let mocks: MockServer;
let gateway: RunningGateway;
let target: Target;
/** Rewrites the gateway's answer to a request (null = untouched); each fault test sets it. */
let fault: ((call: { url: string; method: string; headers: Headers }, response: Response) => Promise<Response | null>) | undefined;

const realFetch = globalThis.fetch;
beforeAll(async () => {
  mocks = await startMockServer({ simulatorOptions: { timeScale: 50 } });
  const key = generateApiKey();
  gateway = await startGateway(resolveConfig({ ...defaultConfigFile(mocks.upstreams, key), request_log: { stdout: false } }, 'suites-stateful test'));
  target = {
    id: 'test', kind: 'in-process', label: 'stateful suites test', url: gateway.baseURL, key, secrets: [key],
    models: { chat: 'openai-main/gpt-4o-mini', responses: 'openai-main/gpt-4o-mini', speech: 'openai-main/tts-1', realtime: 'gpt-4o-realtime-preview', fineTuning: 'gpt-4o-mini-2024-07-18' },
    providerAccount: 'openai-main', region: { account: 'openai-eu', upstream: 'openai-eu', chatModel: 'openai-eu/gpt-4o-mini' },
    realtimeURL: gateway.url.replace(/^http/, 'ws'), upstreams: mocks.upstreams,
  };
  // The gateway's own upstream calls go through the global fetch too: only the suites' calls to the gateway are touched.
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const response = await realFetch(input as RequestInfo, init);
    if (!fault || !url.startsWith(gateway.baseURL)) return response;
    const call = { url, method: init?.method ?? (input instanceof Request ? input.method : 'GET'), headers: new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)) };
    return (await fault(call, response)) ?? response;
  });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await gateway?.close();
  await mocks?.close();
});

async function run(fn: (s: ScenarioContext) => Promise<void>, checks: readonly string[]): Promise<Map<string, CaseRecord>> {
  const s = new ScenarioContext('test', target, checks);
  let error: unknown;
  try { await fn(s); } catch (e) { error = e; }
  await s.recorder.settle();
  return new Map(s.finish(error).map((c) => [c.checkId, c]));
}

const outcomes = (cases: Map<string, CaseRecord>) => Object.fromEntries([...cases].map(([id, c]) => [id, c.outcome === 'pass' ? 'pass' : `${c.outcome}: ${c.message}`]));
const allPass = (checks: readonly string[]) => Object.fromEntries(checks.map((id) => [id, 'pass']));

describe('against the reference gateway every check passes', () => {
  const scenarios: [string, (s: ScenarioContext) => Promise<void>, readonly string[]][] = [
    ['files', lifecycle.filesLifecycle, lifecycle.CHECK_IDS.filesLifecycle],
    ['responses', lifecycle.responsesLifecycle, lifecycle.CHECK_IDS.responsesLifecycle],
    ['batches', lifecycle.batchLifecycle, lifecycle.CHECK_IDS.batchLifecycle],
    ['fine-tuning', lifecycle.fineTuningLifecycle, lifecycle.CHECK_IDS.fineTuningLifecycle],
    ['streamed response', streaming.streamedResponse({ input: 'Describe a lighthouse.' }), streaming.CHECK_IDS.streamedResponse],
    ['streamed speech', streaming.streamedSpeech, streaming.CHECK_IDS.streamedSpeech],
    ['realtime session', realtime.realtimeSession, realtime.CHECK_IDS.realtimeSession],
    ['realtime auth', realtime.realtimeAuth, realtime.CHECK_IDS.realtimeAuth],
    ['regional routing', routing.regionalRouting, routing.CHECK_IDS.regionalRouting],
    ['provider header', routing.providerHeaderRouting, routing.CHECK_IDS.providerHeader],
    ['metadata header', routing.metadataHeader, routing.CHECK_IDS.metadataHeader],
  ];
  it.each(scenarios)('%s', async (_name, fn, checks) => {
    expect(outcomes(await run(fn, checks))).toEqual(allPass(checks));
  });

  it('the realtime transcript is kept as the events of the upgrade exchange', async () => {
    const cases = await run(realtime.realtimeSession, realtime.CHECK_IDS.realtimeSession);
    const exchange = cases.get('realtime.response-cycle')!.evidence.exchanges.at(-1)!;
    expect(exchange.response?.status).toBe(101);
    expect(exchange.response?.events?.[0]).toMatch(/^← \{"type":"session\.created"/);
    expect(exchange.response?.events?.some((e) => e.startsWith('→ {"type":"response.create"'))).toBe(true);
    expect(JSON.stringify(exchange)).not.toContain(target.key);
  });
});

describe('faults are reported with evidence', () => {
  const json = (value: unknown, status = 200) => Response.json(value, { status });

  it('a deleted file that is still served fails stateful.files.deleted only', async () => {
    let kept: unknown;
    fault = async (request, response) => {
      if (request.method === 'GET' && /\/files\/file-[^/]+$/.test(request.url)) {
        if (response.status === 200) kept = await response.clone().json();
        else if (kept) return json(kept);
      }
      return null;
    };
    const cases = await run(lifecycle.filesLifecycle, lifecycle.CHECK_IDS.filesLifecycle);
    fault = undefined;
    expect(cases.get('stateful.files.deleted')).toMatchObject({ outcome: 'fail', violations: expect.arrayContaining([expect.objectContaining({ pointer: '/retrieve-deleted/status', expected: '404' })]) });
    expect([...cases.values()].filter((c) => c.outcome !== 'pass').map((c) => c.checkId)).toEqual(['stateful.files.deleted']);
  });

  it('a batch output with a line twice fails stateful.batches.custom-ids', async () => {
    fault = async (request, response) => {
      if (!/\/files\/[^/]+\/content$/.test(request.url) || response.status !== 200) return null;
      const text = await response.text();
      const first = text.split('\n')[0]!;
      return new Response(first.includes('custom_id') ? `${first}\n${text}` : text, { headers: response.headers });
    };
    const cases = await run(lifecycle.batchLifecycle, lifecycle.CHECK_IDS.batchLifecycle);
    fault = undefined;
    const custom = cases.get('stateful.batches.custom-ids')!;
    expect(custom.outcome).toBe('fail');
    expect(custom.violations.map((v) => v.actual)).toEqual(['2 times']);
    expect(cases.get('stateful.batches.lifecycle')!.outcome).toBe('pass');
  });

  it('a provider-less retrieve answered 500 fails routing.provider-header.required', async () => {
    fault = async (request) => (request.method === 'GET' && request.url.includes('/responses/') && !request.headers.has('x-tfy-provider-name')
      ? json({ error: { message: 'boom', type: 'server_error', param: null, code: null } }, 500) : null);
    const cases = await run(routing.providerHeaderRouting, routing.CHECK_IDS.providerHeader);
    fault = undefined;
    expect(outcomes(cases)).toEqual({
      'routing.provider-header.required': 'fail: /without-header/status: expected a 4xx (the request names no provider account), got 500',
      'routing.provider-header.routes': 'pass',
    });
  });
});

describe('the Responses stream grammar and the WAV reader', () => {
  const ev = (type: string, extra: Record<string, unknown> = {}) => ({ type, ...extra });
  const good = [
    ev('response.created'), ev('response.in_progress'),
    ev('response.output_item.added', { output_index: 0 }), ev('response.content_part.added', { output_index: 0, content_index: 0 }),
    ev('response.output_text.delta', { output_index: 0, content_index: 0 }), ev('response.output_text.done', { output_index: 0, content_index: 0 }),
    ev('response.content_part.done', { output_index: 0, content_index: 0 }), ev('response.output_item.done', { output_index: 0 }),
    ev('response.completed'),
  ].map((e, i) => ({ ...e, sequence_number: i }));

  it('accepts a well-ordered stream', () => {
    expect(checkOrder(good)).toEqual([]);
    expect(checkSequence(good)).toEqual([]);
  });

  it('names a delta before its part, a terminal event not last, an item never closed, a sequence gap', () => {
    const swapped = [...good];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(checkOrder(swapped).map((v) => `${v.pointer} ${v.rule}`)).toEqual(['/events/3/type responses.before-part-added']);
    const early = [...good.slice(0, 7), good[8]!, good[7]!];
    expect(checkOrder(early).map((v) => v.rule)).toEqual(['responses.terminal-last', 'responses.one-terminal']);
    expect(checkOrder(good.filter((e) => e.type !== 'response.output_item.done')).map((v) => v.rule)).toEqual(['responses.item-never-closed']);
    expect(checkSequence(good.map((e, i) => (i === 5 ? { ...e, sequence_number: 6 } : e))).map((v) => v.message)).toEqual(['/events/5/sequence_number: expected 5, got number 6']);
  });

  it('checks the RIFF size and the data chunk of a WAV', () => {
    const wav = Buffer.alloc(44 + 8);
    wav.write('RIFF', 0, 'latin1'); wav.writeUInt32LE(wav.length - 8, 4); wav.write('WAVE', 8, 'latin1');
    wav.write('fmt ', 12, 'latin1'); wav.writeUInt32LE(16, 16); wav.writeUInt16LE(1, 20);
    wav.write('data', 36, 'latin1'); wav.writeUInt32LE(8, 40);
    expect(wavViolations(wav)).toEqual([]);
    expect(wavViolations(wav.subarray(0, 48)).map((v) => v.rule)).toEqual(['wav.riff-size', 'wav.data-size']);
    expect(wavViolations(Buffer.from('ID3 not a wav')).map((v) => v.rule)).toEqual(['wav.header']);
  });
});
