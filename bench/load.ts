/**
 * The load generator, run in its own child process (forked by processes.ts) so it never shares an
 * event loop with a server under test. For each job it opens an undici Pool (keep-alive, pipelining
 * 1, N connections), warms up at the same concurrency, then measures: every request's latency with
 * `process.hrtime.bigint()` into a histogram; for event streams also the time to the first complete
 * event, each stamped chunk's delay from the upstream's write (tiny-bodies.ts), the events received
 * and whether the end event (`[DONE]`) came.
 * `runLoad(job)` is the same work in-process (tests, and the IPC handler below).
 */
import { setMaxListeners } from 'node:events';
import { Pool } from 'undici';
import { STAMP_PREFIX, STAMP_DIGITS } from './tiny-bodies.ts';
import { Histogram } from './histogram.ts';
import type { LoadJob, LoadReply, LoadRequest, LoadResult } from './load-job.ts';

const now = () => Number(process.hrtime.bigint());
const MAX_ERROR_SAMPLES = 5;

class Stats {
  requests = 0;
  errors = 0;
  errorSamples: string[] = [];
  latency = new Histogram();
  ttfc = new Histogram();
  delay = new Histogram();
  events = 0;
  completed = 0;
  stalled = 0;

  error(message: string): void {
    this.errors++;
    if (this.errorSamples.length < MAX_ERROR_SAMPLES) this.errorSamples.push(message.replace(/\s+/g, ' ').slice(0, 300));
  }
}

/** One request: send, read the whole answer, record. Never throws. */
async function one(pool: Pool, job: LoadJob, stats: Stats, signal: AbortSignal): Promise<void> {
  const start = now();
  let first = 0;
  let events = 0;
  const endMarker = job.endMarker ?? 'data: [DONE]';
  let done = false;
  try {
    const res = await pool.request({ path: job.path, method: 'POST', headers: job.headers, body: job.body, signal });
    if (res.statusCode !== 200) {
      const text = await res.body.text();
      stats.error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
      if (job.stream) stats.stalled++;
      return;
    }
    if (!job.stream) {
      await res.body.arrayBuffer();
    } else {
      let pending = '';
      for await (const chunk of res.body) {
        pending += (chunk as Buffer).toString('utf8');
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const event = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const t = now();
          if (event.includes(endMarker)) done = true;
          if (event.includes('data: [DONE]') || !event.includes('data:')) continue;
          if (events === 0) first = t;
          events++;
          const stamp = event.indexOf(STAMP_PREFIX);
          if (stamp >= 0) {
            const sent = Number(event.slice(stamp + STAMP_PREFIX.length, stamp + STAMP_PREFIX.length + STAMP_DIGITS));
            if (sent > 0 && t >= sent) stats.delay.record(t - sent);
          }
        }
      }
    }
    const finish = now();
    stats.requests++;
    stats.latency.record(finish - start);
    if (job.stream) {
      stats.events += events;
      if (events > 0) stats.ttfc.record(first - start);
      if (done) stats.completed++;
      else { stats.stalled++; stats.error(`stream ended without its end event (${endMarker}) after ${events} events`); }
    }
  } catch (error) {
    if (job.stream) { stats.stalled++; stats.events += events; }
    stats.error(signal.aborted ? `not finished ${job.timeoutMs} ms after the phase ended${job.stream ? ` (${events} events, no [DONE])` : ''}` : (error as Error).message);
  }
}

/** A signal aborted `timeoutMs` after `phaseMs` (one timer per phase, not one per request). */
function deadline(job: LoadJob, phaseMs: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // every request in flight listens to the one deadline
  const timer = setTimeout(() => controller.abort(), phaseMs + job.timeoutMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Each connection sends requests back to back for `ms` (or exactly one request with `once`). */
async function phase(pool: Pool, job: LoadJob, stats: Stats, ms: number, once: boolean): Promise<void> {
  const { signal, clear } = deadline(job, ms);
  const until = now() + ms * 1e6;
  const worker = once ? () => one(pool, job, stats, signal) : async () => { while (now() < until) await one(pool, job, stats, signal); };
  try {
    await Promise.all(Array.from({ length: job.connections }, worker));
  } finally {
    clear();
  }
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  if (!job.once && !(job.durationMs! > 0)) throw new Error('load job: expected durationMs > 0 or once: true');
  const pool = new Pool(job.origin, { connections: job.connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });
  try {
    if (job.warmupMs > 0) await phase(pool, job, new Stats(), job.warmupMs, false);
    const stats = new Stats();
    const start = now();
    await phase(pool, job, stats, job.once ? 0 : job.durationMs!, job.once === true);
    const elapsedMs = (now() - start) / 1e6;
    return {
      requests: stats.requests,
      errors: stats.errors,
      errorSamples: stats.errorSamples,
      elapsedMs,
      latency: stats.latency.toJSON(),
      ...(job.stream ? { ttfc: stats.ttfc.toJSON(), delay: stats.delay.toJSON() } : {}),
      events: stats.events,
      completed: stats.completed,
      stalled: stats.stalled,
    };
  } finally {
    await pool.destroy();
  }
}

// As a forked child: serve jobs over IPC, one at a time.
if (process.send && process.argv.includes('--load-generator')) {
  const send = (reply: LoadReply) => process.send!(reply);
  process.on('message', (message: LoadRequest) => {
    if (message.type === 'close') { process.exit(0); }
    runLoad(message.job).then(
      (result) => send({ type: 'result', id: message.id, result }),
      (error: Error) => send({ type: 'failed', id: message.id, message: error.stack ?? error.message }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}
