/**
 * OpenAI's Realtime API (GA interface) over WebSocket: `createRealtimeUpgrade(options)` is the
 * `UpgradeHandler` for `GET /v1/realtime?model=…` on an OpenAI simulator (path as api.openai.com sees it).
 *
 * - Auth: `Authorization: Bearer <key>` (what `OpenAIRealtimeWS` sends) or the browser subprotocol
 *   `openai-insecure-api-key.<key>` (what `OpenAIRealtimeWebSocket` sends next to `realtime`). Valid keys:
 *   `apiKeys` when given, else any `sk-…` key or `ek_…` ephemeral client secret. A missing or wrong key
 *   refuses the handshake with HTTP 401 and OpenAI's JSON error body (`authRejection: "http"`, default);
 *   `authRejection: "close"` instead reproduces what clients have reported from api.openai.com: the
 *   handshake succeeds, an `error` event follows and the socket closes with 3000
 *   `invalid_request_error.invalid_api_key`.
 * - Model: an unknown or missing `model` is accepted at the HTTP level, then answered with an `error`
 *   event (`model_not_found` / `missing_required_parameter`) and a 3000 close naming the code: OpenAI
 *   reports session-fatal problems in-band this way (inferred from its auth behaviour; no public sample).
 * - Every upgrade is journaled (status 101 or 401); the entry's `body` collects the client events.
 *   Both the 101 and the 401 carry OpenAI's response headers (`x-request-id`, `openai-*`).
 * - `OpenAI-Beta: realtime=v1` is ignored: the simulator speaks the GA interface only.
 * - Other paths get OpenAI's 404 `Invalid URL (GET …)` body.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { UpgradeHandler } from '../../../lib/serve.ts';
import { Rng, requestHash } from '../../determinism.ts';
import type { Journal, JournalEntry } from '../../journal.ts';
import { FIXED_EPOCH_MS } from '../../types.ts';
import { refuseUpgrade } from '../../upgrade.ts';
import { errors, type OpenAIError } from '../errors.ts';
import { baseHeaders } from '../headers.ts';
import { findRealtimeModel } from './config.ts';
import { RealtimeProblem, problems } from './problems.ts';
import { RealtimeSession } from './session.ts';

export { RealtimeSession } from './session.ts';
export { findRealtimeModel } from './config.ts';

export interface RealtimeUpgradeOptions {
  /** Exact list of accepted keys. Default: any `sk-…` key or `ek_…` client secret. */
  apiKeys?: readonly string[];
  /** Simulated clock (session `expires_at`, journal times). */
  now?: () => number;
  /** Where upgrade requests and their client events are recorded. */
  journal?: Journal;
  /** Delay between streamed response events in ms (default 0: setImmediate only, no timer). */
  chunkDelayMs?: number;
  organization?: string;
  project?: string;
  /** How a bad key is refused: HTTP 401 at the handshake (default) or in-band error + close 3000. */
  authRejection?: 'http' | 'close';
}

const KEY_PROTOCOL = 'openai-insecure-api-key.';

function presentedKey(req: IncomingMessage): string | undefined {
  const bearer = /^Bearer\s+(.*)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (bearer) return bearer;
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  return protocols.find((p) => p.startsWith(KEY_PROTOCOL))?.slice(KEY_PROTOCOL.length) || undefined;
}

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, { headers });
}

export function createRealtimeUpgrade(options: RealtimeUpgradeOptions = {}): UpgradeHandler {
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has('realtime') ? 'realtime' : false),
  });
  let connections = 0;
  /** OpenAI's response headers (x-request-id, openai-*) for each accepted handshake's 101. */
  const handshakeHeaders = new WeakMap<IncomingMessage, Record<string, string>>();
  wss.on('headers', (lines, req) => {
    for (const [name, value] of Object.entries(handshakeHeaders.get(req) ?? {})) lines.push(`${name}: ${value}`);
  });

  const headersFor = (hashInput: unknown) => baseHeaders({
    hash: requestHash('realtime.upgrade', hashInput),
    organization: options.organization ?? 'touchstone-sim',
    project: options.project ?? 'proj_T0uchst0neS1mulat0r0000',
  });

  function authenticate(key: string | undefined): OpenAIError | null {
    if (!key) return errors.missingApiKey();
    const valid = options.apiKeys ? options.apiKeys.includes(key) : key.startsWith('sk-') || key.startsWith('ek_');
    return valid ? null : errors.incorrectApiKey(key);
  }

  /** Accept the socket, report `problem` as an `error` event, close with 3000 `<type>.<code>`. */
  function failInBand(ws: WebSocket, problem: RealtimeProblem, seed: string): void {
    const eventId = `event_${new Rng(seed, 'realtime-error').chars(21)}`;
    ws.send(JSON.stringify({ type: 'error', event_id: eventId, error: problem.toError(null) }));
    ws.close(3000, `${problem.errorType}.${problem.code ?? 'error'}`);
  }

  async function handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const entry: JournalEntry | undefined = options.journal ? (await options.journal.record(toRequest(req), url.pathname)).entry : undefined;
    const clientEvents: unknown[] = [];
    if (entry) entry.body = clientEvents;
    const connection = ++connections;
    const model = url.searchParams.get('model');
    const denied = authenticate(presentedKey(req));
    const hashInput = [url.pathname, model, connection];
    const headers = headersFor(hashInput);
    if (entry) entry.requestId = headers['x-request-id'];
    if (denied && options.authRejection !== 'close') {
      if (entry) { entry.status = denied.status; entry.completed = true; }
      refuseUpgrade(socket, denied.status, denied.render(), headers);
      return;
    }
    handshakeHeaders.set(req, headers);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (entry) entry.status = 101;
      ws.on('close', () => { if (entry) entry.completed = true; });
      if (denied) {
        failInBand(ws, new RealtimeProblem(denied.body.code, denied.body.message, denied.body.param, denied.body.type), String(connection));
        return;
      }
      const found = model ? findRealtimeModel(model) : undefined;
      if (!found) {
        failInBand(ws, model ? problems.modelNotFound(model) : problems.missingParameter('model'), String(connection));
        return;
      }
      new RealtimeSession(ws, {
        model: found,
        seed: requestHash('realtime.session', { model, connection }),
        now,
        chunkDelayMs: options.chunkDelayMs ?? 0,
        onClientEvent: (event) => clientEvents.push(event),
      }).start();
    });
  }

  return (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://loopback').pathname;
    if (path.replace(/\/+$/, '') !== '/v1/realtime') {
      const error = path === '/v1' || path.startsWith('/v1/') ? errors.invalidUrl('GET', path) : errors.unknownUrl('GET', path);
      refuseUpgrade(socket, error.status, error.render(), headersFor([path]));
      return;
    }
    void handle(req, socket, head).catch(() => socket.destroy());
  };
}
