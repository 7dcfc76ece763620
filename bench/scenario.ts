/**
 * What a bench scenario is: the servers it needs, a `measure(ctx)` that runs once per repeat and returns
 * named measurements (`gateway.p50_ms`, `proxy.rps`…), and the figures built from them — each figure
 * names its baseline measurement from the same repeat (so it is reported as a ratio) and, where the
 * issue sets one, its target. Also the helpers scenarios share to build load jobs.
 */
import type { Histogram } from './histogram.ts';
import type { LoadJob, LoadResult } from './load-job.ts';
import type { Host, LoadGenerator } from './processes.ts';
import { BENCH_KEY, UPSTREAM_KEY } from './gateway-config.ts';

/** The servers under test, each in its own child process, started the first time a scenario asks. */
export type ServerName = 'tiny' | 'proxy' | 'simulator' | 'gateway' | 'gateway-log';

export type Unit = 'ms' | 'req/s' | 'chunks/s' | 'MB/s' | 'MB' | 'KB' | 's' | 'streams';

export interface BenchSettings {
  quick: boolean;
  repeats: number;
  /** Whether `repeats` was given explicitly (then it applies to scenarios that default to one run too). */
  repeatsGiven: boolean;
  /** Measured phase of each load job. */
  durationMs: number;
  warmupMs: number;
  /** Concurrency of the throughput scenarios. */
  concurrency: number;
  streamConcurrency: number;
  openStreams: { count: number; intervalMs: number; chunks: number };
  embeddingsBytes: number;
}

export interface ScenarioContext {
  settings: BenchSettings;
  host(name: ServerName): Promise<Host>;
  /** A new process of its own for this server (not shared; the caller closes it): for memory figures. */
  fresh(name: Exclude<ServerName, 'tiny'>): Promise<Host>;
  load: LoadGenerator;
  /** One progress line on stderr. */
  log(message: string): void;
  /** Keep a latency histogram for the plots (merged over repeats under `series`). */
  keepHistogram(series: string, histogram: Histogram): void;
}

/** Measurements of one repeat, by key; `notes` say what a reader should know (errors, exit codes). */
export interface Measured {
  values: Record<string, number>;
  notes?: string[];
}

export interface Target {
  /** Compared with the limit: the ratio to the baseline, the value itself, or value − baseline. */
  on: 'ratio' | 'value' | 'added';
  op: '>=' | '<=';
  limit: number;
  /** e.g. "≥ 0.8× bare proxy" (as the issue words it). */
  text: string;
}

export interface FigureSpec {
  key: string;
  label: string;
  unit: Unit;
  /** Key of the baseline measurement from the same repeat; the figure is reported as value / baseline. */
  baseline?: string;
  /** Also report value − baseline (added latency, added RSS). */
  added?: boolean;
  target?: Target;
}

export interface Scenario {
  id: string;
  title: string;
  /** What it measures and how, for the table's header and the README. */
  description: string;
  servers: ServerName[];
  /** Repeats unless `--repeats` is given (the conformance run is one run by default). */
  defaultRepeats?: number;
  measure(ctx: ScenarioContext, repeat: number): Promise<Measured>;
  figures: FigureSpec[];
}

export const CHAT_BODY = { messages: [{ role: 'user', content: 'Say something short.' }], max_tokens: 32 };

/**
 * A load job against `${host.base}${path}` (or `path` on the host's origin). The gateway gets the bench
 * key; the upstreams (tiny, proxy, simulator) get an upstream-style `sk-` key as the gateway sends them.
 */
export function job(host: Host, init: { path: string; absolutePath?: boolean; body: object | string; stream?: boolean; endMarker?: string; connections: number; settings: BenchSettings; once?: boolean }): LoadJob {
  const url = new URL(init.absolutePath ? host.origin + init.path : host.base + init.path);
  return {
    origin: url.origin,
    path: url.pathname,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.spec.kind === 'gateway' ? BENCH_KEY : UPSTREAM_KEY}` },
    body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    connections: init.connections,
    stream: init.stream ?? false,
    ...(init.endMarker ? { endMarker: init.endMarker } : {}),
    warmupMs: init.once ? 0 : init.settings.warmupMs,
    ...(init.once ? { once: true } : { durationMs: init.settings.durationMs }),
    timeoutMs: 30_000,
  };
}

/** Notes for a result with errors (a figure measured over failing requests is not a figure). */
export function errorNotes(name: string, result: LoadResult): string[] {
  if (result.errors === 0) return [];
  return [`${name}: ${result.errors} errors (${result.requests} answers read), e.g. ${result.errorSamples[0] ?? '?'}`];
}

export const ms = (ns: number) => ns / 1e6;
