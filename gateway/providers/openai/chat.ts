/**
 * OpenAI upstream for chat completions: the request is forwarded as the client sent it (unknown
 * parameters included), with the model replaced by the bare upstream name and the account's key.
 * Success bodies (JSON or SSE) are passed through byte for byte as they arrive — never buffered.
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatCall } from '../adapter.ts';
import { relayUpstreamError } from '../upstream-errors.ts';

export async function openaiChat({ ctx, body, signal, fetch }: ChatCall): Promise<Response> {
  const target = { account: ctx.account, model: ctx.model };
  const requestId = ctx.requestId;
  const upstreamBody = JSON.stringify({ ...body, model: target.model });
  let upstream: Response;
  try {
    upstream = await fetch(`${target.account.baseURL}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: body.stream === true ? 'text/event-stream' : 'application/json',
        authorization: `Bearer ${target.account.apiKey}`,
        'x-request-id': requestId,
      },
      body: upstreamBody,
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new UpstreamError(502, 'upstream_unreachable', `The upstream provider account "${target.account.name}" could not be reached.`);
  }
  if (!upstream.ok) throw await relayUpstreamError(upstream, target.account.name);
  const headers = new Headers({ 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
  const upstreamId = upstream.headers.get('x-request-id');
  if (upstreamId) headers.set('x-upstream-request-id', upstreamId);
  if (body.stream === true) headers.set('cache-control', 'no-cache');
  return new Response(upstream.body, { status: upstream.status, headers });
}
