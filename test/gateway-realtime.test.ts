/**
 * The gateway's realtime proxy (`/live/{provider-account}`) end to end: WebSocket clients (raw `ws`
 * and the official SDK's `OpenAIRealtimeWS`) → the reference gateway on a loopback port → the OpenAI
 * realtime simulators on the mock server. Session lifecycle, frame order, close propagation, the
 * upstream handshake (account key, bare model, region), every handshake refusal as an envelope, and
 * the usage and cost the request log records. Lives in test/ because it uses both gateway/ and mocks/.
 */
import net from 'node:net';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, hashKey, resolveConfig, type GatewayConfigFile, type ModelConfig } from '../gateway/config.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import type { RelayOutcome } from '../gateway/realtime/relay.ts';
import { startMockServer, type MockServer } from '../mocks/server.ts';
import { defaultConfigFile } from '../suites/default-config.ts';

type Event = Record<string, any>;
type LogLine = Record<string, any>;

const MODEL = 'gpt-4o-realtime-preview';
const LIMITED_KEY = 'ts-limited-0000000000000000000000000000000000000';
const PRICING = { input: 5, output: 20, cached_input: 2.5, audio_input: 40, audio_output: 80 };
/** The SDK dials wss:// only; over loopback the TLS layer is replaced by a plain TCP connection. */
const plainTcp = { createConnection: (o: { host?: string; port?: string | number }) => net.connect({ host: o.host, port: Number(o.port) }) };

let mocks: MockServer;
let gw: RunningGateway;
let key: string;
let deadPort: number;
const logs: LogLine[] = [];
const logWaiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
const sessionEnds = new Map<string, RelayOutcome>();
const sessionWaiters = new Map<string, (o: RelayOutcome) => void>();
const open: WebSocket[] = [];

function onLog(line: LogLine): void {
  logs.push(line);
  for (const w of [...logWaiters]) if (w.match(line)) { logWaiters.splice(logWaiters.indexOf(w), 1); w.resolve(line); }
}
function logLine(match: (l: LogLine) => boolean): Promise<LogLine> {
  const found = logs.find(match);
  return found ? Promise.resolve(found) : new Promise((resolve) => logWaiters.push({ match, resolve }));
}
function sessionEnd(requestId: string): Promise<RelayOutcome> {
  const found = sessionEnds.get(requestId);
  return found ? Promise.resolve(found) : new Promise((resolve) => sessionWaiters.set(requestId, resolve));
}

beforeAll(async () => {
  mocks = await startMockServer({});
  const dead = net.createServer();
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
  deadPort = (dead.address() as net.AddressInfo).port;
  await new Promise((resolve) => dead.close(resolve));
  key = generateApiKey();
  const file: GatewayConfigFile = defaultConfigFile(mocks.upstreams, key);
  const account = (name: string) => file.accounts.find((a) => a.name === name)!;
  const put = (name: string, ...models: ModelConfig[]) => {
    const a = account(name);
    a.models = [...a.models.filter((m) => !models.some((n) => n.name === m.name)), ...models];
  };
  put('openai-main', { name: MODEL, pricing: PRICING }, { name: 'gpt-realtime-future' });
  put('openai-eu', { name: MODEL });
  put('azure-main', { name: MODEL });
  file.accounts.push(
    { name: 'openai-down', provider: 'openai', base_url: `http://127.0.0.1:${deadPort}/v1`, api_key: { value: 'sk-nobody-listens' }, models: [{ name: MODEL }] },
    { name: 'openai-badkey', provider: 'openai', base_url: mocks.upstreams.openai!, api_key: { value: 'not-an-openai-key-1234' }, models: [{ name: MODEL }] },
  );
  file.keys[0]!.access = { models: ['*'] };
  file.keys.push({ name: 'limited', sha256: hashKey(LIMITED_KEY), access: { models: ['openai-main/gpt-4o-mini'] } });
  gw = await startGateway(resolveConfig(file, 'realtime test'), {
    onLog,
    realtime: {
      onSessionEnd: (outcome) => {
        sessionEnds.set(outcome.requestId, outcome);
        sessionWaiters.get(outcome.requestId)?.(outcome);
      },
    },
  });
});

afterAll(async () => {
  for (const ws of open) ws.terminate();
  await gw?.close();
  await mocks?.close();
});

const liveURL = (path: string) => `${gw.url.replace(/^http/, 'ws')}/live/${path}`;

interface Session {
  ws: WebSocket;
  events: Event[];
  requestId: string;
  protocol: string;
  next(type: string): Promise<Event>;
  send(event: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
}

/** A raw ws client; events are awaited in order by type (`next` looks after the last one returned). */
function connect(path: string, options: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<Session> {
  const headers = options.headers ?? { authorization: `Bearer ${key}` };
  const ws = new WebSocket(liveURL(path), options.protocols ?? [], { headers });
  open.push(ws);
  const events: Event[] = [];
  let cursor = 0;
  const waiters: { type: string; resolve: (e: Event) => void }[] = [];
  let requestId = '';
  ws.once('upgrade', (res) => { requestId = String(res.headers['x-request-id']); });
  ws.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false);
    const event = JSON.parse(data.toString()) as Event;
    events.push(event);
    const w = waiters[0];
    if (w && event.type === w.type) { waiters.shift(); cursor = events.length; w.resolve(event); }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => resolve({
      ws, events, closed,
      get requestId() { return requestId; },
      get protocol() { return ws.protocol; },
      next(type) {
        const index = events.findIndex((e, i) => i >= cursor && e.type === type);
        if (index !== -1) { cursor = index + 1; return Promise.resolve(events[index]!); }
        return new Promise((r) => waiters.push({ type, resolve: r }));
      },
      send: (event) => ws.send(JSON.stringify(event)),
    }));
  });
}

/** A refused handshake: status, headers, parsed body. */
function refused(path: string, options: { headers?: Record<string, string>; protocols?: string[] } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  const ws = new WebSocket(liveURL(path), options.protocols ?? [], { headers: options.headers ?? {} });
  return new Promise((resolve, reject) => {
    ws.once('open', () => { ws.terminate(); reject(new Error(`the handshake to /live/${path} was accepted`)); });
    ws.once('error', () => {});
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }); ws.terminate(); });
    });
  });
}

function expectEnvelope(body: any, code: string): void {
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error.code).toBe(code);
}

const userText = (text: string, eventId?: string) => ({
  type: 'conversation.item.create', ...(eventId ? { event_id: eventId } : {}),
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

describe('realtime sessions through the gateway', () => {
  it('opens with session.created, updates the session, streams a text response, and survives error events', async () => {
    const s = await connect(`openai-main?model=${MODEL}`, { protocols: ['realtime'] });
    expect(s.protocol).toBe('realtime');
    expect(s.requestId).toMatch(/^req_/);
    const created = await s.next('session.created');
    expect(s.events[0]).toBe(created);
    expect(created.session.model).toBe('gpt-4o-realtime-preview-2025-06-03');

    s.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], instructions: 'Be brief.' } });
    expect((await s.next('session.updated')).session).toMatchObject({ output_modalities: ['text'], instructions: 'Be brief.' });

    s.send({ type: 'session.update', session: { type: 'realtime', modalities: ['text'] } });
    expect((await s.next('error')).error).toMatchObject({ type: 'invalid_request_error', param: 'session.modalities' });
    s.send({ type: 'not.an.event', event_id: 'evt_bad' });
    expect((await s.next('error')).error.event_id).toBe('evt_bad');

    s.send(userText('Tell me about tides.'));
    await s.next('conversation.item.done');
    s.send({ type: 'response.create' });
    const created2 = await s.next('response.created');
    const done = await s.next('response.done');
    const cycle = s.events.slice(s.events.indexOf(created2));
    const text = cycle.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('');
    expect(text.length).toBeGreaterThan(10);
    expect(done.response.output[0].content[0].text).toBe(text);
    expect(s.ws.readyState).toBe(WebSocket.OPEN);

    s.ws.close(1000, 'done');
    expect(await s.closed).toEqual({ code: 1000, reason: 'done' });
  });

  it('relays 200 client events in order, and their answers in order', async () => {
    const s = await connect(`openai-main?model=${MODEL}`);
    await s.next('session.created');
    for (let i = 0; i < 200; i++) s.send(userText(`message ${i}`, `evt_${i}`));
    let last: Event | undefined;
    while (last?.item?.content?.[0]?.text !== 'message 199') last = await s.next('conversation.item.added');
    const added = s.events.filter((e) => e.type === 'conversation.item.added').map((e) => e.item.content[0].text);
    expect(added).toEqual(Array.from({ length: 200 }, (_, i) => `message ${i}`));
    const entry = mocks.simulators.openai!.journal.entries.findLast((e) => e.path === '/v1/realtime')!;
    expect((entry.body as Event[]).map((e) => e.event_id)).toEqual(Array.from({ length: 200 }, (_, i) => `evt_${i}`));
    s.ws.close();
    expect((await s.closed).code).toBe(1005);
  });

  it('reaches the upstream with the account key, the bare model and the trace context, never the gateway key', async () => {
    const before = mocks.simulators.openai!.journal.entries.length;
    const s = await connect(`openai-main?model=${MODEL}`, {
      headers: { authorization: `Bearer ${key}`, 'openai-beta': 'realtime=v1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    await s.next('session.created');
    const entry = mocks.simulators.openai!.journal.entries[before]!;
    expect(entry.path).toBe('/v1/realtime');
    expect(entry.search).toBe(`?model=${MODEL}`);
    expect(entry.status).toBe(101);
    expect(entry.headers.authorization).toBe('Bearer sk-touchstone-openai-main-0001');
    expect(entry.headers['openai-beta']).toBe('realtime=v1');
    expect(entry.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(entry.headers.traceparent).not.toContain('b7ad6b7169203331');
    expect(JSON.stringify(entry.headers)).not.toContain(key);
    s.ws.close();
    await s.closed;

    const plain = await connect(`openai-main?model=${MODEL}`);
    await plain.next('session.created');
    expect(mocks.simulators.openai!.journal.entries.at(-1)!.headers['openai-beta']).toBeUndefined();
    plain.ws.close();
    await plain.closed;
  });

  it('sends the openai-eu account to the EU simulator only', async () => {
    const us = mocks.simulators.openai!.journal.entries.length;
    const eu = mocks.simulators['openai-eu']!.journal.entries.length;
    const s = await connect(`openai-eu?model=${MODEL}`);
    await s.next('session.created');
    expect(mocks.simulators.openai!.journal.entries).toHaveLength(us);
    const entries = mocks.simulators['openai-eu']!.journal.entries.slice(eu);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ region: 'eu', path: '/v1/realtime', status: 101 });
    expect(entries[0]!.headers.authorization).toBe('Bearer sk-touchstone-openai-eu-0001');
    s.ws.close();
    await s.closed;
  });

  it('takes the key from the browser subprotocol, echoes only "realtime", and forwards no key protocol', async () => {
    const before = mocks.simulators.openai!.journal.entries.length;
    const s = await connect(`openai-main?model=${MODEL}`, { headers: {}, protocols: ['realtime', `openai-insecure-api-key.${key}`] });
    expect(s.protocol).toBe('realtime');
    await s.next('session.created');
    const entry = mocks.simulators.openai!.journal.entries[before]!;
    expect(entry.headers['sec-websocket-protocol']).toBe('realtime');
    expect(entry.headers.authorization).toBe('Bearer sk-touchstone-openai-main-0001');
    s.ws.close();
    await s.closed;
  });

  it('passes closes on both ways with their codes', async () => {
    const s = await connect(`openai-main?model=${MODEL}`);
    await s.next('session.created');
    s.ws.close(4001, 'client says bye');
    expect(await s.closed).toEqual({ code: 4001, reason: 'client says bye' });
    const outcome = await sessionEnd(s.requestId);
    expect(outcome.closedFirst).toBe('client');
    expect(outcome.upstream).toEqual({ code: 4001, reason: 'client says bye' }); // the simulator echoed what the gateway sent

    // The simulator does not know this model: it answers in-band and closes with 3000.
    const t = await connect('openai-main?model=gpt-realtime-future');
    const error = await t.next('error');
    expect(error.error.code).toBe('model_not_found');
    expect(await t.closed).toEqual({ code: 3000, reason: 'invalid_request_error.model_not_found' });
    expect((await sessionEnd(t.requestId)).closedFirst).toBe('upstream');
  });

  it('works with the official SDK (OpenAIRealtimeWS) pointed at /live/openai-main', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: `${gw.url}/live/openai-main` });
    const rt = await OpenAIRealtimeWS.create(client, { model: MODEL, options: plainTcp as WebSocket.ClientOptions });
    open.push(rt.socket);
    const events: Event[] = [];
    const doneEvent = new Promise<Event>((resolve) => rt.on('response.done', resolve));
    const createdEvent = new Promise<Event>((resolve) => rt.on('session.created', resolve));
    rt.on('event', (e) => events.push(e));
    await createdEvent;
    rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello there.' }] } });
    rt.send({ type: 'response.create' });
    const done = await doneEvent;
    expect(done.response.status).toBe('completed');
    expect(events[0]!.type).toBe('session.created');
    expect(events.some((e) => e.type === 'response.output_text.delta')).toBe(true);
    const closed = new Promise<number>((resolve) => rt.socket.once('close', resolve));
    rt.close();
    expect(await closed).toBe(1000);
  });

  it('records the session usage and cost in the request log when it ends', async () => {
    const s = await connect(`openai-main?model=${MODEL}`);
    await s.next('session.created');
    const usages: Event[] = [];
    for (const modality of ['text', 'audio']) {
      s.send(userText(`A ${modality} answer, please.`));
      s.send({ type: 'response.create', response: { output_modalities: [modality] } });
      usages.push((await s.next('response.done')).response.usage);
    }
    s.ws.close(1000);
    await s.closed;
    const line = await logLine((l) => l.request_id === s.requestId);
    const sum = (f: (u: Event) => number) => usages.reduce((n, u) => n + f(u), 0);
    const input = sum((u) => u.input_tokens);
    const output = sum((u) => u.output_tokens);
    const cached = sum((u) => u.input_token_details.cached_tokens);
    const audioIn = sum((u) => u.input_token_details.audio_tokens);
    const audioOut = sum((u) => u.output_token_details.audio_tokens);
    expect(audioOut).toBeGreaterThan(0);
    expect(line).toMatchObject({
      method: 'GET', path: '/live/openai-main', status: 101, key: 'demo',
      account: 'openai-main', provider: 'openai', model: MODEL, stream: true,
      tokens: { input, output, cached },
    });
    const expected = ((input - cached - audioIn) * PRICING.input + cached * PRICING.cached_input + audioIn * PRICING.audio_input
      + (output - audioOut) * PRICING.output + audioOut * PRICING.audio_output) / 1e6;
    expect(line.cost_usd).toBeCloseTo(expected, 9);
    expect(line.error_code).toBeUndefined();
  });
});

describe('realtime handshake refusals (envelopes)', () => {
  it('401 without a key, with a wrong key, and with a wrong key in the subprotocol', async () => {
    const none = await refused(`openai-main?model=${MODEL}`);
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toBe('application/json');
    expect(none.headers.connection).toBe('close');
    expectEnvelope(none.body, 'missing_api_key');
    expectEnvelope((await refused(`openai-main?model=${MODEL}`, { headers: { authorization: 'Bearer ts-wrong' } })).body, 'invalid_api_key');
    const viaProtocol = await refused(`openai-main?model=${MODEL}`, { protocols: ['realtime', 'openai-insecure-api-key.ts-wrong'] });
    expect(viaProtocol.status).toBe(401);
    expectEnvelope(viaProtocol.body, 'invalid_api_key');
  });

  it('403 for a key without access to the model; 400 for bad metadata', async () => {
    const r = await refused(`openai-main?model=${MODEL}`, { headers: { authorization: `Bearer ${LIMITED_KEY}` } });
    expect(r.status).toBe(403);
    expectEnvelope(r.body, 'permission_denied');
    expect(String(r.headers['x-request-id'])).toMatch(/^req_/);
    const m = await refused(`openai-main?model=${MODEL}`, { headers: { authorization: `Bearer ${key}`, 'x-tfy-metadata': '[1]' } });
    expect(m.status).toBe(400);
    expectEnvelope(m.body, 'invalid_metadata');
  });

  it('404 unknown account or model not enabled, 400 missing model or an account that does not serve realtime', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const account = await refused(`nope?model=${MODEL}`, { headers: auth });
    expect(account.status).toBe(404);
    expectEnvelope(account.body, 'provider_account_not_found');
    const missing = await refused('openai-main', { headers: auth });
    expect(missing.status).toBe(400);
    expectEnvelope(missing.body, 'missing_required_parameter');
    expect(missing.body.error.param).toBe('model');
    const model = await refused('openai-main?model=gpt-4o-realtime-nope', { headers: auth });
    expect(model.status).toBe(404);
    expectEnvelope(model.body, 'model_not_found');
    const anthropic = await refused('anthropic-main?model=claude-sonnet-4-5', { headers: auth });
    expect(anthropic.status).toBe(400);
    expectEnvelope(anthropic.body, 'realtime_not_supported');
  });

  it('426 for a plain GET, with Upgrade: websocket', async () => {
    const res = await fetch(`${gw.url}/live/openai-main?model=${MODEL}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(426);
    expect(res.headers.get('upgrade')).toBe('websocket');
    expectEnvelope(await res.json(), 'upgrade_required');
  });

  it('502 when the upstream is down, refuses the account key, or serves no WebSocket; nothing of the upstream message leaks on auth', async () => {
    const auth = { authorization: `Bearer ${key}` };
    const down = await refused(`openai-down?model=${MODEL}`, { headers: auth });
    expect(down.status).toBe(502);
    expectEnvelope(down.body, 'upstream_unreachable');
    expect(down.body.error.message).not.toContain(String(deadPort));

    const badKey = await refused(`openai-badkey?model=${MODEL}`, { headers: auth });
    expect(badKey.status).toBe(502);
    expectEnvelope(badKey.body, 'upstream_auth_failed');
    expect(badKey.body.error.message).not.toContain('1234');
    expect(mocks.simulators.openai!.journal.entries.at(-1)).toMatchObject({ path: '/v1/realtime', status: 401 });

    const azure = await refused(`azure-main?model=${MODEL}`, { headers: auth });
    expect(azure.status).toBe(502);
    expectEnvelope(azure.body, 'upstream_error');
    const line = await logLine((l) => l.account === 'azure-main' && l.path === '/live/azure-main');
    expect(line).toMatchObject({ status: 502, error_code: 'upstream_error' });
  });
});
