/**
 * The NDJSON view of a Report: one JSON line per case, each line exactly a CaseResult (so it validates
 * against `#/$defs/CaseResult` of reports/schema.json). Made for `jq`, log shippers, and merging shards.
 */
import type { CaseResult, Report } from './model.ts';

/** One line per case, newline-terminated; JSON.stringify never emits a raw newline. */
export function renderNdjson(report: Pick<Report, 'cases'>): string {
  return report.cases.map((c) => `${JSON.stringify(c)}\n`).join('');
}

/** Parse NDJSON back into cases; blank lines are ignored, a malformed line throws with its number. */
export function parseNdjson(text: string): CaseResult[] {
  const cases: CaseResult[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      cases.push(JSON.parse(line) as CaseResult);
    } catch (error) {
      throw new Error(`cases.ndjson line ${i + 1}: ${(error as Error).message}`);
    }
  });
  return cases;
}
