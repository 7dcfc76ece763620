/** The request log: line shape, no bodies, the secret scrubber, stdout / file / function sinks, config. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestLogger, createRequestLoggerFromConfig, REDACTED, requestLogConfigSchema, type RequestLogEntry } from './request-log.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'touchstone-request-log-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const NOW = Date.UTC(2025, 4, 6, 7, 8, 9, 10);
const entry: RequestLogEntry = {
  request_id: 'req_0123',
  trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  span_id: '00f067aa0ba902b7',
  method: 'POST',
  path: '/api/llm/chat/completions',
  status: 200,
  duration_ms: 812.43219,
  key: 'ci-key',
  team: 'ml',
  user: 'ada',
  account: 'openai-main',
  model: 'gpt-4o-mini',
  provider: 'openai',
  stream: true,
  tokens: { input: 12, output: 40, cached: 4, reasoning: 0 },
  cost_usd: 0.000026,
  metadata: { env: 'ci' },
};

function capture() {
  const lines: string[] = [];
  return { lines, sink: (line: string) => { lines.push(line); }, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('request log lines', () => {
  it('writes one JSON line per request with every documented field, in order', () => {
    const c = capture();
    const log = createRequestLogger({ sink: c.sink, now: () => NOW });
    log.log(entry);
    expect(c.lines).toHaveLength(1);
    expect(c.lines[0]).not.toContain('\n');
    const line = c.parsed()[0]!;
    expect(Object.keys(line)).toEqual([
      'time', 'level', 'msg', 'request_id', 'trace_id', 'span_id', 'method', 'path', 'status', 'duration_ms', 'key',
      'team', 'user', 'account', 'model', 'provider', 'stream', 'tokens', 'cost_usd', 'metadata',
    ]);
    expect(line).toEqual({
      ...entry,
      time: '2025-05-06T07:08:09.010Z', level: 'info', msg: 'request', duration_ms: 812.432,
    });
  });

  it('leaves unknown optional fields out, logs key null before authentication, adds the error', () => {
    const c = capture();
    const log = createRequestLogger({ sink: c.sink, now: () => NOW });
    log.log({ request_id: 'req_1', trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), method: 'GET', path: '/x', status: 401, duration_ms: 1, key: null, error_code: 'invalid_api_key', error_message: 'Incorrect API key provided.' });
    expect(c.parsed()[0]).toEqual({
      time: '2025-05-06T07:08:09.010Z', level: 'info', msg: 'request', request_id: 'req_1', trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16),
      method: 'GET', path: '/x', status: 401, duration_ms: 1, key: null, error_code: 'invalid_api_key', error_message: 'Incorrect API key provided.',
    });
  });

  it('never writes request or response bodies, or any field it does not know', () => {
    const c = capture();
    const log = createRequestLogger({ sink: c.sink });
    const withBodies = { ...entry, body: { messages: [{ role: 'user', content: 'the prompt text' }] }, response: 'the answer text', headers: { authorization: 'Bearer x' } };
    log.log(withBodies as RequestLogEntry);
    expect(c.lines[0]).not.toMatch(/prompt text|answer text|authorization|"body"|"response"|"headers"/);
  });

  it('costs one line per request even for odd numbers (no NaN or Infinity in the JSON)', () => {
    const c = capture();
    const log = createRequestLogger({ sink: c.sink });
    log.log({ ...entry, duration_ms: Number.NaN, cost_usd: Number.POSITIVE_INFINITY, tokens: { input: Number.NaN, output: 1, cached: 0, reasoning: 0 } });
    const line = c.parsed()[0]!;
    expect(line.duration_ms).toBe(0);
    expect(line).not.toHaveProperty('cost_usd');
    expect(line.tokens).toEqual({ input: 0, output: 1, cached: 0, reasoning: 0 });
  });
});

describe('secret scrubbing', () => {
  const providerKey = 'sk-proj-ABCDEF0123456789secret';
  const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

  it('replaces every configured secret in metadata (keys and values) and in error messages', () => {
    const c = capture();
    const log = createRequestLogger({ sink: c.sink, secrets: () => [providerKey, awsSecret] });
    log.log({
      ...entry,
      status: 502,
      metadata: { note: `pasted ${providerKey} by mistake`, [providerKey]: 'as a key', aws: awsSecret },
      error_code: 'upstream_error',
      error_message: `Upstream said: invalid key ${providerKey} (and "${awsSecret}")`,
    });
    const text = c.lines.join('\n');
    expect(text).not.toContain(providerKey);
    expect(text).not.toContain(awsSecret);
    expect(text).not.toContain('ABCDEF0123456789');
    const line = c.parsed()[0]!;
    expect(line.metadata).toEqual({ note: `pasted ${REDACTED} by mistake`, [REDACTED]: 'as a key', aws: REDACTED });
    expect(line.error_message).toBe(`Upstream said: invalid key ${REDACTED} (and "${REDACTED}")`);
  });

  it('reads the secrets on every line (a rotated key is covered at once), ignores empty ones, prefers the longest', () => {
    const c = capture();
    let secrets: string[] = [''];
    const log = createRequestLogger({ sink: c.sink, secrets: () => secrets });
    log.log({ ...entry, error_message: 'key-one' });
    secrets = ['key-one', 'key-one-longer'];
    log.log({ ...entry, error_message: 'key-one and key-one-longer' });
    expect(c.parsed().map((l) => l.error_message)).toEqual(['key-one', `${REDACTED} and ${REDACTED}`]);
  });

  it('scrubs the file sink as well as the function sink', async () => {
    const path = join(dir, 'scrubbed.ndjson');
    const log = createRequestLogger({ sink: { path }, secrets: () => [providerKey] });
    log.log({ ...entry, metadata: { leak: providerKey } });
    await log.close();
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(providerKey);
    expect(JSON.parse(text).metadata).toEqual({ leak: REDACTED });
  });
});

describe('sinks and config', () => {
  it('appends lines to a file (directories created) through one stream', async () => {
    const path = join(dir, 'logs', 'requests.ndjson');
    const log = createRequestLogger({ sink: { path }, now: () => NOW });
    for (let i = 0; i < 50; i++) log.log({ ...entry, request_id: `req_${i}` });
    await log.flush();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { request_id: string });
    expect(lines.map((l) => l.request_id)).toEqual(Array.from({ length: 50 }, (_, i) => `req_${i}`));
    await log.close();
    log.log(entry);
    expect((await readFile(path, 'utf8')).trimEnd().split('\n')).toHaveLength(50);
  });

  function stdoutCapture() {
    const chunks: string[] = [];
    const stdout = new Writable({ write(chunk: Buffer, _enc, callback) { chunks.push(chunk.toString()); callback(); } });
    return { chunks, stdout };
  }

  it('writes to stdout by default', () => {
    const { chunks, stdout } = stdoutCapture();
    createRequestLogger({ stdout }).log(entry);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.endsWith('}\n')).toBe(true);
    expect(JSON.parse(chunks[0]!).request_id).toBe('req_0123');
  });

  it('from config: stdout unless a path is set; both when asked; nothing when stdout is off and no path', async () => {
    const path = join(dir, 'from-config.ndjson');
    const cases: Array<[Parameters<typeof createRequestLoggerFromConfig>[0], number, boolean]> = [
      [undefined, 1, false],
      [{}, 1, false],
      [{ path }, 0, true],
      [{ path, stdout: true }, 1, true],
      [{ stdout: false }, 0, false],
    ];
    for (const [config, stdoutLines, toFile] of cases) {
      await rm(path, { force: true });
      const { chunks, stdout } = stdoutCapture();
      const log = createRequestLoggerFromConfig(config, { stdout });
      log.log(entry);
      await log.close();
      expect(chunks, JSON.stringify(config)).toHaveLength(stdoutLines);
      const fileText = await readFile(path, 'utf8').catch(() => '');
      expect(fileText.length > 0, JSON.stringify(config)).toBe(toFile);
    }
  });

  it('a sink that throws is reported, not thrown, and does not stop the others', () => {
    const c = capture();
    const errors: Error[] = [];
    const log = createRequestLogger({ sink: [() => { throw new Error('sink broke'); }, c.sink], onError: (e) => errors.push(e) });
    expect(() => log.log(entry)).not.toThrow();
    expect(c.lines).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/sink broke/);
  });

  it('requestLogConfigSchema accepts the documented shapes and nothing else', () => {
    const validate = new Ajv({ strict: true }).compile(requestLogConfigSchema);
    for (const ok of [{}, { stdout: false }, { path: './x.ndjson', stdout: true }]) expect(validate(ok), JSON.stringify(ok)).toBe(true);
    for (const bad of [{ path: '' }, { stdout: 'yes' }, { file: 'x' }]) expect(validate(bad), JSON.stringify(bad)).toBe(false);
  });
});
