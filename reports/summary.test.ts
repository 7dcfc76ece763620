/** Tests for reports/summary.ts: outcome counts and the ok rule (no case failed). */
import { describe, expect, it } from 'vitest';
import { countOutcomes, emptyCounts, summarize } from './summary.ts';
import { sampleReport } from './fixtures.ts';

describe('summarize', () => {
  it('counts every outcome and is ok without a fail', () => {
    const summary = summarize([{ outcome: 'pass' }, { outcome: 'non-strict' }, { outcome: 'informational' }, { outcome: 'unimplemented' }]);
    expect(summary).toEqual({
      total: 4, ok: true,
      byOutcome: { pass: 1, 'non-strict': 1, fail: 0, informational: 1, unimplemented: 1 },
    });
  });

  it('is not ok as soon as one case fails', () => {
    expect(summarize([{ outcome: 'pass' }, { outcome: 'fail' }]).ok).toBe(false);
  });

  it('an empty run is ok with zero counts', () => {
    expect(summarize([])).toEqual({ total: 0, byOutcome: emptyCounts(), ok: true });
  });

  it('matches the sample report, which has every outcome', () => {
    const report = sampleReport();
    const counts = countOutcomes(report.cases);
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
    expect(report.summary).toEqual(summarize(report.cases));
  });
});
