/**
 * Baseline comparison: which cases of a run (head) were added, removed, changed or unchanged against an
 * earlier report (base), and which of them are regressions — the gate of `touchstone run --baseline` and
 * `touchstone diff`. Cases are matched by case id, else by check + target + scenario. A regression is an
 * outcome that got worse (pass → non-strict or fail, non-strict → fail, anything → fail) or a MUST case
 * that disappeared. Views: a console text (regressions first) and, through Report.baseline, html-diff.ts.
 */
import { readFileSync } from 'node:fs';
import type { BaselineComparison, CaseResult, DiffEntry, DiffSummary, Outcome, Report, Violation } from './model.ts';
import { lookup } from './lookup.ts';
import { terminalText } from './text.ts';
import { validateReport } from './validate.ts';

export interface ReportDiff {
  baseRunId: string;
  headRunId: string;
  summary: DiffSummary;
  /** Every case, regressions first, then changed, added, removed, unchanged (each in report order). */
  entries: DiffEntry[];
}

/** How bad an outcome is for the regression rule; outcomes of equal rank are not a regression. */
const SEVERITY: Record<Outcome, number> = { pass: 0, informational: 0, unimplemented: 0, 'non-strict': 1, fail: 2 };

/** pass → non-strict/fail, non-strict → fail, any → fail. */
export function isWorse(before: Outcome, after: Outcome): boolean {
  if (after === 'fail') return before !== 'fail';
  return after === 'non-strict' && before === 'pass';
}

const tripleKey = (c: CaseResult): string => `${c.checkId}\u0000${c.targetId}\u0000${c.scenario}`;
const violationKey = (v: Violation): string => JSON.stringify([v.pointer, v.rule ?? '', v.expected, v.actual]);

function sameViolations(a: Violation[], b: Violation[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(violationKey).sort();
  const right = b.map(violationKey).sort();
  return left.every((k, i) => k === right[i]);
}

const ORDER: Record<DiffEntry['change'], number> = { changed: 0, added: 1, removed: 2, unchanged: 3 };

/** Compare two reports case by case. */
export function diffReports(base: Report, head: Report): ReportDiff {
  const findBase = lookup(base);
  const findHead = lookup(head);
  const byId = new Map(head.cases.map((c) => [c.id, c]));
  const matchedHead = new Set<CaseResult>();
  const pairs: [CaseResult, CaseResult | undefined][] = base.cases.map((b) => {
    const h = byId.get(b.id);
    if (h) matchedHead.add(h);
    return [b, h];
  });
  // Fallback for cases whose id changed (a re-keyed or merged report): same check, target and scenario.
  const byTriple = new Map<string, CaseResult>();
  for (const h of head.cases) if (!matchedHead.has(h) && !byTriple.has(tripleKey(h))) byTriple.set(tripleKey(h), h);
  for (const pair of pairs) {
    if (pair[1]) continue;
    const h = byTriple.get(tripleKey(pair[0]));
    if (h && !matchedHead.has(h)) { pair[1] = h; matchedHead.add(h); }
  }

  const entries: DiffEntry[] = [];
  const common = (c: CaseResult) => ({ checkId: c.checkId, targetId: c.targetId, scenario: c.scenario });
  for (const [b, h] of pairs) {
    if (!h) {
      const level = findBase.check(b.checkId).level;
      entries.push({
        change: 'removed', caseId: b.id, ...common(b), level, before: b.outcome, regression: level === 'MUST',
        note: level === 'MUST' ? 'MUST case missing from this run' : 'case missing from this run',
      });
      continue;
    }
    const level = findHead.check(h.checkId).level;
    const entry: DiffEntry = { change: 'unchanged', caseId: h.id, ...common(h), level, before: b.outcome, after: h.outcome, regression: false };
    if (b.outcome !== h.outcome) {
      entry.change = 'changed';
      entry.regression = isWorse(b.outcome, h.outcome);
      entry.note = `${b.outcome} → ${h.outcome}${h.message ? `: ${h.message}` : ''}`;
    } else if (!sameViolations(b.violations, h.violations)) {
      entry.change = 'changed';
      entry.note = `same outcome, violations ${b.violations.length} → ${h.violations.length}${h.violations[0] ? `: ${h.violations[0].message}` : ''}`;
    }
    entries.push(entry);
  }
  for (const h of head.cases) {
    if (matchedHead.has(h)) continue;
    entries.push({ change: 'added', caseId: h.id, ...common(h), level: findHead.check(h.checkId).level, after: h.outcome, regression: false });
  }
  // Stable sort: regressions first, then by kind of change; report order within each.
  entries.sort((x, y) => Number(y.regression) - Number(x.regression) || ORDER[x.change] - ORDER[y.change]);
  const count = (change: DiffEntry['change']) => entries.filter((x) => x.change === change).length;
  return {
    baseRunId: base.run.id,
    headRunId: head.run.id,
    summary: {
      added: count('added'), removed: count('removed'), changed: count('changed'), unchanged: count('unchanged'),
      regressions: entries.filter((x) => x.regression).length,
    },
    entries,
  };
}

/** The diff as stored in report.json: unchanged cases are only counted. */
export function baselineComparison(diff: ReportDiff, file: string): BaselineComparison {
  return { file, runId: diff.baseRunId, summary: diff.summary, entries: diff.entries.filter((x) => x.change !== 'unchanged') };
}

export interface DiffTextOptions {
  /** List at most this many non-regression changes; default 20. Regressions are always all listed. */
  maxChanges?: number;
}

/** The console view: a table of regressions first, then the counts, then the other changes. */
export function renderDiffText(diff: Pick<ReportDiff, 'summary' | 'entries'> & { baseRunId: string }, options: DiffTextOptions = {}): string {
  const lines: string[] = [];
  const { summary } = diff;
  const outcome = (o: Outcome | undefined): string => o ?? '—';
  const regressions = diff.entries.filter((x) => x.regression);
  if (regressions.length > 0) {
    lines.push(`Regressions against baseline ${terminalText(diff.baseRunId)}:`);
    const rows = regressions.map((x) => [x.level, `${outcome(x.before)} → ${outcome(x.after)}`, `${x.checkId} [${x.scenario}] @${x.targetId}`].map(terminalText));
    const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) lines.push(`  ✗ ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`);
    lines.push('');
  }
  lines.push(`Baseline ${terminalText(diff.baseRunId)}: ${summary.regressions} regression${summary.regressions === 1 ? '' : 's'}`
    + ` · ${summary.changed} changed · ${summary.added} added · ${summary.removed} removed · ${summary.unchanged} unchanged`);
  const others = diff.entries.filter((x) => !x.regression && x.change !== 'unchanged');
  const max = options.maxChanges ?? 20;
  for (const x of others.slice(0, max)) {
    const what = x.change === 'added' ? `added (${outcome(x.after)})` : x.change === 'removed' ? `removed (was ${outcome(x.before)})` : terminalText(x.note ?? 'changed');
    lines.push(`  ${x.change === 'removed' ? '-' : x.change === 'added' ? '+' : '~'} ${terminalText(x.caseId)}: ${what}`);
  }
  if (others.length > max) lines.push(`  … and ${others.length - max} more changes`);
  return lines.join('\n');
}

/** A report file that cannot be used: unreadable, not JSON, or not a valid report (names the problem). */
export class ReportFileError extends Error {}

/** Read and validate a report.json (a baseline, a diff side, a replay source). */
export function loadReportFile(file: string): Report {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (error) {
    throw new ReportFileError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let value: unknown;
  try { value = JSON.parse(text); } catch (error) { throw new ReportFileError(`${file}: not JSON (${(error as Error).message})`); }
  const result = validateReport(value);
  if (result.valid) return result.report;
  const shown = result.violations.slice(0, 5).map((v) => `  ${v.message}`);
  const more = result.violations.length > 5 ? [`  … and ${result.violations.length - 5} more`] : [];
  throw new ReportFileError(`${file}: not a valid Touchstone report:\n${[...shown, ...more].join('\n')}`);
}
