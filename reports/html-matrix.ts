/**
 * The report page's provider capability matrix, in the shape of seed 001's table: providers × Stream,
 * Non Stream, Tools, JSON Mode, Schema Mode, Prompt Caching, Reasoning, Structured Output, in the seed's
 * order and with its labels. Each cell shows the claim (report.claims, the seed's three-state legend)
 * and the measured outcome of the case that carries that provider and capability, linked to the case;
 * a cell whose measurement differs from the claim is marked and says why. Built from report.json only.
 */
import type { CapabilityClaim, CaseResult, Report } from './model.ts';
import { OUTCOME_LABEL, OUTCOME_SYMBOL, fragment } from './html-parts.ts';
import { escapeHtml as e } from './text.ts';

/** The seed's column headings, in its order. */
export const SEED_COLUMNS: readonly { id: string; label: string }[] = [
  { id: 'stream', label: 'Stream' }, { id: 'non_stream', label: 'Non Stream' }, { id: 'tools', label: 'Tools' },
  { id: 'json_mode', label: 'JSON Mode' }, { id: 'schema_mode', label: 'Schema Mode' }, { id: 'prompt_caching', label: 'Prompt Caching' },
  { id: 'reasoning', label: 'Reasoning' }, { id: 'structured_output', label: 'Structured Output' },
];

/** The seed's provider rows, in its order, with its names. */
export const SEED_PROVIDERS: readonly { id: string; label: string }[] = [
  { id: 'openai', label: 'OpenAI' }, { id: 'azure-openai', label: 'Azure OpenAI' }, { id: 'anthropic', label: 'Anthropic' },
  { id: 'bedrock', label: 'Bedrock' }, { id: 'vertex', label: 'Vertex' }, { id: 'cohere', label: 'Cohere' }, { id: 'gemini', label: 'Gemini' },
  { id: 'groq', label: 'Groq' }, { id: 'ai21', label: 'AI21' }, { id: 'cerebras', label: 'Cerebras' }, { id: 'sambanova', label: 'SambaNova' },
  { id: 'perplexity', label: 'Perplexity-AI' }, { id: 'together', label: 'Together-AI' }, { id: 'xai', label: 'xAI' }, { id: 'deepinfra', label: 'DeepInfra' },
];

/** The seed's legend, one symbol and label per claimed state (the label carries the meaning). */
export const CLAIM_LEGEND: Record<CapabilityClaim['state'], { symbol: string; label: string; meaning: string }> = {
  supported: { symbol: '✅', label: 'supported', meaning: 'Supported by the provider and the gateway' },
  'provider-only': { symbol: '◐', label: 'provider-only', meaning: 'Provided by the provider, but not by the gateway' },
  unsupported: { symbol: '✕', label: 'not offered', meaning: 'The provider does not support this feature' },
};

/** Outcomes where the measured matrix is not what the claim says (unimplemented: the gateway lacks the provider). */
const DIFFERS = new Set<CaseResult['outcome']>(['fail', 'non-strict', 'unimplemented']);
const WHY_MAX = 110;

const clip = (text: string): string => (text.length > WHY_MAX ? `${text.slice(0, WHY_MAX - 1)}…` : text);

function claimBadge(claim: CapabilityClaim | undefined): string {
  if (!claim) return '<span class="cap-claim muted">no claim recorded</span>';
  const legend = CLAIM_LEGEND[claim.state] ?? { symbol: '?', label: String(claim.state), meaning: 'unknown state' };
  const title = [legend.meaning, claim.note, claim.source].filter(Boolean).join(' — ');
  return `<span class="cap-claim claim-${e(claim.state)}" title="${e(title)}"><span aria-hidden="true">${legend.symbol}</span> ${e(legend.label)}</span>`;
}

function measured(c: CaseResult, claim: CapabilityClaim | undefined, manyTargets: boolean): string {
  const link = `<a class="badge o-${e(c.outcome)}" href="${fragment(c.id)}" title="${e(c.scenario)}"><span aria-hidden="true">${OUTCOME_SYMBOL[c.outcome] ?? '?'}</span> ${e(OUTCOME_LABEL[c.outcome] ?? c.outcome)}</a>`;
  const at = manyTargets ? ` <span class="muted">@${e(c.targetId)}</span>` : '';
  let why = '';
  if (DIFFERS.has(c.outcome)) why = `<span class="cap-why" title="${e(c.message ?? '')}"><span class="cap-mark">≠ claim</span> ${e(clip(c.message ?? c.outcome))}</span>`;
  else if (c.outcome === 'pass' && claim && claim.state !== 'supported') why = '<span class="cap-why muted">refused as claimed (400)</span>';
  return `<span class="cap-measured">${link}${at}${why}</span>`;
}

function cell(cases: CaseResult[], claim: CapabilityClaim | undefined, manyTargets: boolean): string {
  const differs = cases.some((c) => DIFFERS.has(c.outcome));
  const cls = cases.length === 0 ? 'cap-cell cap-not-measured' : differs ? `cap-cell cap-differs${cases.every((c) => c.outcome === 'unimplemented') ? ' cap-unimplemented' : ''}` : 'cap-cell';
  const body = cases.length === 0 ? '<span class="cap-measured muted">not measured</span>' : cases.map((c) => measured(c, claim, manyTargets)).join('');
  return `<td class="${cls}">${claimBadge(claim)}${body}</td>`;
}

/** The capability matrix section, or '' when the report has neither claims nor capability cases. */
export function capabilityMatrixSection(report: Report): string {
  const capabilityCases = report.cases.filter((c) => c.provider !== undefined && c.capability !== undefined);
  const claims = report.claims ?? {};
  if (capabilityCases.length === 0 && Object.keys(claims).length === 0) return '';
  const byCell = new Map<string, CaseResult[]>();
  for (const c of capabilityCases) {
    const key = `${c.provider}\u0000${c.capability}`;
    byCell.set(key, [...(byCell.get(key) ?? []), c]);
  }
  const known = new Set(SEED_PROVIDERS.map((p) => p.id));
  const present = new Set([...Object.keys(claims), ...capabilityCases.map((c) => c.provider!)]);
  const rows = [
    ...SEED_PROVIDERS.filter((p) => present.has(p.id)),
    ...[...present].filter((id) => !known.has(id)).map((id) => ({ id, label: id })),
  ];
  const columnIds = new Set(SEED_COLUMNS.map((c) => c.id));
  const extraColumns = [...new Set(capabilityCases.map((c) => c.capability!))].filter((id) => !columnIds.has(id)).map((id) => ({ id, label: id }));
  const columns = [...SEED_COLUMNS, ...extraColumns];
  const manyTargets = new Set(capabilityCases.map((c) => c.targetId)).size > 1;
  const tally = { asClaimed: 0, differ: 0, unimplemented: 0, notMeasured: 0 };
  const body = rows.map((p) => {
    const cells = columns.map((col) => {
      const cases = byCell.get(`${p.id}\u0000${col.id}`) ?? [];
      if (cases.length === 0) tally.notMeasured += 1;
      else if (cases.every((c) => c.outcome === 'unimplemented')) tally.unimplemented += 1;
      else if (cases.some((c) => DIFFERS.has(c.outcome))) tally.differ += 1;
      else tally.asClaimed += 1;
      return cell(cases, claims[p.id]?.[col.id], manyTargets);
    }).join('');
    return `<tr><th scope="row">${e(p.label)}<code class="muted cap-id">${e(p.id)}</code></th>${cells}</tr>`;
  }).join('\n');
  const legend = Object.values(CLAIM_LEGEND).map((l) => `<li><span aria-hidden="true">${l.symbol}</span> <strong>${e(l.label)}</strong>: ${e(l.meaning)}</li>`).join('');
  return `<section id="capabilities"><h2>Provider capability matrix</h2>
<p class="cap-tally">${rows.length * columns.length} cells: <strong>${tally.asClaimed}</strong> measured as claimed · <strong>${tally.differ}</strong> differ from the claim · <strong>${tally.unimplemented}</strong> unimplemented · <strong>${tally.notMeasured}</strong> not measured</p>
<ul class="cap-legend" aria-label="Legend">${legend}<li><span class="cap-mark">≠ claim</span>: the measured outcome is not what the claim says; the cell says why and links to its case</li></ul>
<div class="cap-scroll"><table class="capabilities">
<thead><tr><th scope="col">Provider</th>${columns.map((c) => `<th scope="col">${e(c.label)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table></div></section>`;
}

/** Styles of the section, appended to the page's stylesheet (and so covered by its CSP hash). */
export const CAPABILITY_MATRIX_CSS = `
.cap-scroll { overflow-x: auto; }
table.capabilities { font-size: 12.5px; }
table.capabilities th[scope=row] { white-space: nowrap; }
.cap-id { display: block; font-size: 11px; font-weight: 400; }
table.capabilities th, table.capabilities td { padding: .3rem .4rem; }
table.capabilities .badge { font-size: 11px; padding: 0 .4em; }
.cap-claim, .cap-measured { display: block; }
.cap-claim { font-size: 11.5px; margin-bottom: .2rem; white-space: nowrap; }
.cap-measured .badge { margin-right: .25rem; }
.cap-why { display: block; font-size: 11px; color: var(--muted); overflow-wrap: anywhere; }
.cap-mark { font-weight: 700; color: var(--fail); white-space: nowrap; }
td.cap-differs { box-shadow: inset 3px 0 0 var(--fail); }
td.cap-unimplemented { box-shadow: inset 3px 0 0 var(--unimplemented); }
td.cap-unimplemented .cap-mark { color: var(--unimplemented); }
.cap-legend { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; padding: 0; margin: .3rem 0 .6rem; list-style: none; font-size: 12.5px; }
@media print { .cap-scroll { overflow: visible; } td.cap-differs, td.cap-unimplemented { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
`;
