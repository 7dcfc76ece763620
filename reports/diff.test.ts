/** Tests for reports/diff.ts (matching, the four categories, the regression rule) and its views. */
import { describe, expect, it } from 'vitest';
import { violation } from '../spec/violation.ts';
import { baselineComparison, diffReports, isWorse, renderDiffText } from './diff.ts';
import { HOSTILE_SCRIPT, sampleReport } from './fixtures.ts';
import { renderHtml } from './html.ts';
import type { Outcome, Report } from './model.ts';
import { summarize } from './summary.ts';
import { validateReport } from './validate.ts';

const ID = {
  schema: 'chat.response.schema@reference#openai-sdk',
  role: 'chat.stream.role-first@reference#openai-sdk, stream',
  requestId: 'chat.headers.request-id@reference#raw fetch',
  models: 'models.list.schema@reference#raw fetch',
  batches: 'batches.lifecycle@reference#openai-sdk',
  embeddings: 'embeddings.response.schema@reference#openai-sdk',
  tracing: 'tracing.metadata.forwarded@reference#raw fetch',
};

function edit(report: Report, id: string, change: (c: Report['cases'][number]) => void): void {
  const c = report.cases.find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id}`);
  change(c);
  report.summary = summarize(report.cases);
}

describe('isWorse', () => {
  it('follows the regression rule', () => {
    const worse: [Outcome, Outcome][] = [['pass', 'non-strict'], ['pass', 'fail'], ['non-strict', 'fail'], ['informational', 'fail'], ['unimplemented', 'fail']];
    for (const [a, b] of worse) expect(isWorse(a, b), `${a} → ${b}`).toBe(true);
    const notWorse: [Outcome, Outcome][] = [['fail', 'fail'], ['fail', 'pass'], ['non-strict', 'pass'], ['pass', 'informational'], ['pass', 'unimplemented'], ['non-strict', 'non-strict'], ['informational', 'non-strict']];
    for (const [a, b] of notWorse) expect(isWorse(a, b), `${a} → ${b}`).toBe(false);
  });
});

describe('diffReports', () => {
  it('a report against itself: everything unchanged, no regression', () => {
    const diff = diffReports(sampleReport(), sampleReport());
    expect(diff.summary).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 20, regressions: 0 });
  });

  it('sorts every case into added / removed / changed / unchanged and flags regressions first', () => {
    const base = sampleReport();
    const head = sampleReport();
    head.run.id = 'head-run';
    edit(head, ID.schema, (c) => { c.outcome = 'fail'; c.message = 'broken'; c.violations = [violation('/id', 'string', 'missing', 'required')]; });
    edit(head, ID.requestId, (c) => { c.outcome = 'non-strict'; });
    edit(head, ID.models, (c) => { c.outcome = 'unimplemented'; }); // pass → unimplemented: changed, not a regression
    // fixed on the external target: fail → pass
    edit(head, 'chat.stream.role-first@external#openai-sdk, stream', (c) => { c.outcome = 'pass'; c.violations = []; });
    // same outcome, other violations
    edit(head, 'chat.response.schema@external#openai-sdk', (c) => { c.violations = [violation('/model', 'string', 'null', 'type')]; });
    // removed: a MUST case (regression) and a SHOULD case (not)
    head.cases = head.cases.filter((c) => c.id !== ID.embeddings && c.id !== ID.tracing);
    // added
    head.cases.push({ ...structuredClone(head.cases[0]!), id: 'chat.response.schema@reference#new scenario', scenario: 'new scenario', outcome: 'fail' });
    head.summary = summarize(head.cases);
    expect(validateReport(head).valid).toBe(true);

    const diff = diffReports(base, head);
    expect(diff.summary).toEqual({ added: 1, removed: 2, changed: 5, unchanged: 13, regressions: 3 });
    const byId = new Map(diff.entries.map((x) => [x.caseId, x]));
    expect(byId.get(ID.schema)).toMatchObject({ change: 'changed', before: 'pass', after: 'fail', regression: true, level: 'MUST' });
    expect(byId.get(ID.requestId)).toMatchObject({ change: 'changed', before: 'pass', after: 'non-strict', regression: true, level: 'SHOULD' });
    expect(byId.get(ID.models)).toMatchObject({ change: 'changed', regression: false });
    expect(byId.get('chat.stream.role-first@external#openai-sdk, stream')).toMatchObject({ change: 'changed', before: 'fail', after: 'pass', regression: false });
    expect(byId.get('chat.response.schema@external#openai-sdk')).toMatchObject({ change: 'changed', before: 'fail', after: 'fail', regression: false });
    expect(byId.get('chat.response.schema@external#openai-sdk')!.note).toMatch(/violations 2 → 1/);
    expect(byId.get(ID.embeddings)).toMatchObject({ change: 'removed', before: 'pass', regression: true, level: 'MUST' });
    expect(byId.get(ID.embeddings)!.note).toMatch(/MUST case missing/);
    expect(byId.get(ID.tracing)).toMatchObject({ change: 'removed', regression: false, level: 'SHOULD' });
    expect(byId.get('chat.response.schema@reference#new scenario')).toMatchObject({ change: 'added', after: 'fail', regression: false });
    // regressions first
    const firstNon = diff.entries.findIndex((x) => !x.regression);
    expect(diff.entries.slice(0, firstNon).every((x) => x.regression)).toBe(true);
    expect(diff.entries.slice(firstNon).some((x) => x.regression)).toBe(false);
    expect(firstNon).toBe(3);
  });

  it('falls back to check + target + scenario when case ids differ', () => {
    const base = sampleReport();
    const head = sampleReport();
    for (const c of head.cases) c.id = `re-keyed:${c.id}`;
    edit(head, `re-keyed:${ID.batches}`, (c) => { c.outcome = 'fail'; });
    const diff = diffReports(base, head);
    expect(diff.summary).toMatchObject({ added: 0, removed: 0, changed: 1, unchanged: 19, regressions: 1 });
    expect(diff.entries[0]).toMatchObject({ caseId: `re-keyed:${ID.batches}`, regression: true });
  });
});

describe('diff views', () => {
  function regressed(): { base: Report; head: Report } {
    const base = sampleReport();
    const head = sampleReport();
    edit(head, ID.role, (c) => { c.outcome = 'fail'; });
    edit(head, ID.models, (c) => { c.outcome = 'informational'; });
    head.cases = head.cases.filter((c) => c.id !== ID.embeddings);
    head.summary = summarize(head.cases);
    return { base, head };
  }

  it('console: the regressions table first, then the counts', () => {
    const { base, head } = regressed();
    const text = renderDiffText(diffReports(base, head));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Regressions against baseline run-2025/);
    expect(lines[1]).toMatch(/✗ MUST\s+pass → fail\s+chat\.stream\.role-first \[openai-sdk, stream\] @reference/);
    expect(lines[2]).toMatch(/✗ MUST\s+pass → —\s+embeddings\.response\.schema/);
    expect(text).toMatch(/2 regressions · 2 changed · 0 added · 1 removed · 17 unchanged\n  ~ models\.list\.schema@reference#raw fetch: pass → informational$/);
    expect(text.indexOf('Regressions')).toBeLessThan(text.indexOf('unchanged'));
    expect(renderDiffText(diffReports(base, base))).not.toMatch(/Regressions/);
  });

  it('report.baseline validates against the schema and renders before the endpoint table, regressions first', () => {
    const { base, head } = regressed();
    head.cases[0]!.scenario = HOSTILE_SCRIPT; // hostile text reaches the diff through the case
    head.cases[0]!.outcome = 'fail';
    head.summary = summarize(head.cases);
    head.baseline = baselineComparison(diffReports(base, head), `base/${HOSTILE_SCRIPT}.json`);
    expect(head.baseline.entries.some((x) => x.change === 'unchanged')).toBe(false);
    const validation = validateReport(JSON.parse(JSON.stringify(head)));
    expect(validation.valid, JSON.stringify(validation)).toBe(true);

    const html = renderHtml(head);
    const section = html.indexOf('<section id="baseline"');
    expect(section).toBeGreaterThan(0);
    expect(section).toBeLessThan(html.indexOf('<section id="endpoints"'));
    expect(html).toContain('<a href="#baseline">');
    expect(html).not.toContain(HOSTILE_SCRIPT);
    const rows = html.slice(section, html.indexOf('</section>', section)).match(/<tr class="[a-z]+">/g)!;
    const kinds = rows.map((r) => r.slice(11, -2));
    expect(kinds.filter((k) => k === 'regression').length).toBe(head.baseline.summary.regressions);
    expect(kinds.lastIndexOf('regression')).toBeLessThan(kinds.findIndex((k) => k !== 'regression'));
    // a regressed case links to its details; a removed one has none to link to
    expect(html).toContain(`href="#${encodeURIComponent(ID.role)}"`);
    expect(html).not.toContain(`href="#${encodeURIComponent(ID.embeddings)}"`);
    // no baseline: no section
    expect(renderHtml(base)).not.toContain('id="baseline"');
  });
});
