/**
 * The one way simulators write a streamed body: one rendered frame per pull (nothing produced before the
 * client reads, no timers unless a per-chunk delay is configured), an optional closing frame, and
 * `onEnd(aborted)` called exactly once — false after the last frame, true when the client cancels.
 * Provider-neutral: each simulator supplies how an item becomes bytes on its wire.
 */

export interface PullStreamOptions {
  /** Delay before each frame, in milliseconds (0: no timer at all). */
  chunkDelayMs: number;
  onEnd: (aborted: boolean) => void;
}

export function pullStream<T>(
  items: Iterator<T>,
  render: (item: T, index: number) => string,
  options: PullStreamOptions & { end?: (count: number) => string | undefined },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  let finished = false;
  const finish = (aborted: boolean) => { if (!finished) { finished = true; options.onEnd(aborted); } };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (options.chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.chunkDelayMs));
      if (finished) return;
      const next = items.next();
      if (next.done) {
        const tail = options.end?.(index);
        if (tail) controller.enqueue(encoder.encode(tail));
        controller.close();
        finish(false);
        return;
      }
      controller.enqueue(encoder.encode(render(next.value, index++)));
    },
    cancel() { finish(true); },
  }, { highWaterMark: 0 });
}
