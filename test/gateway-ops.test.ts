/**
 * The gateway as an operator runs it, as real processes (`touchstone gateway --config FILE`):
 * - SIGHUP reloads the config file without dropping a request (streams running across the reload
 *   finish; a key added by the reload works; an invalid file is reported and the old config kept);
 * - two replicas sharing one Redis (a real redis-server on a loopback port) enforce ONE rate limit.
 * The simulators run in this process (startMockServer); the gateways call them over loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { generateApiKey, hashKey, type GatewayConfigFile } from '../gateway/config.ts';
import { startRedis, type RedisServer } from '../gateway/limits/redis-server.ts';
import { startMockServer, type MockServer } from '../mocks/server.ts';
import { freePort, startCli, type LongRunning } from './cli-helpers.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchstone-ops-'));
let mocks: MockServer;
const running: LongRunning[] = [];
beforeAll(async () => { mocks = await startMockServer({}); });
afterAll(async () => {
  for (const r of running) await r.stop();
  await mocks.close();
  rmSync(tmp, { recursive: true, force: true });
});

const keyA = generateApiKey();
const keyB = generateApiKey();

function configFile(extra: Partial<GatewayConfigFile> = {}, keys = [{ name: 'a', sha256: hashKey(keyA), access: { models: ['*'] } }]): GatewayConfigFile {
  return {
    accounts: [{ name: 'openai-main', provider: 'openai', base_url: mocks.upstreams.openai!, api_key: { value: 'sk-ops-upstream-0001' }, models: [{ name: 'gpt-4o-mini' }] }],
    keys,
    ...extra,
  };
}

async function startGatewayProcess(file: string): Promise<{ proc: LongRunning; url: string }> {
  const port = await freePort();
  const proc = startCli(['gateway', '--config', file, '--port', String(port)]);
  running.push(proc);
  const m = await proc.waitFor(/listening on (http:\/\/\S+)/);
  return { proc, url: m[1]! };
}

const chat = (url: string, key: string, stream = false) => fetch(`${url}/chat/completions`, {
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'openai-main/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'reload me' }] }),
});

describe('SIGHUP reload', () => {
  it('swaps the config without dropping running or new requests; a bad file keeps the old config', async () => {
    const file = path.join(tmp, 'reload.yaml');
    writeFileSync(file, stringify(configFile()));
    const { proc, url } = await startGatewayProcess(file);
    expect((await chat(url, keyB)).status).toBe(401);

    // Traffic during the reloads: streamed and not, back to back, from four loops.
    let stop = false;
    const outcomes: string[] = [];
    const loop = async (stream: boolean) => {
      while (!stop) {
        const res = await chat(url, keyA, stream);
        const text = await res.text();
        outcomes.push(res.status === 200 && (!stream || text.trimEnd().endsWith('data: [DONE]')) ? 'ok' : `${res.status} ${text.slice(0, 200)}`);
      }
    };
    const loops = [loop(true), loop(false), loop(true), loop(false)];
    for (let i = 0; i < 3; i++) {
      writeFileSync(file, stringify(configFile({}, [
        { name: 'a', sha256: hashKey(keyA), access: { models: ['*'] } },
        ...(i % 2 === 0 ? [{ name: 'b', sha256: hashKey(keyB), access: { models: ['*'] } }] : []),
      ])));
      const reloaded = proc.output().split('reloaded').length;
      proc.child.kill('SIGHUP');
      await proc.waitFor(new RegExp(`(reloaded[\\s\\S]*){${reloaded}}`));
      expect((await chat(url, keyB)).status).toBe(i % 2 === 0 ? 200 : 401);
    }
    // An invalid file: reported, the running config (with key b, from the last good reload... i=2 → b present) kept.
    writeFileSync(file, 'accounts: [{ name: "Bad Name" }]\nkeys: []\n');
    proc.child.kill('SIGHUP');
    await proc.waitFor(/reload failed, keeping the running config: invalid gateway config [^\n]*reload\.yaml/);
    expect((await chat(url, keyB)).status).toBe(200);
    stop = true;
    await Promise.all(loops);
    expect(outcomes.length).toBeGreaterThan(8);
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
  });
});

describe('two replicas, one Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => { redis = await startRedis(); });
  afterAll(async () => { await redis?.stop(); });

  it('enforce one requests-per-minute limit between them, exactly', async () => {
    const LIMIT = 7;
    const file = path.join(tmp, 'replicas.yaml');
    writeFileSync(file, stringify(configFile({
      rate_limits: [{ id: 'shared-rpm', when: { keys: ['a'] }, unit: 'requests_per_minute', limit_to: LIMIT }],
      limits_store: { redis_url: { value: redis.url } },
    })));
    const [one, two] = await Promise.all([startGatewayProcess(file), startGatewayProcess(file)]);
    // Fixed one-minute windows: do not start within 5 s of a window's end (the count would restart midway).
    const toNextMinute = 60_000 - (Date.now() % 60_000);
    if (toNextMinute < 5_000) await new Promise((r) => setTimeout(r, toNextMinute + 50));
    const statuses = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
      const res = await chat(i % 2 ? one.url : two.url, keyA);
      await res.text();
      return res.status;
    }));
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - LIMIT);
    // Each replica got 10 requests: with a limit per process, 14 would have passed.
    const refused = await chat(one.url, keyA);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

describe('SIGTERM', () => {
  it('stops accepting at once, lets a running stream finish, cuts a stalled one at the grace deadline, then exits 0', async () => {
    const slow = await startMockServer({ simulatorOptions: { chunkDelayMs: 30 } });
    try {
      const file = path.join(tmp, 'shutdown.yaml');
      writeFileSync(file, stringify({
        ...configFile(), server: { shutdown_grace_ms: 1500 },
        accounts: [{ name: 'openai-main', provider: 'openai', base_url: slow.upstreams.openai!, api_key: { value: 'sk-ops-upstream-0001' }, models: [{ name: 'gpt-4o-mini' }] }],
      }));
      const { proc, url } = await startGatewayProcess(file);
      const streamed = (content: string) => fetch(`${url}/chat/completions`, {
        method: 'POST', headers: { authorization: `Bearer ${keyA}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai-main/gpt-4o-mini', stream: true, max_tokens: 40, messages: [{ role: 'user', content }] }),
      });
      const running = await streamed('a running stream');
      const stalled = await streamed('a stalled one [touchstone-fault:stall_mid_stream]');
      const runningText = running.text();
      const stalledText = stalled.text().then(() => 'ended', () => 'cut');
      const t0 = performance.now();
      proc.child.kill('SIGTERM');
      await proc.waitFor(/shutting down/);
      await expect(fetch(`${url}/models`, { headers: { authorization: `Bearer ${keyA}` } })).rejects.toThrow();
      expect((await runningText).trimEnd().endsWith('data: [DONE]')).toBe(true);
      expect(await stalledText).toBe('cut');
      const code = proc.child.exitCode ?? await new Promise<number | null>((r) => proc.child.once('exit', r));
      expect(code).toBe(0);
      const took = performance.now() - t0;
      expect(took).toBeGreaterThanOrEqual(1400);
      expect(took).toBeLessThan(6000);
    } finally {
      await slow.close();
    }
  });
});
