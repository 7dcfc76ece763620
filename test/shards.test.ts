// Sharded runs end to end, as CI runs them: `touchstone run --shard i/n` on each machine, then
// `touchstone report merge` — the merged report holds exactly the cases of one unsharded run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../reports/model.ts';
import { runCli } from './cli-helpers.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchstone-shards-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const readReport = (dir: string): Report => JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
const caseIds = (report: Report): Set<string> => new Set(report.cases.map((c) => c.id));

describe('touchstone run --shard + report merge', () => {
  it('two shards merge into the case set of one unsharded run with the same seed', async () => {
    const [a, b, full] = ['A', 'B', 'full'].map((name) => path.join(tmp, name)) as [string, string, string];
    // The three runs are independent processes (each starts its own in-process target): run them together.
    // A filter spanning several suite files keeps them quick; sharding splits files, so both shards get some.
    const filter = ['--filter', 'chat,realtime,routing,streaming,capability:tools'];
    const runs = await Promise.all([
      runCli(['run', '--shard', '1/2', '--seed', '5', ...filter, '--report', a]),
      runCli(['run', '--shard', '2/2', '--seed', '5', ...filter, '--report', b]),
      runCli(['run', '--seed', '5', ...filter, '--report', full]),
    ]);
    for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0);

    const [shardA, shardB, unsharded] = [readReport(a), readReport(b), readReport(full)];
    expect(shardA.run.shard).toEqual({ index: 1, count: 2 });
    expect(shardB.run.shard).toEqual({ index: 2, count: 2 });
    expect(unsharded.run.shard).toBeUndefined();
    const idsA = caseIds(shardA);
    const idsB = caseIds(shardB);
    expect(idsA.size).toBeGreaterThan(0);
    expect(idsB.size).toBeGreaterThan(0);
    expect([...idsA].filter((id) => idsB.has(id)), 'shards are disjoint').toEqual([]);

    const out = path.join(tmp, 'C');
    const merge = await runCli(['report', 'merge', a, b, '--out', out]);
    expect(merge.code, merge.stdout + merge.stderr).toBe(0);
    expect(merge.stdout).toContain(`report: ${path.join(out, 'index.html')}`);
    const merged = readReport(out);
    const idsMerged = caseIds(merged);
    expect(merged.cases.length).toBe(idsMerged.size);
    expect(idsMerged).toEqual(new Set([...idsA, ...idsB]));
    expect(idsMerged).toEqual(caseIds(unsharded));
    expect(merged.summary.total).toBe(unsharded.summary.total);
    expect(merged.run.seed).toBe(5);
    expect(merged.run.shard).toBeUndefined();
    expect(merged.run.mergedFrom).toEqual([
      { file: path.join(a, 'report.json'), shard: { index: 1, count: 2 } },
      { file: path.join(b, 'report.json'), shard: { index: 2, count: 2 } },
    ]);
    console.log(`shards: ${idsA.size} + ${idsB.size} cases → merged ${idsMerged.size} (unsharded ${unsharded.cases.length})`);

    // Bad input exits 2 naming the problem: a shard given twice, shards of different seeds.
    const twice = await runCli(['report', 'merge', a, a, '--out', path.join(tmp, 'D')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/duplicate case id/);
    const otherSeed = JSON.parse(readFileSync(path.join(b, 'report.json'), 'utf8')) as Report;
    otherSeed.run.seed = 6;
    const { writeReport } = await import('../reports/write.ts');
    await writeReport(otherSeed, path.join(tmp, 'B6'));
    const mismatch = await runCli(['report', 'merge', a, path.join(tmp, 'B6'), '--out', path.join(tmp, 'E')]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/seed mismatch/);
  }, 90_000);

  it('--shard must be I/N with 1 ≤ I ≤ N', async () => {
    for (const shard of ['0/2', '3/2', '1/0', 'a/b', '1']) {
      const { code, stderr } = await runCli(['run', '--shard', shard, '--report', path.join(tmp, 'never')]);
      expect(code, shard).toBe(2);
      expect(stderr).toMatch(/--shard/);
    }
  });
});
