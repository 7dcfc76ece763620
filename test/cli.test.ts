// The CLI end to end, as a user runs it: --help, bad usage, `run` (= npm start), `mocks`, `gateway`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../reports/model.ts';
import { DEFAULT_ACCOUNTS } from '../suites/default-config.ts';
import { freePort, ROOT, runCli, startCli } from './cli-helpers.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchstone-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function sdkRoundTrip(baseURL: string, apiKey: string, model: string) {
  const client = new OpenAI({ apiKey, baseURL, maxRetries: 0 });
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }] });
  expect(completion.choices[0]!.message.content).toBeTruthy();
  let text = '';
  let usage: unknown;
  for await (const chunk of await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }], stream: true, stream_options: { include_usage: true } })) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  expect(text.length).toBeGreaterThan(0);
  expect(usage).toMatchObject({ total_tokens: expect.any(Number) });
}

describe('touchstone CLI', () => {
  it('--help lists every command and option it accepts', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const word of ['touchstone run', 'touchstone mocks', 'touchstone gateway', '--target', '--key', '--report', '--seed', '--port', '--config']) expect(stdout).toContain(word);
  });

  it('bad usage exits 2 with a message naming the problem', async () => {
    const unknown = await runCli(['run', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/bogus/);
    const noKey = await runCli(['run', '--target', 'http://127.0.0.1:9'], { TOUCHSTONE_KEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/--key/);
    const cmd = await runCli(['frobnicate']);
    expect(cmd.code).toBe(2);
    const badConfig = await runCli(['gateway', '--config', path.join(tmp, 'missing.yaml')]);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/missing\.yaml/);
  });

  it('an unreachable target exits 2', async () => {
    const port = await freePort();
    const { code, stderr } = await runCli(['run', '--target', `http://127.0.0.1:${port}/api/llm`, '--key', 'k', '--report', path.join(tmp, 'unreachable')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unreachable/);
  });

  it('run (npm start) passes against the reference gateway and writes the report', async () => {
    const dir = path.join(tmp, 'run');
    const { code, stdout, stderr } = await runCli(['run', '--report', dir, '--seed', '7']);
    // stderr holds only the progress lines, one per suite file.
    expect(stderr.split('\n').filter((l) => l !== '' && !l.startsWith('progress: '))).toEqual([]);
    expect(stderr).toMatch(/^progress: 1\/\d+ suite files/);
    expect(code, stdout).toBe(0);
    expect(stdout).toContain(`report: ${path.join(dir, 'index.html')}`);
    for (const file of ['index.html', 'report.json', 'junit.xml']) expect(existsSync(path.join(dir, file)), file).toBe(true);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.run.seed).toBe(7);
    expect(report.summary.ok).toBe(true);
    expect(report.summary.byOutcome.fail).toBe(0);
    expect(report.cases.length).toBeGreaterThanOrEqual(30);
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'reports', 'schema.json'), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const valid = ajv.validate(schema, report);
    expect(ajv.errors ?? [], 'report.json matches reports/schema.json').toEqual([]);
    expect(valid).toBe(true);
    // evidence is recorded and secrets are not
    const streamed = report.cases.find((c) => c.checkId === 'chat.stream.done-last')!;
    expect(streamed.evidence.exchanges[0]!.response!.events!.at(-1)).toBe('data: [DONE]');
    const text = readFileSync(path.join(dir, 'report.json'), 'utf8') + readFileSync(path.join(dir, 'index.html'), 'utf8');
    expect(text).not.toMatch(/ts-[0-9a-f]{40}/);
    for (const { account } of DEFAULT_ACCOUNTS) {
      for (const ref of [account.api_key, account.aws?.secret_access_key]) if (ref && 'value' in ref) expect(text).not.toContain(ref.value);
    }
  });

  it('mocks --port P serves the simulators; GET / lists them; the openai SDK completes a chat', async () => {
    const port = await freePort();
    const mocks = startCli(['mocks', '--port', String(port)]);
    try {
      await mocks.waitFor(/listening on (\S+)/);
      const listing = await (await fetch(`http://127.0.0.1:${port}/`)).json() as { upstreams: Record<string, string> };
      expect(listing.upstreams.openai).toBe(`http://127.0.0.1:${port}/openai/v1`);
      await sdkRoundTrip(listing.upstreams.openai!, 'sk-anything-works', 'gpt-4o-mini');
    } finally {
      await mocks.stop();
    }
  });

  it('gateway --port P prints the URL and a demo key; the openai SDK completes openai-main/gpt-4o-mini', async () => {
    const port = await freePort();
    const gw = startCli(['gateway', '--port', String(port)]);
    try {
      const [, url] = await gw.waitFor(/listening on (\S+)/);
      const [, key] = await gw.waitFor(/^key: (\S+)$/m);
      expect(url).toBe(`http://127.0.0.1:${port}/api/llm`);
      await sdkRoundTrip(url!, key!, 'openai-main/gpt-4o-mini');
      const denied = await fetch(`${url}/chat/completions`, { method: 'POST', body: '{}' });
      expect(denied.status).toBe(401);
    } finally {
      expect(await gw.stop()).toBe(0);
    }
  });
});
