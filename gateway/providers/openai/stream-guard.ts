/**
 * Watches an OpenAI SSE body on its way through the passthrough without changing it: every complete
 * event is forwarded as the upstream wrote it, as soon as its terminating blank line arrives. Only when
 * the upstream fails — the body ends before `data: [DONE]` (truncated) or the connection breaks —
 * does the guard add something: one OpenAI error event, then a clean end, so the client sees a loud
 * failure instead of a silent close. An unterminated event fragment at a cut is not forwarded (no
 * client could parse it). An upstream `{"error":…}` event is OpenAI's own error signal: passed through.
 * The usage chunk is reported to `onUsage`; with `stripUsage` (the gateway asked for usage, the client
 * did not) it is dropped and the `"usage":null` OpenAI adds to the other chunks is removed again, so the
 * client sees what it would have seen without the gateway's request.
 */
import { SseParser } from '../../../lib/sse.ts';
import { UpstreamError } from '../../errors.ts';
import { usageOfChunk, type ChatUsage } from '../types.ts';

const encoder = new TextEncoder();

function isErrorEvent(data: string): boolean {
  if (!data.includes('"error"')) return false;
  try {
    const value = JSON.parse(data) as { error?: unknown };
    return typeof value === 'object' && value !== null && typeof value.error === 'object' && value.error !== null;
  } catch { return false; }
}

/** The end of the last complete event in `text` (after its blank line), or -1. */
function lastEventEnd(text: string): number {
  let end = -1;
  for (const m of text.matchAll(/\r\n\r\n|\n\n|\r\r|\r\n\n|\n\r\n/g)) end = m.index + m[0].length;
  return end;
}

export interface GuardOptions {
  onUsage?: (usage: ChatUsage) => void;
  stripUsage?: boolean;
}

/** The usage of an event's usage-only chunk; only events that mention a usage object are parsed. */
function usageChunk(data: string): ChatUsage | undefined {
  if (!data.includes('"usage":{') && !data.includes('"usage": {')) return undefined;
  try { return usageOfChunk(JSON.parse(data) as Record<string, unknown>); } catch { return undefined; }
}

export function guardOpenAIStream(body: ReadableStream<Uint8Array>, accountName: string, signal: AbortSignal, options: GuardOptions = {}): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // keep every byte, BOM included
  const parser = new SseParser();
  let pending = '';
  let terminated = false; // [DONE] or an upstream error event was forwarded
  let closed = false;

  const forward = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    if (!text) return;
    let rewritten: string | undefined;
    for (const ev of parser.push(text)) {
      if (ev.data === '[DONE]' || isErrorEvent(ev.data)) terminated = true;
      const usage = usageChunk(ev.data);
      if (usage) options.onUsage?.(usage);
      if (options.stripUsage) {
        rewritten ??= '';
        if (!usage) rewritten += `data: ${ev.data.replace(/,"usage":null(?=[,}])/, '')}\n\n`;
      }
    }
    const out = rewritten ?? text;
    if (out) controller.enqueue(encoder.encode(out));
  };
  const fail = (controller: ReadableStreamDefaultController<Uint8Array>, code: string, what: string) => {
    const error = new UpstreamError(502, code, `Upstream "${accountName}" ${what}.`);
    controller.enqueue(encoder.encode(`data: ${JSON.stringify(error.toJSON())}\n\n`));
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (closed) return;
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          closed = true;
          if (signal.aborted) { controller.error(error); return; }
          if (!terminated) fail(controller, 'upstream_stream_error', `stream failed: ${(error as Error).message}`);
          controller.close();
          return;
        }
        if (next.done) {
          closed = true;
          pending += decoder.decode();
          const end = lastEventEnd(pending);
          if (end !== -1) forward(controller, pending.slice(0, end));
          if (!terminated) fail(controller, 'upstream_stream_truncated', 'ended the stream before its terminal [DONE] event');
          controller.close();
          return;
        }
        pending += decoder.decode(next.value, { stream: true });
        const end = lastEventEnd(pending);
        if (end === -1) continue;
        forward(controller, pending.slice(0, end));
        pending = pending.slice(end);
        return; // let the consumer read before pulling more
      }
    },
    async cancel(reason) {
      closed = true;
      await reader.cancel(reason);
    },
  });
}
