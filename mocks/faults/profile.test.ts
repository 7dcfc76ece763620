/**
 * Profile validation names the source, the path and what was expected; the deterministic rule
 * (`probability` refused) and unknown fault names are caught before any request is served. Also: the
 * timeout, latency and stall faults leave no timer behind once the client has gone (fake timers,
 * in-process: no sockets needed for that).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ResetConnection } from '../../lib/serve.ts';
import { createOpenAISimulator } from '../openai/index.ts';
import { FaultController, FaultProfileError, loadFaultProfile, parseFaultProfile } from './index.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'touchstone-profile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function problems(text: string): string {
  try {
    parseFaultProfile(text, 'faults.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(FaultProfileError);
    return (error as Error).message;
  }
  throw new Error('expected the profile to be rejected');
}

describe('fault profile validation', () => {
  it('accepts YAML and JSON profiles with named faults, inline faults and rules', () => {
    const yaml = parseFaultProfile('faults:\n  slow: { kind: latency, latencyMs: 50 }\nrules:\n  - fault: slow\n    times: 1\n', 'a.yaml');
    expect(yaml.rules![0]).toEqual({ fault: 'slow', times: 1 });
    const json = parseFaultProfile('{"rules":[{"match":{"stream":true},"fault":{"kind":"error_event","afterEvents":3}}]}', 'a.json');
    expect(json.rules![0]!.fault).toEqual({ kind: 'error_event', afterEvents: 3 });
    expect(parseFaultProfile('', 'empty.yaml')).toEqual({});
    expect(loadFaultProfile(path.join(import.meta.dirname, 'example.yaml')).rules).toHaveLength(4);
  });

  it('names the file, the path and what was expected', () => {
    expect(problems('rules:\n  - fault: { kind: explode }\n'))
      .toBe('faults.yaml: rules[0].fault.kind: expected one of latency, status, reset, reset_mid_body, timeout, stall_mid_stream, truncate, malformed_event, error_event, got string "explode"');
    expect(problems('rules:\n  - fault: { kind: truncate, afterEvents: -2 }\n')).toContain('rules[0].fault.afterEvents: expected a number >= 0, got number -2');
    expect(problems('rules:\n  - fault: { kind: truncate, after: 2 }\n')).toContain('rules[0].fault.after: unknown property; expected one of kind, latencyMs, afterEvents');
    expect(problems('rules:\n  - match: { stream: "yes" }\n    fault: reset\n')).toContain('rules[0].match.stream: expected boolean, got string "yes"');
    expect(problems('rules:\n  - match: { path: /v1 }\n')).toContain('rules[0].fault: expected a value (required), got nothing');
    expect(problems('rules:\n  - fault: { kind: status }\n')).toContain('rules[0].fault: expected a "status" or a "preset"');
    expect(problems('rules:\n  - fault: reset\n    times: 0\n')).toContain('rules[0].times: expected a number >= 1, got number 0');
    expect(problems('rules: {}\n')).toContain('rules: expected array, got an object');
    expect(problems('faults:\n  "bad name": { kind: reset }\n')).toContain('fault name "bad name"');
  });

  it('refuses probability (faults are deterministic) and unknown fault names', () => {
    expect(problems('rules:\n  - fault: reset\n    probability: 0.5\n')).toContain('rules[0].probability: not supported — faults are deterministic; use "times"');
    expect(problems('rules:\n  - fault: kaboom\n')).toMatch(/rules\[0\]\.fault: expected a fault name defined under "faults" or built in \(.*rate_limit.*\), got string "kaboom"/);
  });

  it('reports unparsable YAML with its line, and unreadable files by name', () => {
    expect(problems('rules: [\n  - fault: reset\n')).toMatch(/^faults\.yaml: line \d+, column \d+: expected valid YAML or JSON/);
    const file = path.join(tmp, 'missing.yaml');
    expect(() => loadFaultProfile(file)).toThrow(`${file}: expected a readable file (ENOENT)`);
    const bad = path.join(tmp, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  - fault: { kind: latency }\n');
    expect(() => loadFaultProfile(bad)).toThrow(`${bad}: rules[0].fault.latencyMs: expected a value (required), got nothing`);
    expect(() => new FaultController({ rules: [{ fault: 'nope' }] })).toThrow(FaultProfileError);
  });
});

describe('no timers left behind', () => {
  afterEach(() => { vi.useRealTimers(); });

  const request = (fault: string, signal: AbortSignal, stream = false) => new Request('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', 'x-touchstone-fault': fault },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'hi' }] }),
    signal,
  });

  it('timeout installs none; latency clears its own when the client aborts', async () => {
    vi.useFakeTimers();
    const sim = createOpenAISimulator();
    const c1 = new AbortController();
    const timeout = sim.fetch(request('timeout', c1.signal));
    await vi.waitFor(() => expect(sim.journal.last()?.fault?.kind).toBe('timeout'));
    expect(vi.getTimerCount()).toBe(0);
    c1.abort();
    await expect(timeout).rejects.toBeInstanceOf(ResetConnection);

    const c2 = new AbortController();
    const slow = sim.fetch(request('{"kind":"latency","latencyMs":60000}', c2.signal));
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
    c2.abort();
    await expect(slow).rejects.toBeInstanceOf(ResetConnection);
    expect(vi.getTimerCount()).toBe(0);
    expect(sim.journal.entries.map((e) => e.aborted)).toEqual([true, true]);
  });

  it('a client abort reaches a fault that waits for it, even after the garbage collector ran', async () => {
    // undici's Request follows the caller's signal through a WeakRef; the journal must hold the Request.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const sim = createOpenAISimulator();
    const c1 = new AbortController();
    const timeout = sim.fetch(request('timeout', c1.signal));
    await vi.waitFor(() => expect(sim.journal.last()?.fault?.kind).toBe('timeout'));
    for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setImmediate(r)); }
    c1.abort();
    await expect(timeout).rejects.toBeInstanceOf(ResetConnection);
    expect(sim.journal.inFlight.size).toBe(0);
  });

  it('stall_mid_stream holds no timer while stalled, and ends when the body is cancelled', async () => {
    vi.useFakeTimers();
    const sim = createOpenAISimulator();
    const res = await sim.fetch(request('{"kind":"stall_mid_stream","afterEvents":1}', new AbortController().signal, true));
    const reader = res.body!.getReader();
    await reader.read();
    const stalled = reader.read();
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
    await reader.cancel();
    await expect(stalled).resolves.toMatchObject({ done: true });
    expect(sim.journal.last()).toMatchObject({ aborted: true, completed: false });
  });
});
