// OpenAI chat request → Anthropic Messages request: every role, every part type, every mapped parameter,
// and the refusals (unknown parameters, parameters Anthropic does not offer, matrix-unsupported columns).
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.ts';
import { testContext } from './fixtures.ts';
import { anthropicTranslator } from './index.ts';
import { translateChatRequest } from './request.ts';

const who = { label: 'Anthropic' };
const user = (content: unknown) => ({ role: 'user', content });
const translate = (body: Record<string, unknown>, ctx = testContext()) => translateChatRequest({ model: 'a/claude-sonnet-4-5', ...body }, ctx, who);

function rejected(body: Record<string, unknown>): GatewayError {
  try { translate(body); } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error(`expected ${JSON.stringify(body)} to be refused`);
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF = 'JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K';

describe('translateChatRequest: messages', () => {
  it('system and developer messages become the top-level system prompt, in order', () => {
    const out = translate({ messages: [{ role: 'system', content: 'Be terse.' }, { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] }, user('Hi')] });
    expect(out.system).toEqual([{ type: 'text', text: 'Be terse.' }, { type: 'text', text: 'Answer in French.' }]);
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  it('user parts: text, image URL, image data URI, PDF file, text file', () => {
    const out = translate({ messages: [user([
      { type: 'text', text: 'Look:' },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'auto' } },
      { type: 'file', file: { filename: 'report.pdf', file_data: `data:application/pdf;base64,${PDF}` } },
      { type: 'file', file: { file_data: `data:text/plain;base64,${Buffer.from('plain notes').toString('base64')}` } },
    ])] });
    expect((out.messages as { content: unknown[] }[])[0]!.content).toEqual([
      { type: 'text', text: 'Look:' },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF }, title: 'report.pdf' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain notes' } },
    ]);
  });

  it('assistant tool calls become tool_use blocks, tool messages tool_result blocks in one user turn', () => {
    const out = translate({ messages: [
      user('Weather in Paris and Rome?'),
      { role: 'assistant', content: null, tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
      ] },
      { role: 'tool', tool_call_id: 'call_1', content: '18C' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '24C' }] },
      user('Thanks'),
    ] });
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      { role: 'assistant', content: [
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
        { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
        { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '24C' }] },
        { type: 'text', text: 'Thanks' },
      ] },
    ]);
  });

  it('thinking blocks on an assistant message go back first, verbatim; reasoning_content is not forwarded', () => {
    const out = translate({ messages: [
      user('Q'),
      { role: 'assistant', content: 'Let me call it.', reasoning_content: 'thinking text',
        thinking_blocks: [{ type: 'thinking', thinking: 'thinking text', signature: 'sig==' }, { type: 'redacted_thinking', data: 'ENC' }],
        tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'ok' },
    ] });
    expect((out.messages as { content: unknown[] }[])[1]!.content).toEqual([
      { type: 'thinking', thinking: 'thinking text', signature: 'sig==' },
      { type: 'redacted_thinking', data: 'ENC' },
      { type: 'text', text: 'Let me call it.' },
      { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
    ]);
  });

  it('cache_control on parts, messages and tools becomes Anthropic breakpoints', () => {
    const out = translate({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Long policy', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'Big document', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } }, cache_control: { type: 'ephemeral' } }],
    });
    expect(out.system).toEqual([{ type: 'text', text: 'Long policy', cache_control: { type: 'ephemeral' } }]);
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Big document', cache_control: { type: 'ephemeral', ttl: '1h' } }] }]);
    expect(out.tools).toEqual([{ name: 'f', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }]);
    expect(rejected({ messages: [{ role: 'user', content: 'x', cache_control: { type: 'persistent' } }] }).param).toBe('messages[0].cache_control.type');
  });

  it('refuses what Anthropic cannot take, naming where', () => {
    expect(rejected({ messages: [user([{ type: 'input_audio', input_audio: { data: 'AAA', format: 'wav' } }])] }).param).toBe('messages[0].content[0]');
    expect(rejected({ messages: [user([{ type: 'image_url', image_url: { url: 'data:image/tiff;base64,AAAA' } }])] }).param).toBe('messages[0].content[0].image_url.url');
    expect(rejected({ messages: [user([{ type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } }])] }).param).toBe('messages[0].content[0].image_url.detail');
    expect(rejected({ messages: [user([{ type: 'file', file: { file_id: 'file-abc' } }])] }).param).toBe('messages[0].content[0].file.file_id');
    expect(rejected({ messages: [{ role: 'user', content: 'hi', name: 'bob' }] }).param).toBe('messages[0].name');
    expect(rejected({ messages: [{ role: 'function', name: 'f', content: 'x' }] }).param).toBe('messages[0].role');
    expect(rejected({ messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{bad' } }] }] }).param).toBe('messages[0].tool_calls[0].function.arguments');
    expect(rejected({ messages: [] }).param).toBe('messages');
    expect(rejected({ messages: 'hi' }).param).toBe('messages');
    expect(rejected({ messages: [user(42)] }).param).toBe('messages[0].content');
  });
});

describe('translateChatRequest: parameters', () => {
  const base = { messages: [user('Hi')] };

  it('max_tokens / max_completion_tokens, or the model default when omitted', () => {
    expect(translate({ ...base, max_tokens: 300 }).max_tokens).toBe(300);
    expect(translate({ ...base, max_completion_tokens: 500 }).max_tokens).toBe(500);
    expect(translate({ ...base, max_tokens: 500, max_completion_tokens: 500 }).max_tokens).toBe(500);
    expect(translate(base).max_tokens).toBe(64_000);
    expect(rejected({ ...base, max_tokens: 1, max_completion_tokens: 2 }).param).toBe('max_tokens');
    expect(rejected({ ...base, max_tokens: 0 }).param).toBe('max_tokens');
  });

  it('stop, temperature, top_p, top_k, n=1, user, service_tier, stream', () => {
    const out = translate({ ...base, stop: 'END', temperature: 0.2, top_p: 0.9, top_k: 40, n: 1, user: 'u-1', service_tier: 'default' }, testContext({ stream: true }));
    expect(out).toMatchObject({ stop_sequences: ['END'], temperature: 0.2, top_p: 0.9, top_k: 40, metadata: { user_id: 'u-1' }, service_tier: 'standard_only', stream: true });
    expect(translate({ ...base, stop: ['a', 'b'] }).stop_sequences).toEqual(['a', 'b']);
    expect(translate({ ...base, safety_identifier: 'hash-1' }).metadata).toEqual({ user_id: 'hash-1' });
    expect(translate(base).stream).toBeUndefined();
  });

  it('never clamps: out-of-range values are refused', () => {
    expect(rejected({ ...base, temperature: 1.5 })).toMatchObject({ status: 400, param: 'temperature' });
    expect(rejected({ ...base, top_p: 2 }).param).toBe('top_p');
    expect(rejected({ ...base, temperature: 'hot' }).code).toBe('invalid_type');
    expect(rejected({ ...base, n: 2 })).toMatchObject({ code: 'unsupported_parameter', param: 'n' });
    expect(rejected({ ...base, service_tier: 'flex' }).param).toBe('service_tier');
    expect(rejected({ ...base, stop: ['\n\n'] }).param).toBe('stop');
  });

  it('tools and every tool_choice', () => {
    const tools = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true } },
      { type: 'function', function: { name: 'now' } },
    ];
    const out = translate({ ...base, tools });
    expect(out.tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }, strict: true },
      { name: 'now', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(out.tool_choice).toBeUndefined();
    expect(translate({ ...base, tools, tool_choice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(translate({ ...base, tools, tool_choice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
    expect(translate({ ...base, tools, tool_choice: 'required' }).tool_choice).toEqual({ type: 'any' });
    expect(translate({ ...base, tools, tool_choice: { type: 'function', function: { name: 'now' } } }).tool_choice).toEqual({ type: 'tool', name: 'now' });
    expect(translate({ ...base, tools, parallel_tool_calls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(translate({ ...base, tools, tool_choice: 'required', parallel_tool_calls: false }).tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(translate({ ...base, tool_choice: 'auto' }).tool_choice).toBeUndefined();
    expect(rejected({ ...base, tool_choice: 'required' }).param).toBe('tool_choice');
    expect(rejected({ ...base, tools, tool_choice: { type: 'function', function: { name: 'other' } } }).param).toBe('tool_choice');
    expect(rejected({ ...base, tools: [{ type: 'web_search' }] }).param).toBe('tools[0].type');
  });

  it('reasoning_effort → thinking budget; budget must stay below max_tokens', () => {
    expect(translate({ ...base, reasoning_effort: 'low' }).thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(translate({ ...base, reasoning_effort: 'none' }).thinking).toEqual({ type: 'disabled' });
    expect(translate({ ...base, reasoning_effort: 'high', max_completion_tokens: 20_000 }).thinking).toEqual({ type: 'enabled', budget_tokens: 16_384 });
    const tooSmall = rejected({ ...base, reasoning_effort: 'medium', max_completion_tokens: 1000 });
    expect(tooSmall).toMatchObject({ status: 400, param: 'max_completion_tokens' });
    expect(tooSmall.message).toMatch(/8192/);
    expect(rejected({ ...base, reasoning_effort: 'extreme' }).param).toBe('reasoning_effort');
  });

  it('response_format: json_schema → output_config.format; json_object refused per the matrix', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    expect(translate({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'x', schema, strict: true } } }).output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(translate({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'x', schema } } }).output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(translate({ ...base, response_format: { type: 'text' } }).output_config).toBeUndefined();
    const jsonMode = rejected({ ...base, response_format: { type: 'json_object' } });
    expect(jsonMode).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'response_format' });
    expect(jsonMode.message).toMatch(/Anthropic/);
    expect(jsonMode.message).toMatch(/JSON mode/);
    expect(rejected({ ...base, response_format: { type: 'json_schema', json_schema: { name: 'x' } } }).param).toBe('response_format.json_schema.schema');
  });

  it('unknown parameters and parameters Anthropic does not offer are refused; their defaults pass', () => {
    expect(rejected({ ...base, foo: 1 })).toMatchObject({ status: 400, code: 'unknown_parameter', param: 'foo' });
    expect(rejected({ ...base, functions: [] }).param).toBe('functions');
    for (const [param, value] of [['seed', 7], ['presence_penalty', 0.5], ['frequency_penalty', 1], ['logprobs', true], ['top_logprobs', 2], ['logit_bias', { 50256: -100 }], ['verbosity', 'low'], ['prompt_cache_key', 'k'], ['store', true], ['audio', { voice: 'alloy' }], ['modalities', ['text', 'audio']], ['prediction', { type: 'content', content: 'x' }], ['metadata', { a: 'b' }]] as const) {
      const error = rejected({ ...base, [param]: value });
      expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param });
      expect(error.message).toMatch(/Anthropic/);
    }
    expect(() => translate({ ...base, presence_penalty: 0, logprobs: false, store: false, seed: null, metadata: {}, modalities: ['text'] })).not.toThrow();
  });
});

describe('anthropic buildRequest (api.anthropic.com transport)', () => {
  it('POSTs /v1/messages with x-api-key, anthropic-version and the model in the body', async () => {
    const ctx = testContext({ stream: true });
    const req = await anthropicTranslator.buildRequest({ model: 'a/claude-sonnet-4-5', messages: [user('Hi')], stream: true }, ctx);
    expect(req.url).toBe('https://api.anthropic.com/v1/messages');
    expect(req.headers).toMatchObject({ 'x-api-key': 'sk-ant-test-key', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' });
    expect(req.headers.authorization).toBeUndefined();
    expect(JSON.parse(req.body)).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 64_000, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], stream: true });
  });
});
