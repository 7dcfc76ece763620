/** Tests for reports/merge.ts: shard reports joined into one, and the inputs it refuses. */
import { describe, expect, it } from 'vitest';
import type { CaseResult, Report, ShardInfo } from './model.ts';
import { sampleReport } from './fixtures.ts';
import { MergeError, mergeReports } from './merge.ts';
import { summarize } from './summary.ts';
import { validateReport } from './validate.ts';

/** A shard of the sample report holding `cases`, with only the checks and targets those cases use. */
function shardOf(cases: CaseResult[], shard: ShardInfo, times: { startedAt: string; finishedAt: string }): Report {
  const full = sampleReport();
  const checkIds = new Set(cases.map((c) => c.checkId));
  const targetIds = new Set(cases.map((c) => c.targetId));
  return {
    ...full,
    run: { ...full.run, ...times, id: `shard-${shard.index}`, durationMs: Date.parse(times.finishedAt) - Date.parse(times.startedAt), shard },
    targets: full.targets.filter((t) => targetIds.has(t.id)),
    checks: full.checks.filter((c) => checkIds.has(c.id)),
    cases,
    summary: summarize(cases),
  };
}

function twoShards(): [Report, Report] {
  const all = sampleReport().cases;
  // Alternate cases, so both shards share checks and targets (the union must not duplicate them).
  const a = all.filter((_, i) => i % 2 === 0);
  const b = all.filter((_, i) => i % 2 === 1);
  return [
    shardOf(a, { index: 1, count: 2 }, { startedAt: '2025-11-23T14:36:05.000Z', finishedAt: '2025-11-23T14:36:08.000Z' }),
    shardOf(b, { index: 2, count: 2 }, { startedAt: '2025-11-23T14:36:04.000Z', finishedAt: '2025-11-23T14:36:07.500Z' }),
  ];
}

const options = { runId: 'merged-run', command: 'touchstone report merge A B' };

describe('mergeReports', () => {
  it('joins targets and checks by id, concatenates cases and recomputes the summary', () => {
    const [a, b] = twoShards();
    expect(a.summary).not.toEqual(b.summary);
    const merged = mergeReports([{ file: 'A/report.json', report: a }, { file: 'B/report.json', report: b }], options);

    expect(merged.cases.map((c) => c.id)).toEqual([...a.cases, ...b.cases].map((c) => c.id));
    const full = sampleReport();
    expect(new Set(merged.cases.map((c) => c.id))).toEqual(new Set(full.cases.map((c) => c.id)));
    expect(merged.targets.map((t) => t.id).sort()).toEqual(full.targets.map((t) => t.id).sort());
    expect(merged.checks.map((c) => c.id).sort()).toEqual([...new Set([...a.checks, ...b.checks].map((c) => c.id))].sort());
    expect(new Set(merged.checks.map((c) => c.id)).size).toBe(merged.checks.length);
    expect(merged.summary).toEqual(summarize(full.cases));
    expect(merged.summary.ok).toBe(false); // the sample has a failing MUST case

    expect(merged.run.id).toBe('merged-run');
    expect(merged.run.command).toBe(options.command);
    expect(merged.run.seed).toBe(a.run.seed);
    expect(merged.run.startedAt).toBe('2025-11-23T14:36:04.000Z');
    expect(merged.run.finishedAt).toBe('2025-11-23T14:36:08.000Z');
    expect(merged.run.durationMs).toBe(4000);
    expect(merged.run.shard).toBeUndefined();
    expect(merged.run.mergedFrom).toEqual([
      { file: 'A/report.json', shard: { index: 1, count: 2 } },
      { file: 'B/report.json', shard: { index: 2, count: 2 } },
    ]);
    const validation = validateReport(JSON.parse(JSON.stringify(merged)));
    expect(validation.valid ? [] : validation.violations).toEqual([]);
  });

  it('joins the capability claims of every shard', () => {
    const [a, b] = twoShards();
    a.claims = { openai: { stream: { state: 'supported', source: 'seed 001' } } };
    b.claims = { openai: { tools: { state: 'supported', source: 'seed 001' } }, anthropic: { json_mode: { state: 'unsupported', source: 'seed 001' } } };
    const merged = mergeReports([{ file: 'A', report: a }, { file: 'B', report: b }], options);
    expect(merged.claims).toEqual({
      openai: { stream: { state: 'supported', source: 'seed 001' }, tools: { state: 'supported', source: 'seed 001' } },
      anthropic: { json_mode: { state: 'unsupported', source: 'seed 001' } },
    });
  });

  it('refuses a case id present in two inputs, naming it and both files', () => {
    const [a] = twoShards();
    const again = structuredClone(a);
    const id = a.cases[0]!.id;
    expect(() => mergeReports([{ file: 'A/report.json', report: a }, { file: 'A2/report.json', report: again }], options))
      .toThrow(MergeError);
    expect(() => mergeReports([{ file: 'A/report.json', report: a }, { file: 'A2/report.json', report: again }], options))
      .toThrow(new RegExp(`duplicate case id "${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}".*A/report.json.*A2/report.json`));
  });

  it('refuses shards whose seeds differ', () => {
    const [a, b] = twoShards();
    b.run.seed = a.run.seed + 1;
    expect(() => mergeReports([{ file: 'A', report: a }, { file: 'B', report: b }], options)).toThrow(/seed mismatch/);
  });

  it('refuses an empty input', () => {
    expect(() => mergeReports([], options)).toThrow(MergeError);
  });
});
