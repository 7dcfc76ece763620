/**
 * No credential reaches any written view: an API key, a provider key and an Authorization header value are
 * planted in a report's evidence through the recorder's redaction path (reports/redact.ts) — in request
 * headers, a URL query, echoed response headers, a body and SSE events — and every file writeReport writes
 * (report.json, index.html, junit.xml, cases.ndjson) plus the rendered HTML is scanned for them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleReport } from './fixtures.ts';
import { renderHtml } from './html.ts';
import { recordExchange } from './redact.ts';
import { summarize } from './summary.ts';
import { writeReport } from './write.ts';

const API_KEY = 'tfy-gw-APIKEY7f3c9a1e5b2d8c4f6a0e9b7d';
const PROVIDER_KEY = 'sk-ant-api03-PROVIDERKEYq8w7e6r5t4y3u2i1o0';
/** Only ever sent as a header (a JWT-like bearer), so only the header-name rule can catch it. */
const AUTHORIZATION = 'Bearer eyJhbGciOiJIUzI1NiJ9.AUTHHEADERpayload123.sigXYZ987';

/** The secrets and the distinctive middle of each (a prefix like "sk-" may legitimately remain). */
const PLANTED = [API_KEY, PROVIDER_KEY, AUTHORIZATION, 'APIKEY7f3c9a1e5b2d8c4f6a0e9b7d', 'PROVIDERKEYq8w7e6r5t4y3u2i1o0', 'AUTHHEADERpayload123', 'eyJhbGciOiJIUzI1NiJ9'];

function reportWithSecrets() {
  const report = sampleReport();
  const secrets = { TOUCHSTONE_KEY: API_KEY, TOUCHSTONE_PROVIDER_KEY: PROVIDER_KEY };
  const leaky = recordExchange({
    request: {
      method: 'POST',
      url: `https://gateway.example.test/api/llm/v1/chat/completions?api_key=${API_KEY}&provider_key=${encodeURIComponent(PROVIDER_KEY)}`,
      headers: { authorization: AUTHORIZATION, 'x-upstream-authorization': AUTHORIZATION, 'x-api-key': PROVIDER_KEY, 'x-gateway-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'anthropic-main/claude', messages: [{ role: 'user', content: `my key is ${PROVIDER_KEY}` }], stream: true }),
    },
    response: {
      status: 401,
      headers: { 'content-type': 'text/event-stream', 'x-debug-echo': `key=${API_KEY}`, 'proxy-authorization': AUTHORIZATION, 'set-cookie': `session=${API_KEY}` },
      body: JSON.stringify({ error: { message: `Invalid upstream key ${PROVIDER_KEY} (gateway key ${API_KEY})`, type: 'authentication_error', param: null, code: null } }),
      events: [`data: ${JSON.stringify({ error: { message: `upstream rejected ${PROVIDER_KEY}` } })}`],
    },
    error: `socket closed after sending ${API_KEY}`,
  }, secrets);
  const target = report.cases.find((c) => c.outcome === 'fail')!;
  target.evidence.exchanges.push(leaky);
  report.cases.push({ ...structuredClone(target), id: `${target.id} (leaky)`, scenario: `${target.scenario} (leaky)`, evidence: { exchanges: [leaky], notes: ['planted secrets'] } });
  report.summary = summarize(report.cases);
  return report;
}

describe('secrets never reach a written report', () => {
  let root = '';
  afterAll(async () => { if (root) await rm(root, { recursive: true, force: true }); });

  it('redacts the planted API key, provider key and Authorization value from every file', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'touchstone-secrets-'));
    const report = reportWithSecrets();
    const written = await writeReport(report, root);
    const outputs: [string, string][] = [['renderHtml', renderHtml(report)]];
    for (const file of Object.values(written)) outputs.push([path.basename(file), await readFile(file, 'utf8')]);
    expect(outputs.map(([name]) => name).sort()).toEqual(['cases.ndjson', 'index.html', 'junit.xml', 'renderHtml', 'report.json']);
    for (const [name, text] of outputs) {
      for (const secret of PLANTED) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
      for (const secret of PLANTED) expect(text.includes(encodeURIComponent(secret)), `${secret} (URL-encoded) in ${name}`).toBe(false);
    }
    // The evidence is still there, redacted, and the curl names the env variables instead.
    const html = outputs[0]![1];
    expect(html).toContain('x-upstream-authorization: Bearer …REDACTED');
    expect(html).toContain('authorization: Bearer …REDACTED');
    expect(html).toContain('$TOUCHSTONE_PROVIDER_KEY');
    expect(html).toContain('$TOUCHSTONE_KEY');
  });
});
