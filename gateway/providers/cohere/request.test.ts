// OpenAI chat requests → Cohere v2 chat bodies, from hand-written fixtures following Cohere's API reference.
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../errors.ts';
import { buildChatRequest, translateChatRequest } from './request.ts';
import { testContext } from './test-context.ts';

const ctx = testContext();
const translate = (body: Record<string, unknown>, c = ctx) => translateChatRequest({ model: 'cohere-test/command-a-03-2025', ...body }, c);
const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });

function rejected(body: Record<string, unknown>): BadRequestError {
  try { translate(body); } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return error as BadRequestError;
  }
  throw new Error('expected a 400');
}

const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

describe('the HTTP request', () => {
  it('posts to {baseURL}/v2/chat with the Bearer key and the bare model', () => {
    const req = buildChatRequest({ model: 'cohere-test/command-a-03-2025', ...user('hi') }, ctx);
    expect(req.url).toBe('https://api.cohere.test/v2/chat');
    expect(req.headers).toMatchObject({ authorization: 'Bearer co-test-key', 'content-type': 'application/json', accept: 'application/json' });
    expect(JSON.parse(req.body)).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'hi' }] });
  });

  it('asks for a stream with stream: true and accept text/event-stream', () => {
    const req = buildChatRequest({ model: 'x', stream: true, stream_options: { include_usage: true }, ...user('hi') }, testContext({ stream: true, includeUsage: true }));
    expect(req.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(req.body)).toMatchObject({ stream: true });
    expect(JSON.parse(req.body)).not.toHaveProperty('stream_options');
  });
});

describe('messages', () => {
  it('maps system and developer to system turns, keeping order and text parts', () => {
    const out = translate({ messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
      { role: 'user', content: 'Bonjour' },
    ] });
    expect(out.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
      { role: 'user', content: 'Bonjour' },
    ]);
  });

  it('maps user text and image_url parts (URL with detail, and data URI)', () => {
    const out = translate(user([
      { type: 'text', text: 'What is in these?' },
      { type: 'image_url', image_url: { url: 'https://cohere.com/favicon-32x32.png', detail: 'auto' } },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
    ]));
    expect(out.messages[0]).toEqual({ role: 'user', content: [
      { type: 'text', text: 'What is in these?' },
      { type: 'image_url', image_url: { url: 'https://cohere.com/favicon-32x32.png', detail: 'auto' } },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
    ] });
  });

  it('refuses files (PDF), audio input and non-image URLs by their place', () => {
    const pdf = rejected(user([{ type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } }]));
    expect(pdf).toMatchObject({ code: 'unsupported_parameter', param: 'messages[0].content[0]' });
    expect(pdf.message).toMatch(/files/);
    expect(rejected(user([{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }])).param).toBe('messages[0].content[0]');
    expect(rejected(user([{ type: 'image_url', image_url: { url: 'data:application/pdf;base64,JVBERi0=' } }])).param).toBe('messages[0].content[0].image_url.url');
    expect(rejected(user([{ type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'ultra' } }])).param).toBe('messages[0].content[0].image_url.detail');
  });

  it('maps an assistant turn with tool calls: its text becomes tool_plan, ids and arguments kept', () => {
    const out = translate({ messages: [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      { role: 'assistant', content: 'I will look both up.', tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
      ] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '{"temp":25}' }] },
    ], tools: [weather] });
    expect(out.messages.slice(1)).toEqual([
      { role: 'assistant', tool_plan: 'I will look both up.', tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
      ] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '{"temp":25}' }] },
    ]);
  });

  it('keeps an assistant text turn as it is, and maps refusal parts to text', () => {
    const out = translate({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'assistant', content: [{ type: 'text', text: 'c' }, { type: 'refusal', refusal: 'no' }] }] });
    expect(out.messages.slice(1)).toEqual([{ role: 'assistant', content: 'b' }, { role: 'assistant', content: [{ type: 'text', text: 'c' }, { type: 'text', text: 'no' }] }]);
  });

  it('sends earlier reasoning back as thinking content (reasoning_content or thinking_blocks)', () => {
    const call = { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
    const out = translate({ messages: [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, reasoning_content: 'I need the weather tool.', tool_calls: [call] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'assistant', content: 'Sunny.', thinking_blocks: [{ type: 'thinking', thinking: 'It is sunny.', signature: 'ignored' }] },
    ] });
    expect(out.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'thinking', thinking: 'I need the weather tool.' }], tool_calls: [call] });
    expect(out.messages[3]).toEqual({ role: 'assistant', content: [{ type: 'thinking', thinking: 'It is sunny.' }, { type: 'text', text: 'Sunny.' }] });
    expect(rejected({ messages: [{ role: 'assistant', content: 'x', thinking_blocks: [{ type: 'redacted_thinking', data: 'abc' }] }] }).param).toBe('messages[0].thinking_blocks[0]');
  });

  it('refuses what Cohere messages cannot carry, by name', () => {
    expect(rejected({ messages: [{ role: 'user', content: 'a', name: 'alice' }] }).param).toBe('messages[0].name');
    expect(rejected({ messages: [{ role: 'function', name: 'f', content: 'a' }] }).param).toBe('messages[0].role');
    expect(rejected({ messages: [{ role: 'user', content: 'a', extra: 1 }] }).param).toBe('messages[0].extra');
    expect(rejected({ messages: [{ role: 'tool', content: 'a' }] }).param).toBe('messages[0].tool_call_id');
    expect(rejected({ messages: [] }).param).toBe('messages');
    expect(rejected({ messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] }] }).param).toBe('messages[0].content[0]');
  });

  it('refuses cache_control anywhere: the matrix says Cohere offers no prompt caching', () => {
    const part = rejected(user([{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }]));
    expect(part).toMatchObject({ code: 'unsupported_parameter', param: 'messages[0].content[0].cache_control' });
    expect(part.message).toMatch(/cohere/i);
    expect(part.message).toContain('prompt_caching');
    expect(rejected({ messages: [{ role: 'system', content: 'a', cache_control: { type: 'ephemeral' } }] }).param).toBe('messages[0].cache_control');
    expect(rejected({ ...user('a'), tools: [{ ...weather, cache_control: { type: 'ephemeral' } }] }).param).toBe('tools[0].cache_control');
  });
});

describe('tools and tool_choice', () => {
  it('maps function tools, giving a parameterless function the empty object schema', () => {
    const out = translate({ ...user('a'), tools: [weather, { type: 'function', function: { name: 'now' } }] });
    expect(out.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: weather.function.parameters } },
      { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(out).not.toHaveProperty('strict_tools');
  });

  it('maps strict tools to strict_tools and refuses a mix', () => {
    const strict = { ...weather, function: { ...weather.function, strict: true } };
    expect(translate({ ...user('a'), tools: [strict] }).strict_tools).toBe(true);
    expect(rejected({ ...user('a'), tools: [strict, weather] }).param).toBe('tools');
    expect(rejected({ ...user('a'), tools: [{ type: 'custom', custom: { name: 'x' } }] }).param).toBe('tools[0].type');
  });

  it('maps tool_choice auto → omitted, none → NONE, required → REQUIRED, and refuses a named function', () => {
    expect(translate({ ...user('a'), tools: [weather], tool_choice: 'auto' })).not.toHaveProperty('tool_choice');
    expect(translate({ ...user('a'), tools: [weather], tool_choice: 'none' }).tool_choice).toBe('NONE');
    expect(translate({ ...user('a'), tools: [weather], tool_choice: 'required' }).tool_choice).toBe('REQUIRED');
    const named = rejected({ ...user('a'), tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    expect(named).toMatchObject({ code: 'unsupported_value', param: 'tool_choice' });
    expect(rejected({ ...user('a'), tools: [weather], tool_choice: 'sometimes' }).param).toBe('tool_choice');
  });

  it('accepts parallel_tool_calls: true and refuses false (Cohere cannot turn them off)', () => {
    expect(() => translate({ ...user('a'), tools: [weather], parallel_tool_calls: true })).not.toThrow();
    expect(rejected({ ...user('a'), tools: [weather], parallel_tool_calls: false }).param).toBe('parallel_tool_calls');
  });
});

describe('generation parameters', () => {
  it('renames stop, max tokens, top_p, top_k and passes the rest as given (never clamped)', () => {
    const out = translate({ ...user('a'), stop: ['END', '###'], max_completion_tokens: 256, temperature: 1.7, top_p: 1, top_k: 40, seed: 7, frequency_penalty: -1, presence_penalty: 0.5 });
    expect(out).toMatchObject({ stop_sequences: ['END', '###'], max_tokens: 256, temperature: 1.7, p: 1, k: 40, seed: 7, frequency_penalty: -1, presence_penalty: 0.5 });
    expect(translate({ ...user('a'), stop: 'END', max_tokens: 9 })).toMatchObject({ stop_sequences: ['END'], max_tokens: 9 });
  });

  it('takes max_tokens and max_completion_tokens when they agree and refuses a conflict', () => {
    expect(translate({ ...user('a'), max_tokens: 9, max_completion_tokens: 9 }).max_tokens).toBe(9);
    expect(rejected({ ...user('a'), max_tokens: 9, max_completion_tokens: 10 }).param).toBe('max_tokens');
    expect(rejected({ ...user('a'), max_completion_tokens: 0 }).param).toBe('max_completion_tokens');
    expect(rejected({ ...user('a'), temperature: 'hot' }).param).toBe('temperature');
  });

  it('accepts n: 1 and refuses more choices', () => {
    expect(() => translate({ ...user('a'), n: 1 })).not.toThrow();
    expect(rejected({ ...user('a'), n: 3 })).toMatchObject({ param: 'n' });
  });

  it('treats null as absent', () => {
    expect(translate({ ...user('a'), stop: null, temperature: null, tools: null, tool_choice: null, response_format: null, reasoning_effort: null })).toEqual({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'a' }] });
  });
});

describe('response_format', () => {
  it('maps text and json_object', () => {
    expect(translate({ ...user('a'), response_format: { type: 'text' } }).response_format).toEqual({ type: 'text' });
    expect(translate({ ...user('a'), response_format: { type: 'json_object' } }).response_format).toEqual({ type: 'json_object' });
  });

  it('maps json_schema (strict or not) to json_object with the schema; the description rides in the schema', () => {
    const schema = { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] };
    expect(translate({ ...user('a'), response_format: { type: 'json_schema', json_schema: { name: 'r', strict: true, schema } } }).response_format).toEqual({ type: 'json_object', json_schema: schema });
    expect(translate({ ...user('a'), response_format: { type: 'json_schema', json_schema: { name: 'r', description: 'A result', schema } } }).response_format).toEqual({ type: 'json_object', json_schema: { ...schema, description: 'A result' } });
    expect(translate({ ...user('a'), response_format: { type: 'json_schema', json_schema: { name: 'r' } } }).response_format).toEqual({ type: 'json_object' });
    expect(rejected({ ...user('a'), response_format: { type: 'yaml' } }).param).toBe('response_format.type');
  });
});

describe('reasoning_effort', () => {
  it('maps every effort to a thinking config', () => {
    expect(translate({ ...user('a'), reasoning_effort: 'none' }).thinking).toEqual({ type: 'disabled' });
    expect(translate({ ...user('a'), reasoning_effort: 'medium' }).thinking).toEqual({ type: 'enabled', token_budget: 8192 });
    expect(translate({ ...user('a'), reasoning_effort: 'xhigh' }).thinking).toEqual({ type: 'enabled' });
    expect(rejected({ ...user('a'), reasoning_effort: 'max' }).param).toBe('reasoning_effort');
  });
});
