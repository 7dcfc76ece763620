/**
 * The filter dimensions of the report page besides text and outcome: endpoint (a seed API or an
 * endpoint outside the seed's table), provider and capability. Options come from the model only; each
 * case and table row carries its values in data attributes, so the page script filters by toggling
 * `hidden` on pre-rendered elements (fast at thousands of cases) and never re-renders.
 *
 * Values are percent-encoded tokens (no spaces), so a row can list several of them in one attribute.
 */
import type { CaseResult, CheckInfo, Report } from './model.ts';
import { endpointKey, endpointKeyLabel } from './html-apis.ts';
import { SEED_COLUMNS, SEED_PROVIDERS } from './html-matrix.ts';
import type { ReportLookup } from './lookup.ts';
import { escapeHtml as e } from './text.ts';

const token = (value: string): string => e(encodeURIComponent(value));
const tokens = (values: Iterable<string | undefined>): string =>
  [...new Set([...values].filter((v): v is string => v !== undefined))].map(token).join(' ');

/** Data attributes of one case: `data-endpoint`, and `data-provider` / `data-capability` when it has them. */
export function caseFilterAttributes(c: CaseResult, check: CheckInfo): string {
  return ` data-endpoint="${token(endpointKey(check))}"${c.provider !== undefined ? ` data-provider="${token(c.provider)}"` : ''}${c.capability !== undefined ? ` data-capability="${token(c.capability)}"` : ''}`;
}

/** Data attributes of a table row summarising some cases: every endpoint, provider and capability among them. */
export function rowFilterAttributes(cases: CaseResult[], checks: CheckInfo[]): string {
  return ` data-endpoints="${tokens(checks.map(endpointKey))}" data-providers="${tokens(cases.map((c) => c.provider))}" data-capabilities="${tokens(cases.map((c) => c.capability))}"`;
}

function select(dimension: string, anyLabel: string, options: { value: string; label: string }[]): string {
  if (options.length === 0) return '';
  return `<select id="filter-${dimension}" data-filter="${dimension}" aria-label="Filter by ${dimension}">
<option value="">${e(anyLabel)}</option>
${options.map((o) => `<option value="${token(o.value)}">${e(o.label)}</option>`).join('\n')}
</select>`;
}

const ordered = (present: Set<string>, known: readonly { id: string; label: string }[]) => [
  ...known.filter((k) => present.has(k.id)).map((k) => ({ value: k.id, label: k.label })),
  ...[...present].filter((id) => !known.some((k) => k.id === id)).sort().map((id) => ({ value: id, label: id })),
];

/** The endpoint, provider and capability selects (a select is left out when the model has no value for it). */
export function filterSelects(report: Report, find: ReportLookup): string {
  const endpoints = [...new Set(report.cases.map((c) => endpointKey(find.check(c.checkId))))];
  const providers = new Set(report.cases.flatMap((c) => (c.provider === undefined ? [] : [c.provider])));
  const capabilities = new Set(report.cases.flatMap((c) => (c.capability === undefined ? [] : [c.capability])));
  return [
    select('endpoint', 'any endpoint', endpoints.map((key) => ({ value: key, label: endpointKeyLabel(key) }))),
    select('provider', 'any provider', ordered(providers, SEED_PROVIDERS)),
    select('capability', 'any capability', ordered(capabilities, SEED_COLUMNS)),
  ].filter(Boolean).join('\n');
}
