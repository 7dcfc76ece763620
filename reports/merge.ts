/**
 * Merging the report.json files of a sharded run (`touchstone run --shard i/n` on n machines) into one
 * report, as if one machine had run every suite file: targets and checks joined by id, cases
 * concatenated, claims joined, the summary recomputed. Pure: the CLI reads and validates the files
 * (reports/validate.ts) and writes the views; this only decides what the merged model is.
 */
import type { CapabilityClaim, CheckInfo, Report, ShardInfo, TargetInfo } from './model.ts';
import { summarize } from './summary.ts';

/** One input of a merge: a validated report and the file it was read from (for messages and `mergedFrom`). */
export interface MergeInput {
  file: string;
  report: Report;
}

export interface MergeOptions {
  /** The merged report's run id (the caller generates it, keeping this function pure). */
  runId: string;
  /** The command line that produced the merged report. */
  command: string;
}

/** The inputs cannot be merged into one honest report: bad input (exit 2). */
export class MergeError extends Error {}

/** Join items by id, keeping the first seen of each id in first-seen order. */
function unionById<T extends { id: string }>(lists: readonly (readonly T[])[]): T[] {
  const byId = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()];
}

function mergeClaims(inputs: readonly MergeInput[]): Report['claims'] {
  let merged: Record<string, Record<string, CapabilityClaim>> | undefined;
  for (const { report } of inputs) {
    if (!report.claims) continue;
    merged ??= {};
    for (const [provider, columns] of Object.entries(report.claims)) {
      merged[provider] = { ...columns, ...merged[provider] };
    }
  }
  return merged;
}

/**
 * Merge shard reports into one. Throws MergeError when there is nothing to merge, when the seeds differ
 * (the shards were not one run) or when two inputs hold the same case id (a shard given twice, or
 * overlapping shards) — naming the case and both files.
 */
export function mergeReports(inputs: readonly MergeInput[], options: MergeOptions): Report {
  const first = inputs[0];
  if (!first) throw new MergeError('no report.json to merge');
  const seed = first.report.run.seed;
  for (const { file, report } of inputs) {
    if (report.run.seed !== seed) {
      throw new MergeError(`seed mismatch: ${first.file} has seed ${seed}, ${file} has seed ${report.run.seed} — shards of one run share a seed`);
    }
  }

  const caseFile = new Map<string, string>();
  const cases: Report['cases'] = [];
  for (const { file, report } of inputs) {
    for (const c of report.cases) {
      const earlier = caseFile.get(c.id);
      if (earlier !== undefined) throw new MergeError(`duplicate case id "${c.id}" in ${earlier} and ${file}`);
      caseFile.set(c.id, file);
      cases.push(c);
    }
  }

  const starts = inputs.map((i) => Date.parse(i.report.run.startedAt));
  const ends = inputs.map((i) => Date.parse(i.report.run.finishedAt));
  const startedAt = Math.min(...starts);
  const finishedAt = Math.max(...ends);
  const mergedFrom = inputs.map(({ file, report }): { file: string; shard?: ShardInfo } =>
    (report.run.shard ? { file, shard: report.run.shard } : { file }));

  const { shard: _shard, mergedFrom: _earlierMerge, ...run } = first.report.run;
  const merged: Report = {
    schemaVersion: 1,
    tool: first.report.tool,
    run: {
      ...run,
      id: options.runId,
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: Math.max(0, finishedAt - startedAt),
      seed,
      command: options.command,
      mergedFrom,
    },
    targets: unionById<TargetInfo>(inputs.map((i) => i.report.targets)),
    checks: unionById<CheckInfo>(inputs.map((i) => i.report.checks)),
    cases,
    summary: summarize(cases),
  };
  const claims = mergeClaims(inputs);
  if (claims) merged.claims = claims;
  return merged;
}
