/** Tests for the seed-000 "Supported APIs" table and the endpoint / provider / capability filter markup. */
import { describe, expect, it } from 'vitest';
import { sampleReport } from './fixtures.ts';
import { SEED_APIS, endpointKey, seedApiOf, supportedApisSection } from './html-apis.ts';
import { filterSelects } from './html-filters.ts';
import { renderHtml } from './html.ts';
import { lookup } from './lookup.ts';

const report = sampleReport();
const section = supportedApisSection(report, lookup(report));
const rowOf = (name: string) => new RegExp(`<tr><th scope="row">${name}</th>([\\s\\S]*?)</tr>`).exec(section)?.[1] ?? '';

describe('Supported APIs table (seed 000)', () => {
  it('has the seed columns and one row per seed API, in its order', () => {
    expect(section).toContain('<th scope="col">API</th><th scope="col">Endpoint</th><th scope="col">Conforms</th><th scope="col">Tracing</th><th scope="col">Cost Tracking</th>');
    const names = [...section.matchAll(/<tr><th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(names).toEqual(SEED_APIS.map((a) => a.name));
    expect(SEED_APIS).toHaveLength(14);
    expect(SEED_APIS.at(-1)!.path).toBe('/live/{provider-account}');
  });

  it('maps check endpoints onto seed APIs by path', () => {
    expect(seedApiOf('POST /chat/completions')?.name).toBe('Chat Completions');
    expect(seedApiOf('GET /v1/files/{file_id}/content')?.name).toBe('Files API');
    expect(seedApiOf('POST /fine_tuning/jobs/{id}/cancel')?.name).toBe('Fine-tuning');
    expect(seedApiOf('GET /live/openai-main')?.name).toBe('Realtime API');
    expect(seedApiOf('POST /chat/completions-extra')).toBeUndefined();
    expect(seedApiOf('GET /models')).toBeUndefined();
    expect(endpointKey({ id: 'x', title: '', requirement: '', level: 'MUST', suite: 's' })).toBe('General');
  });

  it('measures Conforms from the cases (counts linked to the filtered cases), else says "not measured"', () => {
    const chat = report.cases.filter((c) => report.checks.find((k) => k.id === c.checkId)?.endpoint === 'POST /chat/completions');
    const fails = chat.filter((c) => c.outcome === 'fail').length;
    const passes = chat.filter((c) => c.outcome === 'pass').length;
    expect(rowOf('Chat Completions')).toContain(`${passes} pass</span>`);
    expect(rowOf('Chat Completions')).toContain(`${fails} fail</span>`);
    expect(rowOf('Chat Completions')).toContain(`<a href="#cases" data-filter-endpoint="%2Fchat%2Fcompletions">${chat.length} cases</a>`);
    expect(rowOf('Image Edit')).toMatch(/<td class="api-conforms muted">not measured<\/td>/);
  });

  it('shows Tracing and Cost Tracking as the seed claim, never as measured', () => {
    for (const api of SEED_APIS) expect(rowOf(api.name).match(/not measured/g)!.length).toBeGreaterThanOrEqual(2);
    expect(rowOf('Moderation')).toContain('claimed: Free API');
    expect(rowOf('Text-to-Speech')).toContain('no ✅ in the seed');
  });
});

describe('filter markup', () => {
  it('offers the endpoints, providers and capabilities of the model, and tags cases and rows with them', () => {
    const withCaps = sampleReport();
    withCaps.cases[0]!.provider = 'azure-openai';
    withCaps.cases[0]!.capability = 'json_mode';
    const selects = filterSelects(withCaps, lookup(withCaps));
    expect(selects).toContain('<option value="%2Fchat%2Fcompletions">Chat Completions — /chat/completions</option>');
    expect(selects).toContain('<option value="GET%20%2Fmodels">GET /models</option>');
    expect(selects).toContain('<option value="azure-openai">Azure OpenAI</option>');
    expect(selects).toContain('<option value="json_mode">JSON Mode</option>');
    expect(filterSelects(report, lookup(report))).not.toContain('filter-provider');
    const html = renderHtml(withCaps);
    expect(html).toContain('data-endpoint="%2Fchat%2Fcompletions" data-provider="azure-openai" data-capability="json_mode"');
    expect(html).toMatch(/<tr data-group="chat" data-outcomes="[^"]*" data-endpoints="%2Fchat%2Fcompletions" data-providers="azure-openai" data-capabilities="json_mode"/);
  });
});
