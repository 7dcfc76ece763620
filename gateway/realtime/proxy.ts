/**
 * The gateway's realtime WebSocket proxy at `/live/{provider-account}?model=<bare model>` on the bare
 * host (not under the API base path): `createRealtimeProxy(gateway).handleUpgrade` is the upgrade
 * handler lib/serve.ts calls for every `Upgrade` request.
 *
 * One session: check the handshake (405/426/400), authenticate the gateway key from
 * `Authorization: Bearer` or the browser subprotocol `openai-insecure-api-key.<key>` (401), parse
 * `x-tfy-metadata` (400), resolve the account and model (404/400), admit the exchange (403/429), then
 * open the upstream socket FIRST with the account's credentials (refused or unreachable: 502, 429
 * stays 429) and only then complete the client's handshake (echoing `realtime` when offered, never
 * the key protocol). Refusals are HTTP responses carrying the error envelope. After that the relay
 * (./relay.ts) passes frames both ways; `response.done` usage is added to the exchange (./usage.ts),
 * which is finished with status 101 when both sockets have closed — that writes the log line, ends
 * the span and charges budgets.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ClientOptions, type WebSocket } from 'ws';
import type { Gateway } from '../app.ts';
import { GatewayError, InternalError } from '../errors.ts';
import type { Exchange } from '../exchange.ts';
import {
  REALTIME_PROTOCOL, gatewayHeaders, handshakeError, matchLivePath, offeredProtocols, plainRequestError,
  resolveRealtimeTarget, selectProtocol,
} from './handshake.ts';
import { refuseHandshake } from './refusal.ts';
import { relay, type Relay, type RelayOutcome } from './relay.ts';
import { connectUpstream, upstreamHandshakeHeaders } from './upstream.ts';
import { usageOfServerFrame } from './usage.ts';

export interface RealtimeProxyOptions {
  /** Largest message accepted either way; a bigger one closes the session with 1009. Default 16 MiB. */
  maxMessageBytes?: number;
  /** How long a side may take to finish the closing handshake before it is terminated. Default 5 s. */
  closeTimeoutMs?: number;
  /** How long the upstream may take to accept the WebSocket handshake. Default 30 s. */
  handshakeTimeoutMs?: number;
  /** Socket options for upstream connections (an agent, a TLS CA, `createConnection`). */
  upstreamSocket?: ClientOptions;
  /** Unexpected failures (bugs); the client gets a 500 envelope. */
  onError?: (error: unknown) => void;
  /** Each session's end, after its exchange finished (tests, metrics). */
  onSessionEnd?: (outcome: RelayOutcome & { requestId: string }) => void;
}

export interface RealtimeProxy {
  /** Serve an upgrade request; false when the path is not the realtime endpoint (not ours). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /**
   * The answer to a plain HTTP request on the realtime path (GET without upgrade: 426; other methods:
   * 405), or undefined when the path is not the realtime endpoint.
   */
  answerPlainRequest(request: Request): Response | undefined;
  /** Sessions open now (relaying), and handshakes in progress. */
  readonly activeSessions: number;
  /** Refuse new sessions, close open ones with 1001 (going away) and wait until they have ended. */
  close(): Promise<void>;
}

const MIB = 1024 * 1024;

class ClientGone extends Error {
  constructor() { super('the client closed the connection during the handshake'); }
}

class ShuttingDown extends GatewayError {
  constructor() { super(503, 'server_error', 'shutting_down', 'The gateway is shutting down; reconnect.', null, { 'retry-after': '1' }); }
}

export function createRealtimeProxy(gateway: Gateway, options: RealtimeProxyOptions = {}): RealtimeProxy {
  const maxPayload = options.maxMessageBytes ?? 16 * MIB;
  const closeTimeoutMs = options.closeTimeoutMs ?? 5000;
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 30_000;
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`gateway realtime: ${(e as Error)?.stack ?? String(e)}\n`));

  /** Response headers of each accepted handshake's 101 (x-request-id, rate-limit headers). */
  const acceptHeaders = new WeakMap<IncomingMessage, Record<string, string>>();
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload,
    perMessageDeflate: false,
    handleProtocols: (offered) => selectProtocol(offered),
  });
  wss.on('headers', (lines, req) => {
    for (const [name, value] of Object.entries(acceptHeaders.get(req) ?? {})) lines.push(`${name}: ${value}`);
  });

  const relays = new Set<Relay>();
  const sessions = new Set<Promise<void>>();
  const handshakes = new Set<AbortController>();
  let closing = false;

  async function open(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, accountName: string): Promise<void> {
    const invalid = handshakeError(req, url.pathname);
    if (invalid) { refuseHandshake(socket, invalid); return; }

    let begun: ReturnType<Gateway['begin']>;
    const headers = gatewayHeaders(req);
    try {
      begun = gateway.begin('realtime', 'GET', url.pathname, headers);
    } catch (error) {
      refuseHandshake(socket, error instanceof GatewayError ? error : new InternalError());
      if (!(error instanceof GatewayError)) onError(error);
      return;
    }
    const { exchange, config } = begun;
    exchange.stream = true;

    // Read the client's socket while the upstream handshake runs, or a client that gives up would go
    // unnoticed (a paused socket never sees the FIN). A client must not send frames before the 101;
    // whatever it sends anyway is kept and handed to the WebSocket layer with `head`.
    const aborter = new AbortController();
    const early: Buffer[] = [head];
    let earlyBytes = head.byteLength;
    const onData = (chunk: Buffer) => {
      early.push(chunk);
      earlyBytes += chunk.byteLength;
      if (earlyBytes > maxPayload) socket.destroy();
    };
    const onSocketClose = () => aborter.abort(new ClientGone());
    socket.on('data', onData);
    socket.once('end', onSocketClose); // node:http sockets allow half-open: a FIN alone does not close them
    socket.once('close', onSocketClose);
    const stopWatching = () => {
      socket.off('data', onData);
      socket.off('end', onSocketClose);
      socket.off('close', onSocketClose);
      handshakes.delete(aborter);
    };
    handshakes.add(aborter);
    let upstream: WebSocket;
    try {
      const target = resolveRealtimeTarget(config, accountName, url.searchParams.get('model'));
      await exchange.admit(target.account, target.model);
      const offered = offeredProtocols(req.headers['sec-websocket-protocol']);
      upstream = await connectUpstream({
        account: target.account,
        model: target.model,
        headers: upstreamHandshakeHeaders(target.account, headers, exchange.upstreamHeaders()),
        realtimeProtocol: offered.includes(REALTIME_PROTOCOL),
        maxPayload,
        handshakeTimeoutMs,
        signal: aborter.signal,
        ...(options.upstreamSocket ? { socket: options.upstreamSocket } : {}),
      });
    } catch (error) {
      stopWatching();
      if (error instanceof ClientGone) { socket.destroy(); exchange.finish(499, 'client_closed_request'); return; }
      const gatewayError = error instanceof GatewayError ? error : new InternalError();
      if (!(error instanceof GatewayError)) onError(error);
      exchange.finish(gatewayError.status, gatewayError.code);
      refuseHandshake(socket, gatewayError, { 'x-request-id': exchange.requestId, ...exchange.limitHeaders });
      return;
    }
    stopWatching(); // ws's own data listener is attached synchronously in accept(): no frame is missed
    accept(req, socket, early.length === 1 ? head : Buffer.concat(early), upstream, exchange);
  }

  /** The upstream is open: complete the client's handshake and start relaying. */
  function accept(req: IncomingMessage, socket: Duplex, head: Buffer, upstream: WebSocket, exchange: Exchange): void {
    if (socket.destroyed || !socket.writable) {
      upstream.resume(); // paused since it opened: it must read the closing handshake
      upstream.close(1001, 'client went away');
      exchange.finish(499, 'client_closed_request');
      return;
    }
    acceptHeaders.set(req, { 'x-request-id': exchange.requestId, ...exchange.limitHeaders });
    let client: WebSocket | undefined;
    wss.handleUpgrade(req, socket, head, (ws) => { client = ws; });
    if (!client) { // ws refused the handshake itself (it wrote its own answer)
      upstream.resume();
      upstream.close(1011, 'client handshake failed');
      exchange.finish(400, 'invalid_websocket_handshake');
      return;
    }
    const session = relay(client, upstream, {
      closeTimeoutMs,
      onUpstreamMessage: (data, isBinary) => {
        const usage = usageOfServerFrame(data, isBinary);
        if (usage) exchange.addUsage(usage);
      },
    });
    relays.add(session);
    if (closing) session.shutdown(1001, 'gateway shutting down');
    const ended = session.done.then((outcome) => {
      relays.delete(session);
      exchange.finish(101, outcome.errorCode);
      options.onSessionEnd?.({ ...outcome, requestId: exchange.requestId });
    }).catch(onError).finally(() => { sessions.delete(ended); });
    sessions.add(ended);
  }

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://gateway.invalid');
      const accountName = matchLivePath(url.pathname);
      if (accountName === undefined) return false;
      if (closing) { refuseHandshake(socket, new ShuttingDown()); return true; }
      const opened = open(req, socket, head, url, accountName).catch((error: unknown) => {
        onError(error);
        refuseHandshake(socket, new InternalError());
      }).finally(() => { sessions.delete(opened); });
      sessions.add(opened);
      return true;
    },

    answerPlainRequest(request) {
      const { pathname } = new URL(request.url);
      if (matchLivePath(pathname) === undefined) return undefined;
      return plainRequestError(request.method, pathname).toResponse({ connection: 'close' });
    },

    get activeSessions() { return relays.size + handshakes.size; },

    async close() {
      closing = true;
      for (const h of handshakes) h.abort(new ShuttingDown());
      for (const r of relays) r.shutdown(1001, 'gateway shutting down');
      while (sessions.size) await Promise.all([...sessions]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
