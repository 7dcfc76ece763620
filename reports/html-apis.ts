/**
 * The report page's "Supported APIs" table, in the shape of seed 000's table: API, Endpoint, Conforms,
 * Tracing, Cost Tracking — one row per API of the seed, in its order and with its names. Conforms is
 * measured: the cases of every check whose `endpoint` falls under the row's path, counted by outcome and
 * linked to the case list filtered to that API. Tracing and Cost Tracking show what the seed claims and say
 * "not measured": no suite measures them yet, so the page shows no tick it cannot back with a case.
 */
import { OUTCOMES, type CaseResult, type CheckInfo, type Report } from './model.ts';
import { badge } from './html-parts.ts';
import type { ReportLookup } from './lookup.ts';
import { escapeHtml as e } from './text.ts';

/** A seed claim cell: '✅' (supported by provider and gateway), '' (no tick in the seed), or its text. */
export interface SeedApi { name: string; path: string; tracing: string; costTracking: string }

/** Seed 000's "Supported APIs" rows, verbatim. */
export const SEED_APIS: readonly SeedApi[] = [
  { name: 'Chat Completions', path: '/chat/completions', tracing: '✅', costTracking: '✅' },
  { name: 'Embeddings', path: '/embeddings', tracing: '✅', costTracking: '✅' },
  { name: 'Responses API', path: '/responses', tracing: '✅', costTracking: '✅' },
  { name: 'Image Generation', path: '/images/generations', tracing: '✅', costTracking: '' },
  { name: 'Image Edit', path: '/images/edits', tracing: '✅', costTracking: '' },
  { name: 'Image Variation', path: '/images/variations', tracing: '✅', costTracking: '' },
  { name: 'Text-to-Speech', path: '/audio/speech', tracing: '', costTracking: '' },
  { name: 'Speech-to-Text', path: '/audio/transcriptions', tracing: '', costTracking: '' },
  { name: 'Audio Translation', path: '/audio/translations', tracing: '', costTracking: '' },
  { name: 'Batch API', path: '/batches', tracing: '✅', costTracking: '' },
  { name: 'Files API', path: '/files', tracing: '✅', costTracking: '' },
  { name: 'Moderation', path: '/moderations', tracing: '✅', costTracking: 'Free API' },
  { name: 'Fine-tuning', path: '/fine_tuning/jobs', tracing: '✅', costTracking: '' },
  { name: 'Realtime API', path: '/live/{provider-account}', tracing: '✅', costTracking: '✅' },
];

const pathPattern = (path: string): RegExp =>
  new RegExp(`^${path.split(/\{[^}]*\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}(?:/.*)?$`);
const PATTERNS = SEED_APIS.map((api) => ({ api, pattern: pathPattern(api.path) }));

/** The path of a check endpoint ("POST /v1/chat/completions?x=1" → "/chat/completions"). */
function pathOf(endpoint: string): string {
  const path = (endpoint.trim().split(/\s+/).pop() ?? '').split('?')[0]!;
  return path.replace(/^\/v1(?=\/)/, '');
}

/** The seed API an endpoint belongs to ("POST /files/{file_id}" → Files API), if any. */
export function seedApiOf(endpoint: string | undefined): SeedApi | undefined {
  if (!endpoint) return undefined;
  const path = pathOf(endpoint);
  return PATTERNS.find(({ pattern }) => pattern.test(path))?.api;
}

/**
 * The endpoint filter key of a check: its seed API's path, or its own endpoint string for an endpoint
 * outside the seed's table ("GET /models"), or "General" for a check without one.
 */
export function endpointKey(check: CheckInfo): string {
  return seedApiOf(check.endpoint)?.path ?? check.endpoint ?? 'General';
}

/** Label of an endpoint filter key: "Chat Completions — /chat/completions", or the key itself. */
export function endpointKeyLabel(key: string): string {
  const api = SEED_APIS.find((a) => a.path === key);
  return api ? `${api.name} — ${api.path}` : key;
}

function claimCell(claim: string): string {
  const said = claim === '✅' ? '<span aria-hidden="true">✅</span> claimed'
    : claim === '' ? '<span class="muted">no ✅ in the seed</span>' : `claimed: ${e(claim)}`;
  return `<td class="api-claim">${said}<span class="api-measured muted">not measured</span></td>`;
}

function conformsCell(api: SeedApi, cases: CaseResult[]): string {
  if (cases.length === 0) return '<td class="api-conforms muted">not measured</td>';
  const counts = OUTCOMES.map((o) => [o, cases.filter((c) => c.outcome === o).length] as const);
  const shown = counts.filter(([o, n]) => n > 0 || o === 'pass' || o === 'fail');
  const cls = counts.some(([o, n]) => o === 'fail' && n > 0) ? ' api-fails' : '';
  return `<td class="api-conforms${cls}">${shown.map(([o, n]) => badge(o, n)).join(' ')}
<a href="#cases" data-filter-endpoint="${e(encodeURIComponent(api.path))}">${cases.length} case${cases.length === 1 ? '' : 's'}</a></td>`;
}

/** The "Supported APIs" section: every seed row, whether or not the report has cases for it. */
export function supportedApisSection(report: Report, find: ReportLookup): string {
  const byApi = new Map<string, CaseResult[]>();
  for (const c of report.cases) {
    const api = seedApiOf(find.check(c.checkId).endpoint);
    if (api) byApi.set(api.path, [...(byApi.get(api.path) ?? []), c]);
  }
  const rows = SEED_APIS.map((api) => `<tr><th scope="row">${e(api.name)}</th><td><code>${e(api.path)}</code></td>
${conformsCell(api, byApi.get(api.path) ?? [])}${claimCell(api.tracing)}${claimCell(api.costTracking)}</tr>`).join('\n');
  return `<section id="apis"><h2>Supported APIs</h2>
<p class="muted">The APIs of the gateway's documented table (seed 000). Conforms counts the cases of the checks on each endpoint
(all targets) and links to them; Tracing and Cost Tracking show the documented claim, which no suite measures yet.</p>
<table class="apis">
<thead><tr><th scope="col">API</th><th scope="col">Endpoint</th><th scope="col">Conforms</th><th scope="col">Tracing</th><th scope="col">Cost Tracking</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
}

/** Styles of the section (appended to the page's stylesheet, so covered by its CSP hash). */
export const SUPPORTED_APIS_CSS = `
table.apis td.api-conforms .badge { margin: 0 .2rem .15rem 0; }
table.apis td.api-fails { box-shadow: inset 3px 0 0 var(--fail); }
.api-measured { display: block; font-size: 11px; }
`;
