// `touchstone diff` and `touchstone replay` end to end: fixture reports in a tmp dir, the real CLI spawned,
// and for replay a tiny loopback server (lib/serve.ts) standing in for the gateway.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../lib/serve.ts';
import { sampleReport } from '../reports/fixtures.ts';
import type { CaseResult, Report } from '../reports/model.ts';
import { recordExchange } from '../reports/redact.ts';
import { summarize } from '../reports/summary.ts';
import { runCli } from './cli-helpers.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchstone-baseline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const file = path.join(tmp, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}

describe('touchstone diff', () => {
  it('exits 0 without regressions, 1 with one, 2 on bad input', async () => {
    const base = writeJson('base.json', sampleReport());
    const same = await runCli(['diff', base, base]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/0 regressions · 0 changed · 0 added · 0 removed · 20 unchanged/);

    const worse = sampleReport();
    worse.cases.find((c) => c.id === 'chat.stream.done@reference#openai-sdk, stream')!.outcome = 'fail';
    worse.summary = summarize(worse.cases);
    const head = writeJson('head.json', worse);
    const regressed = await runCli(['diff', base, head]);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout.split('\n')[0]).toMatch(/^Regressions against baseline/);
    expect(regressed.stdout).toMatch(/✗ MUST\s+pass → fail\s+chat\.stream\.done \[openai-sdk, stream\] @reference/);
    // the reverse direction is a fix, not a regression
    expect((await runCli(['diff', head, base])).code).toBe(0);

    const inconsistent = writeJson('inconsistent.json', { ...sampleReport(), summary: summarize([]) });
    const bad = await runCli(['diff', base, inconsistent]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/inconsistent\.json: not a valid Touchstone report/);
    expect(bad.stderr).toMatch(/\/summary/);
    const notJson = path.join(tmp, 'garbage.json');
    writeFileSync(notJson, '{ nope');
    expect((await runCli(['diff', base, notJson])).stderr).toMatch(/garbage\.json: not JSON/);
    const missing = await runCli(['diff', base, path.join(tmp, 'missing.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.json: cannot read \(ENOENT\)/);
    expect((await runCli(['diff', base])).code).toBe(2);
  });

  it('run --baseline with an invalid file exits 2 before running anything', async () => {
    const bad = writeJson('bad-baseline.json', { schemaVersion: 1 });
    const result = await runCli(['run', '--baseline', bad, '--report', path.join(tmp, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--baseline .*bad-baseline\.json: not a valid Touchstone report/);
    expect(result.stdout).not.toMatch(/seed/);
  });

  it('run --baseline exits 1 on a regression even when every check passes, and shows it in index.html', async () => {
    // A baseline holding one passing MUST case the run does not produce: it disappeared, a regression.
    const report = sampleReport();
    report.cases = [{ ...report.cases[0]!, id: 'chat.response.schema@reference#ghost', scenario: 'ghost' }];
    report.summary = summarize(report.cases);
    const baseline = writeJson('ghost-baseline.json', report);
    const dir = path.join(tmp, 'run-baseline');
    const result = await runCli(['run', '--seed', '7', '--filter', 'chat', '--baseline', baseline, '--report', dir]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/PASS: no MUST check failed\n\nRegressions against baseline run-2025/);
    expect(result.stdout).toMatch(/✗ MUST\s+pass → —\s+chat\.response\.schema \[ghost\] @reference/);
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(html).toContain('<section id="baseline"');
    const written = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
    expect(written.baseline).toMatchObject({ file: baseline, runId: report.run.id, summary: { removed: 1, regressions: 1, unchanged: 0 } });
  }, 120_000);
});

describe('touchstone replay', () => {
  let server: Served;
  const seen: { method: string; path: string; auth: string | null; body: string }[] = [];
  let chatStatus = 200;

  beforeAll(async () => {
    server = await serve(async (request) => {
      const url = new URL(request.url);
      seen.push({ method: request.method, path: url.pathname, auth: request.headers.get('authorization'), body: await request.text() });
      if (url.pathname.endsWith('/stream')) {
        return new Response('data: {"n":1}\n\ndata: [DONE]\n\n', { headers: { 'content-type': 'text/event-stream' } });
      }
      return Response.json({ ok: true }, { status: chatStatus, headers: { 'x-request-id': 'req_replay' } });
    });
  });
  afterAll(() => server?.close());

  /** A hand-made report whose one target is a (now gone) gateway at http://127.0.0.1:9/v1. */
  function handMade(): Report {
    const gone = 'http://127.0.0.1:9/v1';
    const exchange = (p: string, status: number, events?: string[]) => recordExchange({
      request: { method: 'POST', url: `${gone}${p}`, headers: { authorization: 'Bearer sk-secret-key-0123456789abcdef', 'content-type': 'application/json' }, body: '{"model":"m"}' },
      response: { status, headers: {}, ...(events ? { events } : { body: '{}' }) },
    }, { TOUCHSTONE_KEY: 'sk-secret-key-0123456789abcdef' });
    const caseOf = (id: string, exchanges: CaseResult['evidence']['exchanges']): CaseResult => ({
      id, checkId: 'chat.ok', targetId: 'gw', scenario: id.split('#')[1]!, outcome: 'pass', durationMs: 1, violations: [], evidence: { exchanges },
    });
    const cases = [
      caseOf('chat.ok@gw#plain', [exchange('/chat', 200)]),
      caseOf('chat.ok@gw#stream', [exchange('/chat/stream', 200, ['data: {"n":1}', 'data: [DONE]'])]),
      caseOf('chat.ok@gw#two', [exchange('/chat', 200), exchange('/chat/stream', 200)]),
    ];
    const report = sampleReport();
    return {
      ...report,
      targets: [{ id: 'gw', kind: 'external', url: gone, label: 'gone gateway' }],
      checks: [{ id: 'chat.ok', title: 'ok', requirement: 'MUST answer', level: 'MUST', suite: 'chat' }],
      cases,
      summary: summarize(cases),
    };
  }

  it('re-sends onto --target with the key from the user: 0 when statuses match, 1 when not, 2 for an unknown id', async () => {
    const dir = path.join(tmp, 'replay');
    writeJson('replay/report.json', handMade());
    const base = ['--report', dir, '--target', `${server.url}/v1`];

    seen.length = 0;
    chatStatus = 200;
    const ok = await runCli(['replay', 'chat.ok@gw#plain', ...base, '--key', 'sk-user-key']);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(seen).toEqual([{ method: 'POST', path: '/v1/chat', auth: 'Bearer sk-user-key', body: '{"model":"m"}' }]);
    expect(ok.stdout).toMatch(/status 200 — recorded 200/);
    expect(ok.stdout).toMatch(/x-request-id: req_replay/);
    expect(ok.stdout).toContain('{"ok":true}');

    // a unique prefix; SSE events are printed one by one; the key may come from the environment
    seen.length = 0;
    const stream = await runCli(['replay', 'chat.ok@gw#str', ...base], { TOUCHSTONE_KEY: 'sk-env-key' });
    expect(stream.code, stream.stdout + stream.stderr).toBe(0);
    expect(seen[0]).toMatchObject({ path: '/v1/chat/stream', auth: 'Bearer sk-env-key' });
    expect(stream.stdout).toMatch(/2 SSE events:\n {2}#1\n {4}data: \{"n":1\}\n {2}#2\n {4}data: \[DONE\]/);

    chatStatus = 503;
    const differs = await runCli(['replay', 'chat.ok@gw#two', ...base, '--key', 'k']);
    expect(differs.code).toBe(1);
    expect(differs.stdout).toMatch(/status 503 — recorded 200 {2}✗ DIFFERENT/);
    expect(differs.stdout).toMatch(/\[2\/2\] POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/stream/);

    const unknown = await runCli(['replay', 'chat.nope@gw', ...base]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no case "chat\.nope@gw"/);
    const ambiguous = await runCli(['replay', 'chat.ok@gw#', ...base]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/matches 3 cases; did you mean:\n {2}chat\.ok@gw#plain/);
    const noReport = await runCli(['replay', 'x', '--report', path.join(tmp, 'nowhere')]);
    expect(noReport.code).toBe(2);
    expect(noReport.stderr).toMatch(/report\.json: cannot read/);
  });
});
