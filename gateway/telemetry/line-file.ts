/**
 * An append-only file of text lines behind one fs WriteStream, shared by the OTLP file exporter and
 * the request log's file sink. `write` never blocks and never throws: lines written in one event-loop
 * turn are joined and handed to the stream as one write (per-line stream writes cost a share of a busy
 * gateway's throughput); a failed stream is reported once and later lines are dropped; if the disk
 * falls behind by more than `maxBufferedBytes`, lines are dropped rather than held without bound.
 * Missing directories are created when the file is opened (once, at startup).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface LineFileOptions {
  /** Default 16 MiB. */
  maxBufferedBytes?: number;
  onError?: (error: Error) => void;
}

export interface LineFile {
  readonly path: string;
  /** Queue `line` (which must end with "\n"); false when it was dropped. */
  write(line: string): boolean;
  /** Resolves once every line written so far is in the file (or the file has failed). */
  flush(): Promise<void>;
  /** Flush, then close the file; later writes are dropped. */
  close(): Promise<void>;
  stats(): { written: number; dropped: number };
}

export function openLineFile(path: string, options: LineFileOptions = {}): LineFile {
  const absolute = resolve(path);
  const maxBufferedBytes = options.maxBufferedBytes ?? 16 * 1024 * 1024;
  try { mkdirSync(dirname(absolute), { recursive: true }); } catch (error) {
    throw new Error(`cannot create the directory of ${absolute}: ${(error as Error).message}`, { cause: error });
  }
  const stream = createWriteStream(absolute, { flags: 'a' });
  let failed = false;
  let closing: Promise<void> | undefined;
  let queued = 0;
  let done = 0;
  let written = 0;
  let dropped = 0;
  let waiters: Array<{ upTo: number; resolve: () => void }> = [];

  const settle = (): void => {
    if (waiters.length === 0) return;
    const still: typeof waiters = [];
    for (const waiter of waiters) {
      if (failed || done >= waiter.upTo) waiter.resolve(); else still.push(waiter);
    }
    waiters = still;
  };
  stream.on('error', (error) => {
    if (!failed) {
      failed = true;
      try { options.onError?.(new Error(`cannot write ${absolute}: ${error.message}`, { cause: error })); } catch { /* never */ }
    }
    settle();
  });

  // Lines of this event-loop turn, written together on the next one.
  let pending: string[] = [];
  let pendingBytes = 0;
  let scheduled: NodeJS.Immediate | undefined;
  const drain = (): void => {
    if (scheduled) { clearImmediate(scheduled); scheduled = undefined; }
    if (pending.length === 0) return;
    const count = pending.length;
    const text = pending.length === 1 ? pending[0]! : pending.join('');
    pending = [];
    pendingBytes = 0;
    if (failed || stream.destroyed) { done += count; dropped += count; settle(); return; }
    stream.write(text, (error) => {
      done += count;
      if (error) dropped += count; else written += count;
      settle();
    });
  };

  function flush(): Promise<void> {
    drain();
    if (failed || done >= queued) return Promise.resolve();
    return new Promise<void>((resolve) => { waiters.push({ upTo: queued, resolve }); });
  }

  return {
    path: absolute,
    write(line) {
      if (closing || failed || stream.writableLength + pendingBytes > maxBufferedBytes) { dropped++; return false; }
      queued++;
      pending.push(line);
      pendingBytes += line.length;
      scheduled ??= setImmediate(drain);
      return true;
    },
    flush,
    close() {
      closing ??= (async () => {
        await flush();
        if (stream.destroyed) return;
        await new Promise<void>((resolve) => {
          stream.once('close', resolve);
          stream.end();
        });
      })();
      return closing;
    },
    stats: () => ({ written, dropped }),
  };
}
