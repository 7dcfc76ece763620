// A second gateway that is NOT ours, reached through a target profile: a minimal passthrough proxy
// written here (its own `x-api-key` auth, model ids written bare with the account in an `x-provider`
// header) in front of the simulators `touchstone run --profile` serves for it. It has three deliberate
// faults; the run must fail exactly the checks they break, with evidence, and nothing else.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSse, SseParser } from '../lib/sse.ts';
import { serve, type Served } from '../lib/serve.ts';
import type { CaseResult, Report } from '../reports/model.ts';
import { freePort, runCli } from './cli-helpers.ts';

const KEY = 'proxy-key-3f9a1c7e52b8d604';
const envelope = (status: number, message: string, code: string) =>
  Response.json({ error: { message, type: status === 401 ? 'authentication_error' : 'invalid_request_error', param: null, code } }, { status });

interface ProxyLog { withAuthorization: number; withoutClientHeader: number; forwarded: string[] }

/**
 * The proxy: header routing (`x-provider: openai-main` → the openai simulator), and the faults:
 * malformed JSON gets a plain-text 400, streams lose `data: [DONE]`, and the usage chunk is dropped.
 */
function passthroughProxy(accounts: Record<string, string>, log: ProxyLog) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const probe = request.method === 'GET' && url.pathname === '/v1'; // the run's reachability probe
    if (request.headers.has('authorization')) log.withAuthorization++;
    if (!probe && request.headers.get('x-client') !== 'touchstone') log.withoutClientHeader++;
    if (request.headers.get('x-api-key') !== KEY) return envelope(401, 'Missing or invalid x-api-key.', 'invalid_api_key');
    if (url.pathname !== '/v1/chat/completions') return envelope(404, `No route ${url.pathname}.`, 'not_found');
    if (request.method !== 'POST') {
      const res = envelope(405, `${request.method} is not allowed here.`, 'method_not_allowed');
      res.headers.set('allow', 'POST');
      return res;
    }
    const text = await request.text();
    let body: { stream?: boolean; stream_options?: { include_usage?: boolean } };
    try { body = JSON.parse(text) as typeof body; } catch {
      return new Response('Bad Request: malformed JSON', { status: 400, headers: { 'content-type': 'text/plain' } }); // fault 1
    }
    // The contract's x-tfy-metadata: a JSON object of strings, kept in the gateway (never forwarded).
    const metadata = request.headers.get('x-tfy-metadata');
    if (metadata !== null) {
      let value: unknown;
      try { value = JSON.parse(metadata); } catch { /* refused below */ }
      const ok = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
      if (!ok) return Response.json({ error: { message: 'x-tfy-metadata must be a JSON object of strings.', type: 'invalid_request_error', param: 'x-tfy-metadata', code: 'invalid_metadata' } }, { status: 400 });
    }
    const upstream = accounts[request.headers.get('x-provider') ?? ''];
    if (!upstream) return envelope(404, 'The model does not exist on any provider this gateway routes to.', 'model_not_found');
    log.forwarded.push(url.pathname);
    const res = await fetch(`${upstream}/chat/completions`, {
      method: 'POST', body: text, headers: { authorization: 'Bearer sk-proxy-upstream', 'content-type': 'application/json' },
    });
    const type = res.headers.get('content-type') ?? 'application/json';
    if (!type.startsWith('text/event-stream') || !res.body) return new Response(res.body, { status: res.status, headers: { 'content-type': type } });
    const parser = new SseParser();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    const dropUsage = body.stream_options?.include_usage === true;
    return new Response(res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        for (const ev of parser.push(decoder.decode(chunk, { stream: true }))) {
          if (ev.data === '[DONE]') continue; // fault 2
          const json = JSON.parse(ev.data) as { usage?: unknown; choices: unknown[] };
          if (dropUsage && json.usage && json.choices.length === 0) continue; // fault 3
          controller.enqueue(encoder.encode(encodeSse(ev.data)));
        }
      },
    })), { status: res.status, headers: { 'content-type': type } });
  };
}

describe('touchstone run --profile against a gateway that is not ours', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-external-'));
  const log: ProxyLog = { withAuthorization: 0, withoutClientHeader: 0, forwarded: [] };
  let proxy: Served;
  let mocksPort: number;

  beforeAll(async () => {
    mocksPort = await freePort();
    // The proxy's config is written before the simulators exist: the profile fixes their port.
    proxy = await serve(passthroughProxy({ 'openai-main': `http://127.0.0.1:${mocksPort}/openai/v1` }, log), { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails exactly the checks the three faults break, with evidence, and leaks no key', async () => {
    const profile = path.join(dir, 'proxy.yaml');
    writeFileSync(profile, [
      'label: Passthrough proxy (test)',
      'auth: { header: x-api-key, key_env: PROXY_TEST_KEY }',
      'headers: { x-client: touchstone }',
      'model_id: { template: "{model}", headers: { x-provider: "{account}" } }',
      `mocks: { port: ${mocksPort} }`,
      'models:',
      '  chat: { account: openai-main, model: gpt-4o-mini, upstream: openai }',
      'providers:',
      '  - { provider: openai, account: openai-main, model: gpt-4o-mini }',
      'claims:',
      '  endpoints: [POST /chat/completions]',
      '  capabilities: { openai: { non_stream: supported, json_mode: supported } }',
    ].join('\n'));
    const reportDir = path.join(dir, 'report');
    const { code, stdout, stderr } = await runCli(['run', '--target', `${proxy.url}/v1`, '--profile', profile, '--report', reportDir, '--seed', '3'], { PROXY_TEST_KEY: KEY });
    expect(stdout).toContain(`account openai-main`);
    expect(stdout).toContain(`http://127.0.0.1:${mocksPort}/openai/v1`);
    expect(stderr).toMatch(/progress: \d+\/\d+ suite files/);
    expect(code, stderr).toBe(1);

    const report = JSON.parse(readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as Report;
    const failed = report.cases.filter((c) => c.outcome === 'fail' || c.outcome === 'non-strict');
    const byCheck = (id: string) => failed.filter((c) => c.checkId === id);
    expect(failed.map((c) => `${c.checkId} # ${c.scenario}`).sort()).toEqual([
      'chat.errors.malformed-json # malformed JSON body',
      'chat.stream.done-last # raw HTTP, streamed tool call',
      'chat.stream.done-last # raw HTTP, streamed with include_usage',
      'chat.stream.done-last # raw HTTP, streamed without usage',
      'chat.stream.usage-chunk # raw HTTP, streamed tool call',
      'chat.stream.usage-chunk # raw HTTP, streamed with include_usage',
    ]);
    // Evidence: the plain-text body, the stream without [DONE], the missing usage chunk.
    const malformed = byCheck('chat.errors.malformed-json')[0]!;
    expect(malformed.evidence.exchanges[0]!.response!.body).toBe('Bad Request: malformed JSON');
    expect(malformed.violations.length).toBeGreaterThan(0);
    for (const c of byCheck('chat.stream.done-last')) {
      expect(c.violations.length).toBeGreaterThan(0);
      expect(c.evidence.exchanges[0]!.response!.events!.some((e) => e.includes('[DONE]'))).toBe(false);
    }
    for (const c of byCheck('chat.stream.usage-chunk')) {
      expect(c.violations.map((v) => v.message).join('\n')).toMatch(/usage/);
      expect(c.evidence.exchanges[0]!.response!.events!.some((e) => e.includes('"usage":{'))).toBe(false);
    }
    // Everything else passes, or is unimplemented where the profile claims nothing.
    const unimplemented = report.cases.filter((c) => c.outcome === 'unimplemented');
    const passed = report.cases.filter((c) => c.outcome === 'pass');
    expect(passed.length).toBeGreaterThan(10);
    expect(passed.some((c) => c.checkId === 'auth.invalid-key')).toBe(true);
    // Unclaimed endpoints and capability cells are unimplemented for that reason (other suites may also
    // find the target lacks what they need, e.g. a regional account, and say so).
    expect(unimplemented.filter((c) => /not claimed by the target profile: POST \/embeddings/.test(c.message ?? '')).length).toBeGreaterThan(0);
    for (const c of unimplemented.filter((x) => x.capability)) expect(c.message).toMatch(/not claimed by the target profile/);
    expect(unimplemented.filter((c) => c.capability).map((c) => c.capability).sort())
      .toEqual(['prompt_caching', 'reasoning', 'schema_mode', 'stream', 'structured_output', 'tools']);
    expect(passed.filter((c) => c.capability).map((c) => c.capability).sort()).toEqual(['json_mode', 'non_stream']);
    // Claimed vs measured: the report carries the profile's claims.
    expect(report.claims).toEqual({ openai: { non_stream: { state: 'supported', source: `target profile ${profile}` }, json_mode: { state: 'supported', source: `target profile ${profile}` } } });

    // The profile's auth and headers were used on every request; the key is in no report file.
    expect(log.forwarded.length).toBeGreaterThan(5);
    expect(log.withAuthorization).toBe(0);
    expect(log.withoutClientHeader).toBe(0);
    for (const file of ['report.json', 'index.html', 'junit.xml', 'cases.ndjson']) expect(readFileSync(path.join(reportDir, file), 'utf8')).not.toContain(KEY);
    expect(stdout + stderr).not.toContain(KEY);
  }, 45_000);

  it('an invalid profile exits 2 naming the file, the path and what was expected', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'auth: { header: "x api key" }\nmodels: { chat: { account: openai-main } }\n');
    const { code, stderr } = await runCli(['run', '--target', `${proxy.url}/v1`, '--key', 'k', '--profile', bad]);
    expect(code).toBe(2);
    expect(stderr).toContain(bad);
    expect(stderr).toMatch(/\/auth\/header: expected a string matching/);
    expect(stderr).toMatch(/\/models\/chat: missing required field "model"/);
  });
});
