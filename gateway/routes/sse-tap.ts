/**
 * Watches an upstream event stream on its way to the client without changing it: each complete event is
 * forwarded byte for byte as soon as its blank line arrives, and read on the side for usage (the
 * Responses API's `response.completed`, a transcription's `transcript.text.done`). Only an unterminated
 * fragment is held back, so a client never receives half an event. When the caller names the events
 * that end a stream properly, a stream that breaks or ends without one gets one closing error event
 * (`breakOff`) instead of a silent close.
 */
import { SseParser } from '../../lib/sse.ts';
import type { Usage } from '../cost.ts';

export interface SseTap {
  accountName: string;
  /** The client's signal: a break caused by the client going away is not reported to it. */
  signal: AbortSignal;
  onUsage(usage: Usage): void;
  /** Usage carried by one event (its data parsed as JSON), if any. */
  usage?: (data: unknown) => Usage | undefined;
  /** Events after which the stream is complete. */
  isTerminal?: (data: unknown) => boolean;
  /** The event text to append when the stream breaks or ends before a terminal event. */
  breakOff?: (message: string, lastSequence: number | undefined) => string;
}

const encoder = new TextEncoder();
const EVENT_END = /\r\n\r\n|\n\n|\r\r|\r\n\n|\n\r\n/g;

/** End of the last complete event in `text`, searching from `from` (-1: none). */
function lastEventEnd(text: string, from: number): number {
  EVENT_END.lastIndex = from;
  let end = -1;
  for (let m = EVENT_END.exec(text); m; m = EVENT_END.exec(text)) end = m.index + m[0].length;
  return end;
}

export function tapSse(body: ReadableStream<Uint8Array>, tap: SseTap): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const parser = new SseParser();
  let pending = '';
  let terminated = false;
  let lastSequence: number | undefined;
  let done = false;
  const guarded = tap.isTerminal !== undefined && tap.breakOff !== undefined;

  const forward = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    if (!text) return;
    controller.enqueue(encoder.encode(text));
    for (const event of parser.push(text)) {
      let data: unknown;
      try { data = JSON.parse(event.data); } catch { continue; }
      const sequence = (data as { sequence_number?: unknown } | null)?.sequence_number;
      if (typeof sequence === 'number') lastSequence = sequence;
      const usage = tap.usage?.(data);
      if (usage) tap.onUsage(usage);
      if (tap.isTerminal?.(data)) terminated = true;
    }
  };
  const breakOff = (controller: ReadableStreamDefaultController<Uint8Array>, what: string) => {
    done = true;
    controller.enqueue(encoder.encode(tap.breakOff!(`Upstream "${tap.accountName}" ${what}.`, lastSequence)));
    controller.close();
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return;
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          if (terminated) { done = true; controller.close(); return; }
          if (guarded && !terminated && !tap.signal.aborted) { breakOff(controller, 'broke off the stream'); return; }
          done = true;
          controller.error(error);
          return;
        }
        if (next.done) {
          pending += decoder.decode();
          if (guarded && !terminated) { breakOff(controller, 'ended the stream before its final event'); return; }
          forward(controller, pending);
          done = true;
          controller.close();
          return;
        }
        const scanFrom = Math.max(0, pending.length - 3);
        pending += decoder.decode(next.value, { stream: true });
        const end = lastEventEnd(pending, scanFrom);
        if (end > 0) {
          const complete = pending.slice(0, end);
          pending = pending.slice(end);
          forward(controller, complete);
          return;
        }
      }
    },
    async cancel(reason) {
      done = true;
      await reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
