// Cohere v2 chat answers (fixtures after docs.cohere.com/reference/chat) → OpenAI chat.completion.
import { describe, expect, it } from 'vitest';
import { validate } from '../../../spec/index.ts';
import { GatewayError } from '../../errors.ts';
import { parseChatResponse } from './response.ts';
import { testContext } from './test-context.ts';

const ctx = testContext();
const usage = { billed_units: { input_tokens: 12, output_tokens: 30 }, tokens: { input_tokens: 210, output_tokens: 30 } };

describe('parseChatResponse', () => {
  it('translates a text answer into a valid chat.completion with the context id, created and model', () => {
    const out = parseChatResponse({ id: 'c0a1', finish_reason: 'COMPLETE', message: { role: 'assistant', content: [{ type: 'text', text: 'LLMs are ' }, { type: 'text', text: 'models.' }] }, usage }, ctx);
    expect(out).toEqual({
      id: ctx.completionId, object: 'chat.completion', created: ctx.created, model: 'command-a-03-2025',
      choices: [{ index: 0, message: { role: 'assistant', content: 'LLMs are models.', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 210, completion_tokens: 30, total_tokens: 240, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
    });
    expect(validate('createChatCompletion', 200, 'application/json', out).violations).toEqual([]);
  });

  it('surfaces thinking content as reasoning_content', () => {
    const out = parseChatResponse({ id: 'x', finish_reason: 'COMPLETE', message: { role: 'assistant', content: [{ type: 'thinking', thinking: 'Alice has 2 sisters; ' }, { type: 'thinking', thinking: 'so 3.' }, { type: 'text', text: '3' }] }, usage }, ctx);
    expect(out.choices).toMatchObject([{ message: { content: '3', reasoning_content: 'Alice has 2 sisters; so 3.' } }]);
  });

  it('translates parallel tool calls with their ids, the tool plan as content, finish tool_calls', () => {
    const out = parseChatResponse({
      id: 'x', finish_reason: 'TOOL_CALL',
      message: {
        role: 'assistant', tool_plan: 'I will look up both cities.',
        tool_calls: [
          { id: 'get_weather_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Madrid"}' } },
          { id: 'get_weather_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Brasilia"}' } },
        ],
      },
      usage,
    }, ctx);
    expect(out.choices).toEqual([{ index: 0, finish_reason: 'tool_calls', logprobs: null, message: {
      role: 'assistant', content: 'I will look up both cities.', refusal: null,
      tool_calls: [
        { id: 'get_weather_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Madrid"}' } },
        { id: 'get_weather_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Brasilia"}' } },
      ],
    } }]);
    expect(validate('createChatCompletion', 200, 'application/json', out).violations).toEqual([]);
  });

  it('answers content null for tool calls without a plan, and "" for an empty text answer', () => {
    const call = { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } };
    expect(parseChatResponse({ id: 'x', finish_reason: 'TOOL_CALL', message: { role: 'assistant', tool_calls: [call] } }, ctx).choices).toMatchObject([{ message: { content: null } }]);
    expect(parseChatResponse({ id: 'x', finish_reason: 'COMPLETE', message: { role: 'assistant', content: [] } }, ctx).choices).toMatchObject([{ message: { content: '' } }]);
  });

  it('maps MAX_TOKENS to length and STOP_SEQUENCE to stop', () => {
    const msg = { role: 'assistant', content: [{ type: 'text', text: 'a' }] };
    expect(parseChatResponse({ id: 'x', finish_reason: 'MAX_TOKENS', message: msg }, ctx).choices).toMatchObject([{ finish_reason: 'length' }]);
    expect(parseChatResponse({ id: 'x', finish_reason: 'STOP_SEQUENCE', message: msg }, ctx).choices).toMatchObject([{ finish_reason: 'stop' }]);
  });

  it('answers a generation that ended with ERROR or TIMEOUT as a 502, not as "stop"', () => {
    for (const reason of ['ERROR', 'TIMEOUT']) {
      let caught: unknown;
      try { parseChatResponse({ id: 'x', finish_reason: reason, message: { role: 'assistant', content: [] } }, ctx); } catch (error) { caught = error; }
      expect(caught).toBeInstanceOf(GatewayError);
      expect(caught).toMatchObject({ status: 502, type: 'upstream_error' });
    }
  });

  it('answers a body without a message as 502 upstream_invalid_response', () => {
    const caught = (() => { try { parseChatResponse({ id: 'x' }, ctx); } catch (error) { return error; } })();
    expect(caught).toMatchObject({ status: 502, code: 'upstream_invalid_response' });
    expect(() => parseChatResponse('nope', ctx)).toThrow(GatewayError);
  });
});
