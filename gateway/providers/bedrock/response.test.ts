// Converse JSON answers (shapes from the Converse API reference) → OpenAI chat.completion objects,
// validated against the gateway contract.
import { describe, expect, it } from 'vitest';
import { validate } from '../../../spec/index.ts';
import { GatewayError } from '../../errors.ts';
import { translateResponse } from './response.ts';
import { converseJson, testContext } from './test-fixtures.ts';

const ctx = testContext();
const usage = { inputTokens: 12, outputTokens: 30, totalTokens: 42 };

function check(completion: Record<string, unknown>) {
  const result = validate('createChatCompletion', 200, 'application/json', completion);
  expect(result.violations ?? [], JSON.stringify(result)).toEqual([]);
  return completion as { choices: { message: Record<string, unknown>; finish_reason: string }[]; usage: Record<string, unknown> };
}

describe('bedrock response', () => {
  it('text answer: id/created/model from the context, usage translated', () => {
    const c = check(translateResponse(converseJson({ content: [{ text: 'Hello ' }, { text: 'there.' }], stopReason: 'end_turn', usage }), ctx));
    expect(c).toMatchObject({ id: 'chatcmpl-test', object: 'chat.completion', created: 1735689600, model: ctx.model });
    expect(c.choices).toEqual([{ index: 0, message: { role: 'assistant', content: 'Hello there.', refusal: null }, finish_reason: 'stop', logprobs: null }]);
    expect(c.usage).toEqual({ prompt_tokens: 12, completion_tokens: 30, total_tokens: 42, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } });
  });

  it('parallel tool calls with ids and JSON arguments; content null without text', () => {
    const c = check(translateResponse(converseJson({
      content: [
        { toolUse: { toolUseId: 'tooluse_a', name: 'get_weather', input: { city: 'Paris' } } },
        { toolUse: { toolUseId: 'tooluse_b', name: 'get_weather', input: { city: 'Rome', unit: 'celsius' } } },
      ], stopReason: 'tool_use', usage,
    }), ctx));
    expect(c.choices[0]!.finish_reason).toBe('tool_calls');
    expect(c.choices[0]!.message.content).toBeNull();
    expect(c.choices[0]!.message.tool_calls).toEqual([
      { id: 'tooluse_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'tooluse_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome","unit":"celsius"}' } },
    ]);
  });

  it('reasoning: reasoning_content and thinking_blocks (signed and redacted), cached usage', () => {
    const c = check(translateResponse(converseJson({
      content: [
        { reasoningContent: { reasoningText: { text: 'Let me think.', signature: 'c2ln' } } },
        { reasoningContent: { redactedContent: 'ZW5j' } },
        { text: '42' },
      ], stopReason: 'max_tokens', usage: { inputTokens: 5, outputTokens: 9, totalTokens: 1214, cacheReadInputTokens: 1200 },
    }), ctx));
    const message = c.choices[0]!.message;
    expect(message.reasoning_content).toBe('Let me think.');
    expect(message.thinking_blocks).toEqual([{ type: 'thinking', thinking: 'Let me think.', signature: 'c2ln' }, { type: 'redacted_thinking', data: 'ZW5j' }]);
    expect(message.content).toBe('42');
    expect(c.choices[0]!.finish_reason).toBe('length');
    expect(c.usage).toMatchObject({ prompt_tokens: 1205, total_tokens: 1214, prompt_tokens_details: { cached_tokens: 1200 } });
  });

  it('content filter and empty answers', () => {
    const c = check(translateResponse(converseJson({ content: [], stopReason: 'guardrail_intervened', usage }), ctx));
    expect(c.choices[0]).toMatchObject({ message: { content: '' }, finish_reason: 'content_filter' });
  });

  it('a body without output.message is a 502', () => {
    expect(() => translateResponse({ stopReason: 'end_turn' }, ctx)).toThrow(GatewayError);
    try { translateResponse({}, ctx); } catch (e) { expect((e as GatewayError).status).toBe(502); }
  });
});
