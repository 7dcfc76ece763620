/**
 * How a request is dressed for a target described by a profile: the key moved from
 * `Authorization: Bearer` to the profile's auth header, the profile's extra headers, the routing
 * headers of the model the body names (gateways that route by header, not by a model prefix), and
 * `x-tfy-provider-name` renamed to the profile's provider-account header. The recorder applies it to
 * raw requests and to the openai SDK's, so suites keep writing requests the OpenAI way.
 */
import type { Target } from '../target.ts';

const PROVIDER_ACCOUNT_HEADER = 'x-tfy-provider-name';

/** The model id a request body names (JSON `model` or a multipart `model` field), if any. */
export function modelOfBody(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      const model = (JSON.parse(body) as { model?: unknown } | null)?.model;
      return typeof model === 'string' ? model : undefined;
    } catch { return undefined; }
  }
  if (body instanceof FormData) {
    const model = body.get('model');
    return typeof model === 'string' ? model : undefined;
  }
  return undefined;
}

/** True when the target needs requests rewritten (a profile set auth, headers or routing). */
export function rewritesRequests(target: Target): boolean {
  return Boolean(target.auth || target.headers || target.modelHeaders || target.providerAccountHeader);
}

/** Rewrite `headers` in place for the target; `body` is the request body as sent (string or FormData). */
export function applyTargetHeaders(target: Target, headers: Headers, body: unknown): void {
  if (target.auth) {
    const value = headers.get('authorization');
    if (value !== null) {
      headers.delete('authorization');
      const key = value.replace(/^Bearer\s+/i, '');
      headers.set(target.auth.header, target.auth.scheme ? `${target.auth.scheme} ${key}` : key);
    }
  }
  for (const [name, value] of Object.entries(target.headers ?? {})) if (!headers.has(name)) headers.set(name, value);
  const model = modelOfBody(body);
  const routing = model === undefined ? undefined : target.modelHeaders?.[model];
  for (const [name, value] of Object.entries(routing ?? {})) headers.set(name, value);
  const renamed = target.providerAccountHeader;
  if (renamed && renamed.toLowerCase() !== PROVIDER_ACCOUNT_HEADER) {
    const account = headers.get(PROVIDER_ACCOUNT_HEADER);
    if (account !== null) {
      headers.delete(PROVIDER_ACCOUNT_HEADER);
      headers.set(renamed, account);
    }
  }
}
