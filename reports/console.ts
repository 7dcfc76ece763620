/**
 * The console view of a Report: a few lines for the end of `touchstone run` — per-target counts by
 * outcome, then each failing case with its first violation, then the verdict. The caller prints the
 * report path. Model text is made terminal-safe (a gateway's ANSI escapes must not reach the terminal).
 */
import { OUTCOMES, type Outcome, type Report } from './model.ts';
import { OUTCOME_LABEL } from './html-parts.ts';
import { groupBy, countOutcomes } from './summary.ts';
import { formatDuration, terminalText } from './text.ts';

export interface ConsoleOptions {
  /** ANSI colours; default false. */
  color?: boolean;
  /** List at most this many failing cases (the rest are counted); default: all. */
  maxFailures?: number;
}

const ANSI: Record<Outcome | 'bold' | 'dim', string> = {
  pass: '32', 'non-strict': '33', fail: '31', informational: '34', unimplemented: '90', bold: '1', dim: '2',
};

export function renderConsoleSummary(report: Report, options: ConsoleOptions = {}): string {
  const paint = (style: keyof typeof ANSI, s: string): string => (options.color ? `\u001b[${ANSI[style]}m${s}\u001b[0m` : s);
  const counts = (cases: Report['cases']): string => {
    const byOutcome = countOutcomes(cases);
    return OUTCOMES.map((o) => {
      const part = `${byOutcome[o]} ${OUTCOME_LABEL[o]}`;
      return byOutcome[o] === 0 ? paint('dim', part) : paint(o, part);
    }).join(', ');
  };

  const lines: string[] = [];
  lines.push(paint('bold', `Touchstone ${terminalText(report.tool.version)}`)
    + ` · ${report.summary.total} cases in ${formatDuration(report.run.durationMs)} · seed ${report.run.seed}`);
  const byTarget = groupBy(report.cases, (c) => c.targetId);
  const width = Math.max(0, ...report.targets.map((t) => t.id.length));
  for (const target of report.targets) {
    lines.push(`  ${terminalText(target.id).padEnd(width)}  ${counts(byTarget.get(target.id) ?? [])}  ${paint('dim', terminalText(target.url))}`);
  }

  const failures = report.cases.filter((c) => c.outcome === 'fail');
  const shown = failures.slice(0, options.maxFailures ?? failures.length);
  if (shown.length > 0) lines.push('');
  for (const c of shown) {
    const why = c.violations[0]?.message ?? c.message ?? 'failed';
    lines.push(`  ${paint('fail', '✗ FAIL')} ${paint('bold', terminalText(c.checkId))} [${terminalText(c.scenario)}] @${terminalText(c.targetId)}: ${terminalText(why)}`);
  }
  if (failures.length > shown.length) lines.push(`  … and ${failures.length - shown.length} more failing cases (see the report)`);

  lines.push('');
  lines.push(report.summary.ok
    ? paint('pass', 'PASS: no MUST check failed')
    : paint('fail', `FAIL: ${failures.length} failing case${failures.length === 1 ? '' : 's'}`));
  return lines.join('\n');
}
