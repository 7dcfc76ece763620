// The capability suite's logic (suites/capabilities/measure.ts) run outside `touchstone run`: against the
// in-process gateway harness for OpenAI (all eight columns must pass), and against altered claims and a
// tiny fake gateway to prove each verdict can come out the other way.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseResult } from '../reports/model.ts';
import { CAPABILITY_COLUMNS, capability, type CapabilityCell, type CapabilityColumn } from '../spec/capabilities.ts';
import { capabilityClaims, capabilityMatrixLines } from '../suites/capabilities/claims.ts';
import { checkIdOf, measureCapability } from '../suites/capabilities/measure.ts';
import { namesParameter } from '../suites/capabilities/refusal.ts';
import { ScenarioContext, type CaseRecord } from '../suites/scenario.ts';
import { defaultTargetProviders, type Target, type TargetProvider } from '../suites/target.ts';
import { createGatewayHarness } from './gateway-harness.ts';

const FAKE_ORIGIN = 'http://fake-gateway.test';
const harness = createGatewayHarness();
const harnessBase = harness.client().baseURL.replace(/\/+$/, '');

/** The fake gateway's answer to the next request; each test sets it. */
let fakeAnswer: (body: Record<string, unknown>) => Response = () => Response.json({}, { status: 500 });

const realFetch = globalThis.fetch;
beforeAll(() => {
  // The recorder (and the SDK over the recorder's fetch) use the global fetch: route the two test hosts
  // in-process — the harness gateway, and the fake gateway — without sockets.
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input as RequestInfo, init);
    if (request.url.startsWith(harnessBase)) return harness.gateway.fetch(request);
    if (request.url.startsWith(FAKE_ORIGIN)) return fakeAnswer(await request.json() as Record<string, unknown>);
    return realFetch(input as RequestInfo, init);
  });
});
afterAll(() => { vi.unstubAllGlobals(); });

function targetAt(url: string, key: string): Target {
  return { id: 'test', kind: 'in-process', label: 'capability test target', url, key, models: { chat: 'openai-main/gpt-4o-mini' }, secrets: [key] };
}
const harnessTarget = () => targetAt(harnessBase, harness.key);
const fakeTarget = () => targetAt(`${FAKE_ORIGIN}/v1`, 'fake-key');

const openai = defaultTargetProviders().find((p) => p.provider === 'openai')!;

async function measure(target: Target, subject: TargetProvider, column: CapabilityColumn, claim: CapabilityCell): Promise<CaseRecord> {
  const s = new ScenarioContext(`${subject.provider} · ${column}`, target, [checkIdOf(column)]);
  let error: unknown;
  try { await measureCapability(s, subject, column, claim); } catch (e) { error = e; }
  await s.recorder.settle();
  const [record] = s.finish(error);
  return record!;
}

const unsupported = (column: CapabilityColumn): CapabilityCell => ({ state: 'unsupported', source: capability('openai', column).source, note: 'altered for the test' });
const envelope400 = (param: string | null, message: string) => Response.json({ error: { message, type: 'invalid_request_error', param, code: 'unsupported_parameter' } }, { status: 400 });

describe('capability cells against the in-process gateway (OpenAI passthrough)', () => {
  it('the default target lists one account per provider, with a reasoning model for OpenAI', () => {
    const providers = defaultTargetProviders();
    expect(providers.map((p) => p.provider)).toEqual([...new Set(providers.map((p) => p.provider))]);
    expect(providers).toHaveLength(15);
    expect(openai).toMatchObject({ account: 'openai-main', chatModel: 'openai-main/gpt-4o-mini', reasoningModel: 'openai-main/o4-mini' });
  });

  it.each(CAPABILITY_COLUMNS)('%s: claimed supported, and it works', async (column) => {
    const record = await measure(harnessTarget(), openai, column, capability('openai', column));
    expect(record.violations, record.message).toEqual([]);
    expect(record).toMatchObject({ outcome: 'pass', checkId: `capability.${column}`, provider: 'openai', capability: column });
    expect(record.evidence.exchanges.length).toBeGreaterThan(0);
    expect(record.evidence.notes).toContainEqual(expect.stringMatching(/^claim: supported/));
  });

  it('a claimed-unsupported column that the gateway silently accepts is a fail', async () => {
    const record = await measure(harnessTarget(), openai, 'json_mode', unsupported('json_mode'));
    expect(record.outcome).toBe('fail');
    expect(record.violations).toEqual([expect.objectContaining({ pointer: '/status', rule: 'capability.silently-accepted' })]);
    expect(record.message).toMatch(/response_format was silently dropped or passed on/);
  });
});

describe('capability verdicts against a fake gateway', () => {
  it('claimed unsupported and refused with a 400 envelope naming the parameter: pass', async () => {
    fakeAnswer = () => envelope400('response_format', 'response_format json_object is not supported by this provider.');
    const record = await measure(fakeTarget(), openai, 'json_mode', unsupported('json_mode'));
    expect(record.violations).toEqual([]);
    expect(record.outcome).toBe('pass');
    expect(record.expected).toMatch(/refused with 400 .* naming "response_format"/);
  });

  it('claimed unsupported, refused with 400 but not naming the parameter: fail', async () => {
    fakeAnswer = () => envelope400(null, 'Bad request.');
    const record = await measure(fakeTarget(), openai, 'reasoning', unsupported('reasoning'));
    expect(record.outcome).toBe('fail');
    expect(record.violations).toEqual([expect.objectContaining({ pointer: '/body/error/param', rule: 'capability.param-named' })]);
  });

  it('claimed supported but not working (JSON mode answering prose): fail, naming the content', async () => {
    fakeAnswer = (body) => Response.json({
      id: 'chatcmpl-fake', object: 'chat.completion', created: 1763900000, model: String(body.model),
      choices: [{ index: 0, message: { role: 'assistant', content: 'Paris is in France.', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    });
    const record = await measure(fakeTarget(), openai, 'json_mode', capability('openai', 'json_mode'));
    expect(record.outcome).toBe('fail');
    expect(record.violations).toEqual([expect.objectContaining({ pointer: '/body/choices/0/message/content', rule: 'capability.json' })]);
  });

  it('501 provider_not_implemented: unimplemented with the gateway\'s message, whatever the claim', async () => {
    fakeAnswer = () => Response.json({ error: { message: 'Chat completions for provider "openai" are not implemented by this gateway.', type: 'server_error', param: null, code: 'provider_not_implemented' } }, { status: 501 });
    for (const claim of [capability('openai', 'tools'), unsupported('tools')]) {
      const record = await measure(fakeTarget(), openai, 'tools', claim);
      expect(record.outcome).toBe('unimplemented');
      expect(record.message).toBe('provider_not_implemented: Chat completions for provider "openai" are not implemented by this gateway.');
      expect(record).toMatchObject({ provider: 'openai', capability: 'tools', violations: [] });
    }
  });

  it('a 501 on the tool-result turn (openai SDK) is unimplemented too; other SDK errors are violations', async () => {
    let turn = 0;
    const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } };
    const answerWith = (second: Response) => (body: Record<string, unknown>) => (turn++ === 0 ? Response.json({
      id: 'chatcmpl-fake', object: 'chat.completion', created: 1763900000, model: String(body.model),
      choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [call], refusal: null }, finish_reason: 'tool_calls', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }) : second);
    fakeAnswer = answerWith(envelope400('messages', 'tool messages are not supported'));
    const failed = await measure(fakeTarget(), openai, 'tools', capability('openai', 'tools'));
    expect(failed.outcome).toBe('fail');
    expect(failed.violations).toEqual([expect.objectContaining({ pointer: '/exchanges/1', rule: 'capability.sdk-error' })]);
    expect(failed.evidence.exchanges).toHaveLength(2);
  });
});

describe('claims and console lines', () => {
  it('carries every claim of spec/capabilities.yaml for the report', () => {
    const claims = capabilityClaims();
    expect(Object.keys(claims)).toHaveLength(15);
    expect(claims.anthropic!.json_mode).toMatchObject({ state: 'unsupported', source: expect.stringMatching(/^https:\/\//), note: expect.any(String) });
    expect(claims.openai!.stream!.state).toBe('supported');
  });

  it('says how the measured matrix compares, unimplemented apart and not as a failure', () => {
    const base = { targetId: 't', durationMs: 1, violations: [], evidence: { exchanges: [] } };
    const cases: CaseResult[] = [
      { ...base, id: 'a', checkId: 'capability.stream', scenario: 'OpenAI · Stream', outcome: 'pass', provider: 'openai', capability: 'stream' },
      { ...base, id: 'b', checkId: 'capability.stream', scenario: 'Groq · Stream', outcome: 'unimplemented', message: 'provider_not_implemented: not yet', provider: 'groq', capability: 'stream' },
      { ...base, id: 'c', checkId: 'capability.tools', scenario: 'Groq · Tools', outcome: 'unimplemented', message: 'provider_not_implemented: not yet', provider: 'groq', capability: 'tools' },
      { ...base, id: 'd', checkId: 'capability.tools', scenario: 'xAI · Tools', outcome: 'fail', message: '/status: expected 400', provider: 'xai', capability: 'tools' },
      { ...base, id: 'e', checkId: 'chat.response.schema', scenario: 'raw', outcome: 'pass' },
    ];
    expect(capabilityMatrixLines(cases)).toEqual([
      'capability matrix: 4 cells — 1 as claimed, 1 differ from the claim, 2 unimplemented (not a failure)',
      '  – unimplemented  groq (2 cells): provider_not_implemented: not yet',
      '  ✗ differs       xai · tools: /status: expected 400',
    ]);
    expect(capabilityMatrixLines(cases.slice(4))).toEqual([]);
  });

  it('namesParameter accepts the parameter, a path below it, or the message naming it', () => {
    expect(namesParameter('response_format', '', ['response_format'])).toBe(true);
    expect(namesParameter('response_format.json_schema.strict', '', ['response_format'])).toBe(true);
    expect(namesParameter('tools[0]', '', ['tools'])).toBe(true);
    expect(namesParameter(null, "Unsupported parameter: 'reasoning_effort'", ['reasoning_effort'])).toBe(true);
    expect(namesParameter('response_format_x', 'nope', ['response_format'])).toBe(false);
    expect(namesParameter(null, 'Bad request.', ['stream'])).toBe(false);
  });
});
