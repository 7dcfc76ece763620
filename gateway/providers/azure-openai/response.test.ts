import { describe, expect, it } from 'vitest';
import { validate } from '../../../spec/index.ts';
import { UpstreamError } from '../../errors.ts';
import { parseAzureResponse } from './response.ts';
import { azureTestContext } from './test-context.ts';

const ctx = azureTestContext();
const filters = { hate: { filtered: false, severity: 'safe' }, self_harm: { filtered: false, severity: 'safe' }, sexual: { filtered: false, severity: 'safe' }, violence: { filtered: false, severity: 'safe' } };

/** An Azure chat completion as documented (reference: "Chat completions - Create", 200 response). */
const azureAnswer = {
  id: 'chatcmpl-AzureUpstream01',
  object: 'chat.completion',
  created: 1_735_689_600,
  model: 'gpt-4o-2024-08-06',
  system_fingerprint: 'fp_abc',
  prompt_filter_results: [{ prompt_index: 0, content_filter_results: { ...filters, jailbreak: { filtered: false, detected: false } } }],
  choices: [{
    index: 0, finish_reason: 'stop', logprobs: null, content_filter_results: filters,
    message: { role: 'assistant', content: 'Paris is sunny.', refusal: null, annotations: [] },
  }],
  usage: { prompt_tokens: 3013, completion_tokens: 8, total_tokens: 3021, prompt_tokens_details: { cached_tokens: 2944, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 } },
};

describe('parseAzureResponse', () => {
  it('answers in OpenAI shape with the gateway id/created/model, Azure filter annotations kept', () => {
    const answer = parseAzureResponse(azureAnswer, ctx);
    expect(answer).toEqual({
      id: 'chatcmpl-gateway0001', object: 'chat.completion', created: 1_750_000_000, model: 'my-gpt4o', system_fingerprint: null,
      prompt_filter_results: azureAnswer.prompt_filter_results,
      choices: [{ index: 0, finish_reason: 'stop', logprobs: null, content_filter_results: filters, message: { role: 'assistant', content: 'Paris is sunny.', refusal: null, annotations: [] } }],
      usage: azureAnswer.usage,
    });
    expect(validate('createChatCompletion', 200, 'application/json', answer).violations).toEqual([]);
  });

  it('maps tool calls (parallel, in order) and finish_reason tool_calls', () => {
    const answer = parseAzureResponse({ ...azureAnswer, choices: [{ index: 0, finish_reason: 'tool_calls', logprobs: null, message: { role: 'assistant', content: null, tool_calls: [
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
    ] } }] }, ctx);
    const choice = (answer.choices as Record<string, any>[])[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message).toEqual({ role: 'assistant', content: null, tool_calls: [
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
    ] });
    expect(validate('createChatCompletion', 200, 'application/json', answer).violations).toEqual([]);
  });

  it('n choices, content_filter finish, reasoning tokens and a missing usage detail', () => {
    const answer = parseAzureResponse({ ...azureAnswer, choices: [
      { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'a' } },
      { index: 1, finish_reason: 'content_filter', message: { role: 'assistant', content: null } },
    ], usage: { prompt_tokens: 8, completion_tokens: 50, total_tokens: 58, completion_tokens_details: { reasoning_tokens: 50 } } }, ctx);
    expect((answer.choices as Record<string, unknown>[]).map((c) => [c.index, c.finish_reason, c.logprobs])).toEqual([[0, 'stop', null], [1, 'content_filter', null]]);
    expect(answer.usage).toEqual({ prompt_tokens: 8, completion_tokens: 50, total_tokens: 58, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 50 } });
  });

  it('keeps logprobs when the client asked for them', () => {
    const logprobs = { content: [{ token: 'Hi', logprob: -0.1, bytes: [72, 105], top_logprobs: [] }], refusal: null };
    const answer = parseAzureResponse({ ...azureAnswer, choices: [{ ...azureAnswer.choices[0], logprobs }] }, ctx);
    expect((answer.choices as Record<string, unknown>[])[0]!.logprobs).toEqual(logprobs);
  });

  it('a body without choices is an upstream failure (502), not a crash', () => {
    expect(() => parseAzureResponse({ error: { message: 'x' } }, ctx)).toThrow(UpstreamError);
    expect(() => parseAzureResponse('nope', ctx)).toThrow(/choices/);
  });
});
