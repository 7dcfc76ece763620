/**
 * The one driver of translated chat providers: build the upstream request, call it, and answer in
 * OpenAI's shape — the translated JSON, or an SSE stream written chunk by chunk as upstream frames
 * arrive (no buffering, no sleep), ending with `data: [DONE]`. A mid-stream upstream error becomes an
 * OpenAI error event followed by a clean end of the body, never a silent close or an empty 200.
 */
import { bufferedResponse } from '../../lib/serve.ts';
import { readSse } from '../../lib/sse.ts';
import { GatewayError, UpstreamError } from '../errors.ts';
import type { ChatCall } from './adapter.ts';
import type { ChatBody, ChatChunk, ChatContext, ChatTranslator, ChatUsage, UpstreamFrame } from './types.ts';
import { UpstreamStreamError, usageOfChunk } from './types.ts';

const encoder = new TextEncoder();
const sse = (value: unknown) => encoder.encode(`data: ${JSON.stringify(value)}\n\n`);
const DONE = encoder.encode('data: [DONE]\n\n');

async function* sseFrames(body: ReadableStream<Uint8Array>): AsyncIterable<UpstreamFrame> {
  for await (const ev of readSse(body)) yield { kind: 'sse', ...(ev.event !== undefined ? { event: ev.event } : {}), data: ev.data };
}

export type { ChatCall as DriverCall } from './adapter.ts';

/**
 * The gateway charges streams from their final usage, so a stream is always translated (and requested)
 * with `stream_options.include_usage`; the usage chunk reaches the client only if it asked. A
 * `stream_options` of the wrong type is left alone for the translator to refuse.
 */
export function withUsageRequested(body: ChatBody, ctx: ChatContext): { body: ChatBody; ctx: ChatContext } {
  const so = body.stream_options;
  const plain = typeof so === 'object' && so !== null && !Array.isArray(so);
  const include = plain ? (so as Record<string, unknown>).include_usage : undefined;
  if (!ctx.stream || ctx.includeUsage || !(so === undefined || (plain && (include === undefined || include === false)))) return { body, ctx };
  return { body: { ...body, stream_options: { ...(plain ? so : {}), include_usage: true } }, ctx: { ...ctx, includeUsage: true } };
}

export async function runTranslatedChat(translator: ChatTranslator, call: ChatCall): Promise<Response> {
  const { signal, fetch, onUsage } = call;
  const clientWantsUsage = call.ctx.includeUsage;
  const { body, ctx } = withUsageRequested(call.body, call.ctx);
  const upstreamRequest = await translator.buildRequest(body, ctx);
  let upstream: Response;
  try {
    upstream = await fetch(upstreamRequest.url, { method: 'POST', headers: upstreamRequest.headers, body: upstreamRequest.body, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new UpstreamError(502, 'upstream_unreachable', `The upstream provider account "${ctx.account.name}" could not be reached.`);
  }
  if (!upstream.ok) {
    const text = await upstream.text().catch(() => '');
    throw translator.parseError(upstream.status, text.slice(0, 64 * 1024), upstream.headers, ctx);
  }
  const headers = { 'x-upstream-request-id': upstream.headers.get('x-request-id') ?? upstream.headers.get('request-id') ?? upstream.headers.get('x-amzn-requestid') ?? '' };
  if (!ctx.stream) {
    let json: unknown;
    try { json = await upstream.json(); } catch {
      throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${ctx.account.name}" sent a body that is not JSON.`);
    }
    const completion = translator.parseResponse(json, ctx);
    if (completion.usage) onUsage?.(completion.usage as ChatUsage);
    return bufferedResponse(JSON.stringify(completion), { status: 200, headers: { 'content-type': 'application/json', ...headers } });
  }
  if (!upstream.body) throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${ctx.account.name}" sent no stream body.`);
  const translate = translator.createStreamTranslator(ctx);
  const frames = (translator.frames ?? sseFrames)(upstream.body)[Symbol.asyncIterator]();
  let finished = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      try {
        for (;;) {
          const next = await frames.next();
          const chunks: ChatChunk[] = next.done ? translate.end() : translate.push(next.value);
          let sent = 0;
          for (const chunk of chunks) {
            const usage = usageOfChunk(chunk);
            if (usage) onUsage?.(usage);
            if (usage && !clientWantsUsage) continue;
            controller.enqueue(sse(chunk));
            sent++;
          }
          if (next.done) { controller.enqueue(DONE); finished = true; controller.close(); return; }
          if (sent) return; // let the consumer read before pulling the next frame
        }
      } catch (error) {
        finished = true;
        if (signal.aborted) { controller.error(error); return; }
        const gatewayError = error instanceof UpstreamStreamError ? error.error
          : error instanceof GatewayError ? error
          : new UpstreamError(502, 'upstream_stream_error', `Upstream "${ctx.account.name}" stream failed: ${(error as Error).message}`);
        controller.enqueue(sse(gatewayError.toJSON()));
        controller.close();
      }
    },
    async cancel() {
      finished = true;
      await frames.return?.();
    },
  });
  return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers } });
}
