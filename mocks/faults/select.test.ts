/**
 * Choosing the fault for a request, over loopback: the `x-touchstone-fault` header (name or inline
 * JSON), the body markers a gateway forwards (`metadata.touchstone_fault`, `user`, `[touchstone-fault:x]`
 * in message content), and a profile file whose rules match upstream/path/stream/model and stop after
 * `times`. Each faulted request is journaled with the fault and how it was chosen.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulators } from '../registry.ts';
import { startMockServer, type MockServer } from '../server.ts';
import { FaultController, loadFaultProfile } from './index.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchstone-faults-'));
let server: MockServer;

beforeAll(async () => { server = await startMockServer({ simulators: createSimulators({}, ['openai', 'openai-eu']) }); });
afterAll(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

const client = (upstream = 'openai', headers: Record<string, string> = {}) =>
  new OpenAI({ apiKey: 'sk-test', baseURL: server.upstreams[upstream]!, maxRetries: 0, logLevel: 'off', defaultHeaders: headers });
const ask = (c: OpenAI, extra: Record<string, unknown> = {}, content = 'hello') =>
  c.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra } as OpenAI.ChatCompletionCreateParamsNonStreaming);
const status = (p: Promise<unknown>) => p.then(() => 200, (e: { status?: number }) => e.status ?? 'network');
const lastFault = (upstream = 'openai') => server.simulators[upstream]!.journal.last()!.fault;

describe('per-request fault selection', () => {
  it('by header: a name or inline JSON', async () => {
    expect(await status(ask(client('openai', { 'x-touchstone-fault': 'server_error' })))).toBe(500);
    expect(lastFault()).toMatchObject({ kind: 'status', name: 'server_error', source: 'header' });
    expect(await status(ask(client('openai', { 'x-touchstone-fault': '{"kind":"status","status":502}' })))).toBe(502);
    expect(lastFault()).toMatchObject({ kind: 'status', source: 'header', fault: { status: 502 } });
  });

  it('by body marker: metadata.touchstone_fault, user, and [touchstone-fault:name] in message content', async () => {
    expect(await status(ask(client(), { metadata: { touchstone_fault: 'overloaded' }, store: true }))).toBe(503);
    expect(lastFault()).toMatchObject({ name: 'overloaded', source: 'body' });
    expect(await status(ask(client(), { user: 'touchstone-fault:rate_limit' }))).toBe(429);
    expect(lastFault()).toMatchObject({ name: 'rate_limit', source: 'body' });
    expect(await status(ask(client(), {}, 'Please answer [touchstone-fault:reset] now'))).toBe('network');
    expect(lastFault()).toMatchObject({ kind: 'reset', source: 'body' });
  });

  it('the header wins over a body marker; no marker means no fault', async () => {
    expect(await status(ask(client('openai', { 'x-touchstone-fault': 'overloaded' }), { user: 'touchstone-fault:rate_limit' }))).toBe(503);
    expect(await status(ask(client()))).toBe(200);
    expect(lastFault()).toBeUndefined();
  });

  it('an unknown name or invalid inline fault is a loud 400, not silently ignored', async () => {
    const unknown = await ask(client('openai', { 'x-touchstone-fault': 'nope' })).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.BadRequestError);
    expect((unknown as Error).message).toMatch(/Unknown touchstone fault "nope".*Known: .*rate_limit/);
    const invalid = await ask(client('openai', { 'x-touchstone-fault': '{"kind":"truncate","afterEvents":-1}' })).catch((e: unknown) => e);
    expect((invalid as Error).message).toContain('afterEvents: expected a number >= 0, got number -1');
  });
});

describe('fault profile rules', () => {
  it('a profile file with `times`: the first N matching requests are faulted, then the rule is spent', async () => {
    const file = path.join(tmp, 'faults.yaml');
    writeFileSync(file, [
      'faults:',
      '  slow-429: { kind: status, preset: rate_limit, latencyMs: 1 }',
      'rules:',
      '  - match: { upstream: openai-eu, path: /v1/chat }',
      '    fault: slow-429',
      '    times: 2',
      '  - match: { path: "/v1/*/completions", stream: true, model: "gpt-4o*" }',
      '    fault: { kind: truncate, afterEvents: 1 }',
    ].join('\n'));
    const faults = new FaultController(loadFaultProfile(file), file);
    const own = await startMockServer({ faults });
    try {
      const eu = new OpenAI({ apiKey: 'sk-test', baseURL: own.upstreams['openai-eu']!, maxRetries: 0, logLevel: 'off' });
      const us = new OpenAI({ apiKey: 'sk-test', baseURL: own.upstreams.openai!, maxRetries: 0, logLevel: 'off' });
      expect(await status(ask(us))).toBe(200); // rule 0 is for openai-eu only; rule 1 needs a stream
      expect([await status(ask(eu)), await status(ask(eu)), await status(ask(eu))]).toEqual([429, 429, 200]);
      expect(own.simulators['openai-eu']!.journal.entries.map((e) => e.fault?.rule ?? null)).toEqual([0, 0, null]);
      expect(faults.usage()).toEqual([{ rule: 0, used: 2, times: 2 }, { rule: 1, used: 0 }]);
      const chunks = [];
      for await (const chunk of await us.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'x' }] })) chunks.push(chunk);
      expect(chunks).toHaveLength(1);
      expect(own.simulators.openai!.journal.last()!.fault).toMatchObject({ kind: 'truncate', source: 'profile', rule: 1 });
    } finally {
      await own.close();
    }
  });
});
