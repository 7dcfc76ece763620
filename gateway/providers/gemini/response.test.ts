// Gemini GenerateContentResponse → OpenAI chat.completion (hand-written fixtures after the API reference).
import { describe, expect, it } from 'vitest';
import { validate } from '../../../spec/index.ts';
import { UpstreamError } from '../../errors.ts';
import { parallelCallsResponse, testContext, textResponse } from './fixtures.ts';
import { translateResponse } from './response.ts';

const ctx = testContext();

describe('translateResponse', () => {
  it('answers a chat.completion with content, reasoning_content and full usage', () => {
    const out = translateResponse(textResponse, ctx);
    expect(out).toEqual({
      id: 'chatcmpl-test', object: 'chat.completion', created: 1_700_000_000, model: 'gemini-2.5-flash', system_fingerprint: null,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there.', refusal: null, reasoning_content: 'Thinking about it.' }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 12, completion_tokens: 37, total_tokens: 49, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 30 } },
    });
    expect(validate('createChatCompletion', 200, 'application/json', out).violations).toEqual([]);
  });

  it('answers parallel function calls as tool_calls with distinct ids, the signature, and finish_reason tool_calls', () => {
    const out = translateResponse(parallelCallsResponse, ctx) as { choices: { message: { content: unknown; tool_calls: { id: string; function: unknown; extra_content?: unknown }[] }; finish_reason: string }[] };
    const [choice] = out.choices;
    expect(choice!.finish_reason).toBe('tool_calls');
    expect(choice!.message.content).toBeNull();
    expect(choice!.message.tool_calls.map((c) => c.function)).toEqual([
      { name: 'get_weather', arguments: '{"city":"Paris"}' },
      { name: 'get_time', arguments: '{"city":"Rome","utc":true}' },
    ]);
    expect(choice!.message.tool_calls[0]!.extra_content).toEqual({ google: { thought_signature: 'c2lnLTE=' } });
    expect(choice!.message.tool_calls[1]!.extra_content).toBeUndefined();
    const ids = choice!.message.tool_calls.map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
    expect(validate('createChatCompletion', 200, 'application/json', out).violations).toEqual([]);
  });

  it('keeps Gemini\'s own function call id when it sends one', () => {
    const out = translateResponse({ candidates: [{ content: { parts: [{ functionCall: { id: 'fc-9', name: 'f', args: {} } }] }, finishReason: 'STOP' }] }, ctx) as { choices: { message: { tool_calls: { id: string }[] } }[] };
    expect(out.choices[0]!.message.tool_calls[0]!.id).toBe('fc-9');
  });

  it('answers one choice per candidate (n), using the position when Vertex omits the index', () => {
    const out = translateResponse({ candidates: [{ content: { parts: [{ text: 'a' }] }, finishReason: 'STOP' }, { content: { parts: [{ text: 'b' }] }, finishReason: 'MAX_TOKENS', index: 1 }] }, ctx) as { choices: { index: number; message: { content: string }; finish_reason: string }[] };
    expect(out.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([[0, 'a', 'stop'], [1, 'b', 'length']]);
  });

  it('maps safety stops and blocked prompts to content_filter', () => {
    const safety = translateResponse({ candidates: [{ finishReason: 'SAFETY', index: 0 }] }, ctx) as { choices: { message: { content: unknown }; finish_reason: string }[] };
    expect([safety.choices[0]!.message.content, safety.choices[0]!.finish_reason]).toEqual(['', 'content_filter']);
    const blocked = translateResponse({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } }, ctx) as { choices: { message: { content: unknown }; finish_reason: string }[]; usage: { prompt_tokens: number } };
    expect([blocked.choices[0]!.message.content, blocked.choices[0]!.finish_reason, blocked.usage.prompt_tokens]).toEqual([null, 'content_filter', 3]);
  });

  it('refuses a body without candidates as an invalid upstream answer (502)', () => {
    expect(() => translateResponse({}, ctx)).toThrow(UpstreamError);
    expect(() => translateResponse('nope', ctx)).toThrow(/not a GenerateContentResponse/);
  });
});
