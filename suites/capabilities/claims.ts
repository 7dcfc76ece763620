/**
 * The capability claims as the report carries them (Report.claims: provider → column → claim), read
 * from spec/capabilities.yaml at report time so the HTML matrix stays a pure view of report.json; and
 * the console lines that say, after a run, how the measured matrix compares with the claims.
 */
import type { CapabilityClaim, CaseResult } from '../../reports/model.ts';
import { loadCapabilityMatrix } from '../../spec/capabilities.ts';

export function capabilityClaims(): Record<string, Record<string, CapabilityClaim>> {
  return Object.fromEntries(loadCapabilityMatrix().providers.map((p) => [
    p.id,
    Object.fromEntries(Object.entries(p.cells).map(([column, { state, source, note }]) => [column, { state, source, ...(note ? { note } : {}) }])),
  ]));
}

/**
 * A few lines for the end of a run: cells measured as claimed, cells that differ, and the unimplemented
 * ones grouped by provider with the gateway's reason (they do not fail the run). Empty without capability cases.
 */
export function capabilityMatrixLines(cases: readonly CaseResult[]): string[] {
  const cells = cases.filter((c) => c.provider !== undefined && c.capability !== undefined);
  if (cells.length === 0) return [];
  const count = (o: CaseResult['outcome']) => cells.filter((c) => c.outcome === o).length;
  const lines = [`capability matrix: ${cells.length} cells — ${count('pass')} as claimed, ${count('fail') + count('non-strict')} differ from the claim, ${count('unimplemented')} unimplemented (not a failure)`];
  const unimplemented = new Map<string, { cells: number; reason: string }>();
  for (const c of cells) {
    if (c.outcome !== 'unimplemented') continue;
    const entry = unimplemented.get(c.provider!) ?? { cells: 0, reason: c.message ?? 'not implemented' };
    entry.cells += 1;
    unimplemented.set(c.provider!, entry);
  }
  for (const [provider, { cells: n, reason }] of unimplemented) lines.push(`  – unimplemented  ${provider} (${n} cell${n === 1 ? '' : 's'}): ${reason}`);
  for (const c of cells) if (c.outcome === 'fail' || c.outcome === 'non-strict') lines.push(`  ✗ differs       ${c.provider} · ${c.capability}: ${c.message ?? c.outcome}`);
  return lines;
}
