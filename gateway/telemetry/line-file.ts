/**
 * An append-only file of text lines behind one fs WriteStream, shared by the OTLP file exporter and
 * the request log's file sink. `write` never blocks and never throws: the stream coalesces queued
 * lines into few writes; a failed stream is reported once and later lines are dropped; if the disk
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

  function flush(): Promise<void> {
    if (failed || done >= queued) return Promise.resolve();
    return new Promise<void>((resolve) => { waiters.push({ upTo: queued, resolve }); });
  }

  return {
    path: absolute,
    write(line) {
      if (closing || failed || stream.writableLength > maxBufferedBytes) { dropped++; return false; }
      queued++;
      stream.write(line, (error) => {
        done++;
        if (error) dropped++; else written++;
        settle();
      });
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
