/** Tests for the provider capability matrix of the HTML view: seed order and labels, claims vs outcomes, links, escaping. */
import { describe, expect, it } from 'vitest';
import { CAPABILITY_COLUMNS, loadCapabilityMatrix } from '../spec/capabilities.ts';
import { HOSTILE_SCRIPT, sampleReport } from './fixtures.ts';
import { CLAIM_LEGEND, SEED_COLUMNS, SEED_PROVIDERS, capabilityMatrixSection } from './html-matrix.ts';
import { renderHtml } from './html.ts';
import type { CapabilityClaim, CaseResult, Report } from './model.ts';
import { summarize } from './summary.ts';
import { escapeHtml } from './text.ts';
import { validateReport } from './validate.ts';

const source = 'https://developers.openai.com/api/docs/guides/structured-outputs';

function capabilityCase(provider: string, capability: string, outcome: CaseResult['outcome'], message?: string): CaseResult {
  const scenario = `${provider} · ${capability}`;
  return {
    id: `capability.${capability}@reference#${scenario}`, checkId: `capability.${capability}`, targetId: 'reference', scenario, outcome, durationMs: 5,
    violations: [], evidence: { exchanges: [] }, provider, capability, ...(message ? { message } : {}),
  };
}

/** The sample report plus claims for every provider and a few measured capability cells. */
function reportWithMatrix(): Report {
  const report = sampleReport();
  const claims: Record<string, Record<string, CapabilityClaim>> = {};
  for (const p of SEED_PROVIDERS) claims[p.id] = Object.fromEntries(SEED_COLUMNS.map((c) => [c.id, { state: 'supported', source } as CapabilityClaim]));
  claims.anthropic!.json_mode = { state: 'unsupported', source: 'https://platform.claude.com/docs/en/build-with-claude/structured-outputs', note: 'No schema-less JSON mode.' };
  claims.cohere!.prompt_caching = { state: 'provider-only', source: 'https://docs.cohere.com/docs/chat-api', note: 'Not passed through (test).' };
  report.claims = claims;
  report.checks.push(
    { id: 'capability.stream', title: 'Stream', requirement: 'Stream works.', level: 'MUST', suite: 'capabilities', endpoint: 'POST /chat/completions' },
    { id: 'capability.json_mode', title: 'JSON Mode', requirement: 'JSON mode works.', level: 'MUST', suite: 'capabilities', endpoint: 'POST /chat/completions' },
    { id: 'capability.tools', title: 'Tools', requirement: 'Tools work.', level: 'MUST', suite: 'capabilities', endpoint: 'POST /chat/completions' },
  );
  report.cases.push(
    capabilityCase('openai', 'stream', 'pass'),
    capabilityCase('anthropic', 'json_mode', 'pass'),
    capabilityCase('groq', 'tools', 'unimplemented', 'provider_not_implemented: Chat completions for provider "groq" are not implemented by this gateway.'),
    capabilityCase('xai', 'stream', 'fail', '/events/2/choices/0/delta: expected object, got "Hello"'),
  );
  report.summary = summarize(report.cases);
  return report;
}

const report = reportWithMatrix();
const section = capabilityMatrixSection(report);
const rowOf = (label: string) => new RegExp(`<tr><th scope="row">${label}<code[^>]*>[^<]*</code></th>(.*?)</tr>`).exec(section)?.[1] ?? '';
const cellsOf = (label: string) => [...rowOf(label).matchAll(/<td class="([^"]*)">(.*?)<\/td>/g)].map((m) => ({ cls: m[1]!, html: m[2]! }));

describe('capability matrix section', () => {
  it('follows the seed: the matrix file\'s providers and columns, in its order, with its labels', () => {
    const matrix = loadCapabilityMatrix();
    expect(SEED_PROVIDERS).toEqual(matrix.providers.map((p) => ({ id: p.id, label: p.label })));
    expect(SEED_COLUMNS).toEqual(matrix.columns);
    expect(SEED_COLUMNS.map((c) => c.id)).toEqual([...CAPABILITY_COLUMNS]);
    const heads = [...section.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(heads).toEqual(['Provider', ...SEED_COLUMNS.map((c) => escapeHtml(c.label))]);
    const rows = [...section.matchAll(/<tr><th scope="row">([^<]*)</g)].map((m) => m[1]);
    expect(rows).toEqual(SEED_PROVIDERS.map((p) => p.label));
  });

  it('shows the claim in every cell with the legend, and the measured outcome linked to its case', () => {
    for (const state of ['supported', 'unsupported', 'provider-only'] as const) expect(section).toContain(`${CLAIM_LEGEND[state].symbol}</span> ${CLAIM_LEGEND[state].label}`);
    const openai = cellsOf('OpenAI');
    expect(openai).toHaveLength(8);
    expect(openai[0]!.html).toContain('claim-supported');
    expect(openai[0]!.html).toContain(`href="#${escapeHtml(encodeURIComponent('capability.stream@reference#openai · stream'))}"`);
    expect(openai[0]!.html).toContain('✓</span> pass</a>');
    expect(openai[0]!.cls).toBe('cap-cell');
    expect(openai[1]!.html).toContain('not measured');
    expect(openai[1]!.cls).toBe('cap-cell cap-not-measured');
  });

  it('a claimed-unsupported cell refused as claimed passes; a provider-only claim says so', () => {
    const json = cellsOf('Anthropic')[3]!;
    expect(json.html).toContain('claim-unsupported');
    expect(json.html).toContain('not offered');
    expect(json.html).toContain('refused as claimed (400)');
    expect(json.html).toContain(escapeHtml('No schema-less JSON mode.'));
    expect(cellsOf('Cohere')[5]!.html).toContain('claim-provider-only');
  });

  it('marks cells whose measurement differs from the claim and says why', () => {
    const fail = cellsOf('xAI')[0]!;
    expect(fail.cls).toBe('cap-cell cap-differs');
    expect(fail.html).toContain('≠ claim');
    expect(fail.html).toContain(escapeHtml('/events/2/choices/0/delta: expected object, got "Hello"'));
    const unimplemented = cellsOf('Groq')[2]!;
    expect(unimplemented.cls).toBe('cap-cell cap-differs cap-unimplemented');
    expect(unimplemented.html).toContain('–</span> unimplemented</a>');
    expect(unimplemented.html).toContain('provider_not_implemented: Chat completions for provider');
    expect(section).toContain('120 cells: <strong>2</strong> measured as claimed · <strong>1</strong> differ from the claim · <strong>1</strong> unimplemented · <strong>116</strong> not measured');
  });

  it('is part of the page, between the endpoints and the check matrix, listed in the contents', () => {
    const page = renderHtml(report);
    const tags = [...section.matchAll(/<(\/?)(tr|td|th|table|span|a|section|ul|li|div|p|strong|code)\b[^>]*>/g)];
    const open = new Map<string, number>();
    for (const [, closing, name] of tags) open.set(name!, (open.get(name!) ?? 0) + (closing ? -1 : 1));
    expect([...open].filter(([, n]) => n !== 0)).toEqual([]);
    expect(page).toContain(section);
    expect(page.indexOf('id="endpoints"')).toBeLessThan(page.indexOf('id="capabilities"'));
    expect(page.indexOf('id="capabilities"')).toBeLessThan(page.indexOf('id="matrix"'));
    expect(page).toContain('<a href="#capabilities">Capability matrix</a>');
    for (const c of report.cases.filter((x) => x.provider)) expect(page).toContain(`id="${escapeHtml(c.id)}"`);
  });

  it('is left out of a report without claims or capability cases', () => {
    const plain = sampleReport();
    expect(capabilityMatrixSection(plain)).toBe('');
    const page = renderHtml(plain);
    expect(page).not.toContain('id="capabilities"');
    expect(page).not.toContain('href="#capabilities"');
  });

  it('shows providers and columns outside the seed after its own, and cells without claims', () => {
    const odd = reportWithMatrix();
    delete odd.claims;
    odd.cases.push(capabilityCase('mistral', 'vision', 'pass'));
    const html = capabilityMatrixSection(odd);
    const rows = [...html.matchAll(/<tr><th scope="row">([^<]*)</g)].map((m) => m[1]);
    expect(rows).toEqual(['OpenAI', 'Anthropic', 'Groq', 'xAI', 'mistral']);
    expect(html).toContain('<th scope="col">vision</th>');
    expect(html).toContain('no claim recorded');
  });

  it('escapes hostile provider ids, capability names, messages and claim notes', () => {
    const hostile = reportWithMatrix();
    hostile.cases.push(capabilityCase(`"><svg onload=alert(1)>`, `<img src=x onerror=alert(2)>`, 'fail', HOSTILE_SCRIPT));
    hostile.claims!.openai!.stream = { state: 'supported', source: `javascript:alert(3)"`, note: HOSTILE_SCRIPT };
    hostile.summary = summarize(hostile.cases);
    const page = renderHtml(hostile);
    expect(page.match(/<script/gi)).toHaveLength(1);
    expect(page).not.toMatch(/<(img|svg)\b/);
    expect(page).not.toContain(HOSTILE_SCRIPT);
    for (const [, href] of page.matchAll(/\shref="([^"]*)"/g)) expect(href!.startsWith('#')).toBe(true);
  });

  it('the report with claims and capability cases is valid report.json', () => {
    const result = validateReport(JSON.parse(JSON.stringify(report)));
    expect(result.valid ? [] : result.violations).toEqual([]);
    const bad = JSON.parse(JSON.stringify(report));
    bad.claims.openai.stream.state = 'yes';
    expect(validateReport(bad).valid).toBe(false);
  });
});
