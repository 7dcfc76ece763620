/**
 * The JUnit XML view of a Report, for CI systems (GitLab, Jenkins, GitHub test reporters).
 * One <testsuite> per check suite × target, one <testcase> per case:
 *   fail → <failure> with the violations; non-strict and informational → <system-out> notes (a missed
 *   SHOULD is not a failure); unimplemented → <skipped>. Text is escaped for XML 1.0, including the
 *   control characters XML cannot represent at all (gateway output may contain them).
 */
import type { CaseResult, CheckInfo, Report, TargetInfo } from './model.ts';
import { lookup } from './lookup.ts';
import { groupBy } from './summary.ts';
import { escapeXml, seconds } from './text.ts';

const attr = (value: unknown): string => escapeXml(value, 'attr');
const text = (value: unknown): string => escapeXml(value, 'text');

/** Attribute-sized one-liner: first line, clipped. */
function oneLine(value: string, max = 300): string {
  const line = value.split(/\r?\n/, 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function details(c: CaseResult, check: CheckInfo): string {
  const lines: string[] = [];
  if (c.message) lines.push(c.message, '');
  if (check.requirement) lines.push(`Requirement (${check.level}): ${check.requirement}`);
  if (c.expected !== undefined) lines.push(`Expected: ${c.expected}`);
  if (c.observed !== undefined) lines.push(`Observed: ${c.observed}`);
  if (c.violations.length > 0) {
    lines.push('', `Violations (${c.violations.length}):`);
    for (const v of c.violations) lines.push(`  ${v.pointer === '' ? '(whole value)' : v.pointer}: expected ${v.expected}, actual ${v.actual}`);
  }
  for (const note of c.evidence.notes ?? []) lines.push(`Note: ${note}`);
  const curl = c.evidence.exchanges[0]?.curl;
  if (curl) lines.push('', 'Reproduce:', curl);
  return lines.join('\n').trim();
}

function testcase(c: CaseResult, check: CheckInfo, classname: string): string {
  const open = `    <testcase classname="${attr(classname)}" name="${attr(`${c.checkId} [${c.scenario}]`)}" time="${seconds(c.durationMs)}"`;
  const body = details(c, check);
  switch (c.outcome) {
    case 'pass':
      return `${open}/>`;
    case 'fail': {
      const message = oneLine(c.message ?? c.violations[0]?.message ?? 'check failed');
      return `${open}>\n      <failure message="${attr(message)}" type="${attr(`${check.level} ${check.id}`)}">${text(body)}</failure>\n    </testcase>`;
    }
    case 'unimplemented':
      return `${open}>\n      <skipped message="${attr(oneLine(c.message ?? 'not offered by this target'))}"/>\n    </testcase>`;
    default: {
      // non-strict (a SHOULD missed) and informational: visible in the log, never a failure.
      const label = c.outcome === 'non-strict' ? 'NON-STRICT (SHOULD not met, not a failure)' : 'INFORMATIONAL';
      return `${open}>\n      <system-out>${text(`${label}: ${body}`)}</system-out>\n    </testcase>`;
    }
  }
}

function testsuite(suite: string, target: TargetInfo, cases: CaseResult[], report: Report, find: ReturnType<typeof lookup>): string {
  const classname = `${suite}.${target.id}`;
  const failures = cases.filter((c) => c.outcome === 'fail').length;
  const skipped = cases.filter((c) => c.outcome === 'unimplemented').length;
  const time = cases.reduce((sum, c) => sum + c.durationMs, 0);
  const properties = [
    ['target.id', target.id], ['target.label', target.label], ['target.kind', target.kind], ['target.url', target.url],
    ['seed', String(report.run.seed)], ['run.id', report.run.id],
  ].map(([name, value]) => `      <property name="${attr(name)}" value="${attr(value)}"/>`).join('\n');
  return `  <testsuite name="${attr(classname)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}" timestamp="${attr(report.run.startedAt)}">
    <properties>
${properties}
    </properties>
${cases.map((c) => testcase(c, find.check(c.checkId), classname)).join('\n')}
  </testsuite>`;
}

/** Render the report as a JUnit XML document. */
export function renderJunit(report: Report): string {
  const find = lookup(report);
  const targetOrder = new Map(report.targets.map((t, i) => [t.id, i]));
  const groups = [...groupBy(report.cases, (c) => `${find.check(c.checkId).suite}\u0000${c.targetId}`)]
    .map(([key, cases]) => {
      const [suite, targetId] = key.split('\u0000') as [string, string];
      return { suite, target: find.target(targetId), cases };
    })
    .sort((a, b) => (a.suite < b.suite ? -1 : a.suite > b.suite ? 1 : 0)
      || (targetOrder.get(a.target.id) ?? Infinity) - (targetOrder.get(b.target.id) ?? Infinity));
  const failures = report.cases.filter((c) => c.outcome === 'fail').length;
  const skipped = report.cases.filter((c) => c.outcome === 'unimplemented').length;
  const time = report.cases.reduce((sum, c) => sum + c.durationMs, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${attr(`${report.tool.name} ${report.tool.version}`)}" tests="${report.cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}" timestamp="${attr(report.run.startedAt)}">
${groups.map((g) => testsuite(g.suite, g.target, g.cases, report, find)).join('\n')}
</testsuites>
`;
}
