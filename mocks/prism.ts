/**
 * The Prism fallback: an operation of our gateway contract (spec/gateway.yaml) that a simulator has no
 * hand-written route for is answered by @stoplight/prism-http from the contract itself — a static
 * (deterministic) example valid against the response schema, or Prism's request/security validation
 * rewritten into the provider's error envelope — so no endpoint of the contract answers 404 by accident.
 * The contract's paths are mounted under the provider's prefix (`/v1`). Prism is loaded on first use
 * (about half a second), so starting a simulator stays fast. Answers carry `x-touchstone-source: prism`.
 */
import type { IHttpRequest, IHttpResponse } from '@stoplight/prism-http';
import { listOperations, loadSpec } from '../spec/index.ts';

/** A provider-neutral error for the provider's envelope (same shape the fault layer uses). */
export interface ContractError {
  status: number;
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

export interface PrismFallbackOptions {
  /** Where the contract's paths live on the provider (default `/v1`). */
  prefix?: string;
  /** The provider's error envelope as JSON text. */
  errorBody(error: ContractError): string;
}

export interface PrismFallback {
  /** Whether the contract describes `path` (any method). Reads the contract, never loads Prism. */
  covers(path: string): boolean;
  /** Prism's answer for a request whose body was already read (`text`). */
  answer(request: Request, path: string, text: string): Promise<Response>;
}

interface Diagnostic { message: string; code?: string | number; path?: string[]; severity: number }
type PrismCall = (input: IHttpRequest) => Promise<{ output: IHttpResponse; validations: { input: Diagnostic[] } } | { error: Error & { status?: number; detail?: string } }>;

let prism: Promise<PrismCall> | undefined;

const silent = () => {};
const logger: Record<string, unknown> = { level: 'silent', info: silent, warn: silent, error: silent, debug: silent, trace: silent, fatal: silent, success: silent };
logger.child = () => logger;

/** Load Prism and the contract's operations once per process (realtime WebSocket operations left out). */
function loadPrism(): Promise<PrismCall> {
  prism ??= (async () => {
    const mod = await import('@stoplight/prism-http');
    const { createInstance, getHttpOperationsFromSpec } = ((mod as unknown as { default?: typeof mod }).default ?? mod);
    const operations = (await getHttpOperationsFromSpec(structuredClone(loadSpec()))).filter((op) => !op.path.startsWith('/live/'));
    const instance = createInstance(
      { mock: { dynamic: false }, checkSecurity: true, validateRequest: true, validateResponse: false, errors: true, upstreamProxy: undefined, isProxy: false },
      { logger: logger as never },
    );
    return async (input) => {
      const result = await instance.request(input, operations)();
      return result._tag === 'Right' ? { output: result.right.output, validations: result.right.validations as never } : { error: result.left };
    };
  })();
  return prism;
}

function templateRegex(template: string): RegExp {
  const pattern = template.split(/(\{[^}]+\})/).map((part) => part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('');
  return new RegExp(`^${pattern}/?$`);
}

/** The envelope error for Prism's first request/security violation. */
function violationError(status: number, validations: readonly Diagnostic[]): ContractError {
  const v = validations.find((d) => d.severity === 0) ?? validations[0];
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  if (status === 401) return { status, message: 'Invalid or missing API key: send it as a Bearer token in the Authorization header.', type, param: null, code: 'invalid_api_key' };
  if (!v) return { status, message: `The request failed with status ${status}.`, type, param: null, code: null };
  const [where, ...rest] = v.path ?? [];
  const missing = v.code === 'required' ? /property '([^']+)'/.exec(v.message)?.[1] : undefined;
  const field = [...rest, ...(missing ? [missing] : [])];
  const param = where === 'body' ? field[0] ?? null : rest[0] ?? null;
  const display = field.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  if (missing) return { status, message: `Missing required parameter: '${display}'.`, type, param, code: 'missing_required_parameter' };
  return { status, message: display ? `Invalid '${display}': ${v.message}.` : `${v.message}.`, type, param, code: 'invalid_value' };
}

export function createPrismFallback(options: PrismFallbackOptions): PrismFallback {
  const prefix = (options.prefix ?? '/v1').replace(/\/$/, '');
  let templates: RegExp[] | undefined;
  const json = (status: number, body: string, headers: Record<string, string> = {}) =>
    new Response(body, { status, headers: { ...headers, 'content-type': 'application/json', 'x-touchstone-source': 'prism' } });

  return {
    covers(path) {
      if (path !== prefix && !path.startsWith(`${prefix}/`)) return false;
      templates ??= listOperations().filter((op) => !op.realtimeEvents).map((op) => templateRegex(op.path));
      const rel = path.slice(prefix.length);
      return templates.some((t) => t.test(rel));
    },
    async answer(request, path, text) {
      const call = await loadPrism();
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => { headers[key] = value; });
      let body: unknown = text || undefined;
      if (text && (headers['content-type'] ?? '').includes('json')) {
        try { body = JSON.parse(text); } catch { /* Prism reports the unparsable body */ }
      }
      const query: Record<string, string[]> = {};
      for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
      const result = await call({ method: request.method.toLowerCase() as IHttpRequest['method'], url: { path: path.slice(prefix.length) || '/', query }, headers, ...(body === undefined ? {} : { body }) });
      if ('error' in result) {
        const status = result.error.status ?? 500;
        const message = result.error.detail ?? result.error.message;
        return json(status, options.errorBody({ status, message, type: status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null }));
      }
      const { output, validations } = result;
      const outHeaders: Record<string, string> = { 'x-touchstone-source': 'prism' };
      for (const [k, v] of Object.entries(output.headers ?? {})) outHeaders[k.toLowerCase()] = String(v);
      if (output.statusCode >= 400) return json(output.statusCode, options.errorBody(violationError(output.statusCode, validations.input)));
      if (output.body === undefined) return new Response(null, { status: output.statusCode, headers: outHeaders });
      const isText = typeof output.body === 'string';
      if (!isText) outHeaders['content-type'] ??= 'application/json';
      return new Response(isText ? (output.body as string) : JSON.stringify(output.body), { status: output.statusCode, headers: outHeaders });
    },
  };
}
