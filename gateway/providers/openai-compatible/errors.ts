/**
 * OpenAI-compatible upstream errors → the gateway's envelope. The providers agree on statuses but not on
 * bodies; ERROR_BODY_SHAPES reads each shape into {message, type, code, param}:
 *   OpenAI/Groq/Together/SambaNova/DeepInfra/Perplexity  {"error":{"message","type","code","param"}}
 *   Cerebras                                             {"message","type","param","code"}
 *   xAI                                                  {"code":"<gRPC status text>","error":"<message>"}
 *   FastAPI (AI21, DeepInfra validation)                 {"detail":"…"} or {"detail":[{"loc","msg"}]}
 *   openresty / proxies (Perplexity 401, 502, 504)       an HTML page: its <title>
 * The status rules are the shared ones of gateway/providers/upstream-errors.ts, with the providers'
 * declared exceptions: a model_not_found / invalid_model code or type is an unknown model (404 whatever
 * the status), and a message a provider uses for a refused key under another status (xAI's 400,
 * quirks.ts authFailureMessages) is an auth failure.
 */
import type { ErrorType, GatewayError } from '../../errors.ts';
import { applyUpstreamErrorRules } from '../upstream-errors.ts';
import type { ProviderQuirks } from './quirks.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export interface UpstreamErrorInfo {
  message?: string;
  type?: string;
  code?: string;
  /** A numeric code some providers put in the body (Perplexity's `code: 400`). */
  statusCode?: number;
  param?: string;
}

function fastApiDetail(detail: unknown): UpstreamErrorInfo | undefined {
  if (typeof detail === 'string') return { message: detail };
  if (!Array.isArray(detail) || detail.length === 0) return undefined;
  const items = detail.filter(isObject);
  const where = (item: Json) => (Array.isArray(item.loc) ? item.loc.filter((p) => p !== 'body').join('.') : '');
  const message = items.map((item) => `${where(item) ? `${where(item)}: ` : ''}${String(item.msg ?? 'invalid')}`).join('; ');
  const first = items[0] ? where(items[0]) : '';
  const param = first && !/^\d+$/.test(first) ? first : undefined;
  return { message: message || 'The request was invalid.', type: 'invalid_request_error', ...(param ? { param } : {}) };
}

function fromOpenAIShape(inner: Json): UpstreamErrorInfo {
  return {
    ...(str(inner.message) ? { message: str(inner.message) } : {}),
    ...(str(inner.type) ? { type: str(inner.type) } : {}),
    ...(str(inner.code) ? { code: str(inner.code) } : {}),
    ...(typeof inner.code === 'number' ? { statusCode: inner.code } : {}),
    ...(str(inner.param) ? { param: str(inner.param) } : {}),
  };
}

/** The body shapes, tried in order; the first that recognizes the body wins. */
export const ERROR_BODY_SHAPES: readonly { name: string; read(body: Json): UpstreamErrorInfo | undefined }[] = [
  { name: 'openai-envelope', read: (b) => (isObject(b.error) ? fromOpenAIShape(b.error) : undefined) },
  { name: 'xai', read: (b) => (typeof b.error === 'string' ? { message: b.error, ...(str(b.code) ? { type: str(b.code) } : {}) } : undefined) },
  { name: 'fastapi', read: (b) => fastApiDetail(b.detail) },
  { name: 'top-level', read: (b) => (typeof b.message === 'string' ? fromOpenAIShape(b) : undefined) },
];

function htmlTitle(text: string): string | undefined {
  const m = /<title>([^<]*)<\/title>/i.exec(text) ?? /<h1>([^<]*)<\/h1>/i.exec(text);
  return m?.[1]?.trim() || undefined;
}

/** Read an error body (JSON object or not) into its parts. */
export function readErrorBody(text: string): UpstreamErrorInfo {
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  if (isObject(parsed)) {
    for (const shape of ERROR_BODY_SHAPES) {
      const info = shape.read(parsed);
      if (info) return info;
    }
    return {};
  }
  const title = htmlTitle(text);
  if (title) return { message: title };
  const plain = text.trim().slice(0, 200);
  return plain ? { message: plain } : {};
}

/** Is this parsed stream frame an error rather than a chunk? (Chunks always carry `choices`.) */
export function isErrorFrame(frame: Json): boolean {
  if (Array.isArray(frame.choices)) return false;
  return frame.error !== undefined || frame.detail !== undefined || typeof frame.message === 'string';
}

const OPENAI_ERROR_TYPES: readonly ErrorType[] = ['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'rate_limit_error', 'upstream_error', 'server_error'];
const MODEL_NOT_FOUND = /^(model_not_found|invalid_model|model_not_available)$/;

/** The gateway error for an upstream error status and body. */
export function mapUpstreamError(status: number, info: UpstreamErrorInfo, headers: Headers | undefined, accountName: string, quirks: ProviderQuirks): GatewayError {
  const modelNotFound = MODEL_NOT_FOUND.test(info.code ?? '') || MODEL_NOT_FOUND.test(info.type ?? '');
  // An unknown model is an invalid_request_error, as OpenAI sends it; otherwise a known type is kept.
  const type = !modelNotFound && OPENAI_ERROR_TYPES.includes(info.type as ErrorType) ? (info.type as ErrorType) : 'invalid_request_error';
  return applyUpstreamErrorRules({ status, message: info.message, type, code: info.code, param: info.param }, headers, accountName, {
    // A provider may refuse a key under another status (xAI's 400): its message says so.
    authFailure: info.message !== undefined && quirks.authFailureMessages.some((re) => re.test(info.message!)),
    modelNotFound,
  });
}

const RATE_LIMIT_TYPES = /rate_limit|too_many_requests|^requests$|^tokens$/;

/**
 * An error frame inside a 200 stream: its status comes from the body (Perplexity's numeric code, a
 * rate-limit type) or defaults to a server failure; then the usual status rules apply.
 */
export function mapStreamError(frame: Json, accountName: string, quirks: ProviderQuirks): GatewayError {
  const info = ERROR_BODY_SHAPES.map((s) => s.read(frame)).find((i) => i !== undefined) ?? {};
  const status = info.statusCode !== undefined && info.statusCode >= 400 && info.statusCode < 600 ? info.statusCode
    : RATE_LIMIT_TYPES.test(info.type ?? '') || RATE_LIMIT_TYPES.test(info.code ?? '') ? 429
    : info.type === 'invalid_request_error' ? 400
    : 500;
  return mapUpstreamError(status, info, undefined, accountName, quirks);
}
