/**
 * `npm run bench` (bench/): the CLI end to end on its cheapest scenario with tiny durations — the
 * servers and the load generator really start in their own processes — and the shape of what it
 * writes: every figure beside a baseline from the same repeat, targets judged, the machine noted.
 * Never asserts a time or a ratio (those are the bench's output, not its correctness); the histogram
 * and the figure arithmetic are checked on known numbers.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../bench/bench.ts';
import { buildFigure, spread } from '../bench/figures.ts';
import { Histogram } from '../bench/histogram.ts';
import { main } from '../bench/run.ts';
import type { Scenario } from '../bench/scenario.ts';

describe('Histogram', () => {
  it('answers percentiles within 1.6% of the exact sample, survives JSON and merges', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => Math.floor(Math.exp(((i * 7919) % 20_000) / 1000)));
    const h = new Histogram();
    const a = new Histogram();
    const b = new Histogram();
    values.forEach((v, i) => { h.record(v); (i % 2 ? a : b).record(v); });
    const sorted = [...values].sort((x, y) => x - y);
    for (const p of [1, 50, 90, 99, 99.9]) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
      expect(Math.abs(h.percentile(p) - exact)).toBeLessThanOrEqual(Math.max(exact * 0.016, 0.5));
    }
    expect(h.percentile(0)).toBe(sorted[0]);
    expect(h.percentile(100)).toBe(sorted.at(-1));
    const merged = Histogram.from(JSON.parse(JSON.stringify(a)) as ReturnType<Histogram['toJSON']>).merge(b);
    expect(merged.toJSON()).toEqual(h.toJSON());
    expect(new Histogram().percentile(50)).toBeNaN();
    expect(() => h.record(-1)).toThrow(/non-negative/);
  });
});

describe('figures', () => {
  const scenario: Scenario = {
    id: 's', title: 't', description: 'd', servers: [], measure: async () => ({ values: {} }),
    figures: [{ key: 'base.rps', label: 'base', unit: 'req/s' }],
  };
  it('takes ratio and difference per repeat, then min/median/max, and judges the median', () => {
    const repeats = [{ 'base.rps': 100, 'gw.rps': 90 }, { 'base.rps': 200, 'gw.rps': 100 }, { 'base.rps': 50, 'gw.rps': 45 }];
    const f = buildFigure(scenario, { key: 'gw.rps', label: 'gw', unit: 'req/s', baseline: 'base.rps', added: true, target: { on: 'ratio', op: '>=', limit: 0.8, text: '≥ 0.8×' } }, repeats);
    expect(f.ratio).toEqual({ min: 0.5, median: 0.9, max: 0.9, values: [0.9, 0.5, 0.9] });
    expect(f.added!.values).toEqual([-10, -100, -5]);
    expect(f.baseline).toMatchObject({ key: 'base.rps', label: 'base' });
    expect(f.target).toMatchObject({ measured: 0.9, verdict: 'PASS' });
    const miss = buildFigure(scenario, { key: 'gw.rps', label: 'gw', unit: 'req/s', target: { on: 'value', op: '<=', limit: 50, text: '≤ 50' } }, repeats);
    expect(miss.target).toMatchObject({ measured: 90, verdict: 'MISS' });
    const missing = buildFigure(scenario, { key: 'nope', label: 'x', unit: 'ms', target: { on: 'value', op: '<=', limit: 1, text: '≤ 1' } }, repeats);
    expect(missing.target!.verdict).toBe('n/a');
    expect(spread([4, 1, 3, 2]).median).toBe(2.5);
  });
});

describe('npm run bench', () => {
  let dir: string;
  let result: BenchResult;
  let stdout = '';
  let stderr = '';
  let code: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(os.tmpdir(), 'touchstone-bench-test-'));
    code = await main(['--quick', '--only', 'chat-c1', '--repeats', '2', '--duration', '80', '--warmup', '20', '--out', dir], {
      stdout: (t) => { stdout += t; },
      stderr: (t) => { stderr += t; },
    });
    result = JSON.parse(await readFile(join(dir, 'bench.json'), 'utf8')) as BenchResult;
  }, 60_000);
  afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it('exits 0 and prints the table, the machine and every target as PASS or MISS', () => {
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Machine: .+, \d+ CPUs, \d+ MB, node v\d+/m);
    expect(stdout).toContain('chat-c1 — Non-streaming chat, concurrency 1: latency (2 repeats');
    expect(stdout).toMatch(/^ {2}(PASS|MISS) {2}chat-c1 +gateway p50 \(added vs direct\): added ≤ 0\.25 ms vs direct — measured [+-]\d/m);
    expect(stderr).toMatch(/\[chat-c1 2\/2\] gateway: \d+ requests/);
  });

  it('writes bench.json: the machine, settings, and separate processes for servers and load', () => {
    expect(result.schemaVersion).toBe(1);
    expect(result.machine).toMatchObject({ cpus: os.cpus().length, node: process.version, platform: process.platform });
    expect(result.machine.cpuModel).toEqual(expect.any(String));
    expect(result.machine.totalMemoryMB).toBeGreaterThan(0);
    expect(result.settings).toMatchObject({ quick: true, repeats: 2, durationMs: 80, warmupMs: 20 });
    const pids = ['tiny', 'proxy', 'gateway', 'gateway-log', 'load-generator', 'bench'].map((k) => result.processes[k]);
    expect(new Set(pids).size).toBe(6);
    for (const pid of pids) expect(pid).toBeGreaterThan(0);
    expect(result.processes.bench).toBe(process.pid);
  });

  it('reports each figure beside its baseline from the same repeat', () => {
    const scenario = result.scenarios.find((s) => s.id === 'chat-c1')!;
    expect(scenario.repeats).toBe(2);
    expect(scenario.measurements).toHaveLength(2);
    for (const m of scenario.measurements) {
      for (const name of ['direct', 'proxy', 'gateway', 'gateway-log']) {
        expect(m[`${name}.p50_ms`]).toBeGreaterThan(0);
        expect(m[`${name}.p99_ms`]).toBeGreaterThanOrEqual(m[`${name}.p50_ms`]!);
      }
    }
    const added = scenario.figures.filter((f) => f.key === 'gateway.p50_ms');
    expect(added.map((f) => f.baseline!.key)).toEqual(['direct.p50_ms', 'proxy.p50_ms']);
    for (const f of added) {
      scenario.measurements.forEach((m, i) => {
        expect(f.value.values[i]).toBe(m['gateway.p50_ms']);
        expect(f.ratio!.values[i]).toBeCloseTo(m['gateway.p50_ms']! / m[f.baseline!.key]!, 12);
        expect(f.added!.values[i]).toBeCloseTo(m['gateway.p50_ms']! - m[f.baseline!.key]!, 12);
      });
      expect(f.ratio!.min).toBeLessThanOrEqual(f.ratio!.median);
      expect(f.ratio!.median).toBeLessThanOrEqual(f.ratio!.max);
    }
    expect(result.targets.map((t) => t.text)).toEqual(['added ≤ 0.25 ms vs direct', 'added ≤ 0.25 ms vs bare proxy', 'added ≤ 1 ms vs direct', 'added ≤ 1 ms vs bare proxy']);
    for (const t of result.targets) {
      expect(['PASS', 'MISS']).toContain(t.verdict);
      expect(Number.isFinite(t.measured)).toBe(true);
    }
    expect(scenario.notes.join('\n')).toMatch(/gateway-log wrote [1-9]\d* request-log lines/);
    expect(scenario.notes.join('\n')).not.toMatch(/errors/);
    expect(result.histograms['chat-c1 gateway']!.count).toBeGreaterThan(0);
  });

  it('writes bench.html with the tables and an inline SVG latency plot', async () => {
    const html = await readFile(join(dir, 'bench.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('chat-c1 — Non-streaming chat, concurrency 1: latency');
    expect(html).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('refuses bad usage with exit code 2 and the help text', async () => {
    let err = '';
    const io = { stdout: () => {}, stderr: (t: string) => { err += t; } };
    expect(await main(['--only', 'nope'], io)).toBe(2);
    expect(err).toMatch(/unknown scenario "nope"; expected one of chat-c1, chat-cN/);
    expect(await main(['--repeats', '0'], io)).toBe(2);
    expect(err).toMatch(/--repeats: expected an integer ≥ 1, got "0"/);
    let out = '';
    expect(await main(['--help'], { stdout: (t) => { out += t; }, stderr: () => {} })).toBe(0);
    expect(out).toMatch(/Usage: npm run bench/);
  });
});
