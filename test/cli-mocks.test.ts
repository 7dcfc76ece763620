// `touchstone mocks` with its options, as a user runs it: a bad --faults / --openai-spec / --time-scale
// exits 2 naming the file and the problem; a good profile is applied and readable at /_touchstone/faults,
// and --openai-spec (when OpenAI's description is available) turns an invalid body into a 400.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli, startCli } from './cli-helpers.ts';
import { findOpenAISpecFile } from './openai-spec.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchstone-cli-mocks-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('touchstone mocks options', () => {
  it('bad --faults, --openai-spec and --time-scale exit 2 naming the problem', async () => {
    const bad = path.join(tmp, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  - match: { path: /v1/chat }\n    fault: { kind: explode }\n');
    const [faults, missing, spec, scale] = await Promise.all([
      runCli(['mocks', '--faults', bad]),
      runCli(['mocks', '--faults', path.join(tmp, 'missing.yaml')]),
      runCli(['mocks', '--openai-spec', path.join(tmp, 'missing.json')]),
      runCli(['mocks', '--time-scale', 'fast']),
    ]);
    expect(faults.code).toBe(2);
    expect(faults.stderr).toContain(`--faults ${bad}: rules[0].fault.kind: expected one of latency, status, reset`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.yaml: expected a readable file \(ENOENT\)/);
    expect(spec.code).toBe(2);
    expect(spec.stderr).toMatch(/--openai-spec .*missing\.json: expected a readable OpenAPI JSON file/);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toContain('--time-scale: expected a positive number, got "fast"');
  });

  it('serves with a fault profile (and OpenAI request validation when the description is present)', async () => {
    const good = path.join(tmp, 'good.yaml');
    writeFileSync(good, 'rules:\n  - match: { path: /v1/models }\n    fault: overloaded\n    times: 1\n');
    const specFile = findOpenAISpecFile();
    const port = await freePort();
    const cli = startCli(['mocks', '--port', String(port), '--faults', good, '--time-scale', '60', ...(specFile ? ['--openai-spec', specFile] : [])]);
    try {
      await cli.waitFor(/faults: .*good\.yaml \(1 rules\)/);
      const base = `http://127.0.0.1:${port}`;
      const state = await (await fetch(`${base}/_touchstone/faults`)).json();
      expect(state).toMatchObject({ source: good, usage: [{ rule: 0, used: 0, times: 1 }] });
      const models = () => fetch(`${base}/openai/v1/models`, { headers: { authorization: 'Bearer sk-test' } }).then((r) => r.status);
      expect(await models()).toBe(503);
      expect(await models()).not.toBe(503);
      if (specFile) {
        const res = await fetch(`${base}/openai/v1/chat/completions`, {
          method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: 'not a list' }),
        });
        expect(res.status).toBe(400);
        expect((await res.json()).error).toMatchObject({ type: 'invalid_request_error', param: 'messages' });
      }
    } finally {
      await cli.stop();
    }
  });
});
