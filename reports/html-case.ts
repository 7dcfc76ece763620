/**
 * The per-case detail section of the HTML report: one collapsed `<details id="<case id>">` per case with
 * the requirement quoted, expected vs observed, the violations table, every exchange (request, response,
 * or the numbered SSE transcript) and the curl reproduction. Everything is present in the markup, so the
 * page reads fully with JavaScript disabled; the inline script only filters, opens and copies.
 */
import type { CaseResult, CheckInfo, Exchange, TargetInfo, Violation } from './model.ts';
import { caseFilterAttributes } from './html-filters.ts';
import { OUTCOME_LABEL, badge, pre, searchText } from './html-parts.ts';
import { escapeHtml as e, formatDuration } from './text.ts';

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\n');
}

function violationsTable(violations: Violation[]): string {
  if (violations.length === 0) return '';
  const rows = violations.map((v) => `<tr>
<td><code>${v.pointer === '' ? '<span class="muted">(whole value)</span>' : e(v.pointer)}</code></td>
<td>${e(v.expected)}</td><td>${e(v.actual)}</td><td>${v.rule ? `<code>${e(v.rule)}</code>` : ''}</td></tr>`).join('\n');
  return `<table class="violations">
<caption>Violations (${violations.length})</caption>
<thead><tr><th scope="col">JSON pointer</th><th scope="col">Expected</th><th scope="col">Actual</th><th scope="col">Rule</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function transcript(events: string[]): string {
  if (events.length === 0) return '<p class="muted">No events received.</p>';
  const items = events.map((event, i) => `<li><span class="ev-n">${i + 1}</span>${pre(event)}</li>`).join('\n');
  return `<ol class="events" aria-label="SSE events, in order">\n${items}\n</ol>`;
}

function exchangeSection(x: Exchange, index: number, total: number): string {
  const status = x.response ? String(x.response.status) : x.error ? 'transport error' : 'no response';
  const request = `<div class="half"><h5>Request</h5>
${pre(`${x.request.method} ${x.request.url}\n${headerLines(x.request.headers)}`, 'http')}
${x.request.body !== undefined ? pre(x.request.body, 'body') : ''}</div>`;
  let response = '<div class="half"><h5>Response</h5>';
  if (x.response) {
    response += pre(`${x.response.status}\n${headerLines(x.response.headers)}`, 'http');
    if (x.response.events) response += `<h6>SSE transcript (${x.response.events.length} events)</h6>${transcript(x.response.events)}`;
    if (x.response.body !== undefined) response += pre(x.response.body, 'body');
  } else response += '<p class="muted">No response.</p>';
  if (x.error !== undefined) response += `<p class="error"><strong>Error:</strong> ${e(x.error)}</p>`;
  response += '</div>';
  return `<section class="exchange">
<h4>Exchange ${index + 1} of ${total}: <code>${e(x.request.method)} ${e(x.request.url)}</code> → ${e(status)}</h4>
<div class="pair">${request}${response}</div>
<h5>Reproduce</h5>
<pre class="curl"><code>${e(x.curl)}</code></pre>
</section>`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** One case as a collapsed `<details>` whose id is the case id (attribute-escaped). */
export function caseSection(c: CaseResult, check: CheckInfo, target: TargetInfo): string {
  const search = searchText(c.id, check.title, check.suite, check.endpoint, target.label, c.scenario, c.message, OUTCOME_LABEL[c.outcome], c.provider, c.capability);
  const parts: string[] = [];
  parts.push(`<p class="case-meta"><strong>${e(check.title)}</strong> · <span class="level level-${e(check.level)}">${e(check.level)}</span>
· suite <code>${e(check.suite)}</code>${check.endpoint ? ` · <code>${e(check.endpoint)}</code>` : ''}
· target <strong>${e(target.label)}</strong> (<code>${e(target.id)}</code>) · ${e(formatDuration(c.durationMs))}</p>`);
  if (check.requirement) {
    parts.push(`<blockquote class="requirement"><p>${e(check.requirement)}</p>
<footer>— <code>${e(check.id)}</code>, ${e(check.level)}</footer></blockquote>`);
  }
  if (c.message) parts.push(`<p class="message">${e(c.message)}</p>`);
  if (c.expected !== undefined || c.observed !== undefined) {
    parts.push(`<div class="pair">
<div class="half"><h5>Expected</h5>${pre(c.expected ?? '—')}</div>
<div class="half"><h5>Observed</h5>${pre(c.observed ?? '—')}</div></div>`);
  }
  parts.push(violationsTable(c.violations));
  if (c.evidence.notes?.length) parts.push(`<ul class="notes">${c.evidence.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>`);
  const xs = c.evidence.exchanges;
  if (xs.length === 0) parts.push('<p class="muted">No HTTP exchange recorded for this case.</p>');
  xs.forEach((x, i) => parts.push(exchangeSection(x, i, xs.length)));
  if (xs.length) {
    // Re-send this case's requests: the key is not in the report, so it comes from the environment.
    const replay = `TOUCHSTONE_KEY=... npx touchstone replay ${shellQuote(c.id)} --target <gateway base URL>`;
    parts.push(`<h5>Replay</h5>\n<pre class="replay"><code>${e(replay)}</code></pre>`);
  }

  return `<details class="case o-${e(c.outcome)}" id="${e(c.id)}" data-outcome="${e(c.outcome)}"${caseFilterAttributes(c, check)} data-search="${search}">
<summary>${badge(c.outcome)} <code class="check-id">${e(c.checkId)}</code> <span class="at">@${e(c.targetId)}</span>
<span class="scenario">[${e(c.scenario)}]</span>${c.message ? ` <span class="summary-msg">${e(c.message)}</span>` : ''}</summary>
<div class="case-body">
${parts.filter(Boolean).join('\n')}
</div>
</details>`;
}
