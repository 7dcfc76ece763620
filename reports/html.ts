/**
 * The HTML view of a Report: one self-contained file (inline CSS and JS, no requests of any kind, works
 * from file://) that a person reads to see which endpoints and checks conform, with the evidence behind
 * every cell. Sections: summary header, the seed's Supported APIs table (html-apis.ts), endpoint table,
 * provider capability matrix (html-matrix.ts, when the report has claims or capability cases), check matrix
 * (checks × targets), case details; filters by text, outcome, endpoint, provider, capability (html-filters.ts).
 *
 * Gateway output is hostile input: every model string is escaped, and a Content-Security-Policy meta tag
 * allows only the page's own style and script (by hash) — so even a missed escape could neither run
 * script nor load anything.
 */
import { createHash } from 'node:crypto';
import { OUTCOMES, type CaseResult, type CheckInfo, type Outcome, type Report } from './model.ts';
import { SUPPORTED_APIS_CSS, supportedApisSection } from './html-apis.ts';
import { caseSection } from './html-case.ts';
import { BASELINE_CSS, baselineSection } from './html-diff.ts';
import { filterSelects, rowFilterAttributes } from './html-filters.ts';
import { CAPABILITY_MATRIX_CSS, capabilityMatrixSection } from './html-matrix.ts';
import { OUTCOME_LABEL, OUTCOME_SYMBOL, badge, fragment, searchText } from './html-parts.ts';
import { REPORT_JS } from './html-script.ts';
import { REPORT_CSS } from './html-style.ts';
import { endpointOf, lookup, type ReportLookup } from './lookup.ts';
import { countOutcomes, groupBy } from './summary.ts';
import { escapeHtml as e, formatDuration, formatTimestamp } from './text.ts';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function countCells(counts: Record<Outcome, number>): string {
  return OUTCOMES.map((o) => (counts[o] === 0 ? '<td class="num zero">0</td>' : `<td class="num o-${o}">${counts[o]}</td>`)).join('');
}

const countHeads = (): string =>
  OUTCOMES.map((o) => `<th scope="col" class="num"><span aria-hidden="true">${OUTCOME_SYMBOL[o]}</span> ${OUTCOME_LABEL[o]}</th>`).join('');

function verdict(report: Report, failedChecks: number): string {
  if (report.summary.ok) return '<p class="verdict ok"><span aria-hidden="true">✓</span> PASS: no MUST check failed</p>';
  const cases = report.summary.byOutcome.fail;
  return `<p class="verdict failed"><span aria-hidden="true">✗</span> FAIL: ${failedChecks} check${failedChecks === 1 ? '' : 's'} failed (${cases} case${cases === 1 ? '' : 's'})</p>`;
}

function header(report: Report): string {
  const failedChecks = new Set(report.cases.filter((c) => c.outcome === 'fail').map((c) => c.checkId)).size;
  const badges = OUTCOMES.map((o) => `<li>${badge(o, report.summary.byOutcome[o])}</li>`).join('');
  const byTarget = groupBy(report.cases, (c) => c.targetId);
  const targetRows = report.targets.map((t) => `<tr><th scope="row">${e(t.label)} <code class="muted">${e(t.id)}</code></th>
<td>${e(t.kind)}</td><td><code>${e(t.url)}</code>${t.version ? ` <span class="muted">v${e(t.version)}</span>` : ''}</td>${countCells(countOutcomes(byTarget.get(t.id) ?? []))}</tr>`).join('\n');
  const { run, tool } = report;
  const m = run.machine;
  return `<header class="summary">
<div class="title-row"><h1>Touchstone conformance report</h1>${verdict(report, failedChecks)}</div>
<ul class="badges" aria-label="Cases by outcome">${badges}<li><span class="muted">${report.summary.total} cases · ${report.checks.length} checks · ${report.targets.length} target${report.targets.length === 1 ? '' : 's'}</span></li></ul>
<table class="targets">
<thead><tr><th scope="col">Target</th><th scope="col">Kind</th><th scope="col">URL</th>${countHeads()}</tr></thead>
<tbody>
${targetRows}
</tbody></table>
<dl class="meta">
<dt>Date</dt><dd>${e(formatTimestamp(run.startedAt))}</dd>
<dt>Duration</dt><dd>${e(formatDuration(run.durationMs))}</dd>
<dt>Seed</dt><dd><code>${e(run.seed)}</code></dd>
<dt>Tool</dt><dd>${e(tool.name)} ${e(tool.version)}</dd>
<dt>Run</dt><dd><code>${e(run.id)}</code></dd>
<dt>Command</dt><dd><code>${e(run.command)}</code></dd>
<dt>Machine</dt><dd>Node ${e(m.node)} · ${e(m.platform)}/${e(m.arch)} · ${e(m.cpus)} CPUs</dd>
</dl>
</header>`;
}

function controls(report: Report, find: ReportLookup): string {
  const boxes = OUTCOMES.map((o) => `<label><input type="checkbox" data-outcome="${o}" checked> ${badge(o)}</label>`).join('\n');
  return `<div id="filters" class="filters" role="search" hidden>
<input id="filter-text" type="search" placeholder="Filter by check, target, scenario, message… (press /)" aria-label="Filter cases">
${filterSelects(report, find)}
${boxes}
<button type="button" id="filter-reset">Reset</button>
<button type="button" id="expand-all">Expand all</button>
<button type="button" id="collapse-all">Collapse all</button>
<span id="filter-count" class="muted" aria-live="polite"></span>
</div>`;
}

interface EndpointGroup { endpoint: string; anchor: string; cases: CaseResult[]; checks: CheckInfo[] }

function endpointGroups(report: Report, find: ReportLookup): EndpointGroup[] {
  const byEndpoint = groupBy(report.cases, (c) => endpointOf(find.check(c.checkId)));
  return [...byEndpoint].map(([endpoint, cases], i) => ({
    endpoint,
    anchor: `ep-${i + 1}-${endpoint.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
    cases,
    checks: [...new Set(cases.map((c) => c.checkId))].map(find.check),
  }));
}

function endpointTable(groups: EndpointGroup[]): string {
  const rows = groups.map((g) => `<tr data-outcomes="${[...new Set(g.cases.map((c) => e(c.outcome)))].join(' ')}"${rowFilterAttributes(g.cases, g.checks)} data-search="${searchText(g.endpoint, ...g.checks.map((c) => c.id))}">
<th scope="row"><code>${e(g.endpoint)}</code></th>
<td>${g.checks.map((c) => `<code>${e(c.id)}</code>`).join('<br>')}</td>${countCells(countOutcomes(g.cases))}
<td><a href="${fragment(g.anchor)}">${g.cases.length} case${g.cases.length === 1 ? '' : 's'}</a></td></tr>`).join('\n');
  return `<section id="endpoints"><h2>Endpoints</h2>
<table class="endpoints">
<thead><tr><th scope="col">Endpoint</th><th scope="col">Checks</th>${countHeads()}<th scope="col">Cases</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
}

function matrix(report: Report, find: ReportLookup): string {
  const cell = groupBy(report.cases, (c) => `${c.checkId}\u0000${c.targetId}`);
  const known = new Set(report.checks.map((c) => c.id));
  const checks = [...report.checks, ...[...new Set(report.cases.map((c) => c.checkId))].filter((id) => !known.has(id)).map(find.check)];
  const bySuite = groupBy(checks, (c) => c.suite);
  const heads = report.targets.map((t) => `<th scope="col">${e(t.label)}<br><code class="muted">${e(t.id)}</code></th>`).join('');
  const body = [...bySuite].map(([suite, suiteChecks]) => {
    const group = `<tr class="group" data-group="${e(suite)}"><th colspan="${2 + report.targets.length}" scope="rowgroup">${e(suite)}</th></tr>`;
    const rows = suiteChecks.map((check) => {
      const outcomes = new Set<string>();
      const rowCases = report.targets.flatMap((t) => cell.get(`${check.id}\u0000${t.id}`) ?? []);
      const cells = report.targets.map((t) => {
        const cases = cell.get(`${check.id}\u0000${t.id}`) ?? [];
        if (cases.length === 0) return '<td class="muted">not run</td>';
        return `<td>${cases.map((c) => {
          outcomes.add(e(c.outcome));
          const scenario = cases.length > 1 ? `<span class="scn">${e(c.scenario)}</span>` : '';
          return `<a class="badge o-${e(c.outcome)}" href="${fragment(c.id)}" title="${e(c.scenario)}"><span aria-hidden="true">${OUTCOME_SYMBOL[c.outcome] ?? '?'}</span> ${e(OUTCOME_LABEL[c.outcome] ?? c.outcome)}</a>${scenario}`;
        }).join('')}</td>`;
      }).join('');
      return `<tr data-group="${e(suite)}" data-outcomes="${[...outcomes].join(' ') || 'none'}"${rowFilterAttributes(rowCases, [check])} data-search="${searchText(check.id, check.title, check.suite, check.endpoint)}">
<th scope="row"><code>${e(check.id)}</code><span class="check-title">${e(check.title)}</span></th>
<td><span class="level level-${e(check.level)}">${e(check.level)}</span></td>${cells}</tr>`;
    }).join('\n');
    return `${group}\n${rows}`;
  }).join('\n');
  return `<section id="matrix"><h2>Check matrix</h2>
<table class="matrix">
<thead><tr><th scope="col">Check</th><th scope="col">Level</th>${heads}</tr></thead>
<tbody>
${body}
</tbody></table></section>`;
}

function caseDetails(groups: EndpointGroup[], find: ReportLookup): string {
  const sections = groups.map((g) => `<section class="ep-group" id="${e(g.anchor)}">
<h3><code>${e(g.endpoint)}</code> <span class="muted">${g.cases.length} case${g.cases.length === 1 ? '' : 's'}</span></h3>
${g.cases.map((c) => caseSection(c, find.check(c.checkId), find.target(c.targetId))).join('\n')}
</section>`).join('\n');
  return `<section id="cases"><h2>Cases</h2>
<p class="muted">Each case is collapsed; open it for the requirement, the violations, every exchange and a curl command to reproduce it.</p>
${sections}
</section>`;
}

/** Render the whole report as one self-contained HTML document. */
export function renderHtml(report: Report): string {
  const find = lookup(report);
  const groups = endpointGroups(report, find);
  const capabilities = capabilityMatrixSection(report);
  const baseline = baselineSection(report);
  const css = REPORT_CSS + CAPABILITY_MATRIX_CSS + BASELINE_CSS + SUPPORTED_APIS_CSS;
  const csp = `default-src 'none'; style-src ${sha256(css)}; script-src ${sha256(REPORT_JS)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const targets = report.targets.map((t) => t.label).join(', ') || 'no target';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${e(report.tool.name)} ${e(report.tool.version)}">
<title>${report.summary.ok ? 'PASS' : 'FAIL'} · Touchstone conformance · ${e(targets)}</title>
<style>${css}</style>
</head>
<body>
${header(report)}
<nav class="toc" aria-label="Sections">${baseline ? '<a href="#baseline">Changes since baseline</a>' : ''}<a href="#apis">Supported APIs</a><a href="#endpoints">Endpoints</a>${capabilities ? '<a href="#capabilities">Capability matrix</a>' : ''}<a href="#matrix">Check matrix</a><a href="#cases">Cases</a></nav>
${controls(report, find)}
<main>
${baseline}
${supportedApisSection(report, find)}
${endpointTable(groups)}
${capabilities}
${matrix(report, find)}
${caseDetails(groups, find)}
</main>
<footer class="page">Generated by ${e(report.tool.name)} ${e(report.tool.version)} from report.json (run <code>${e(report.run.id)}</code>), the source of truth for this page.</footer>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}
