import { describe, expect, it } from 'vitest';
import type { CapabilityCell } from '../../../spec/capabilities.ts';
import { BadRequestError } from '../../errors.ts';
import { buildAzureRequest, checkCapabilities } from './request.ts';
import { azureTestContext } from './test-context.ts';

const ctx = azureTestContext();
const body = (extra: Record<string, unknown> = {}) => ({ model: 'azure-test/my-gpt4o', messages: [{ role: 'user', content: 'Hello' }], ...extra });
const sent = (b: Record<string, unknown>, c = ctx) => JSON.parse(buildAzureRequest(b, c).body) as Record<string, unknown>;

function rejection(fn: () => unknown): BadRequestError {
  try { fn(); } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return error as BadRequestError;
  }
  throw new Error('expected a BadRequestError');
}

describe('buildAzureRequest: URL and headers', () => {
  it('posts to the deployment URL with the api-version and the api-key header', () => {
    const req = buildAzureRequest(body(), ctx);
    expect(req.url).toBe('https://contoso.openai.azure.com/openai/deployments/my-gpt4o/chat/completions?api-version=2025-04-01-preview');
    expect(req.headers).toEqual({ 'content-type': 'application/json', accept: 'application/json', 'api-key': 'azure-key-0001' });
    expect(req.headers.authorization).toBeUndefined();
  });

  it('asks for an event stream when streaming and escapes the deployment name', () => {
    const req = buildAzureRequest(body({ stream: true }), azureTestContext({ stream: true, model: 'dep/with space' }));
    expect(req.headers.accept).toBe('text/event-stream');
    expect(req.url).toContain('/openai/deployments/dep%2Fwith%20space/chat/completions?');
  });

  it('the body carries the deployment name as model (as the official SDK sends it)', () => {
    expect(sent(body()).model).toBe('my-gpt4o');
  });
});

describe('buildAzureRequest: messages of every role reach Azure in order, unchanged', () => {
  it('system, developer, user (text, image URL and data URI, PDF file, audio), assistant with tool calls, tool results', () => {
    const messages = [
      { role: 'system', content: 'You are terse.' },
      { role: 'developer', content: [{ type: 'text', text: 'Prefer metric units.' }] },
      { role: 'user', name: 'ann', content: [
        { type: 'text', text: 'What is in these?' },
        { type: 'image_url', image_url: { url: 'https://example.org/cat.png', detail: 'low' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' } },
        { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      ] },
      { role: 'assistant', content: null, tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
      ] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '12:00' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'It is sunny.' }] },
      { role: 'user', content: 'Thanks' },
    ];
    expect(sent(body({ messages })).messages).toEqual(messages);
  });

  it('removes the fields the gateway accepts for other providers (cache markers, thinking, thought signatures)', () => {
    const messages = [
      { role: 'system', content: [{ type: 'text', text: 'Long prefix', cache_control: { type: 'ephemeral' } }], cache_control: { type: 'ephemeral' } },
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a', reasoning_content: 'thought', thinking_blocks: [{ type: 'thinking', thinking: 't', signature: 's' }],
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: { google: { thought_signature: 'sig' } } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'r' },
    ];
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } }, cache_control: { type: 'ephemeral' } }];
    const out = sent(body({ messages, tools }));
    expect(out.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Long prefix' }] },
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'r' },
    ]);
    expect(out.tools).toEqual([{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }]);
  });

  it('refuses a missing or empty messages array and a message without a role', () => {
    expect(rejection(() => buildAzureRequest({ model: 'm' }, ctx)).param).toBe('messages');
    expect(rejection(() => buildAzureRequest(body({ messages: [] }), ctx)).param).toBe('messages');
    expect(rejection(() => buildAzureRequest(body({ messages: [{ content: 'x' }] }), ctx)).param).toBe('messages[0]');
  });
});

describe('buildAzureRequest: parameters', () => {
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } }];

  it('tools and every tool_choice form are forwarded as OpenAI defines them', () => {
    for (const toolChoice of ['none', 'auto', 'required', { type: 'function', function: { name: 'get_weather' } }]) {
      const out = sent(body({ tools, tool_choice: toolChoice, parallel_tool_calls: false }));
      expect(out.tools).toEqual(tools);
      expect(out.tool_choice).toEqual(toolChoice);
      expect(out.parallel_tool_calls).toBe(false);
    }
  });

  it('sampling and length parameters, stop, n, response formats, stream options reach Azure unchanged', () => {
    const params = {
      stop: ['END', '###'], max_tokens: 64, max_completion_tokens: 128, temperature: 0.2, top_p: 0.9, n: 3, seed: 7,
      presence_penalty: 0.5, frequency_penalty: -0.5, logit_bias: { 50256: -100 }, logprobs: true, top_logprobs: 2, user: 'u-1',
      stream: true, stream_options: { include_usage: true }, prompt_cache_key: 'tenant-1', metadata: { a: 'b' }, store: false,
    };
    expect(sent(body(params))).toEqual({ ...body(params), model: 'my-gpt4o' });
    for (const rf of [{ type: 'text' }, { type: 'json_object' }, { type: 'json_schema', json_schema: { name: 'r', strict: true, schema: { type: 'object', properties: {}, additionalProperties: false } } }]) {
      expect(sent(body({ response_format: rf })).response_format).toEqual(rf);
    }
    expect(sent(body({ stop: 'END' })).stop).toBe('END');
  });

  it('reasoning_effort goes through the REASONING_EFFORT table; unknown values are refused, never clamped', () => {
    for (const effort of ['minimal', 'low', 'medium', 'high']) expect(sent(body({ reasoning_effort: effort })).reasoning_effort).toBe(effort);
    expect(sent(body({ reasoning_effort: null })).reasoning_effort).toBeNull();
    const error = rejection(() => buildAzureRequest(body({ reasoning_effort: 'max' }), ctx));
    expect(error).toMatchObject({ status: 400, code: 'invalid_value', param: 'reasoning_effort' });
  });

  it('an unknown parameter is a 400 naming it; top_k (Azure has none) is a 400 naming the provider', () => {
    const unknown = rejection(() => buildAzureRequest(body({ data_sources: [] }), ctx));
    expect(unknown).toMatchObject({ status: 400, code: 'unknown_parameter', param: 'data_sources' });
    expect(unknown.message).toContain('data_sources');
    const topK = rejection(() => buildAzureRequest(body({ top_k: 5 }), ctx));
    expect(topK).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'top_k' });
    expect(topK.message).toContain('azure-openai');
  });
});

describe('checkCapabilities: the matrix decides', () => {
  const supported: CapabilityCell = { state: 'supported', source: 'https://learn.microsoft.com/x' };
  const unsupported: CapabilityCell = { state: 'unsupported', source: 'https://learn.microsoft.com/x' };
  const lookupWithout = (off: string) => (column: string) => (column === off ? unsupported : supported);

  it('every column azure-openai is marked supported for passes with the real matrix', () => {
    expect(() => checkCapabilities(body({ stream: true, tools: [{ type: 'function', function: { name: 'f' } }], reasoning_effort: 'low', prompt_cache_key: 'k',
      response_format: { type: 'json_schema', json_schema: { name: 'r', strict: true, schema: {} } } }))).not.toThrow();
  });

  it('a column marked unsupported turns into a 400 naming the parameter, the provider and the capability', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['tools', { tools: [{ type: 'function', function: { name: 'f' } }] }, 'tools'],
      ['json_mode', { response_format: { type: 'json_object' } }, 'response_format'],
      ['schema_mode', { response_format: { type: 'json_schema', json_schema: { name: 'r', schema: {} } } }, 'response_format'],
      ['structured_output', { response_format: { type: 'json_schema', json_schema: { name: 'r', schema: {}, strict: true } } }, 'response_format'],
      ['reasoning', { reasoning_effort: 'high' }, 'reasoning_effort'],
      ['prompt_caching', { prompt_cache_key: 'k' }, 'prompt_cache_key'],
      ['stream', { stream: true }, 'stream'],
    ];
    for (const [column, extra, param] of cases) {
      const error = rejection(() => checkCapabilities(body(extra), lookupWithout(column)));
      expect(error, column).toMatchObject({ status: 400, code: 'unsupported_parameter', param });
      expect(error.message).toContain('azure-openai');
      expect(error.message).toContain(column);
    }
  });
});
