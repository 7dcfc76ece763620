/**
 * Outcome counting for the report model: the run-level `Summary` stored in report.json, and the
 * per-group counts (per target, per endpoint) that the views show. One place decides what "ok" means.
 */
import type { CaseResult, Outcome, Summary } from './model.ts';

/** A zeroed count for every outcome, in the canonical order. */
export function emptyCounts(): Record<Outcome, number> {
  return { pass: 0, 'non-strict': 0, fail: 0, informational: 0, unimplemented: 0 };
}

/** Count cases by outcome. */
export function countOutcomes(cases: Iterable<Pick<CaseResult, 'outcome'>>): Record<Outcome, number> {
  const counts = emptyCounts();
  for (const c of cases) counts[c.outcome] += 1;
  return counts;
}

/**
 * The run summary: counts by outcome; ok when no case failed. A `fail` is by definition a MUST broken
 * (a missed SHOULD is `non-strict`), so this is also "no MUST check failed" — the exit-code rule.
 */
export function summarize(cases: readonly Pick<CaseResult, 'outcome'>[]): Summary {
  const byOutcome = countOutcomes(cases);
  return { total: cases.length, byOutcome, ok: byOutcome.fail === 0 };
}

/** Group cases by a key, keeping first-seen key order and case order within a group. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

