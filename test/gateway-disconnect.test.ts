/**
 * A client that goes away takes its upstream request with it: over real sockets (client → gateway →
 * simulator), closing the client connection mid-stream or before the answer's headers makes the
 * simulator see its request aborted within 100 ms (median of five; each under 1 s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../gateway/config.ts';
import type { RunningGateway } from '../gateway/server.ts';
import type { JournalEntry } from '../mocks/journal.ts';
import type { MockServer } from '../mocks/server.ts';
import { startServedGateway, type ServedGateway } from './gateway-harness.ts';

const KEY = generateApiKey();
let mocks: MockServer;
let gw: RunningGateway;
let served: ServedGateway;
beforeAll(async () => {
  served = await startServedGateway(KEY, {});
  ({ mocks, gateway: gw } = served);
});
afterAll(async () => { await served?.close(); });

const journal = () => mocks.simulators.openai!.journal;

async function waitFor(entry: () => JournalEntry | undefined, ms: number): Promise<JournalEntry> {
  const end = performance.now() + ms;
  for (;;) {
    const e = entry();
    if (e?.aborted) return e;
    if (performance.now() > end) throw new Error(`the simulator did not see the abort within ${ms} ms: ${JSON.stringify(e && { aborted: e.aborted, completed: e.completed })}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function send(fault: string, stream: boolean, signal: AbortSignal) {
  return fetch(`${gw.baseURL}/chat/completions`, {
    method: 'POST', signal,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai-main/gpt-4o-mini', stream, messages: [{ role: 'user', content: `hold on [touchstone-fault:${fault}]` }] }),
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('client disconnect', () => {
  it('mid-stream: the upstream stream is aborted within 100 ms', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const client = new AbortController();
      const res = await send('stall_mid_stream', true, client.signal);
      const reader = res.body!.getReader();
      await reader.read(); // the stream is flowing (the simulator then stalls after two events)
      const entry = journal().last();
      const t0 = performance.now();
      client.abort();
      await waitFor(() => entry, 1000);
      times.push(performance.now() - t0);
    }
    expect(median(times), times.map((t) => t.toFixed(1)).join(', ')).toBeLessThanOrEqual(100);
  });

  it('before the answer\'s headers: the upstream request is aborted within 100 ms', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const client = new AbortController();
      const before = journal().entries.length;
      const pending = send('timeout', false, client.signal).catch(() => undefined);
      const deadline = performance.now() + 2000;
      while (journal().entries.length === before && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      const entry = journal().last();
      expect(entry?.fault?.fault.kind).toBe('timeout');
      const t0 = performance.now();
      client.abort();
      await waitFor(() => entry, 1000);
      times.push(performance.now() - t0);
      await pending;
    }
    expect(median(times), times.map((t) => t.toFixed(1)).join(', ')).toBeLessThanOrEqual(100);
  });
});
