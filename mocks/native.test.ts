/**
 * The loopback server's native lane (mocks/native.ts) against the fetch path: two servers, one with the
 * lane and one without, get the same requests byte for byte over raw sockets — plain chat completions,
 * errors, faults (per request and from a profile with `times`), streams, other routes, odd headers and
 * URLs, a client leaving mid-body — and must answer the same bytes (Date aside), journal the same entries,
 * spend the same fault rules and report the same errors. The lane must also have served exactly the
 * requests it is for, and declined the rest before recording anything.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulators } from './registry.ts';
import { startMockServer, type MockServer } from './server.ts';
import type { NativeLane, Simulator } from './types.ts';

interface Raw {
  name: string;
  method?: string;
  path: string;
  headers?: [string, string][];
  body?: string;
  /** Send the body chunked (no content-length). */
  chunked?: boolean;
  /** Whether the lane answers it (else it declines, or never sees it). */
  lane: boolean;
}

const KEY: [string, string] = ['Authorization', 'Bearer sk-test-1234567890'];
const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];
const chat = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say something short.' }], max_tokens: 32, ...extra });
const long = Array.from({ length: 700 }, (_, i) => `word${i % 50}`).join(' ');
const CHAT = '/openai/v1/chat/completions';

const REQUESTS: Raw[] = [
  { name: 'plain', path: CHAT, headers: [KEY, JSON_TYPE], body: chat(), lane: true },
  { name: 'same again', path: CHAT, headers: [KEY, JSON_TYPE], body: chat(), lane: true },
  { name: 'n, logprobs', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ n: 2, logprobs: true, top_logprobs: 2 }), lane: true },
  {
    name: 'tools', path: CHAT, headers: [KEY, JSON_TYPE], lane: true,
    body: chat({ messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }] }),
  },
  { name: 'json mode', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ messages: [{ role: 'user', content: 'in JSON' }], response_format: { type: 'json_object' } }), lane: true },
  { name: 'reasoning model', path: CHAT, headers: [KEY, JSON_TYPE], body: JSON.stringify({ model: 'o3-mini', reasoning_effort: 'low', messages: [{ role: 'user', content: 'Think.' }] }), lane: true },
  { name: 'prompt cache, first', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ messages: [{ role: 'user', content: long }] }), lane: true },
  { name: 'prompt cache, second', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ messages: [{ role: 'user', content: long }] }), lane: true },
  { name: 'unicode and a BOM', path: CHAT, headers: [KEY, JSON_TYPE], body: `\ufeff${chat({ messages: [{ role: 'user', content: 'héllo ✓ 🎉' }] })}`, lane: true },
  { name: 'chunked body', path: CHAT, headers: [KEY, JSON_TYPE], body: chat(), chunked: true, lane: true },
  { name: 'headers in capitals, padded value', path: CHAT, headers: [['AUTHORIZATION', 'Bearer sk-x-1234567890'], ['Content-Type', 'application/json'], ['X-Trace', '  padded\t']], body: chat(), lane: true },
  { name: 'no key', path: CHAT, headers: [JSON_TYPE], body: chat(), lane: true },
  { name: 'wrong key', path: CHAT, headers: [['authorization', 'Bearer nope-1234567890'], JSON_TYPE], body: chat(), lane: true },
  { name: 'unparsable', path: CHAT, headers: [KEY, JSON_TYPE], body: '{"model": ', lane: true },
  { name: 'empty body', path: CHAT, headers: [KEY, JSON_TYPE], body: '', lane: true },
  { name: 'unknown model', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ model: 'gpt-nope' }), lane: true },
  { name: 'unknown argument', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ frobnicate: 1 }), lane: true },
  { name: 'bad value', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ temperature: 9 }), lane: true },
  { name: 'stream as a string', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ stream: 'yes' }), lane: true },
  { name: 'binary content type', path: CHAT, headers: [KEY, ['content-type', 'application/octet-stream']], body: chat(), lane: true },
  { name: 'another region', path: '/openai-eu/v1/chat/completions', headers: [KEY, JSON_TYPE], body: chat(), lane: true },
  { name: 'stream', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ stream: true, stream_options: { include_usage: true } }), lane: false },
  { name: 'fault header', path: CHAT, headers: [KEY, JSON_TYPE, ['x-touchstone-fault', 'rate_limit']], body: chat(), lane: false },
  { name: 'fault in the content', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ messages: [{ role: 'user', content: 'hi [touchstone-fault:server_error]' }] }), lane: false },
  { name: 'fault in user', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ user: 'touchstone-fault:overloaded' }), lane: false },
  { name: 'unknown fault', path: CHAT, headers: [KEY, JSON_TYPE, ['x-touchstone-fault', 'nope']], body: chat(), lane: false },
  { name: 'inline latency fault', path: CHAT, headers: [KEY, JSON_TYPE, ['x-touchstone-fault', '{"kind":"latency","latencyMs":1}']], body: chat(), lane: false },
  { name: 'reset fault', path: CHAT, headers: [KEY, JSON_TYPE, ['x-touchstone-fault', 'reset']], body: chat(), lane: false },
  { name: 'profile rule (times 1)', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ model: 'gpt-4o' }), lane: false },
  { name: 'profile rule spent', path: CHAT, headers: [KEY, JSON_TYPE], body: chat({ model: 'gpt-4o' }), lane: true },
  { name: 'repeated header', path: CHAT, headers: [KEY, JSON_TYPE, ['x-extra', 'a'], ['X-Extra', 'b']], body: chat(), lane: false },
  { name: 'query string', path: `${CHAT}?api-version=1`, headers: [KEY, JSON_TYPE], body: chat(), lane: false },
  { name: 'trailing slash', path: `${CHAT}/`, headers: [KEY, JSON_TYPE], body: chat(), lane: false },
  { name: 'dot segment', path: '/openai/v1/x/../chat/completions', headers: [KEY, JSON_TYPE], body: chat(), lane: false },
  { name: 'GET chat', method: 'GET', path: CHAT, headers: [KEY], lane: false },
  { name: 'PUT chat', method: 'PUT', path: CHAT, headers: [KEY, JSON_TYPE], body: chat(), lane: false },
  { name: 'embeddings', path: '/openai/v1/embeddings', headers: [KEY, JSON_TYPE], body: JSON.stringify({ model: 'text-embedding-3-small', input: 'hi', dimensions: 4 }), lane: false },
  { name: 'unknown path', path: '/openai/v1/nope', headers: [KEY, JSON_TYPE], body: '{}', lane: false },
  { name: 'unknown upstream', path: '/nope/v1/chat/completions', headers: [KEY, JSON_TYPE], body: chat(), lane: false },
  { name: 'anthropic', path: '/anthropic/v1/messages', headers: [['x-api-key', 'sk-ant-1234567890'], ['anthropic-version', '2023-06-01'], JSON_TYPE], body: JSON.stringify({ model: 'claude-3-5-haiku-20241022', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }), lane: false },
];

/** One request on its own connection (`Connection: close`): everything the server sent, Date blanked. */
function exchange(port: number, r: Pick<Raw, 'method' | 'path' | 'headers' | 'body' | 'chunked'>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const body = r.body === undefined ? undefined : Buffer.from(r.body);
    // A fixed Host, so the journaled headers of both servers match.
    let head = `${r.method ?? 'POST'} ${r.path} HTTP/1.1\r\nHost: 127.0.0.1:9\r\nConnection: close\r\n`;
    for (const [k, v] of r.headers ?? []) head += `${k}: ${v}\r\n`;
    if (body) head += r.chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${body.byteLength}\r\n`;
    socket.write(`${head}\r\n`);
    if (body) socket.write(r.chunked ? Buffer.concat([Buffer.from(`${body.byteLength.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]) : body);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1').replace(/\r\nDate: [^\r]*/i, '\r\nDate: -')));
    socket.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'ECONNRESET') reject(error); });
  });
}

interface Side {
  server: MockServer;
  errors: unknown[];
  /** What the lane did with each request it read: `answered` or `declined`. */
  lane: string[];
  /** Called when a request reaches a simulator (its lane, or its fetch), before the body is read. */
  onSeen?: () => void;
  onError?: () => void;
}

/** The simulator with its lane logging what it answered and declined, and both entries reporting a request. */
function observed(simulator: Simulator, s: Side): Simulator {
  const lane = simulator.native!;
  const native: NativeLane = {
    accepts(method, path) {
      const accepted = lane.accepts(method, path);
      if (accepted) s.onSeen?.();
      return accepted;
    },
    answer(request) {
      const answer = lane.answer(request);
      s.lane.push(answer ? 'answered' : 'declined');
      return answer;
    },
  };
  return { ...simulator, native, fetch: (request) => { s.onSeen?.(); return simulator.fetch(request); } };
}

async function side(native: boolean): Promise<Side> {
  const simulators = createSimulators({}, ['openai', 'openai-eu', 'anthropic']);
  const s = { errors: [], lane: [] } as unknown as Side;
  simulators.openai = observed(simulators.openai!, s);
  simulators['openai-eu'] = observed(simulators['openai-eu']!, s);
  s.server = await startMockServer({ simulators, native, onError: (error) => { s.errors.push(error); s.onError?.(); } });
  s.server.faults.replace({ rules: [{ match: { path: '/v1/chat/completions', model: 'gpt-4o' }, fault: 'rate_limit', times: 1 }] });
  return s;
}

let lane: Side;
let fetchOnly: Side;

beforeAll(async () => {
  [lane, fetchOnly] = await Promise.all([side(true), side(false)]);
});
afterAll(async () => { await Promise.all([lane.server.close(), fetchOnly.server.close()]); });

const port = (s: Side) => Number(new URL(s.server.url).port);

describe('native lane', () => {
  it('answers every request as the fetch path does, and serves exactly the plain chat completions', async () => {
    for (const r of REQUESTS) {
      const before = lane.lane.filter((x) => x === 'answered').length;
      const [viaLane, viaFetch] = [await exchange(port(lane), r), await exchange(port(fetchOnly), r)];
      expect(viaLane, r.name).toBe(viaFetch);
      expect(lane.lane.filter((x) => x === 'answered').length - before, `${r.name}: served by the lane`).toBe(r.lane ? 1 : 0);
    }
    expect(fetchOnly.lane).toEqual([]);
    // What the lane answers a plain request: a complete JSON completion with a content-length.
    const plain = await exchange(port(lane), REQUESTS[0]!);
    expect(plain).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*content-length: \d+\r\n[^]*"object": "chat\.completion"/);
    expect(await exchange(port(fetchOnly), REQUESTS[0]!)).toBe(plain);
  });

  it('journals the same entries and spends the same fault rules', () => {
    for (const name of ['openai', 'openai-eu', 'anthropic']) {
      const [a, b] = [lane.server.simulators[name]!.journal.entries, fetchOnly.server.simulators[name]!.journal.entries];
      expect(a.length, name).toBeGreaterThan(0);
      expect(a, name).toEqual(b);
      for (const entry of a) expect(entry.bytes).toBeInstanceOf(Uint8Array);
    }
    expect(lane.server.faults.usage()).toEqual([{ rule: 0, used: 1, times: 1 }]);
    expect(lane.server.faults.usage()).toEqual(fetchOnly.server.faults.usage());
    expect(lane.errors).toEqual([]);
    expect(fetchOnly.errors).toEqual([]);
  });

  it('reports a client leaving mid-body the same way, journaling nothing', async () => {
    const gone = async (s: Side) => {
      const sim = s.server.simulators.openai!;
      const before = sim.journal.entries.length;
      const reported = new Promise<void>((resolve) => { s.onError = resolve; });
      const socket = net.connect(port(s), '127.0.0.1');
      socket.on('error', () => {});
      // Leave as soon as the request reached the simulator (its lane or its fetch), with 490 body bytes to come.
      s.onSeen = () => { s.onSeen = undefined; socket.destroy(); };
      socket.write(`POST ${CHAT} HTTP/1.1\r\nHost: 127.0.0.1:9\r\nAuthorization: Bearer sk-test-1234567890\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"model":`);
      await reported;
      return { errors: s.errors.map((e) => (e as Error).message), added: sim.journal.entries.length - before };
    };
    const [viaLane, viaFetch] = [await gone(lane), await gone(fetchOnly)];
    expect(viaLane).toEqual(viaFetch);
    expect(viaLane.added).toBe(0);
    expect(viaLane.errors).toHaveLength(1);
  });
});
