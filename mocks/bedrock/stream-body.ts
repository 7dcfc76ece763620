/**
 * Streamed answers on the wire: encoded event-stream frames handed out one per pull (no buffering, no
 * timer unless a per-chunk delay is configured), with the journal told how the stream ended. The
 * journal's `journaled` layer marks a non-SSE answer complete when it is handed over, so the first pull
 * reopens the entry and the end (or the client's cancel) settles it.
 */
import type { JournalEntry } from '../journal.ts';
import { eventFrame } from './eventstream.ts';
import type { StreamEvent } from './converse-render.ts';

export const EVENTSTREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

export interface FrameStreamOptions {
  chunkDelayMs: number;
  entry: JournalEntry;
}

export function frameStream(frames: readonly Uint8Array[], options: FrameStreamOptions): ReadableStream<Uint8Array> {
  let next = 0;
  let ended = false;
  const { entry } = options;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next === 0 && !ended) entry.completed = false;
      if (options.chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.chunkDelayMs));
      if (ended) return;
      if (next < frames.length) { controller.enqueue(frames[next++]!); return; }
      ended = true;
      entry.completed = true;
      controller.close();
    },
    cancel() {
      if (!ended) { ended = true; entry.aborted = true; }
    },
  }, { highWaterMark: 0 });
}

/** ConverseStream events as frames. */
export function eventFrames(events: readonly StreamEvent[]): Uint8Array[] {
  return events.map((e) => eventFrame(e.type, e.payload));
}

/** InvokeModelWithResponseStream: each native event JSON, base64 in a `chunk` event's `bytes`. */
export function chunkFrames(nativeEvents: readonly unknown[], padding?: () => string): Uint8Array[] {
  return nativeEvents.map((event) => eventFrame('chunk', {
    bytes: Buffer.from(JSON.stringify(event)).toString('base64'),
    ...(padding ? { p: padding() } : {}),
  }));
}

export function eventStreamResponse(frames: readonly Uint8Array[], headers: Record<string, string>, options: FrameStreamOptions): Response {
  return new Response(frameStream(frames, options), { status: 200, headers: { 'content-type': EVENTSTREAM_CONTENT_TYPE, ...headers } });
}
