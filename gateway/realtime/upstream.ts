/**
 * The upstream half of a realtime session: the provider's WebSocket URL for an account and bare model,
 * the headers the gateway sends (the account's credentials — never the client's key — the trace
 * context, and `OpenAI-Beta` only when the client sent it), and `connectUpstream`, which opens the
 * socket and turns every way it can fail into the gateway's envelope error: a refused handshake goes
 * through the shared upstream status rules (401/403 → 502 without the upstream message, 429 → 429,
 * anything else → 502), an unreachable or silent upstream is a 502.
 *
 * OpenAI: `wss://<host>/v1/realtime?model=<model>` (base URL + `/realtime`), `Authorization: Bearer`.
 * Azure OpenAI: `wss://<resource>/openai/realtime?api-version=<v>&deployment=<deployment>` with the
 * `api-key` header, or `<base>/realtime?model=` when the base URL is Azure's `/openai/v1` surface.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';
import type { ResolvedAccount } from '../config.ts';
import { UpstreamError, type GatewayError } from '../errors.ts';
import { applyUpstreamErrorRules } from '../providers/upstream-errors.ts';
import { REALTIME_PROTOCOL } from './handshake.ts';

const MAX_ERROR_BODY = 64 * 1024;

/** The provider's realtime WebSocket URL (http → ws, https → wss). */
export function upstreamRealtimeURL(account: ResolvedAccount, model: string): URL {
  const base = account.baseURL.replace(/\/+$/, '');
  let url: URL;
  if (account.provider === 'azure-openai' && !/\/openai\/v1$/.test(base)) {
    url = new URL(`${base}/openai/realtime`);
    if (account.apiVersion) url.searchParams.set('api-version', account.apiVersion);
    url.searchParams.set('deployment', model);
  } else {
    url = new URL(`${base}/realtime`);
    url.searchParams.set('model', model);
  }
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url;
}

/** Headers of the upstream handshake. `trace` is the exchange's `upstreamHeaders()`. */
export function upstreamHandshakeHeaders(account: ResolvedAccount, client: Headers, trace: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { ...trace };
  if (account.provider === 'azure-openai') headers['api-key'] = account.apiKey;
  else headers.authorization = `Bearer ${account.apiKey}`;
  const beta = client.get('openai-beta');
  if (beta !== null) headers['openai-beta'] = beta;
  return headers;
}

export interface UpstreamConnectOptions {
  account: ResolvedAccount;
  model: string;
  headers: Record<string, string>;
  /** Offer `realtime` upstream too (when the client offered it). */
  realtimeProtocol: boolean;
  maxPayload: number;
  handshakeTimeoutMs: number;
  /** Aborted when the client goes away while the upstream handshake runs. */
  signal: AbortSignal;
  /** Socket-level options (agent, TLS CA, createConnection). */
  socket?: ClientOptions;
}

/** Open the upstream socket; rejects with a GatewayError (or the signal's reason when aborted). */
export function connectUpstream(options: UpstreamConnectOptions): Promise<WebSocket> {
  const { account, signal } = options;
  if (signal.aborted) return Promise.reject(signal.reason);
  const ws = new WebSocket(upstreamRealtimeURL(account, options.model), options.realtimeProtocol ? [REALTIME_PROTOCOL] : [], {
    ...options.socket,
    headers: options.headers,
    maxPayload: options.maxPayload,
    handshakeTimeout: options.handshakeTimeoutMs,
    perMessageDeflate: false,
    followRedirects: false,
  });
  return new Promise<WebSocket>((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, value?: WebSocket) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (value) resolve(value); else reject(error);
    };
    const onAbort = () => { ws.terminate(); settle(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
    // Paused at once: frames that arrive with the 101 wait until the relay listens for them.
    ws.once('open', () => { ws.pause(); settle(undefined, ws); });
    ws.on('error', (error) => {
      const timedOut = /handshake has timed out/i.test(error.message);
      settle(new UpstreamError(502, timedOut ? 'upstream_timeout' : 'upstream_unreachable', timedOut
        ? `The upstream provider account "${account.name}" did not complete the realtime handshake in ${options.handshakeTimeoutMs} ms.`
        : `The upstream provider account "${account.name}" could not be reached.`));
    });
    ws.once('unexpected-response', (req, res) => {
      void refusalError(res, account.name).then((error) => {
        req.destroy();
        settle(error);
      });
    });
  });
}

/** The envelope error for an upstream that answered the handshake with an HTTP status. */
async function refusalError(res: IncomingMessage, accountName: string): Promise<GatewayError> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      if (size < MAX_ERROR_BODY) chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= MAX_ERROR_BODY) break;
    }
  } catch { /* a cut body: the status alone says enough */ }
  const text = Buffer.concat(chunks).toString('utf8').slice(0, MAX_ERROR_BODY);
  let inner: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (parsed && typeof parsed.error === 'object' && parsed.error !== null) inner = parsed.error as Record<string, unknown>;
  } catch { /* not JSON */ }
  const status = res.statusCode ?? 502;
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
  const message = typeof inner?.message === 'string' ? inner.message : undefined;
  // A refused handshake is the upstream's (or the account's) failure, not the client's request: 502,
  // except 429, which the client can act on.
  return applyUpstreamErrorRules(
    { status, message: message ?? `the realtime handshake was refused with HTTP ${status}` },
    headers, accountName,
    { upstreamFailure: status !== 429, failure: `refused the realtime connection with ${status}` },
  );
}
