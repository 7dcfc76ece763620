/**
 * From per-repeat measurements to reported figures: each figure's value, its baseline's value from the
 * SAME repeat, the ratio (and for latencies and memory the difference) computed per repeat, then
 * min/median/max over the repeats. A target is judged on the median and printed PASS or MISS; a
 * figure that could not be measured (NaN) is "n/a", never a pass.
 */
import type { FigureSpec, Scenario, Target, Unit } from './scenario.ts';

export interface Spread { min: number; median: number; max: number; values: number[] }

export type Verdict = 'PASS' | 'MISS' | 'n/a';

export interface FigureResult {
  scenario: string;
  key: string;
  label: string;
  unit: Unit;
  /** Another figure of the scenario is measured against this one. */
  isBaseline: boolean;
  value: Spread;
  baseline?: { key: string; label: string; value: Spread };
  /** value / baseline, per repeat. */
  ratio?: Spread;
  /** value − baseline, per repeat (same unit as the value). */
  added?: Spread;
  target?: Target & { measured: number; verdict: Verdict };
}

export function spread(values: number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.length !== values.length) return { min: NaN, median: NaN, max: NaN, values };
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, values };
}

function judge(target: Target, measured: number): Verdict {
  if (!Number.isFinite(measured)) return 'n/a';
  return (target.op === '>=' ? measured >= target.limit : measured <= target.limit) ? 'PASS' : 'MISS';
}

function labelOf(scenario: Scenario, key: string): string {
  return scenario.figures.find((f) => f.key === key && !f.baseline)?.label
    ?? scenario.figures.find((f) => f.key === key)?.label.replace(/ \(.*\)$/, '')
    ?? key.replace('.', ' ').replace(/_per_s$/, '/s').replace(/_(ms|s|mb)$/, '').replace(/_/g, ' ');
}

export function buildFigure(scenario: Scenario, spec: FigureSpec, repeats: Record<string, number>[]): FigureResult {
  const pick = (key: string) => repeats.map((r) => r[key] ?? NaN);
  const values = pick(spec.key);
  const isBaseline = scenario.figures.some((f) => f.baseline === spec.key);
  const figure: FigureResult = { scenario: scenario.id, key: spec.key, label: spec.label, unit: spec.unit, isBaseline, value: spread(values) };
  if (spec.baseline) {
    const base = pick(spec.baseline);
    figure.baseline = { key: spec.baseline, label: labelOf(scenario, spec.baseline), value: spread(base) };
    figure.ratio = spread(values.map((v, i) => v / base[i]!));
    if (spec.added) figure.added = spread(values.map((v, i) => v - base[i]!));
  }
  if (spec.target) {
    const t = spec.target;
    const measured = t.on === 'value' ? figure.value.median : t.on === 'ratio' ? figure.ratio?.median ?? NaN : figure.added?.median ?? NaN;
    figure.target = { ...t, measured, verdict: judge(t, measured) };
  }
  return figure;
}

export function buildFigures(scenario: Scenario, repeats: Record<string, number>[]): FigureResult[] {
  return scenario.figures.map((spec) => buildFigure(scenario, spec, repeats));
}
