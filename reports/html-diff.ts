/**
 * The report page's "Changes since baseline" section, shown when the run was compared with a baseline
 * (Report.baseline, computed by diff.ts): the counts, then a table with the regressions first and the other
 * changes after them; each row links to the case's details (a removed case has none in this report).
 */
import type { DiffEntry, Report } from './model.ts';
import { badge, fragment } from './html-parts.ts';
import { escapeHtml as e } from './text.ts';

export const BASELINE_CSS = `
.baseline .regression th, .baseline .regression td:first-child { color: var(--fail); font-weight: 700; }
.baseline .diff-counts { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; margin: .4rem 0; list-style: none; }
`;

function outcomeCell(outcome: DiffEntry['before']): string {
  return outcome ? badge(outcome) : '<span class="muted">—</span>';
}

function row(x: DiffEntry, present: boolean): string {
  const kind = x.regression ? 'regression' : x.change;
  const name = `<code>${e(x.checkId)}</code> <span class="muted">[${e(x.scenario)}] @${e(x.targetId)}</span>`;
  return `<tr class="${kind}">
<td>${e(kind)}</td><th scope="row">${present ? `<a href="${fragment(x.caseId)}">${name}</a>` : name}</th>
<td><span class="level level-${e(x.level)}">${e(x.level)}</span></td><td>${outcomeCell(x.before)}</td><td>${outcomeCell(x.after)}</td>
<td>${x.note ? e(x.note) : ''}</td></tr>`;
}

/** The section, or '' when the report has no baseline. */
export function baselineSection(report: Report): string {
  const baseline = report.baseline;
  if (!baseline) return '';
  const s = baseline.summary;
  const ids = new Set(report.cases.map((c) => c.id));
  const counts = `<ul class="diff-counts">
<li><strong class="${s.regressions ? 'o-fail' : 'o-pass'}">${s.regressions} regression${s.regressions === 1 ? '' : 's'}</strong></li>
<li>${s.changed} changed</li><li>${s.added} added</li><li>${s.removed} removed</li><li class="muted">${s.unchanged} unchanged</li></ul>`;
  const entries = [...baseline.entries].sort((a, b) => Number(b.regression) - Number(a.regression));
  const table = entries.length === 0 ? '<p class="muted">No case changed.</p>' : `<table class="diff">
<thead><tr><th scope="col">Change</th><th scope="col">Case</th><th scope="col">Level</th><th scope="col">Baseline</th><th scope="col">This run</th><th scope="col">Note</th></tr></thead>
<tbody>
${entries.map((x) => row(x, x.change !== 'removed' && ids.has(x.caseId))).join('\n')}
</tbody></table>`;
  return `<section id="baseline" class="baseline"><h2>Changes since baseline</h2>
<p class="muted">Compared with <code>${e(baseline.file)}</code> (run <code>${e(baseline.runId)}</code>). A regression is an outcome that got worse, or a MUST case that disappeared.</p>
${counts}
${table}
</section>`;
}
