/**
 * ConverseStream through the official SDK over loopback: the event sequence, the same answer as
 * Converse gives for the same request (text, tool input, stop reason, usage), streamed reasoning with
 * its signature, the journal seeing the stream end — and a hand-corrupted frame served on its own
 * socket, which the SDK's decoder rejects.
 */
import { ConverseCommand, ConverseStreamCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../lib/serve.ts';
import { concat, eventFrame } from './eventstream.ts';
import { EVENTSTREAM_CONTENT_TYPE } from './stream-body.ts';
import { bedrockClient, sdkError, startBedrock, user, type BedrockHarness } from './test-kit.ts';

let h: BedrockHarness;
beforeAll(async () => { h = await startBedrock(); });
afterAll(async () => { await h.close(); });

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const tool = { toolSpec: { name: 'lookup_order', description: 'Find an order', inputSchema: { json: { type: 'object', properties: { order_id: { type: 'string' }, verbose: { type: 'boolean' } } } } } };

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const out: ConverseStreamOutput[] = [];
  for await (const event of stream!) out.push(event);
  return out;
}

const kinds = (events: ConverseStreamOutput[]) => events.map((e) => Object.keys(e).find((k) => (e as unknown as Record<string, unknown>)[k] !== undefined));

describe('ConverseStream', () => {
  it('streams the same answer Converse gives, in Bedrock’s event order', async () => {
    const input = { modelId: HAIKU, messages: [user('Stream me an answer.')] };
    const whole = await h.client().send(new ConverseCommand(input));
    const events = await collect((await h.client().send(new ConverseStreamCommand(input))).stream);
    const names = kinds(events);
    expect(names[0]).toBe('messageStart');
    expect(names.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    expect(new Set(names.slice(1, -3))).toEqual(new Set(['contentBlockDelta']));
    const text = events.map((e) => e.contentBlockDelta?.delta?.text ?? '').join('');
    expect(text).toBe(whole.output!.message!.content![0]!.text);
    expect(events.at(-2)!.messageStop!.stopReason).toBe(whole.stopReason);
    expect(events.at(-1)!.metadata!.usage).toEqual(whole.usage);
    expect(h.sim.journal.last()).toMatchObject({ completed: true, aborted: false, status: 200 });
    expect(h.sim.journal.last()!.path).toBe('/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream');
  });

  it('streams tool use: a contentBlockStart, then input JSON in pieces', async () => {
    const input = { modelId: HAIKU, messages: [user('Where is my order?')], toolConfig: { tools: [tool] } };
    const whole = await h.client().send(new ConverseCommand(input));
    const events = await collect((await h.client().send(new ConverseStreamCommand(input))).stream);
    const start = events.find((e) => e.contentBlockStart)!.contentBlockStart!;
    const call = whole.output!.message!.content!.find((b) => b.toolUse)!.toolUse!;
    expect(start.start!.toolUse).toEqual({ toolUseId: call.toolUseId, name: 'lookup_order' });
    const json = events.filter((e) => e.contentBlockDelta?.contentBlockIndex === start.contentBlockIndex)
      .map((e) => e.contentBlockDelta!.delta!.toolUse!.input).join('');
    expect(JSON.parse(json)).toEqual(call.input);
    expect(events.find((e) => e.messageStop)!.messageStop!.stopReason).toBe('tool_use');
  });

  it('streams reasoning text, then its signature', async () => {
    const events = await collect((await h.client().send(new ConverseStreamCommand({
      modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', messages: [user('Think it through.')], inferenceConfig: { maxTokens: 4000 },
      additionalModelRequestFields: { reasoning_config: { type: 'enabled', budget_tokens: 2000 } },
    }))).stream);
    const reasoning = events.filter((e) => e.contentBlockDelta?.contentBlockIndex === 0).map((e) => e.contentBlockDelta!.delta!.reasoningContent!);
    expect(reasoning.slice(0, -1).every((r) => typeof r.text === 'string')).toBe(true);
    expect(reasoning.at(-1)!.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('is deterministic byte for byte, padding included', async () => {
    const body = { messages: [user('Same stream twice.')] };
    const [a, b] = await Promise.all([h.post(HAIKU, 'converse-stream', body), h.post(HAIKU, 'converse-stream', body)]);
    expect(a.headers.get('content-type')).toBe(EVENTSTREAM_CONTENT_TYPE);
    expect(new Uint8Array(await a.arrayBuffer())).toEqual(new Uint8Array(await b.arrayBuffer()));
  });

  it('journals a client that goes away mid-stream as aborted', async () => {
    const slow = await startBedrock({ chunkDelayMs: 5 });
    try {
      const abort = new AbortController();
      const out = await slow.client().send(new ConverseStreamCommand({ modelId: HAIKU, messages: [user('Abort me.')] }), { abortSignal: abort.signal });
      await sdkError(async () => { for await (const _event of out.stream!) abort.abort(); });
      const deadline = Date.now() + 2000;
      while (!slow.sim.journal.last()?.aborted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(slow.sim.journal.last()).toMatchObject({ aborted: true, completed: false });
    } finally {
      await slow.close();
    }
  });

  it('refuses tool use in streaming mode for a model that only offers it without streaming', async () => {
    const error = await sdkError(h.client().send(new ConverseStreamCommand({ modelId: 'meta.llama3-1-70b-instruct-v1:0', messages: [user('Tools?')], toolConfig: { tools: [tool] } })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe("This model doesn't support tool use in streaming mode.");
  });

  it('is rejected by the SDK decoder when a frame’s CRC is corrupted', async () => {
    const good = eventFrame('messageStart', { role: 'assistant' });
    const bad = eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'tampered' } });
    bad[bad.length - 2]! ^= 0x5a;
    const corrupt = await serve(() => new Response(concat([good, bad]) as unknown as BodyInit, { headers: { 'content-type': EVENTSTREAM_CONTENT_TYPE } }));
    try {
      const out = await bedrockClient(corrupt.url).send(new ConverseStreamCommand({ modelId: HAIKU, messages: [user('x')] }));
      const seen: ConverseStreamOutput[] = [];
      const error = await sdkError(async () => { for await (const e of out.stream!) seen.push(e); });
      expect(error.message).toMatch(/message checksum .* did not match the expected value/);
      expect(kinds(seen)).toEqual(['messageStart']);
    } finally {
      await corrupt.close();
    }
  });
});
