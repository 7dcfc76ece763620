/**
 * Extended thinking: a thinking block with a signature first (streamed as thinking_delta + signature_delta),
 * multi-turn tool use passing the block back unchanged, a tampered block or a missing one refused, the
 * budget rules (≥ 1024, < max_tokens), models without thinking, `display: "omitted"`, the documented
 * redacted-thinking trigger, and interleaved thinking after tool results with the beta header.
 */
import { describe, expect, it } from 'vitest';
import { REDACTED_THINKING_TRIGGER, signThinking, verifyThinking } from './thinking.ts';
import { body, events, MODEL, postJson, sdkClient, sdkError, simulator } from './test-kit.ts';

const tools = [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];
const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
const question = { role: 'user' as const, content: 'What is the weather in Paris?' };

describe('anthropic extended thinking', () => {
  it('answers a signed thinking block first, and streams it as thinking_delta then signature_delta', async () => {
    const sim = simulator();
    const message = await sdkClient(sim).messages.create({ model: MODEL, max_tokens: 2048, thinking, messages: [{ role: 'user', content: 'Why is the sky blue?' }] });
    const [first, second] = message.content;
    expect(first!.type).toBe('thinking');
    expect(second!.type).toBe('text');
    const block = first as { thinking: string; signature: string };
    expect(block.thinking.length).toBeGreaterThan(10);
    expect(verifyThinking(block.thinking, block.signature)).toBe(true);
    expect(message.usage.output_tokens_details?.thinking_tokens).toBeGreaterThan(0);
    const raw = await events(await postJson(sim, '/v1/messages', body({ stream: true, max_tokens: 2048, thinking, messages: [{ role: 'user', content: 'Why is the sky blue?' }] })));
    const deltas = raw.filter((e) => e.event === 'content_block_delta').map((e) => JSON.parse(e.data) as { index: number; delta: { type: string; signature?: string } });
    const ofFirst = deltas.filter((d) => d.index === 0).map((d) => d.delta.type);
    expect(ofFirst.at(-1)).toBe('signature_delta');
    expect(new Set(ofFirst.slice(0, -1))).toEqual(new Set(['thinking_delta']));
    expect(deltas.find((d) => d.delta.type === 'signature_delta')!.delta.signature).toBe(block.signature);
  });

  it('continues a tool loop when the thinking block is passed back unchanged', async () => {
    const client = sdkClient(simulator());
    const first = await client.messages.create({ model: MODEL, max_tokens: 4096, thinking, tools, messages: [question] });
    expect(first.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    const call = first.content.find((b) => b.type === 'tool_use')!;
    const messages = [question, { role: 'assistant' as const, content: first.content }, { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: call.id, content: 'Sunny' }] }];
    const second = await client.messages.create({ model: MODEL, max_tokens: 4096, thinking, tools, messages });
    expect(second.content.map((b) => b.type)).toEqual(['text']); // no new thinking inside the loop without interleaving
    const interleaved = await client.messages.create({ model: MODEL, max_tokens: 4096, thinking, tools, messages }, { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } });
    expect(interleaved.content.map((b) => b.type)).toEqual(['thinking', 'text']);
  });

  it('refuses a modified thinking block, and a tool loop whose assistant turn lost its thinking', async () => {
    const client = sdkClient(simulator());
    const first = await client.messages.create({ model: MODEL, max_tokens: 4096, thinking, tools, messages: [question] });
    const call = first.content.find((b) => b.type === 'tool_use')!;
    const result = { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: call.id, content: 'Sunny' }] };
    const tampered = first.content.map((b) => (b.type === 'thinking' ? { ...b, thinking: `${b.thinking} (edited)` } : b));
    const error = await sdkError(client.messages.create({ model: MODEL, max_tokens: 4096, thinking, tools, messages: [question, { role: 'assistant', content: tampered }, result] }));
    expect(error.status).toBe(400);
    expect(error.message).toContain('messages.1.content.0: Invalid `signature` in `thinking` block');
    const stripped = first.content.filter((b) => b.type !== 'thinking');
    const missing = await sdkError(client.messages.create({ model: MODEL, max_tokens: 4096, thinking, tools, messages: [question, { role: 'assistant', content: stripped }, result] }));
    expect(missing.message).toContain('messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `text`.');
  });

  it('enforces the budget rules and model support (API version 2023-06-01, which still has temperature)', async () => {
    const sim = simulator();
    const cases: [Record<string, unknown>, string][] = [
      [{ thinking: { type: 'enabled', budget_tokens: 512 } }, 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024'],
      [{ max_tokens: 1024, thinking }, '`max_tokens` must be greater than `thinking.budget_tokens`.'],
      [{ max_tokens: 2048, thinking, temperature: 0.5 }, '`temperature` may only be set to 1 when thinking is enabled.'],
      [{ max_tokens: 2048, thinking, tools, tool_choice: { type: 'any' } }, 'Thinking may not be enabled when tool_choice forces tool use.'],
      [{ max_tokens: 2048, thinking, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Sure' }] }, 'pre-filling the response is not supported with extended thinking'],
      [{ model: 'claude-3-5-haiku-20241022', max_tokens: 2048, thinking }, 'thinking: claude-3-5-haiku-20241022 does not support thinking.'],
      [{ model: 'claude-sonnet-4-5', max_tokens: 2048, thinking: { type: 'adaptive' } }, 'adaptive thinking is not supported on claude-sonnet-4-5-20250929'],
    ];
    for (const [overrides, message] of cases) {
      const response = await postJson(sim, '/v1/messages', body(overrides));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(message);
    }
  });

  it('omits the thinking text with display "omitted" but still signs it; adaptive thinking thinks', async () => {
    const client = sdkClient(simulator());
    const omitted = await client.messages.create({ model: MODEL, max_tokens: 2048, thinking: { ...thinking, display: 'omitted' }, messages: [{ role: 'user', content: 'hi' }] });
    expect(omitted.content[0]).toMatchObject({ type: 'thinking', thinking: '' });
    expect(verifyThinking('', (omitted.content[0] as { signature: string }).signature)).toBe(true);
    expect(omitted.usage.output_tokens_details?.thinking_tokens).toBeGreaterThan(0);
    const adaptive = await client.messages.create({ model: MODEL, max_tokens: 2048, thinking: { type: 'adaptive' }, messages: [{ role: 'user', content: 'hi' }] });
    expect(adaptive.content[0]!.type).toBe('thinking');
  });

  it('answers redacted_thinking for the documented trigger string, and accepts it back', async () => {
    const client = sdkClient(simulator());
    const ask = { role: 'user' as const, content: REDACTED_THINKING_TRIGGER };
    const first = await client.messages.create({ model: MODEL, max_tokens: 2048, thinking, messages: [ask] });
    expect(first.content[0]!.type).toBe('redacted_thinking');
    const next = await client.messages.create({ model: MODEL, max_tokens: 2048, thinking, messages: [ask, { role: 'assistant', content: first.content }, { role: 'user', content: 'go on' }] });
    expect(next.stop_reason).toBe('end_turn');
    const forged = await sdkError(client.messages.create({ model: MODEL, max_tokens: 2048, thinking,
      messages: [ask, { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'Zm9yZ2Vk' }, { type: 'text', text: 'x' }] }, { role: 'user', content: 'go on' }] }));
    expect(forged.status).toBe(400);
  });

  it('signatures depend on the text only', () => {
    expect(verifyThinking('abc', signThinking('abc', 'seed-1'))).toBe(true);
    expect(verifyThinking('abd', signThinking('abc', 'seed-1'))).toBe(false);
    expect(verifyThinking('abc', 'not base64!')).toBe(false);
  });
});
