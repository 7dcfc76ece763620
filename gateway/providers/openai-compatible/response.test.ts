// Non-streamed answers of each provider (shapes from their API references) → OpenAI chat.completion.
import { describe, expect, it } from 'vitest';
import { validate } from '../../../spec/index.ts';
import { GatewayError } from '../../errors.ts';
import { PROVIDER_QUIRKS, type OpenAICompatibleProvider } from './quirks.ts';
import { translateResponse } from './response.ts';
import { testContext } from './test-kit.ts';

type Json = Record<string, unknown>;
const translate = (provider: OpenAICompatibleProvider, json: unknown, splitThinkTags = PROVIDER_QUIRKS[provider].thinkTags) =>
  translateResponse(json, testContext(provider), PROVIDER_QUIRKS[provider], { splitThinkTags }) as Json & { choices: Json[]; usage: Json };

const valid = (completion: Json) => {
  const result = validate('createChatCompletion', 200, 'application/json', completion);
  expect(result.violations ?? []).toEqual([]);
};

describe('response', () => {
  it('Groq: reasoning field → reasoning_content; gateway id/created/model; no system_fingerprint; x_groq kept without its usage', () => {
    const out = translate('groq', {
      id: 'chatcmpl-groq', object: 'chat.completion', created: 1, model: 'openai/gpt-oss-120b', system_fingerprint: 'fp_1', service_tier: 'on_demand',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi.', reasoning: 'think first' }, logprobs: null, finish_reason: 'stop' }],
      usage: { queue_time: 0.1, prompt_tokens: 9, completion_tokens: 97, total_tokens: 106, completion_tokens_details: { reasoning_tokens: 76 } },
      x_groq: { id: 'req_1' },
    });
    expect(out).toMatchObject({ id: 'chatcmpl-test', object: 'chat.completion', created: 1700000000, model: 'm', service_tier: 'on_demand', x_groq: { id: 'req_1' } });
    expect(out).not.toHaveProperty('system_fingerprint');
    expect(out.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'Hi.', reasoning_content: 'think first' }, logprobs: null, finish_reason: 'stop' });
    expect(out.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 97, total_tokens: 106, completion_tokens_details: { reasoning_tokens: 76 }, prompt_tokens_details: { cached_tokens: 0 } });
    valid(out);
  });
  it('<think> tags in content (SambaNova DeepSeek-R1) → reasoning_content; left alone when the client asked for raw', () => {
    const answer = { id: 'x', object: 'chat.completion', created: 1, model: 'DeepSeek-R1-0528', choices: [{ index: 0, message: { role: 'assistant', content: '<think>\nweigh it\n</think>\n\nForty-two.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } };
    expect(translate('sambanova', answer).choices[0]!.message).toEqual({ role: 'assistant', content: 'Forty-two.', reasoning_content: '\nweigh it\n' });
    expect(translate('sambanova', answer, false).choices[0]!.message).toEqual({ role: 'assistant', content: '<think>\nweigh it\n</think>\n\nForty-two.' });
  });
  it('tool calls: ids kept (or made), type function, object arguments as JSON text, stop after tool calls → tool_calls', () => {
    const out = translate('together', {
      id: 'x', object: 'chat.completion', created: 1, model: 'm', prompt: [],
      choices: [{ index: 0, seed: 5, message: { role: 'assistant', content: null, tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
        { function: { name: 'get_time', arguments: { tz: 'UTC' } } },
      ] }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 155, completion_tokens: 9, total_tokens: 164 },
    });
    const message = out.choices[0]!.message as { tool_calls: Json[] };
    expect(message.tool_calls[0]).toEqual({ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } });
    expect(message.tool_calls[1]).toMatchObject({ type: 'function', function: { name: 'get_time', arguments: '{"tz":"UTC"}' } });
    expect(String(message.tool_calls[1]!.id)).toMatch(/^call_/);
    expect(out.choices[0]!.finish_reason).toBe('tool_calls');
    expect(out.choices[0]).not.toHaveProperty('seed');
    valid(out);
  });
  it('Perplexity: citations and search_results kept; reasoning_tokens folded into the details', () => {
    const out = translate('perplexity', {
      id: 'uuid', model: 'sonar-reasoning-pro', created: 1, object: 'chat.completion',
      usage: { prompt_tokens: 9, completion_tokens: 60, total_tokens: 69, citation_tokens: 799, num_search_queries: 1, reasoning_tokens: 60 },
      citations: ['https://a.example/1'], search_results: [{ title: 't', url: 'https://a.example/1', date: '2024-06-21' }],
      choices: [{ index: 0, finish_reason: 'length', message: { role: 'assistant', content: '<think>\nhmm' } }],
    });
    expect(out.citations).toEqual(['https://a.example/1']);
    expect(out.search_results).toHaveLength(1);
    expect(out.choices[0]!.message).toEqual({ role: 'assistant', content: '', reasoning_content: '\nhmm' });
    expect(out.usage).toMatchObject({ completion_tokens_details: { reasoning_tokens: 60 }, citation_tokens: 799 });
    valid(out);
  });
  it('xAI: reasoning_content kept; completion_tokens include the reasoning tokens', () => {
    const out = translate('xai', {
      id: 'x', object: 'chat.completion', created: 1, model: 'grok-3-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Yes.', reasoning_content: 'r', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: 16, completion_tokens: 31, total_tokens: 305, completion_tokens_details: { reasoning_tokens: 258 } },
    });
    expect(out.choices[0]!.message).toEqual({ role: 'assistant', content: 'Yes.', reasoning_content: 'r', refusal: null });
    expect(out.usage).toMatchObject({ completion_tokens: 289, total_tokens: 305 });
  });
  it('n > 1 choices keep their indexes; logprobs objects pass', () => {
    const logprobs = { content: [{ token: 'a', logprob: -0.1, bytes: [97], top_logprobs: [] }] };
    const out = translate('cerebras', { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [
      { index: 0, message: { role: 'assistant', content: 'a' }, logprobs, finish_reason: 'stop' },
      { index: 1, message: { role: 'assistant', content: 'b' }, finish_reason: 'length' },
    ], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } });
    expect(out.choices.map((c) => [c.index, c.finish_reason, c.logprobs])).toEqual([[0, 'stop', logprobs], [1, 'length', null]]);
    valid(out);
  });
  it('an error body with status 200, or an answer without choices, is an upstream error', () => {
    expect(() => translate('xai', { code: 'Internal error', error: 'boom' })).toThrow(GatewayError);
    expect(() => translate('ai21', { id: 'x' })).toThrow(/without choices/);
    expect(() => translate('ai21', 'text')).toThrow(/not a JSON object/);
  });
});
