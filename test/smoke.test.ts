// `touchstone smoke` against the reference gateway started as its own process: the run stays within its
// request budget (counted from the gateway's request log on its stdout), exits 0, and the key appears
// nowhere — not on stdout or stderr, not in any report file. A dry run sends nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../reports/model.ts';
import { retryAfterMs } from '../suites/profile/smoke.ts';
import { runCli, startCli, type LongRunning } from './cli-helpers.ts';

/** The gateway's request-log lines (one JSON object per request it answered). */
const requestLines = (output: string) => output.split('\n').filter((l) => l.includes('"msg":"request"'));

/** Resolve once the gateway has logged `count` request lines (it logs when a response ends). */
function untilRequestLines(gateway: LongRunning, count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (requestLines(gateway.output()).length < count) return;
      gateway.child.stdout!.off('data', check);
      resolve();
    };
    gateway.child.stdout!.on('data', check);
    check();
  });
}

describe('touchstone smoke against a live gateway process', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-smoke-'));
  let gateway: LongRunning;
  let url: string;
  let key: string;

  beforeAll(async () => {
    gateway = startCli(['gateway', '--port', '0', '--host', '127.0.0.1']);
    url = (await gateway.waitFor(/listening on (http:\S+)/))[1]!;
    key = (await gateway.waitFor(/^key: (\S+)$/m))[1]!;
  });
  afterAll(async () => {
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes within --max-requests, exits 0 and leaks no key', async () => {
    const before = requestLines(gateway.output()).length;
    const reportDir = path.join(dir, 'report');
    const { code, stdout, stderr } = await runCli(['smoke', '--target', url, '--key', key, '--max-requests', '10', '--report', reportDir]);
    expect(code, stderr).toBe(0);
    expect(stdout.indexOf('estimated cost')).toBeLessThan(stdout.indexOf('ok   smoke.models.list'));
    const report = JSON.parse(readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as Report;
    expect(report.cases.map((c) => `${c.checkId} ${c.outcome}`)).toEqual([
      'smoke.models.list pass', 'smoke.chat.non-stream pass', 'smoke.chat.stream pass', 'smoke.auth.invalid-key pass', 'smoke.embeddings pass',
    ]);
    expect(report.targets[0]!.kind).toBe('live');
    // The gateway answered exactly the requests the report recorded, within the budget.
    await untilRequestLines(gateway, before + 5);
    const sent = requestLines(gateway.output()).length - before;
    const recorded = report.cases.reduce((n, c) => n + c.evidence.exchanges.length, 0);
    expect(sent).toBe(recorded);
    expect(sent).toBeLessThanOrEqual(10);
    expect(stdout).toContain(`requests sent: ${sent} of at most 10`);
    expect(stdout + stderr).not.toContain(key);
    for (const file of readdirSync(reportDir)) expect(readFileSync(path.join(reportDir, file), 'utf8'), file).not.toContain(key);
  });

  it('--dry-run prints the plan and the estimate and sends nothing', async () => {
    const before = requestLines(gateway.output()).length;
    const { code, stdout } = await runCli(['smoke', '--target', url, '--key', key, '--model', 'openai-main/gpt-4o-mini', '--dry-run', '--report', path.join(dir, 'dry')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/plan: at most 8 requests/);
    expect(stdout).toMatch(/estimated cost: .*\$0\.0000\d+ at list prices/);
    expect(stdout).toContain('dry run: nothing sent');
    // A request marker after the dry run: the next request line the gateway logs is this one.
    const probe = await fetch(`${url}/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(probe.status).toBe(200);
    await untilRequestLines(gateway, before + 1);
    expect(requestLines(gateway.output()).length - before).toBe(1);
    expect(() => readdirSync(path.join(dir, 'dry'))).toThrow();
  });

  it('bad usage exits 2', async () => {
    const { code, stderr } = await runCli(['smoke', '--target', url, '--key', key, '--max-requests', '0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--max-requests: expected a positive integer/);
  });
});

describe('retry-after', () => {
  it('reads seconds and HTTP dates, bounded to 10 s', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(null)).toBe(1000);
    expect(retryAfterMs('3600')).toBe(10_000);
    expect(retryAfterMs(new Date(5_000).toUTCString(), 2_000)).toBe(3000);
    expect(retryAfterMs('soon')).toBe(1000);
  });
});
