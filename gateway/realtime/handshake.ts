/**
 * The realtime endpoint's HTTP side, before any socket is upgraded: which paths are ours
 * (`/live/{provider-account}` on the bare host, and `/live/{provider-account}/realtime`, which is what
 * the OpenAI SDKs dial when `/live/{provider-account}` is their base URL), whether the request is a
 * WebSocket handshake the gateway can complete (else 405/426/400), where the gateway key comes from
 * (`Authorization: Bearer`, or a browser's `openai-insecure-api-key.<key>` subprotocol), and which
 * account and bare model the session targets (404/400). Pure functions of the request, so every
 * refusal is testable without a socket; each failure is a GatewayError that renders the envelope.
 */
import type { IncomingMessage } from 'node:http';
import type { GatewayConfig, ProviderKind, ResolvedAccount } from '../config.ts';
import { BadRequestError, GatewayError, MethodNotAllowedError, NotFoundError } from '../errors.ts';

/** Subprotocol prefix browsers use to carry the API key (they cannot set an Authorization header). */
export const KEY_PROTOCOL_PREFIX = 'openai-insecure-api-key.';
/** The subprotocol echoed back when the client offers it. */
export const REALTIME_PROTOCOL = 'realtime';
/** Only OpenAI (and Azure OpenAI) serve the Realtime API among the configured providers. */
export const REALTIME_PROVIDERS: readonly ProviderKind[] = ['openai', 'azure-openai'];

const LIVE_PATH = /^\/live\/([^/]+)(?:\/realtime)?\/?$/;
const WEBSOCKET_KEY = /^[+/0-9A-Za-z]{22}==$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The provider account named by a realtime path, or undefined when the path is not the realtime endpoint. */
export function matchLivePath(pathname: string): string | undefined {
  const m = LIVE_PATH.exec(pathname);
  if (!m) return undefined;
  try { return decodeURIComponent(m[1]!); } catch { return m[1]!; }
}

export class UpgradeRequiredError extends GatewayError {
  constructor(message: string, headers: Record<string, string> = {}) {
    super(426, 'invalid_request_error', 'upgrade_required', message, null, { upgrade: 'websocket', ...headers });
  }
}

/** A plain (non-upgrade) HTTP request to the realtime endpoint: GET → 426, other methods → 405. */
export function plainRequestError(method: string, pathname: string): GatewayError {
  if (method !== 'GET') return new MethodNotAllowedError(method, pathname, ['GET']);
  return new UpgradeRequiredError(`${pathname} is a WebSocket endpoint: send GET with "Connection: Upgrade" and "Upgrade: websocket".`);
}

/** The subprotocols the client offered, in order; throws 400 when the header is malformed. */
export function offeredProtocols(header: string | undefined): string[] {
  if (header === undefined || header.trim() === '') return [];
  const protocols = header.split(',').map((p) => p.trim());
  for (const p of protocols) {
    if (!TOKEN.test(p)) {
      throw new BadRequestError('invalid_websocket_protocol', 'Invalid Sec-WebSocket-Protocol header: expected comma-separated tokens such as "realtime, openai-insecure-api-key.<key>".', 'Sec-WebSocket-Protocol');
    }
  }
  if (new Set(protocols).size !== protocols.length) {
    throw new BadRequestError('invalid_websocket_protocol', 'Invalid Sec-WebSocket-Protocol header: a subprotocol is offered twice.', 'Sec-WebSocket-Protocol');
  }
  return protocols;
}

/**
 * Refusals of a handshake the WebSocket layer would not complete: wrong method (405), no
 * `Upgrade: websocket` (426), an unsupported protocol version (426 naming version 13), a malformed
 * key or subprotocol list (400). Undefined when the handshake is acceptable.
 */
export function handshakeError(req: IncomingMessage, pathname: string): GatewayError | undefined {
  if (req.method !== 'GET') return new MethodNotAllowedError(req.method ?? '?', pathname, ['GET']);
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    return new UpgradeRequiredError(`${pathname} is a WebSocket endpoint: expected "Upgrade: websocket", got ${JSON.stringify(req.headers.upgrade ?? '')}.`);
  }
  const version = req.headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') {
    return new UpgradeRequiredError(`Unsupported Sec-WebSocket-Version ${JSON.stringify(version ?? '')}: expected 13.`, { 'sec-websocket-version': '13' });
  }
  if (!WEBSOCKET_KEY.test(req.headers['sec-websocket-key'] ?? '')) {
    return new BadRequestError('invalid_websocket_key', 'Missing or invalid Sec-WebSocket-Key header: expected 16 random bytes in base64.', 'Sec-WebSocket-Key');
  }
  try { offeredProtocols(req.headers['sec-websocket-protocol']); } catch (error) { return error as GatewayError; }
  return undefined;
}

/**
 * The request headers as the gateway's `begin` reads them. When the client sent no Authorization
 * header, the key of an `openai-insecure-api-key.<key>` subprotocol becomes `Authorization: Bearer <key>`.
 */
export function gatewayHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  if (!headers.has('authorization')) {
    const key = offeredProtocols(req.headers['sec-websocket-protocol']).find((p) => p.startsWith(KEY_PROTOCOL_PREFIX))?.slice(KEY_PROTOCOL_PREFIX.length);
    if (key) headers.set('authorization', `Bearer ${key}`);
  }
  return headers;
}

/** The subprotocol the gateway selects: `realtime` when offered, never the key-carrying one. */
export function selectProtocol(offered: Iterable<string>): string | false {
  for (const p of offered) if (p === REALTIME_PROTOCOL) return p;
  return false;
}

export interface RealtimeTarget {
  account: ResolvedAccount;
  /** The bare upstream model name. */
  model: string;
}

/** The account and model of a session: 404 unknown account, 400 not a realtime provider or no model, 404 model not enabled. */
export function resolveRealtimeTarget(config: GatewayConfig, accountName: string, model: string | null): RealtimeTarget {
  const account = config.accounts.get(accountName);
  if (!account) throw new NotFoundError('provider_account_not_found', `No provider account named "${accountName}": the realtime path is /live/{provider-account}.`);
  if (!REALTIME_PROVIDERS.includes(account.provider)) {
    throw new BadRequestError('realtime_not_supported', `The provider account "${accountName}" is a ${account.provider} account; the Realtime API is served by ${REALTIME_PROVIDERS.join(' and ')} accounts only.`);
  }
  if (model === null || model === '') {
    throw new BadRequestError('missing_required_parameter', "Missing required query parameter 'model': the bare upstream model name, e.g. ?model=gpt-4o-realtime-preview.", 'model');
  }
  if (model.includes('/') && model.startsWith(`${accountName}/`)) {
    throw new BadRequestError('invalid_value', `Invalid value for 'model': pass the bare upstream name "${model.slice(accountName.length + 1)}"; the provider account is already in the path.`, 'model');
  }
  if (!account.models.has(model)) {
    throw new NotFoundError('model_not_found', `The model \`${model}\` does not exist: account "${accountName}" does not enable it.`, 'model');
  }
  return { account, model };
}
