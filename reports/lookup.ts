/**
 * Lookups from a case to its check and target. Views must not crash on a report whose case names a
 * check or target that is missing from the lists (a hand-merged shard, an old baseline), so a missing
 * entry gets a plain stand-in derived from the id instead of `undefined`.
 */
import type { CheckInfo, Report, TargetInfo } from './model.ts';

export interface ReportLookup {
  check(id: string): CheckInfo;
  target(id: string): TargetInfo;
}

export function lookup(report: Pick<Report, 'checks' | 'targets'>): ReportLookup {
  const checks = new Map(report.checks.map((c) => [c.id, c]));
  const targets = new Map(report.targets.map((t) => [t.id, t]));
  return {
    check: (id) =>
      checks.get(id) ?? { id, title: id, requirement: '', level: 'MUST', suite: id.split('.')[0] || 'unknown' },
    target: (id) => targets.get(id) ?? { id, kind: 'external', url: '', label: id },
  };
}

/** Label for a case's endpoint group; checks without an endpoint are grouped as "General". */
export function endpointOf(check: CheckInfo): string {
  return check.endpoint ?? 'General';
}
