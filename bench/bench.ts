/**
 * `runBench(options)`: the whole measurement as a module API (the CLI in run.ts and the test use it).
 * Starts the servers the selected scenarios need — each in its own child process, all on 127.0.0.1
 * with free ports — and one load-generator process; runs every scenario `repeats` times; and returns
 * the result model that bench.json holds (figures as ratios to baselines from the same repeat, targets
 * judged, the machine noted, latency histograms for the plots). Servers and the generator are always
 * stopped, also when a scenario throws.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { buildFigures, type FigureResult, type Verdict } from './figures.ts';
import { Histogram, type HistogramData } from './histogram.ts';
import { startHost, startLoadGenerator, type Host } from './processes.ts';
import type { BenchSettings, Scenario, ScenarioContext, ServerName } from './scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

export interface Machine {
  cpuModel: string;
  cpus: number;
  totalMemoryMB: number;
  node: string;
  platform: string;
  arch: string;
  release: string;
  /** 1-minute load average when the run started and ended: a busy machine makes every figure noisier. */
  loadAverage: { start: number; end: number };
}

export interface ScenarioResult {
  id: string;
  title: string;
  description: string;
  repeats: number;
  elapsedMs: number;
  /** The raw measurements of each repeat (every figure and its baseline come from one of these). */
  measurements: Record<string, number>[];
  notes: string[];
  figures: FigureResult[];
}

export interface TargetResult {
  scenario: string;
  figure: string;
  text: string;
  measured: number;
  /** What `measured` is: the ratio to the baseline, the value, or the value minus the baseline. */
  on: 'ratio' | 'value' | 'added';
  unit: string;
  verdict: Verdict;
}

export interface BenchResult {
  schemaVersion: 1;
  tool: 'touchstone bench';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  command: string;
  machine: Machine;
  settings: BenchSettings;
  /** Process ids of the servers and the load generator: proof that none shared an event loop. */
  processes: Record<string, number>;
  scenarios: ScenarioResult[];
  targets: TargetResult[];
  /** Latency histograms (ns) merged over repeats, by series (e.g. "chat-c1 gateway"). */
  histograms: Record<string, HistogramData>;
}

export interface RunBenchOptions {
  settings: BenchSettings;
  /** Scenario ids to run (default: all). */
  only?: string[];
  command?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export function selectScenarios(only?: string[]): Scenario[] {
  if (!only?.length) return [...SCENARIOS];
  const unknown = only.filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.map((u) => `"${u}"`).join(', ')}; expected one of ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return SCENARIOS.filter((s) => only.includes(s.id));
}

function machine(start: number): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown', cpus: cpus.length, totalMemoryMB: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version, platform: process.platform, arch: process.arch, release: os.release(),
    loadAverage: { start, end: os.loadavg()[0]! },
  };
}

/** The servers, started on first use (concurrently when asked for together), closed together. */
function serverPool(settings: BenchSettings, logDir: string) {
  const started = new Map<ServerName, Promise<Host>>();
  const launch = async (name: ServerName): Promise<Host> => {
    if (name === 'tiny') return startHost({ kind: 'tiny' });
    if (name === 'simulator') return startHost({ kind: 'simulator' });
    const tiny = await host('tiny');
    if (name === 'proxy') return startHost({ kind: 'proxy', upstream: tiny.origin });
    const gateway = { tinyUrl: tiny.origin, slow: { intervalMs: settings.openStreams.intervalMs, chunks: settings.openStreams.chunks } };
    return startHost({ kind: 'gateway', gateway: name === 'gateway-log' ? { ...gateway, requestLogPath: join(logDir, 'requests.ndjson') } : gateway });
  };
  const host = (name: ServerName): Promise<Host> => {
    let h = started.get(name);
    if (!h) { h = launch(name); started.set(name, h); }
    return h;
  };
  return {
    host,
    fresh: launch,
    async pids(): Promise<Record<string, number>> {
      const entries = await Promise.all([...started].map(async ([name, h]) => [name, (await h.catch(() => undefined))?.pid ?? -1] as const));
      return Object.fromEntries(entries);
    },
    async close(): Promise<void> {
      await Promise.all([...started.values()].map(async (h) => (await h.catch(() => undefined))?.close()));
    },
  };
}

export async function runBench(options: RunBenchOptions): Promise<BenchResult> {
  const log = options.log ?? (() => {});
  const scenarios = selectScenarios(options.only);
  const startedAt = new Date();
  const load0 = os.loadavg()[0]!;
  const logDir = await mkdtemp(join(os.tmpdir(), 'touchstone-bench-'));
  const servers = serverPool(options.settings, logDir);
  const histograms = new Map<string, Histogram>();
  const results: ScenarioResult[] = [];
  const needed = [...new Set(scenarios.flatMap((s) => s.servers))];
  const load = needed.length ? await startLoadGenerator() : undefined;
  try {
    log(`starting ${needed.length ? needed.join(', ') : 'no servers'} (one process each) and the load generator`);
    await Promise.all(needed.map((n) => servers.host(n)));
    for (const scenario of scenarios) {
      const repeats = options.settings.repeatsGiven ? options.settings.repeats : Math.min(options.settings.repeats, scenario.defaultRepeats ?? Infinity);
      const measurements: Record<string, number>[] = [];
      const notes: string[] = [];
      const started = performance.now();
      for (let r = 0; r < repeats; r++) {
        const ctx: ScenarioContext = {
          settings: options.settings,
          host: servers.host,
          fresh: servers.fresh,
          load: load ?? { pid: -1, run: () => Promise.reject(new Error(`scenario ${scenario.id} lists no servers, so no load generator was started`)), close: async () => {} },
          log: (line) => log(`[${scenario.id} ${r + 1}/${repeats}] ${line}`),
          keepHistogram: (series, h) => {
            const kept = histograms.get(series);
            if (kept) kept.merge(h); else histograms.set(series, Histogram.from(h.toJSON()));
          },
        };
        const measured = await scenario.measure(ctx, r);
        measurements.push(measured.values);
        for (const note of measured.notes ?? []) notes.push(`repeat ${r + 1}: ${note}`);
      }
      if (scenario.servers.includes('gateway-log')) notes.push(await requestLogNote(join(logDir, 'requests.ndjson')));
      results.push({
        id: scenario.id, title: scenario.title, description: scenario.description, repeats,
        elapsedMs: performance.now() - started, measurements, notes, figures: buildFigures(scenario, measurements),
      });
    }
    const processes = { ...(await servers.pids()), ...(load ? { 'load-generator': load.pid } : {}), bench: process.pid };
    const finishedAt = new Date();
    return {
      schemaVersion: 1,
      tool: 'touchstone bench',
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      command: options.command ?? 'runBench()',
      machine: machine(load0),
      settings: options.settings,
      processes,
      scenarios: results,
      targets: results.flatMap((s) => s.figures.flatMap((f) => f.target ? [{
        scenario: s.id, figure: f.label, text: f.target.text, measured: f.target.measured, on: f.target.on,
        unit: f.target.on === 'ratio' ? '×' : f.unit, verdict: f.target.verdict,
      }] : [])),
      histograms: Object.fromEntries([...histograms].map(([k, h]) => [k, h.toJSON()])),
    };
  } finally {
    await Promise.all([servers.close(), load?.close()]);
    await rm(logDir, { recursive: true, force: true });
  }
}

/** How much the logged gateway variant wrote: proof that its log was on. */
async function requestLogNote(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const lines = text ? text.split('\n').filter(Boolean).length : 0;
  return `gateway-log wrote ${lines} request-log lines (${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB) to its file`;
}
