// The realtime proxy's relay mechanics through a real gateway server (startGateway) against a scripted
// WebSocket upstream on loopback (no simulator: gateway/ and mocks/ stay independent). The model name
// picks the upstream's behaviour: `echo` sends every frame back as it came, `mute` stops reading (it
// never answers a close), `hang` never answers the handshake, `r401`/`r429`/`r500` refuse it.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { hashKey, resolveConfig } from '../config.ts';
import { startGateway, type RunningGateway } from '../server.ts';
import type { RelayOutcome } from './relay.ts';

const KEY = 'ts-proxy-test-key';
const ACCOUNT_KEY = 'sk-scripted-upstream-key';
const MAX = 64 * 1024;

interface UpstreamConnection { ws: WebSocket; req: http.IncomingMessage; closed: Promise<{ code: number; reason: string }> }

let upstream: http.Server;
let gw: RunningGateway;
const connections: UpstreamConnection[] = [];
const connectionWaiters: ((c: UpstreamConnection) => void)[] = [];
const hanging: Socket[] = [];
const hangingWaiters: ((s: Socket) => void)[] = [];
const logs: Record<string, any>[] = [];
const logWaiters: { match: (l: Record<string, any>) => boolean; resolve: (l: Record<string, any>) => void }[] = [];
const ends = new Map<string, (o: RelayOutcome) => void>();

function refuse(socket: Socket, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  const lines = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`, 'content-type: application/json', `content-length: ${Buffer.byteLength(text)}`, 'connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${text}`);
}

beforeAll(async () => {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('realtime') ? 'realtime' : false) });
  upstream = http.createServer();
  upstream.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    const model = new URL(req.url!, 'http://x').searchParams.get('model');
    if (model === 'hang') { socket.resume(); hanging.push(socket); hangingWaiters.shift()?.(socket); return; }
    if (model === 'r401') { refuse(socket, 401, { error: { message: `Incorrect API key provided: ${ACCOUNT_KEY}`, type: 'invalid_request_error', code: 'invalid_api_key' } }); return; }
    if (model === 'r429') { refuse(socket, 429, { error: { message: 'Slow down.', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '7' }); return; }
    if (model === 'r500') { refuse(socket, 500, { error: { message: 'The server had an error.', type: 'server_error', code: null } }); return; }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
      if (model === 'echo') ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
      if (model === 'mute') ws.pause();
      const c = { ws, req, closed };
      connections.push(c);
      connectionWaiters.shift()?.(c);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
  const config = resolveConfig({
    accounts: [{ name: 'up', provider: 'openai', base_url: base, api_key: { value: ACCOUNT_KEY }, models: ['echo', 'mute', 'hang', 'plain', 'r401', 'r429', 'r500'].map((name) => ({ name })) }],
    keys: [{ name: 'k', sha256: hashKey(KEY), access: { models: ['*'] } }],
    request_log: { stdout: false },
  }, 'proxy test');
  gw = await startGateway(config, {
    onLog: (line) => { logs.push(line); const i = logWaiters.findIndex((w) => w.match(line)); if (i !== -1) logWaiters.splice(i, 1)[0]!.resolve(line); },
    realtime: {
      // Short enough to keep the file fast, long enough that a loaded machine never hits them by accident.
      maxMessageBytes: MAX, closeTimeoutMs: 400, handshakeTimeoutMs: 400,
      onSessionEnd: (o) => ends.get(o.requestId)?.(o),
    },
  });
});

afterAll(async () => {
  for (const s of hanging) s.destroy();
  for (const c of connections) c.ws.terminate();
  await gw?.close();
  await new Promise((resolve) => { upstream.closeAllConnections(); upstream.close(resolve); });
});

function nextConnection(): Promise<UpstreamConnection> {
  return new Promise((resolve) => connectionWaiters.push(resolve));
}
function logLine(match: (l: Record<string, any>) => boolean): Promise<Record<string, any>> {
  const found = logs.find(match);
  return found ? Promise.resolve(found) : new Promise((resolve) => logWaiters.push({ match, resolve }));
}

interface Client { ws: WebSocket; requestId: string; closed: Promise<{ code: number; reason: string }>; ended: Promise<RelayOutcome> }

async function connect(model: string, protocols: string[] = []): Promise<Client & { up: UpstreamConnection }> {
  const upstreamSide = nextConnection();
  const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/live/up?model=${model}`, protocols, { headers: { authorization: `Bearer ${KEY}` } });
  let requestId = '';
  let ended!: Promise<RelayOutcome>;
  ws.once('upgrade', (res) => {
    requestId = String(res.headers['x-request-id']);
    ended = new Promise((resolve) => ends.set(requestId, resolve));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  return { ws, requestId, closed, ended, up: await upstreamSide };
}

function refusal(model: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }> {
  const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/live/up?model=${model}`, { headers: { authorization: `Bearer ${KEY}` } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('accepted')));
    ws.once('error', () => {});
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
    });
  });
}

/** The next `n` messages of `ws`, with their binary flag. */
function messages(ws: WebSocket, n: number): Promise<{ data: Buffer; isBinary: boolean }[]> {
  const got: { data: Buffer; isBinary: boolean }[] = [];
  return new Promise((resolve) => {
    const on = (data: Buffer, isBinary: boolean) => { got.push({ data, isBinary }); if (got.length === n) { ws.off('message', on); resolve(got); } };
    ws.on('message', on);
  });
}

describe('relaying frames', () => {
  it('keeps text as text and binary as binary, in order, both ways', async () => {
    const c = await connect('echo');
    expect(c.up.req.headers.authorization).toBe(`Bearer ${ACCOUNT_KEY}`);
    const sent = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? { data: Buffer.from([i, 0, 255, i]), isBinary: true } : { data: Buffer.from(`{"n":${i}}`), isBinary: false }));
    const echoed = messages(c.ws, sent.length);
    for (const m of sent) c.ws.send(m.data, { binary: m.isBinary });
    expect((await echoed).map((m) => [m.isBinary, m.data.toString('hex')])).toEqual(sent.map((m) => [m.isBinary, m.data.toString('hex')]));
    c.ws.close(1000);
    await c.closed;
  });

  it('relays a message up to the size limit, and closes both sides with 1009 above it', async () => {
    const c = await connect('echo');
    const echoed = messages(c.ws, 1);
    c.ws.send(Buffer.alloc(MAX, 7));
    expect((await echoed)[0]!.data.byteLength).toBe(MAX);
    c.ws.send(Buffer.alloc(MAX + 1, 7));
    expect((await c.closed).code).toBe(1009);
    expect((await c.up.closed).code).toBe(1009);
    expect((await c.ended).errorCode).toBe('message_too_large');

    const d = await connect('plain');
    d.up.ws.send(Buffer.alloc(MAX + 1));
    expect((await d.closed).code).toBe(1009);
    expect((await d.up.closed).code).toBe(1009);
  });
});

describe('closing', () => {
  it('passes the client close code and reason upstream, and maps "no status" to 1000', async () => {
    const a = await connect('plain');
    a.ws.close(4321, 'client reason');
    expect(await a.up.closed).toEqual({ code: 4321, reason: 'client reason' });
    expect(await a.closed).toEqual({ code: 4321, reason: 'client reason' });
    const b = await connect('plain');
    b.ws.close();
    expect(await b.up.closed).toEqual({ code: 1000, reason: '' });
    expect((await b.ended).closedFirst).toBe('client');
  });

  it('passes the upstream close on, and turns an abnormal upstream end into 1011', async () => {
    const a = await connect('plain');
    a.up.ws.close(3000, 'invalid_request_error.session_expired');
    expect(await a.closed).toEqual({ code: 3000, reason: 'invalid_request_error.session_expired' });
    const b = await connect('plain');
    b.up.ws.terminate();
    expect((await b.closed).code).toBe(1011);
    const outcome = await b.ended;
    expect(outcome).toMatchObject({ closedFirst: 'upstream', upstream: { code: 1006 }, errorCode: 'upstream_connection_lost' });
    expect(await logLine((l) => l.request_id === b.requestId)).toMatchObject({ status: 101, error_code: 'upstream_connection_lost' });
  });

  it('terminates a side that does not answer the close within the close timeout', async () => {
    const c = await connect('mute');
    c.ws.close(1000, 'bye');
    const outcome = await c.ended; // the upstream never read the closing frame: the gateway gave up on it
    expect(outcome).toMatchObject({ closedFirst: 'client', client: { code: 1000 }, upstream: { code: 1006 } });
    expect(await c.closed).toEqual({ code: 1000, reason: 'bye' });
    c.up.ws.resume(); // it reads the closing frame the gateway sent before giving up
    expect(await c.up.closed).toEqual({ code: 1000, reason: 'bye' });
  });

  it('close() ends every session with 1001 and waits for them', async () => {
    const second = await startGateway(gw.gateway.config, { realtime: { closeTimeoutMs: 400 } });
    const upstreamSide = nextConnection();
    const ws = new WebSocket(`${second.url.replace('http', 'ws')}/live/up?model=plain`, { headers: { authorization: `Bearer ${KEY}` } });
    const closed = new Promise<number>((resolve) => ws.on('close', resolve));
    await new Promise((resolve) => ws.once('open', resolve));
    const up = await upstreamSide;
    expect(second.realtime.activeSessions).toBe(1);
    await second.close();
    expect(second.realtime.activeSessions).toBe(0);
    expect(await closed).toBe(1001);
    expect((await up.closed).code).toBe(1001);
  });
});

describe('upstream handshake failures', () => {
  it('401 from the upstream is a 502 without the upstream message; 429 stays 429 with retry-after; 500 is a 502', async () => {
    const auth = await refusal('r401');
    expect(auth.status).toBe(502);
    expect(auth.body.error.code).toBe('upstream_auth_failed');
    expect(JSON.stringify(auth.body)).not.toContain(ACCOUNT_KEY);
    expect(auth.headers['x-request-id']).toMatch(/^req_/);
    const limited = await refusal('r429');
    expect([limited.status, limited.headers['retry-after'], limited.body.error.code]).toEqual([429, '7', 'rate_limit_exceeded']);
    const failed = await refusal('r500');
    expect([failed.status, failed.body.error.code]).toEqual([502, 'upstream_error']);
    expect(failed.body.error.message).toContain('The server had an error.');
  });

  it('an upstream that never answers the handshake is a 502 upstream_timeout', async () => {
    const r = await refusal('hang');
    expect([r.status, r.body.error.code]).toEqual([502, 'upstream_timeout']);
  });

  it('a client that leaves during the upstream handshake is logged 499 and the upstream attempt is dropped', async () => {
    const upstreamSocket = new Promise<Socket>((resolve) => hangingWaiters.push(resolve));
    const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/live/up?model=hang`, { headers: { authorization: `Bearer ${KEY}` } });
    ws.on('error', () => {});
    const socket = await upstreamSocket;
    const dropped = new Promise((resolve) => socket.once('end', resolve)); // half-open allowed: the FIN is the sign
    const line = logLine((l) => l.status === 499);
    ws.terminate();
    await dropped;
    expect(await line).toMatchObject({ path: '/live/up', model: 'hang', error_code: 'client_closed_request' });
  });
});
