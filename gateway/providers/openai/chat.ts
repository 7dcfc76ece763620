/**
 * OpenAI upstream for chat completions: OpenAI IS the contract, so the request is forwarded as the
 * client sent it (unknown parameters included — OpenAI judges them), with the model replaced by the
 * bare upstream name and the account's key. Success bodies (JSON or SSE) are passed through byte for
 * byte as they arrive — never buffered; a stream that breaks or ends before `[DONE]` gets one OpenAI
 * error event appended (stream-guard.ts) instead of a silent close. Error answers follow the status
 * rules of upstream-errors.ts (4xx kept with OpenAI's message, 401/403 → 502 without it, 429 with
 * retry-after, 5xx → 502).
 */
import { readNodeBody } from '../../../lib/node-body.ts';
import { bufferedResponse } from '../../../lib/serve.ts';
import { UpstreamError } from '../../errors.ts';
import { withModelText } from '../../http.ts';
import type { ChatCall } from '../adapter.ts';
import { withUsageRequested } from '../driver.ts';
import { relayUpstreamError } from '../upstream-errors.ts';
import type { ChatUsage } from '../types.ts';
import { guardOpenAIStream } from './stream-guard.ts';

const decoder = new TextDecoder();

function usageOfJson(bytes: Uint8Array): ChatUsage | undefined {
  try {
    const json = JSON.parse(decoder.decode(bytes)) as { usage?: ChatUsage };
    return json.usage ?? undefined;
  } catch { return undefined; }
}

export async function openaiChat({ ctx, body, signal, fetch, onUsage }: ChatCall): Promise<Response> {
  const { account } = ctx;
  const stream = body.stream === true;
  // The gateway charges from the final usage: ask for it, and keep the usage chunk from a client that did not.
  const asked = withUsageRequested(body, ctx);
  const injectUsage = asked.body !== body;
  // The client's own text with the model spliced in when nothing else changes (no re-serialisation).
  const upstreamText = injectUsage ? undefined : withModelText(body, ctx.model);
  const upstreamBody = { ...asked.body, model: ctx.model };
  let upstream: Response;
  try {
    upstream = await fetch(`${account.baseURL}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
        authorization: `Bearer ${account.apiKey}`,
        'x-request-id': ctx.requestId,
      },
      body: upstreamText ?? JSON.stringify(upstreamBody),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new UpstreamError(502, 'upstream_unreachable', `The upstream provider account "${account.name}" could not be reached.`);
  }
  if (!upstream.ok) throw await relayUpstreamError(upstream, account.name);
  const headers = new Headers({ 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
  const upstreamId = upstream.headers.get('x-request-id');
  if (upstreamId) headers.set('x-upstream-request-id', upstreamId);
  const isEventStream = /^text\/event-stream\b/i.test(upstream.headers.get('content-type') ?? '');
  if (!isEventStream || !upstream.body) {
    // JSON answers are small and complete: read them to learn the usage, pass the bytes on unchanged.
    const bytes = await (readNodeBody(upstream) ?? upstream.arrayBuffer().then((b) => new Uint8Array(b)));
    const usage = usageOfJson(bytes);
    if (usage) onUsage?.(usage);
    return bufferedResponse(bytes, { status: upstream.status, headers });
  }
  headers.set('cache-control', 'no-cache');
  return new Response(guardOpenAIStream(upstream.body, account.name, signal, { onUsage, stripUsage: injectUsage }), { status: upstream.status, headers });
}
