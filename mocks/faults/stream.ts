/**
 * Cutting a response body short, provider-neutrally. `cutEventStream` re-frames a streamed body event
 * by event — SSE by default (lib/sse.ts), or any other framing a simulator supplies as a
 * `StreamFraming` (AWS's binary eventstream, say) — and, after N events, does one thing: close
 * cleanly, inject an event and close, inject an event and carry on, hang until the client goes away,
 * or fail (the server then destroys the socket). It reads one event ahead so the final event of the
 * stream (`[DONE]`, `response.completed`, `message_stop`...) is never among the N: a cut is always
 * before the end.
 * `cutAfterBytes` fails any body after N bytes. Both pull lazily; the only timer is the short pause
 * before a failure (`FLUSH_PAUSE_MS`, cleared if the client leaves first), which lets the bytes already
 * written reach the client before the connection drops — a client's HTTP stack discards data it has
 * buffered but not yet handed over when the connection fails in the same instant.
 */
import { SseParser } from '../../lib/sse.ts';

/**
 * How a streamed body is cut into events, and what an unparsable one looks like. Frames are bytes, so
 * text and binary framings go through the same cutter.
 */
export interface StreamFraming {
  /** Content type (a prefix) of a response in this framing, e.g. `text/event-stream`. */
  contentType: string;
  /** A fresh splitter: `push` bytes, receive whole frames; `end()` gives a trailing partial frame, if any. */
  splitter(): { push(chunk: Uint8Array): Uint8Array[]; end(): Uint8Array[] };
  /** The unparsable frame `malformed_event` injects (`data`: the fault's text, when it gave one). */
  malformedFrame(data: string | undefined, context: { path: string }): Uint8Array;
}

const textEncoder = new TextEncoder();

/** Server-sent events: the default framing. */
export const SSE_FRAMING: StreamFraming = {
  contentType: 'text/event-stream',
  splitter() {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    return {
      push: (chunk) => parser.push(decoder.decode(chunk, { stream: true })).map((ev) => textEncoder.encode(`${ev.raw}\n\n`)),
      end() {
        const out = parser.push(decoder.decode()).map((ev) => textEncoder.encode(`${ev.raw}\n\n`));
        const partial = parser.end();
        if (partial) out.push(textEncoder.encode(partial.raw));
        return out;
      },
    };
  },
  malformedFrame: (data) => textEncoder.encode(`data: ${data ?? '{not json'}\n\n`),
};

/** Injected text is encoded as UTF-8; bytes go out as they are. */
export type CutAction =
  | { action: 'close' }
  | { action: 'inject-close'; text: string | Uint8Array }
  | { action: 'inject-continue'; text: string | Uint8Array }
  | { action: 'hang' }
  | { action: 'fail' };

/** How the faulted body ended: fully handed over, cancelled by the client, or failed on purpose. */
export type CutOutcome = 'delivered' | 'cancelled' | 'cut';

export const FLUSH_PAUSE_MS = 25;

/** Resolves after FLUSH_PAUSE_MS, or as soon as `cancelled` registers a wake-up and it is called. */
function flushPause(onWake: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FLUSH_PAUSE_MS);
    onWake(() => { clearTimeout(timer); resolve(); });
  });
}

export class BodyCutError extends Error {
  constructor(message = 'response body cut by a touchstone fault') {
    super(message);
    this.name = 'BodyCutError';
  }
}

/** `onEnd` runs once, after the original body was released, before the client sees the end. */
export function cutEventStream(
  body: ReadableStream<Uint8Array>, afterEvents: number, cut: CutAction, onEnd: (outcome: CutOutcome) => void,
  framing: StreamFraming = SSE_FRAMING,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const splitter = framing.splitter();
  const encode = (text: string | Uint8Array) => (typeof text === 'string' ? textEncoder.encode(text) : text);
  const queue: Uint8Array[] = [];
  let innerDone = false;
  let emitted = 0;
  let passthrough = false;
  let ended = false;
  let wake: (() => void) | undefined;

  const finish = async (outcome: CutOutcome) => {
    if (ended) return;
    ended = true;
    if (!innerDone) await reader.cancel().catch(() => {});
    onEnd(outcome);
  };

  /** Read until `queue` holds `n` events or the original body ended. */
  const fill = async (n: number) => {
    while (queue.length < n && !innerDone) {
      const { done, value } = await reader.read();
      if (done) {
        innerDone = true;
        queue.push(...splitter.end());
        break;
      }
      queue.push(...splitter.push(value));
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (passthrough) {
        await fill(1);
        if (ended) return;
        if (queue.length) { controller.enqueue(queue.shift()!); return; }
        await finish('delivered');
        controller.close();
        return;
      }
      if (emitted < afterEvents) {
        await fill(2);
        if (ended) return;
        if (queue.length >= 2) { controller.enqueue(queue.shift()!); emitted++; return; }
      }
      switch (cut.action) {
        case 'close': await finish('delivered'); controller.close(); return;
        case 'inject-close':
          controller.enqueue(encode(cut.text));
          await finish('delivered');
          controller.close();
          return;
        case 'inject-continue': controller.enqueue(encode(cut.text)); passthrough = true; return;
        case 'hang': await new Promise<void>((resolve) => { wake = resolve; }); return;
        case 'fail':
          await flushPause((w) => { wake = w; });
          if (ended) return;
          await finish('cut');
          controller.error(new BodyCutError());
          return;
      }
    },
    async cancel() {
      wake?.();
      await finish('cancelled');
    },
  }, { highWaterMark: 0 });
}

/** Hand over the first `afterBytes` bytes of any body, then fail it (even if it would have ended sooner). */
export function cutAfterBytes(body: ReadableStream<Uint8Array>, afterBytes: number, onEnd: (outcome: CutOutcome) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let sent = 0;
  let ended = false;
  let innerDone = false;
  let wake: (() => void) | undefined;
  const finish = async (outcome: CutOutcome, release: boolean) => {
    if (ended) return;
    ended = true;
    if (release) await reader.cancel().catch(() => {});
    onEnd(outcome);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent < afterBytes) {
        const { done, value } = await reader.read();
        if (ended) return;
        if (!done) {
          const part = value.byteLength > afterBytes - sent ? value.subarray(0, afterBytes - sent) : value;
          sent += part.byteLength;
          controller.enqueue(part);
          return;
        }
        innerDone = true;
      }
      await flushPause((w) => { wake = w; });
      if (ended) return;
      await finish('cut', !innerDone);
      controller.error(new BodyCutError());
    },
    async cancel() {
      wake?.();
      await finish('cancelled', true);
    },
  }, { highWaterMark: 0 });
}
