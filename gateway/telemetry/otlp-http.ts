/**
 * OTLP/HTTP JSON span exporter: queues ended spans and POSTs them in batches to a collector's traces
 * endpoint (the full URL, e.g. http://collector:4318/v1/traces), like OpenTelemetry's
 * BatchSpanProcessor + OTLPTraceExporter, without their dependencies.
 *
 * - A batch leaves when `maxBatchSize` spans are queued or `scheduledDelayMs` after the first span
 *   waiting, whichever comes first; one request is in flight at a time.
 * - The queue is bounded (`maxQueueSize`): beyond it the oldest span is dropped and counted.
 * - Each request has a timeout. A 429/502/503/504 answer, a timeout or a connection failure is retried
 *   once, after the server's `Retry-After` (seconds or HTTP date) clamped to `maxRetryDelayMs`, or
 *   `retryDelayMs` without one; any other failure drops the batch. Failures are counted and reported
 *   to `onError`, never thrown: telemetry must not fail or slow the request it describes.
 * - Timers come from an injectable `Timers` (tests step them by hand); the default ones are unref'd so
 *   a pending export never keeps the process alive. `shutdown()` flushes, then leaves no timer behind;
 *   against a struggling collector it can take up to two timeouts plus the retry wait per batch.
 */
import { encodeExportRequest, DEFAULT_SERVICE, type ServiceInfo, type SpanExporter } from './otlp.ts';
import type { SpanRecord } from './span.ts';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds since the epoch, to read `Retry-After` dates. */
  now(): number;
}

/** Node's timers, unref'd. */
export const unrefTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) { clearTimeout(handle as ReturnType<typeof setTimeout>); },
  now: () => Date.now(),
};

export interface OtlpHttpExporterOptions {
  /** Full URL of the collector's traces endpoint. */
  endpoint: string;
  headers?: Readonly<Record<string, string>>;
  service?: ServiceInfo;
  /** Default 512. */
  maxBatchSize?: number;
  /** Default 200 ms. */
  scheduledDelayMs?: number;
  /** Default 10,000 spans. (With a batch size above it, batches leave on the delay only.) */
  maxQueueSize?: number;
  /** Per-request timeout; default 10,000 ms. */
  timeoutMs?: number;
  /** Wait before the retry when the server gives no `Retry-After`; default 1,000 ms. */
  retryDelayMs?: number;
  /** Upper bound on the wait before the retry; default 5,000 ms. */
  maxRetryDelayMs?: number;
  fetch?: typeof fetch;
  timers?: Timers;
  onError?: (error: Error) => void;
}

export interface OtlpHttpExporterStats {
  /** Spans waiting in the queue. */
  queued: number;
  /** Spans the collector accepted. */
  exported: number;
  /** Spans dropped unsent: the queue was full, or they arrived after shutdown. */
  dropped: number;
  /** Spans in batches that failed for good, or that the collector rejected (partial success). */
  failed: number;
  /** Requests retried. */
  retries: number;
}

export interface OtlpHttpExporter extends SpanExporter {
  stats(): OtlpHttpExporterStats;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** A fixed-capacity FIFO that overwrites nothing: `push` reports whether it had to drop the oldest. */
class SpanQueue {
  private readonly items: Array<SpanRecord | undefined>;
  private head = 0;
  size = 0;
  constructor(private readonly capacity: number) { this.items = new Array(capacity); }
  push(span: SpanRecord): boolean {
    const full = this.size === this.capacity;
    if (full) { this.head = (this.head + 1) % this.capacity; this.size--; }
    this.items[(this.head + this.size) % this.capacity] = span;
    this.size++;
    return full;
  }
  take(max: number): SpanRecord[] {
    const n = Math.min(max, this.size);
    const out = new Array<SpanRecord>(n);
    for (let i = 0; i < n; i++) {
      const at = (this.head + i) % this.capacity;
      out[i] = this.items[at]!;
      this.items[at] = undefined;
    }
    this.head = (this.head + n) % this.capacity;
    this.size -= n;
    return out;
  }
}

/** `Retry-After` as milliseconds from now, or undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function positive(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) throw new RangeError(`OTLP exporter: ${name} must be a number >= ${min}; got ${value}`);
  return value;
}

export function createOtlpHttpExporter(options: OtlpHttpExporterOptions): OtlpHttpExporter {
  let endpoint: URL;
  try { endpoint = new URL(options.endpoint); } catch {
    throw new TypeError(`OTLP exporter: endpoint must be an absolute http(s) URL such as http://collector:4318/v1/traces; got ${JSON.stringify(options.endpoint)}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new TypeError(`OTLP exporter: endpoint must be http: or https:; got ${endpoint.protocol}`);
  }
  const maxBatchSize = positive('maxBatchSize', options.maxBatchSize, 512);
  const scheduledDelayMs = positive('scheduledDelayMs', options.scheduledDelayMs, 200, 0);
  const maxQueueSize = positive('maxQueueSize', options.maxQueueSize, 10_000);
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 10_000);
  const retryDelayMs = positive('retryDelayMs', options.retryDelayMs, 1_000, 0);
  const maxRetryDelayMs = positive('maxRetryDelayMs', options.maxRetryDelayMs, 5_000, 0);
  const timers = options.timers ?? unrefTimers;
  const service = options.service ?? DEFAULT_SERVICE;
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers = { ...options.headers, 'content-type': 'application/json' };

  const queue = new SpanQueue(maxQueueSize);
  const stats = { exported: 0, dropped: 0, failed: 0, retries: 0 };
  let timer: unknown;
  let inFlight: Promise<void> | undefined;
  let stopped = false;

  const report = (message: string, cause?: unknown): void => {
    try { options.onError?.(new Error(`OTLP export to ${endpoint.href}: ${message}`, cause === undefined ? undefined : { cause })); } catch { /* never */ }
  };
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => { timers.setTimeout(resolve, ms); });

  function clearTimer(): void {
    if (timer !== undefined) { timers.clearTimeout(timer); timer = undefined; }
  }

  function schedule(): void {
    if (timer !== undefined || inFlight || stopped) return;
    timer = timers.setTimeout(() => { timer = undefined; pump(); }, scheduledDelayMs);
  }

  /** Start sending the next batch unless one is on its way. */
  function pump(): void {
    if (inFlight || queue.size === 0) return;
    clearTimer();
    const batch = queue.take(maxBatchSize);
    inFlight = deliver(batch).finally(() => {
      inFlight = undefined;
      if (queue.size >= maxBatchSize) pump();
      else if (queue.size > 0) schedule();
    });
  }

  type Attempt = { ok: true } | { ok: false; retryable: boolean; retryAfterMs?: number; message: string; cause?: unknown };

  async function attempt(body: string, count: number): Promise<Attempt> {
    const controller = new AbortController();
    const timeout = timers.setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch(endpoint, { method: 'POST', headers, body, signal: controller.signal });
      const text = await response.text();
      if (response.ok) {
        const rejected = rejectedSpans(text);
        stats.exported += count - rejected;
        if (rejected > 0) { stats.failed += rejected; report(`collector rejected ${rejected} of ${count} spans: ${errorMessage(text)}`); }
        return { ok: true };
      }
      return {
        ok: false,
        retryable: RETRYABLE_STATUS.has(response.status),
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), timers.now()),
        message: `HTTP ${response.status} ${errorMessage(text)}`.trim(),
      };
    } catch (error) {
      const message = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : `request failed: ${(error as Error).message}`;
      return { ok: false, retryable: true, message, cause: error };
    } finally {
      timers.clearTimeout(timeout);
    }
  }

  async function deliver(batch: SpanRecord[]): Promise<void> {
    try {
      const body = JSON.stringify(encodeExportRequest(batch, service));
      let result = await attempt(body, batch.length);
      if (!result.ok && result.retryable) {
        stats.retries++;
        await sleep(Math.min(result.retryAfterMs ?? retryDelayMs, maxRetryDelayMs));
        result = await attempt(body, batch.length);
      }
      if (!result.ok) {
        stats.failed += batch.length;
        report(`${batch.length} spans dropped: ${result.message}`, result.cause);
      }
    } catch (error) {
      stats.failed += batch.length;
      report(`${batch.length} spans dropped: ${(error as Error).message}`, error);
    }
  }

  async function flush(): Promise<void> {
    clearTimer();
    while (inFlight || queue.size > 0) {
      if (!inFlight) pump();
      await inFlight;
    }
    clearTimer();
  }

  return {
    export(span) {
      if (stopped) { stats.dropped++; return; }
      if (queue.push(span)) stats.dropped++;
      if (queue.size >= maxBatchSize) pump();
      else schedule();
    },
    flush,
    async shutdown() {
      stopped = true;
      await flush();
    },
    stats: () => ({ queued: queue.size, ...stats }),
  };
}

/** `partialSuccess.rejectedSpans` of an `ExportTraceServiceResponse` (int64: a string or a number). */
function rejectedSpans(text: string): number {
  if (!text.includes('partialSuccess')) return 0;
  try {
    const parsed = JSON.parse(text) as { partialSuccess?: { rejectedSpans?: string | number } };
    const n = Number(parsed.partialSuccess?.rejectedSpans ?? 0);
    return Number.isSafeInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

/** The message of an OTLP error body (`google.rpc.Status` JSON) or of a partial success, shortened. */
function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; partialSuccess?: { errorMessage?: unknown } };
    const message = parsed.partialSuccess?.errorMessage ?? parsed.message;
    if (typeof message === 'string') return message.slice(0, 200);
  } catch { /* not JSON */ }
  return text.slice(0, 200);
}
