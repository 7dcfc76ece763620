/**
 * Azure OpenAI error answers → the gateway's envelope, under the shared status rules of upstream-errors.ts
 * (Azure's codes mapped by mappings.ts: DeploymentNotFound → model_not_found with param model,
 * content_filter → content_filter; a 429 passes on retry-after and retry-after-ms). Azure bodies come as
 * `{"error":{"code","message",...,"innererror"}}` (codes like "DeploymentNotFound", "401", "429",
 * "content_filter") or, from API Management, `{"statusCode","message"}`. Mid-stream `{"error":…}`
 * frames are mapped by the same rules.
 */
import type { ErrorType, GatewayError } from '../../errors.ts';
import { applyUpstreamErrorRules, type UpstreamErrorRules } from '../upstream-errors.ts';
import { ERROR_CODES, ERROR_PARAMS } from './mappings.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const ERROR_TYPES: readonly string[] = ['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'rate_limit_error', 'upstream_error', 'server_error'];

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

function gatewayCode(body: AzureErrorBody): string | undefined {
  for (const code of [body.code, body.innerCode]) {
    if (code === undefined) continue;
    const mapped = ERROR_CODES[code];
    if (mapped) return mapped;
  }
  if (body.code !== undefined && !/^\d+$/.test(body.code)) return body.code;
  return undefined;
}

/** Azure's quirks of the shared rules: both retry headers, and only on a 429. */
const AZURE_RULES: UpstreamErrorRules = { retryHeaders: ['retry-after', 'retry-after-ms'], retryHeadersOn: ['rate_limited'] };

/** Map an Azure error (status + parsed body) to the envelope error. */
export function azureError(status: number, body: AzureErrorBody, accountName: string, headers?: Headers): GatewayError {
  const code = gatewayCode(body);
  const param = code === 'model_not_found' ? 'model' : body.param !== undefined ? (ERROR_PARAMS[body.param] ?? body.param) : null;
  const type: ErrorType = status === 404 ? 'not_found_error'
    : body.type !== undefined && ERROR_TYPES.includes(body.type) ? (body.type as ErrorType) : 'invalid_request_error';
  return applyUpstreamErrorRules({ status, message: body.message, type, code, param }, headers, accountName, AZURE_RULES);
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
  if (gatewayCode(fields) === 'content_filter') return 400;
  if (code === '429' || code === 'rate_limit_exceeded' || fields.type === 'rate_limit_error' || fields.type === 'requests') return 429;
  return 500;
}

export function azureStreamError(error: unknown, accountName: string): GatewayError {
  const inner = isObject(error) ? error : {};
  return azureError(streamErrorStatus(inner), errorFields(inner), accountName);
}
