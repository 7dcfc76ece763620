/**
 * Azure OpenAI error answers → the gateway's envelope, under the status rules of upstream-errors.ts:
 * 400/404/422 keep their status and Azure's message (DeploymentNotFound → 404 model_not_found,
 * content_filter → 400 content_filter); 401/403 → 502 upstream_auth_failed without Azure's message;
 * 429 stays 429 with retry-after; other 5xx → 502 carrying Azure's message. Azure bodies come as
 * `{"error":{"code","message",...,"innererror"}}` (codes like "DeploymentNotFound", "401", "429",
 * "content_filter") or, from API Management, `{"statusCode","message"}`. Mid-stream `{"error":…}`
 * frames are mapped by the same rules.
 */
import { GatewayError, UpstreamError, type ErrorType } from '../../errors.ts';
import { ERROR_CODES, ERROR_PARAMS } from './mappings.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const ERROR_TYPES: readonly string[] = ['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'rate_limit_error', 'upstream_error', 'server_error'];

/** Headers of a 429 worth passing on to the client (Azure sends both). */
const RETRY_HEADERS = ['retry-after', 'retry-after-ms'] as const;

interface AzureErrorBody { code?: string; message?: string; type?: string; param?: string; innerCode?: string }

export function readAzureErrorBody(text: string): AzureErrorBody {
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { return {}; }
  if (!isObject(parsed)) return {};
  const inner = isObject(parsed.error) ? parsed.error : parsed;
  return errorFields(inner);
}

function errorFields(inner: Json): AzureErrorBody {
  const innererror = isObject(inner.innererror) ? inner.innererror : undefined;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const code = str(inner.code) ?? (typeof inner.code === 'number' ? String(inner.code) : undefined);
  const out: AzureErrorBody = {};
  if (code !== undefined) out.code = code;
  const message = str(inner.message);
  if (message !== undefined) out.message = message;
  const type = str(inner.type);
  if (type !== undefined) out.type = type;
  const param = str(inner.param);
  if (param !== undefined) out.param = param;
  const innerCode = str(innererror?.code);
  if (innerCode !== undefined) out.innerCode = innerCode;
  return out;
}

function gatewayCode(body: AzureErrorBody, fallback: string): string {
  for (const code of [body.code, body.innerCode]) {
    if (code === undefined) continue;
    const mapped = ERROR_CODES[code];
    if (mapped) return mapped;
  }
  if (body.code !== undefined && !/^\d+$/.test(body.code)) return body.code;
  return fallback;
}

/** Map an Azure error (status + parsed body) to the envelope error. */
export function azureError(status: number, body: AzureErrorBody, accountName: string, headers?: Headers): GatewayError {
  const message = body.message ?? `Upstream "${accountName}" answered ${status}.`;
  if (status === 401 || status === 403) {
    return new UpstreamError(502, 'upstream_auth_failed', `Upstream "${accountName}" refused the provider account's credentials (${status}).`);
  }
  if (status === 429) {
    const retry: Record<string, string> = {};
    for (const name of RETRY_HEADERS) {
      const value = headers?.get(name);
      if (value) retry[name] = value;
    }
    return new UpstreamError(429, gatewayCode(body, 'rate_limit_exceeded'), message, retry);
  }
  if (status >= 500) return new UpstreamError(502, 'upstream_error', `Upstream "${accountName}" failed with ${status}: ${message}`);
  const code = gatewayCode(body, status === 404 ? 'not_found' : 'upstream_rejected');
  const param = code === 'model_not_found' ? 'model' : body.param !== undefined ? (ERROR_PARAMS[body.param] ?? body.param) : null;
  const type: ErrorType = status === 404 ? 'not_found_error'
    : body.type !== undefined && ERROR_TYPES.includes(body.type) ? (body.type as ErrorType) : 'invalid_request_error';
  return new GatewayError(status, type, code, message, param);
}

export function parseAzureError(status: number, text: string, headers: Headers, accountName: string): GatewayError {
  return azureError(status, readAzureErrorBody(text), accountName, headers);
}

/**
 * The status an error frame inside a 200 stream stands for: Azure's own `status` field when present,
 * else content filtering (400), rate limiting (429), else a server failure (500 → 502).
 */
export function streamErrorStatus(error: Json): number {
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 600) return error.status;
  const fields = errorFields(error);
  const code = fields.code ?? '';
  if (gatewayCode(fields, '') === 'content_filter') return 400;
  if (code === '429' || code === 'rate_limit_exceeded' || fields.type === 'rate_limit_error' || fields.type === 'requests') return 429;
  return 500;
}

export function azureStreamError(error: unknown, accountName: string): GatewayError {
  const inner = isObject(error) ? error : {};
  return azureError(streamErrorStatus(inner), errorFields(inner), accountName);
}
