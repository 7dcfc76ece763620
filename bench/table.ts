/**
 * The bench result as plain-text tables for stdout: the machine, then per scenario one row per figure —
 * its ratio to the baseline (median [min–max] over repeats) first, the absolute values beside — and at
 * the end every target of the issue as PASS / MISS with the measured figure.
 */
import type { BenchResult, TargetResult } from './bench.ts';
import type { FigureResult, Spread } from './figures.ts';

export function formatNumber(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (unit === '×') return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
  if (unit === 'streams') return value.toFixed(0);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(unit === 'ms' ? 1 : 0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(unit === 'ms' ? 3 : 2);
}

function range(s: Spread, unit: string, sign = false): string {
  const f = (v: number) => `${sign && v >= 0 ? '+' : ''}${formatNumber(v, unit)}`;
  const suffix = unit === '×' ? '×' : ` ${unit}`;
  if (s.values.length <= 1 || s.min === s.max) return `${f(s.median)}${suffix}`;
  return `${f(s.median)}${suffix} [${f(s.min)}–${f(s.max)}]`;
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
}

function figureRow(f: FigureResult): string[] {
  return [
    f.label,
    f.ratio ? range(f.ratio, '×') : f.isBaseline ? '(baseline)' : '—',
    f.baseline ? f.baseline.label : '',
    range(f.value, f.unit),
    f.baseline ? range(f.baseline.value, f.unit) : '',
    f.added ? range(f.added, f.unit, true) : '',
    f.target ? `${f.target.verdict} ${f.target.text}` : '',
  ];
}

export function targetLine(t: TargetResult): string {
  const measured = t.on === 'ratio' ? `${formatNumber(t.measured, '×')}×` : `${t.on === 'added' && t.measured >= 0 ? '+' : ''}${formatNumber(t.measured, t.unit)} ${t.unit}`;
  return `${t.verdict.padEnd(4)}  ${t.scenario.padEnd(13)} ${t.figure}: ${t.text} — measured ${measured}`;
}

export function formatTable(result: BenchResult): string {
  const m = result.machine;
  const s = result.settings;
  const lines = [
    `Machine: ${m.cpuModel}, ${m.cpus} CPUs, ${m.totalMemoryMB} MB, node ${m.node}, ${m.platform} ${m.arch} ${m.release}; load average ${m.loadAverage.start.toFixed(2)} → ${m.loadAverage.end.toFixed(2)}`,
    `Settings: ${s.quick ? 'quick, ' : ''}${s.durationMs} ms per job after ${s.warmupMs} ms warm-up, concurrency ${s.concurrency} (streams ${s.streamConcurrency}), ${s.openStreams.count} open streams × ${s.openStreams.chunks} chunks every ${s.openStreams.intervalMs} ms, embeddings input ${(s.embeddingsBytes / 1024 / 1024).toFixed(2)} MiB`,
    `Processes: ${Object.entries(result.processes).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    'Figures: median [min–max] over repeats; ratio = figure / baseline, both from the same repeat.',
  ];
  for (const scenario of result.scenarios) {
    lines.push('', `${scenario.id} — ${scenario.title} (${scenario.repeats} ${scenario.repeats === 1 ? 'run' : 'repeats'}, ${(scenario.elapsedMs / 1000).toFixed(1)} s)`);
    const rows = [['figure', 'ratio', 'baseline', 'value', 'baseline value', 'added', 'target'], ...scenario.figures.map(figureRow)];
    lines.push(...pad(rows).map((l) => `  ${l}`));
    for (const note of scenario.notes) lines.push(`  note: ${note}`);
  }
  if (result.targets.length) {
    lines.push('', 'Targets (issue 9), judged on the median:');
    lines.push(...result.targets.map((t) => `  ${targetLine(t)}`));
  }
  return lines.join('\n');
}
