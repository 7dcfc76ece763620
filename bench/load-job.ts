/**
 * What the parent asks of the load generator (load.ts) and what it gets back, shared by both sides of
 * the IPC channel. Durations in the results are nanoseconds inside histograms, milliseconds elsewhere.
 */
import type { HistogramData } from './histogram.ts';

export interface LoadJob {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** e.g. /v1/chat/completions */
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Connections, each with one request in flight at a time (pipelining 1). */
  connections: number;
  /** Read the answer as an event stream: time to first event, chunk delays, the end event. */
  stream: boolean;
  /** Streams: the event that ends a complete stream (default `data: [DONE]`; Anthropic: `message_stop`). */
  endMarker?: string;
  /** Load at the same concurrency before measuring, results discarded. */
  warmupMs: number;
  /** Measure for this long (each connection sends requests back to back)… */
  durationMs?: number;
  /** …or send exactly one request per connection, all at once (open streams). */
  once?: boolean;
  /** A request not finished this long after the phase's end is aborted and counted (stalled, for streams). */
  timeoutMs: number;
}

export interface LoadResult {
  requests: number;
  /** Non-200 answers, transport errors, and streams that ended without [DONE]. */
  errors: number;
  /** The first few error messages, to say what went wrong. */
  errorSamples: string[];
  /** Wall time of the measured phase, first request sent to last answer read. */
  elapsedMs: number;
  /** Request start to the last byte of the answer. */
  latency: HistogramData;
  /** Streams: request start to the first complete event. */
  ttfc?: HistogramData;
  /**
   * Streams: per stamped chunk, the time from the tiny upstream's write to the client's read (both
   * read the same monotonic clock, the processes share one machine): what the relay adds per chunk.
   */
  delay?: HistogramData;
  /** Streams: data events received, [DONE] not counted. */
  events: number;
  /** Streams that ended with their end event. */
  completed: number;
  /** Streams that did not (broken, cut, or still open at the timeout). */
  stalled: number;
}

export type LoadRequest = { type: 'run'; id: number; job: LoadJob } | { type: 'close' };
export type LoadReply = { type: 'ready' } | { type: 'result'; id: number; result: LoadResult } | { type: 'failed'; id: number; message: string };
