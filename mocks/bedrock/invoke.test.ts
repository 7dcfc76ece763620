/**
 * InvokeModel and InvokeModelWithResponseStream through the official SDK: Anthropic's native Messages
 * body in Bedrock's form (response, `x-amzn-bedrock-*` headers, stream `chunk` events whose bytes are
 * Anthropic's events, the last with Bedrock's invocation metrics), Nova's native body, the schema check
 * of a malformed body, cache_control checkpoints, and the refusal for families whose native body the
 * simulator does not implement.
 */
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_SYSTEM, sdkError, startBedrock, type BedrockHarness } from './test-kit.ts';

let h: BedrockHarness;
beforeAll(async () => { h = await startBedrock(); });
afterAll(async () => { await h.close(); });

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const anthropicBody = (extra: Record<string, unknown> = {}) => JSON.stringify({
  anthropic_version: 'bedrock-2023-05-31', max_tokens: 300, messages: [{ role: 'user', content: 'Hello natively.' }], ...extra,
});
const json = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes));

async function chunks(body: AsyncIterable<{ chunk?: { bytes?: Uint8Array } }> | undefined): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const event of body!) out.push(json(event.chunk!.bytes));
  return out;
}

describe('InvokeModel', () => {
  it('answers an Anthropic Messages body natively, with Bedrock’s token headers', async () => {
    const out = await h.client().send(new InvokeModelCommand({ modelId: HAIKU, contentType: 'application/json', body: anthropicBody() }));
    const body = json(out.body);
    expect(body).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-3-haiku-20240307', stop_reason: 'end_turn', stop_sequence: null });
    expect(body.id).toMatch(/^msg_bdrk_01\w{22}$/);
    expect(body.content[0]).toEqual({ type: 'text', text: expect.any(String) });
    expect(out.contentType).toBe('application/json');
    const raw = await h.post(HAIKU, 'invoke', anthropicBody());
    expect(raw.headers.get('x-amzn-bedrock-input-token-count')).toBe(String(body.usage.input_tokens));
    expect(raw.headers.get('x-amzn-bedrock-output-token-count')).toBe(String(body.usage.output_tokens));
    expect(Number(raw.headers.get('x-amzn-bedrock-invocation-latency'))).toBeGreaterThan(0);
  });

  it('streams Anthropic events in chunks, the last with invocation metrics', async () => {
    const whole = json((await h.client().send(new InvokeModelCommand({ modelId: HAIKU, body: anthropicBody() }))).body);
    const out = await h.client().send(new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, body: anthropicBody() }));
    const events = await chunks(out.body);
    expect(events.map((e) => e.type)).toEqual(['message_start', 'content_block_start', ...events.slice(2, -3).map(() => 'content_block_delta'),
      'content_block_stop', 'message_delta', 'message_stop']);
    const text = events.filter((e) => e.type === 'content_block_delta').map((e) => (e.delta as { text: string }).text).join('');
    expect(text).toBe(whole.content[0].text);
    expect(events.at(-1)!['amazon-bedrock-invocationMetrics']).toMatchObject({ inputTokenCount: whole.usage.input_tokens, outputTokenCount: whole.usage.output_tokens });
  });

  it('answers and streams a Nova native body', async () => {
    const body = JSON.stringify({ schemaVersion: 'messages-v1', messages: [{ role: 'user', content: [{ text: 'Hello Nova.' }] }], inferenceConfig: { max_new_tokens: 40, top_k: 20 } });
    const whole = json((await h.client().send(new InvokeModelCommand({ modelId: 'amazon.nova-lite-v1:0', body }))).body);
    expect(whole).toMatchObject({ output: { message: { role: 'assistant' } }, stopReason: expect.stringMatching(/^(end_turn|max_tokens)$/) });
    expect(whole.usage).toMatchObject({ inputTokens: expect.any(Number), cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 });
    const events = await chunks((await h.client().send(new InvokeModelWithResponseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', body }))).body);
    expect(Object.keys(events[0]!)).toEqual(['messageStart']);
    const text = events.map((e) => (e.contentBlockDelta as { delta?: { text?: string } } | undefined)?.delta?.text ?? '').join('');
    expect(text).toBe(whole.output.message.content[0].text);
    expect(events.at(-1)).toHaveProperty('amazon-bedrock-invocationMetrics');
  });

  it('refuses a malformed native body with Bedrock’s schema message', async () => {
    const error = await sdkError(h.client().send(new InvokeModelCommand({ modelId: HAIKU, body: JSON.stringify({ model: 'claude', messages: [] }) })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Malformed input request: #: required key [anthropic_version] not found#: required key [max_tokens] not found'
      + '#: extraneous key [model] is not permitted, please reformat your input and try again.');
    const roles = await sdkError(h.client().send(new InvokeModelCommand({ modelId: HAIKU, body: anthropicBody({ messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] }) })));
    expect(roles.message).toBe('messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row');
  });

  it('counts cache_control checkpoints as cache writes, then reads', async () => {
    const body = anthropicBody({ system: [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }] });
    const model = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';
    const first = json((await h.client().send(new InvokeModelCommand({ modelId: model, body }))).body);
    const second = json((await h.client().send(new InvokeModelCommand({ modelId: model, body }))).body);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(second.usage).toMatchObject({ cache_read_input_tokens: first.usage.cache_creation_input_tokens, cache_creation_input_tokens: 0 });
  });

  it('refuses native bodies of families it does not simulate, saying so', async () => {
    const error = await sdkError(h.client().send(new InvokeModelCommand({ modelId: 'meta.llama3-8b-instruct-v1:0', body: JSON.stringify({ prompt: 'hi' }) })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^Touchstone simulator: the native InvokeModel body of meta models/);
  });
});
