/**
 * Converse through the official SDK over loopback: the response shape, determinism (same request, same
 * bytes), stop sequences and the output budget, structured output, a tool-use round trip, reasoning
 * with a signature the model verifies when it comes back, and prompt-cache checkpoints (write, then read).
 */
import { ConverseCommand, type ContentBlock, type Message } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_SYSTEM, sdkError, startBedrock, user, type BedrockHarness } from './test-kit.ts';

let h: BedrockHarness;
beforeAll(async () => { h = await startBedrock(); });
afterAll(async () => { await h.close(); });

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET_4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const weatherTool = { toolSpec: { name: 'get_weather', description: 'Current weather for a city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } };

describe('Converse', () => {
  it('answers with Bedrock’s response shape', async () => {
    const out = await h.client().send(new ConverseCommand({ modelId: HAIKU, messages: [user('Tell me about rivers.')] }));
    expect(out.output?.message?.role).toBe('assistant');
    expect(out.output?.message?.content?.[0]?.text).toMatch(/\w+/);
    expect(out.stopReason).toBe('end_turn');
    expect(out.usage!.totalTokens).toBe(out.usage!.inputTokens! + out.usage!.outputTokens!);
    expect(out.metrics!.latencyMs).toBeGreaterThan(0);
    expect(out.$metadata.requestId).toBe(h.sim.journal.last()!.requestId);
  });

  it('is deterministic: the same request gets the same bytes', async () => {
    const body = { messages: [user('Same question twice.')], inferenceConfig: { maxTokens: 64 } };
    const [a, b] = await Promise.all([h.post(HAIKU, 'converse', body), h.post(HAIKU, 'converse', body)]);
    expect(await a.text()).toBe(await b.text());
    expect(a.headers.get('x-amzn-requestid')).toBe(b.headers.get('x-amzn-requestid'));
    const other = await (await h.post(HAIKU, 'converse', { ...body, messages: [user('A different question.')] })).text();
    expect(other).not.toBe(await (await h.post(HAIKU, 'converse', body)).text());
  });

  it('honours stop sequences and maxTokens', async () => {
    const base = await h.client().send(new ConverseCommand({ modelId: HAIKU, messages: [user('Long answer please.')] }));
    const text = base.output!.message!.content![0]!.text!;
    const word = text.split(' ')[2]!;
    const stopped = await h.client().send(new ConverseCommand({ modelId: HAIKU, messages: [user('Long answer please.')], inferenceConfig: { stopSequences: [word] } }));
    expect(stopped.stopReason).toBe('stop_sequence');
    expect(stopped.output!.message!.content![0]!.text).toBe(text.slice(0, text.indexOf(word)));
    const short = await h.client().send(new ConverseCommand({ modelId: HAIKU, messages: [user('Long answer please.')], inferenceConfig: { maxTokens: 3 } }));
    expect(short.stopReason).toBe('max_tokens');
    expect(short.usage!.outputTokens).toBe(3);
  });

  it('answers JSON that follows an outputConfig schema (structured outputs)', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0, maximum: 120 } }, required: ['name', 'age'], additionalProperties: false };
    const out = await h.client().send(new ConverseCommand({
      modelId: SONNET_45, messages: [user('Extract the person.')],
      outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'person' } } } },
    }));
    const value = JSON.parse(out.output!.message!.content![0]!.text!);
    expect(Object.keys(value).sort()).toEqual(['age', 'name']);
    expect(Number.isInteger(value.age)).toBe(true);
  });

  it('completes a tool-use round trip', async () => {
    const first = await h.client().send(new ConverseCommand({ modelId: HAIKU, messages: [user('What is the weather in Paris?')], toolConfig: { tools: [weatherTool] } }));
    expect(first.stopReason).toBe('tool_use');
    const call = first.output!.message!.content!.find((b) => b.toolUse)!.toolUse!;
    expect(call).toMatchObject({ name: 'get_weather', input: { city: expect.any(String) } });
    expect(call.toolUseId).toMatch(/^tooluse_[\w-]{22}$/);
    const messages: Message[] = [
      user('What is the weather in Paris?'),
      first.output!.message!,
      { role: 'user', content: [{ toolResult: { toolUseId: call.toolUseId!, content: [{ json: { temperature: 21, sky: 'clear' } }] } }] },
    ];
    const second = await h.client().send(new ConverseCommand({ modelId: HAIKU, messages, toolConfig: { tools: [weatherTool] } }));
    expect(second.stopReason).toBe('end_turn');
    expect(second.output!.message!.content![0]!.text).toContain('{"temperature":21,"sky":"clear"}');
    const stray = await sdkError(h.client().send(new ConverseCommand({
      modelId: HAIKU, toolConfig: { tools: [weatherTool] },
      messages: [...messages.slice(0, 2), { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_unknown', content: [{ text: 'x' }] } }] }],
    })));
    expect(stray.name).toBe('ValidationException');
    expect(stray.message).toMatch(/unexpected `tool_use_id` found in `tool_result` blocks: tooluse_unknown/);
  });

  it('reasons with a signed thinking block, and verifies the signature when it comes back', async () => {
    const thinking = { thinking: { type: 'enabled', budget_tokens: 1024 } };
    const out = await h.client().send(new ConverseCommand({ modelId: SONNET_4, messages: [user('Think first.')], inferenceConfig: { maxTokens: 2048 }, additionalModelRequestFields: thinking }));
    const [reasoning, answer] = out.output!.message!.content!;
    expect(reasoning!.reasoningContent!.reasoningText!.text).toMatch(/^Let me think/);
    expect(reasoning!.reasoningContent!.reasoningText!.signature).toMatch(/^[A-Za-z0-9+/]{40,}={0,2}$/);
    expect(answer!.text).toBeTruthy();
    const next = (content: ContentBlock[]) => new ConverseCommand({
      modelId: SONNET_4, inferenceConfig: { maxTokens: 2048 }, additionalModelRequestFields: thinking,
      messages: [user('Think first.'), { role: 'assistant', content }, user('And now?')],
    });
    expect((await h.client().send(next(out.output!.message!.content!))).stopReason).toBe('end_turn');
    const altered: ContentBlock = { reasoningContent: { reasoningText: { text: 'I changed this.', signature: reasoning!.reasoningContent!.reasoningText!.signature! } } };
    const refused = await sdkError(h.client().send(next([altered, answer!])));
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toBe('messages.1.content.0: Invalid `signature` in `thinking` block');
  });

  it('writes a cache checkpoint, then reads it on the repeat', async () => {
    const command = () => new ConverseCommand({
      modelId: SONNET_4, system: [{ text: LONG_SYSTEM }, { cachePoint: { type: 'default' } }], messages: [user('Cached prompt, new question.')],
    });
    const first = await h.client().send(command());
    expect(first.usage!.cacheWriteInputTokens).toBeGreaterThan(1024);
    expect(first.usage!.cacheReadInputTokens).toBe(0);
    const second = await h.client().send(command());
    expect(second.usage!.cacheReadInputTokens).toBe(first.usage!.cacheWriteInputTokens);
    expect(second.usage!.cacheWriteInputTokens).toBe(0);
    expect(second.usage!.inputTokens).toBe(first.usage!.inputTokens);
    expect(second.usage!.totalTokens).toBe(first.usage!.totalTokens);
  });
});
