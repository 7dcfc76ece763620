/**
 * Test support for the telemetry module: `ManualTimers`, a `Timers` whose clock moves only when a
 * test says so, and `startCollector`, an in-process OTLP/HTTP collector on a loopback port that
 * records every export request and answers from a script. Lets the exporter's batching, retry and
 * timeout paths run over real sockets without a single sleep.
 */
import { serve, type Served } from '../../lib/serve.ts';
import type { Timers } from './otlp-http.ts';
import type { ExportTraceServiceRequest } from './otlp.ts';

interface PendingTimer { id: number; due: number; ms: number; callback: () => void }

export class ManualTimers implements Timers {
  #clock: number;
  #seq = 0;
  #timers = new Map<number, PendingTimer>();
  #waiters: Array<{ match: (t: PendingTimer) => boolean; resolve: (t: PendingTimer) => void }> = [];

  constructor(startMs = Date.UTC(2025, 0, 1)) { this.#clock = startMs; }

  now(): number { return this.#clock; }

  setTimeout(callback: () => void, ms: number): number {
    const timer = { id: ++this.#seq, due: this.#clock + ms, ms, callback };
    this.#timers.set(timer.id, timer);
    this.#waiters = this.#waiters.filter((w) => { if (!w.match(timer)) return true; w.resolve(timer); return false; });
    return timer.id;
  }

  clearTimeout(handle: unknown): void { this.#timers.delete(handle as number); }

  /** Delays (ms) of the timers not yet fired or cleared. */
  pending(): number[] { return [...this.#timers.values()].map((t) => t.ms); }

  /** Resolves with the first pending timer whose delay is `ms` (already set, or set later). */
  waitFor(ms: number): Promise<{ ms: number }> {
    const match = (t: PendingTimer) => t.ms === ms;
    const existing = [...this.#timers.values()].find(match);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** Move the clock forward, firing every timer that falls due in order of due time. */
  advance(ms: number): void {
    const target = this.#clock + ms;
    for (;;) {
      const next = [...this.#timers.values()].filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.#timers.delete(next.id);
      this.#clock = next.due;
      next.callback();
    }
    this.#clock = target;
  }
}

export interface CollectedRequest {
  headers: Headers;
  body: ExportTraceServiceRequest;
}

/** How the collector answers one request: a status (+ headers, body), or `hang` until the client gives up. */
export type CollectorAnswer = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang';

export interface Collector extends Served {
  endpoint: string;
  requests: CollectedRequest[];
  /** Answers for the next requests, in order; once used up, every request gets 200 `{}`. */
  script(...answers: CollectorAnswer[]): void;
  /** Resolves once `count` requests in total have arrived. */
  received(count: number): Promise<CollectedRequest[]>;
  /** Spans (names) received so far, in order. */
  spanNames(): string[];
}

export async function startCollector(): Promise<Collector> {
  const requests: CollectedRequest[] = [];
  const answers: CollectorAnswer[] = [];
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  const served = await serve(async (request) => {
    const body = await request.json() as ExportTraceServiceRequest;
    requests.push({ headers: request.headers, body });
    waiters = waiters.filter((w) => { if (requests.length < w.count) return true; w.resolve(); return false; });
    const answer = answers.shift() ?? { status: 200, body: {} };
    if (answer === 'hang') {
      await new Promise<void>((resolve) => {
        if (request.signal.aborted) resolve();
        request.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      return new Response(null, { status: 504 });
    }
    return Response.json(answer.body ?? {}, { status: answer.status, headers: answer.headers });
  });
  return {
    ...served,
    endpoint: `${served.url}/v1/traces`,
    requests,
    script: (...more) => { answers.push(...more); },
    received(count) {
      if (requests.length >= count) return Promise.resolve(requests);
      return new Promise((resolve) => waiters.push({ count, resolve: () => resolve(requests) }));
    },
    spanNames: () => requests.flatMap((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)))),
  };
}
