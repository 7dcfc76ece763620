/**
 * The loopback control endpoints: the journal over HTTP (per upstream, `since`, redacted credentials,
 * region of each entry as data-residency evidence, binary bodies as size + type, DELETE clears) and the
 * fault profile read and replaced at run time (validated; errors name the path).
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulators } from './registry.ts';
import { startMockServer, type MockServer } from './server.ts';

let server: MockServer;
const PLANTED = 'sk-proj-PLANTEDsecretValue0123456789abcdefXYZ';

beforeAll(async () => { server = await startMockServer({ simulators: createSimulators({}, ['openai', 'openai-eu']) }); });
afterAll(async () => { await server.close(); });
beforeEach(async () => { await fetch(`${server.url}/_touchstone/journal`, { method: 'DELETE' }); });

const journal = async (query = '') => {
  const res = await fetch(`${server.url}/_touchstone/journal${query}`);
  expect(res.headers.get('content-type')).toBe('application/json');
  return { text: await res.clone().text(), body: await res.json() as { entries: Record<string, any>[] } };
};

describe('GET /_touchstone/journal', () => {
  it('lists entries with upstream and region, credentials redacted wherever they were sent', async () => {
    const eu = new OpenAI({ apiKey: PLANTED, baseURL: `${server.upstreams['openai-eu']}`, maxRetries: 0, defaultHeaders: { 'api-key': PLANTED, 'x-goog-api-key': PLANTED } });
    await eu.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'residency' }] });
    await fetch(`${server.upstreams.openai}/models?key=${PLANTED}`, { headers: { authorization: 'Bearer sk-test' } });
    const { text, body } = await journal();
    expect(text).not.toContain('PLANTEDsecret');
    expect(body.entries).toHaveLength(2);
    const first = body.entries.find((e) => e.upstream === 'openai-eu');
    const second = body.entries.find((e) => e.upstream === 'openai');
    expect(first).toMatchObject({
      seq: 1, upstream: 'openai-eu', region: 'eu', method: 'POST', path: '/v1/chat/completions', status: 200, completed: true,
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'residency' }] },
      headers: { authorization: 'Bearer sk-…REDACTED', 'api-key': 'sk-…REDACTED', 'x-goog-api-key': 'sk-…REDACTED' },
      requestId: expect.stringMatching(/^req_/), fault: null,
    });
    expect(second).toMatchObject({ upstream: 'openai', region: null, path: '/v1/models', search: '?key=sk-%E2%80%A6REDACTED' });
  });

  it('filters by upstream and since, and DELETE clears', async () => {
    const c = new OpenAI({ apiKey: 'sk-test', baseURL: server.upstreams.openai!, maxRetries: 0 });
    for (const word of ['a', 'b', 'c']) await c.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: word }] });
    const all = (await journal('?upstream=openai')).body.entries;
    const since = all[0]!.seq as number;
    const later = (await journal(`?upstream=openai&since=${since}`)).body.entries;
    expect(later.map((e) => e.body.messages[0].content)).toEqual(['b', 'c']);
    expect((await journal('?upstream=openai-eu')).body.entries).toEqual([]);
    expect((await fetch(`${server.url}/_touchstone/journal?upstream=nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/_touchstone/journal?since=x`)).status).toBe(400);
    const cleared = await fetch(`${server.url}/_touchstone/journal?upstream=openai`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ cleared: 3 });
    expect((await journal()).body.entries).toEqual([]);
  });

  it('shows a binary body as its size and type, and the fault a request got', async () => {
    const form = new FormData();
    form.append('purpose', 'batch');
    form.append('file', new Blob([new Uint8Array(64)]), 'x.jsonl');
    await fetch(`${server.upstreams.openai}/files`, { method: 'POST', headers: { authorization: 'Bearer sk-test' }, body: form });
    await fetch(`${server.upstreams.openai}/chat/completions`, {
      method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', 'x-touchstone-fault': 'rate_limit' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    });
    const [upload, limited] = (await journal()).body.entries;
    expect(upload!.body).toMatchObject({ binary: true, size: expect.any(Number), contentType: expect.stringMatching(/^multipart\/form-data; boundary=/) });
    expect(upload!.body.size).toBeGreaterThan(64);
    expect(limited).toMatchObject({ status: 429, fault: { kind: 'status', name: 'rate_limit', source: 'header' } });
  });
});

describe('/_touchstone/faults', () => {
  it('reads, replaces (YAML or JSON) and clears the active profile; the change applies to the next request', async () => {
    expect(await (await fetch(`${server.url}/_touchstone/faults`)).json()).toMatchObject({ profile: {}, usage: [] });
    const put = await fetch(`${server.url}/_touchstone/faults`, {
      method: 'PUT', headers: { 'content-type': 'application/yaml' },
      body: 'rules:\n  - match: { upstream: openai-eu }\n    fault: overloaded\n    times: 1\n',
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ source: 'PUT /_touchstone/faults', usage: [{ rule: 0, used: 0, times: 1 }] });
    const eu = new OpenAI({ apiKey: 'sk-test', baseURL: server.upstreams['openai-eu']!, maxRetries: 0 });
    const ask = () => eu.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }).then(() => 200, (e: { status: number }) => e.status);
    expect([await ask(), await ask()]).toEqual([503, 200]);
    const state = await (await fetch(`${server.url}/_touchstone/faults`)).json();
    expect(state.usage).toEqual([{ rule: 0, used: 1, times: 1 }]);
    const json = await fetch(`${server.url}/_touchstone/faults`, { method: 'PUT', body: JSON.stringify({ rules: [{ fault: 'server_error' }] }) });
    expect(json.status).toBe(200);
    expect(await ask()).toBe(500);
    await fetch(`${server.url}/_touchstone/faults`, { method: 'DELETE' });
    expect(await ask()).toBe(200);
  });

  it('refuses an invalid profile with the path and what was expected, keeping the active one', async () => {
    const bad = await fetch(`${server.url}/_touchstone/faults`, { method: 'PUT', body: 'rules:\n  - fault: { kind: truncate, afterEvents: x }\n' });
    expect(bad.status).toBe(400);
    const { error } = await bad.json();
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_fault_profile' });
    expect(error.message).toBe('PUT /_touchstone/faults: rules[0].fault.afterEvents: expected integer, got string "x"');
    expect((await fetch(`${server.url}/_touchstone/faults`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${server.url}/_touchstone/nope`)).status).toBe(404);
  });
});
