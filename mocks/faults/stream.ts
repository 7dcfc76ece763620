/**
 * Cutting a response body short, provider-neutrally. `cutEventStream` re-frames an SSE body event by
 * event (lib/sse.ts) and, after N events, does one thing: close cleanly, inject an event and close,
 * inject an event and carry on, hang until the client goes away, or fail (the server then destroys
 * the socket). It reads one event ahead so the final event of the stream (`[DONE]`,
 * `response.completed`, `message_stop`...) is never among the N: a cut is always before the end.
 * `cutAfterBytes` fails any body after N bytes. Both pull lazily; the only timer is the short pause
 * before a failure (`FLUSH_PAUSE_MS`, cleared if the client leaves first), which lets the bytes already
 * written reach the client before the connection drops — a client's HTTP stack discards data it has
 * buffered but not yet handed over when the connection fails in the same instant.
 */
import { SseParser } from '../../lib/sse.ts';

export type CutAction =
  | { action: 'close' }
  | { action: 'inject-close'; text: string }
  | { action: 'inject-continue'; text: string }
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
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const queue: string[] = [];
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
        for (const ev of parser.push(decoder.decode())) queue.push(`${ev.raw}\n\n`);
        const partial = parser.end();
        if (partial) queue.push(partial.raw);
        break;
      }
      for (const ev of parser.push(decoder.decode(value, { stream: true }))) queue.push(`${ev.raw}\n\n`);
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (passthrough) {
        await fill(1);
        if (ended) return;
        if (queue.length) { controller.enqueue(encoder.encode(queue.shift()!)); return; }
        await finish('delivered');
        controller.close();
        return;
      }
      if (emitted < afterEvents) {
        await fill(2);
        if (ended) return;
        if (queue.length >= 2) { controller.enqueue(encoder.encode(queue.shift()!)); emitted++; return; }
      }
      switch (cut.action) {
        case 'close': await finish('delivered'); controller.close(); return;
        case 'inject-close':
          controller.enqueue(encoder.encode(cut.text));
          await finish('delivered');
          controller.close();
          return;
        case 'inject-continue': controller.enqueue(encoder.encode(cut.text)); passthrough = true; return;
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
