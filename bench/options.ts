/**
 * Command line of `npm run bench` (tsx bench/run.ts): flags → settings. `--quick` shortens every job and
 * runs each scenario once; the explicit flags (`--repeats`, `--duration`, …) win over it.
 */
import { parseArgs } from 'node:util';
import type { BenchSettings } from './scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

export interface BenchCommand {
  help: boolean;
  only?: string[];
  settings: BenchSettings;
  outDir: string;
}

export const DEFAULT_SETTINGS: BenchSettings = {
  quick: false, repeats: 3, repeatsGiven: false, durationMs: 2000, warmupMs: 500, concurrency: 32, streamConcurrency: 16,
  openStreams: { count: 1000, intervalMs: 100, chunks: 30 }, embeddingsBytes: 1024 * 1024,
};

export const QUICK_SETTINGS: BenchSettings = {
  ...DEFAULT_SETTINGS, quick: true, repeats: 1, durationMs: 300, warmupMs: 100,
  openStreams: { count: 100, intervalMs: 50, chunks: 10 },
};

export function helpText(): string {
  return `Usage: npm run bench -- [options]

Measures the reference gateway against baselines from the same run: the tiny upstream called directly,
a bare undici passthrough proxy, and the simulator. Every server and the load generator run in their
own processes on 127.0.0.1. Prints a table of ratios; writes bench.json and bench.html.

Options:
  --only ID[,ID]     run only these scenarios (repeatable)
  --quick            short jobs (${QUICK_SETTINGS.durationMs} ms, warm-up ${QUICK_SETTINGS.warmupMs} ms), one repeat, ${QUICK_SETTINGS.openStreams.count} open streams
  --repeats N        repeats per scenario (default ${DEFAULT_SETTINGS.repeats}; the conformance run: 1 unless given)
  --duration MS      measured time per load job (default ${DEFAULT_SETTINGS.durationMs})
  --warmup MS        warm-up per load job (default ${DEFAULT_SETTINGS.warmupMs})
  --concurrency N    connections of the non-streaming throughput scenario (default ${DEFAULT_SETTINGS.concurrency})
  --streams N        concurrent open streams (default ${DEFAULT_SETTINGS.openStreams.count})
  --out DIR          where bench.json and bench.html go (default reports/out)
  -h, --help         this text

Scenarios:
${SCENARIOS.map((s) => `  ${s.id.padEnd(14)} ${s.title}`).join('\n')}
`;
}

function positiveInt(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got "${value}"`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean' },
      repeats: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      streams: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const base = values.quick ? QUICK_SETTINGS : DEFAULT_SETTINGS;
  const repeats = positiveInt('repeats', values.repeats);
  const streams = positiveInt('streams', values.streams);
  const settings: BenchSettings = {
    ...base,
    repeats: repeats ?? base.repeats,
    repeatsGiven: repeats !== undefined,
    durationMs: positiveInt('duration', values.duration, 10) ?? base.durationMs,
    warmupMs: positiveInt('warmup', values.warmup, 0) ?? base.warmupMs,
    concurrency: positiveInt('concurrency', values.concurrency) ?? base.concurrency,
    openStreams: { ...base.openStreams, count: streams ?? base.openStreams.count },
  };
  const only = values.only?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return { help: values.help === true, ...(only?.length ? { only } : {}), settings, outDir: values.out ?? 'reports/out' };
}
