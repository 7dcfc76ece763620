/**
 * Map an upstream error response to the gateway's envelope. 4xx keep their status and the upstream's
 * message/type/param/code when it already speaks the OpenAI envelope; 429 keeps retry-after; 5xx
 * become 502 carrying the upstream's message; 401/403 (the account's key refused) become 502 without it. Upstream request headers are never echoed.
 */
import { GatewayError, UpstreamError } from '../errors.ts';

const MAX_ERROR_BODY = 64 * 1024;

export async function relayUpstreamError(upstream: Response, accountName: string): Promise<GatewayError> {
  const text = (await upstream.text().catch(() => '')).slice(0, MAX_ERROR_BODY);
  let inner: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (parsed && typeof parsed.error === 'object' && parsed.error !== null) inner = parsed.error as Record<string, unknown>;
  } catch { /* not JSON: use the status text */ }
  const message = typeof inner?.message === 'string' ? inner.message : `Upstream "${accountName}" answered ${upstream.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  const headers: Record<string, string> = {};
  const retryAfter = upstream.headers.get('retry-after');
  if (retryAfter) headers['retry-after'] = retryAfter;
  if (upstream.status === 401 || upstream.status === 403) {
    // The account's credentials were refused. Not the client's fault, and the upstream message may echo
    // part of the provider key (OpenAI masks but keeps a prefix and suffix), so it is not relayed.
    return new UpstreamError(502, 'upstream_auth_failed', `Upstream "${accountName}" refused the provider account's credentials (${upstream.status}).`);
  }
  if (upstream.status >= 500) {
    return new UpstreamError(502, 'upstream_error', `Upstream "${accountName}" failed with ${upstream.status}: ${message}`, headers);
  }
  if (upstream.status === 429) return new UpstreamError(429, typeof inner?.code === 'string' ? inner.code : 'rate_limit_exceeded', message, headers);
  const type = typeof inner?.type === 'string' ? inner.type : 'invalid_request_error';
  const code = typeof inner?.code === 'string' ? inner.code : upstream.status === 404 ? 'not_found' : 'upstream_rejected';
  const param = typeof inner?.param === 'string' ? inner.param : null;
  return new GatewayError(upstream.status, type as GatewayError['type'], code, message, param, headers);
}
