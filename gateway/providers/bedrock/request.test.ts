// OpenAI chat requests → Converse request bodies, checked against the Converse request shapes of the
// Bedrock API reference: every message role and part type, tools and tool_choice, inference settings,
// structured output, reasoning per model family, cache points, and the 400s for what cannot be mapped.
import { describe, expect, it } from 'vitest';
import { BadRequestError, GatewayError } from '../../errors.ts';
import { buildBedrockRequest, converseUrl } from './index.ts';
import { CLAUDE_THINKING_ANSWER_TOKENS } from './mappings.ts';
import { translateRequest } from './request.ts';
import { testContext } from './test-fixtures.ts';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA2 = 'us.amazon.nova-2-lite-v1:0';
const LLAMA = 'meta.llama3-70b-instruct-v1:0';
const user = (content: unknown) => ({ role: 'user', content });
const req = (extra: Record<string, unknown>, model = CLAUDE) => translateRequest({ model: `acct/${model}`, messages: [user('hi')], ...extra }, model);
const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };

function rejects(fn: () => unknown, param: string, message?: RegExp): BadRequestError {
  try { fn(); } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    const e = error as BadRequestError;
    expect(e.status).toBe(400);
    expect(e.param).toBe(param);
    if (message) expect(e.message).toMatch(message);
    return e;
  }
  throw new Error('expected a 400');
}

describe('bedrock request: messages', () => {
  it('system and developer messages become system blocks in order; user text is a text block', () => {
    const c = translateRequest({ model: 'x', messages: [
      { role: 'system', content: 'Be terse.' }, { role: 'developer', content: [{ type: 'text', text: 'Use metric.' }] }, user('Hello'),
    ] }, CLAUDE);
    expect(c).toEqual({ system: [{ text: 'Be terse.' }, { text: 'Use metric.' }], messages: [{ role: 'user', content: [{ text: 'Hello' }] }] });
  });

  it('user parts: text, image data URI, s3 image, PDF file, input_audio', () => {
    const c = req({ messages: [user([
      { type: 'text', text: 'Look' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'image_url', image_url: { url: 's3://bucket/cat.JPG', detail: 'auto' } },
      { type: 'file', file: { filename: 'Q3 report.v2.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
      { type: 'file', file: { filename: 'Q3 report.v2.pdf', file_data: 'data:text/plain;base64,aGk=' } },
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
    ])] });
    expect((c.messages as { content: unknown[] }[])[0]!.content).toEqual([
      { text: 'Look' },
      { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } },
      { image: { format: 'jpeg', source: { s3Location: { uri: 's3://bucket/cat.JPG' } } } },
      { document: { format: 'pdf', name: 'Q3 report-v2', source: { bytes: 'JVBERi0=' } } },
      { document: { format: 'txt', name: 'Q3 report-v2 (2)', source: { bytes: 'aGk=' } } },
      { audio: { format: 'wav', source: { bytes: 'UklGRg==' } } },
    ]);
  });

  it('assistant tool calls, tool results, thinking blocks; consecutive same-role turns merge', () => {
    const c = req({ messages: [
      user('Weather in Paris and Rome?'),
      { role: 'assistant', content: '', thinking_blocks: [{ type: 'thinking', thinking: 'Two cities.', signature: 'sig==' }, { type: 'redacted_thinking', data: 'ZW5j' }],
        reasoning_content: 'Two cities.', tool_calls: [
          { id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'tooluse_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ] },
      { role: 'tool', tool_call_id: 'tooluse_1', content: '18C' },
      { role: 'tool', tool_call_id: 'tooluse_2', content: [{ type: 'text', text: '25C' }] },
      user('And tomorrow?'),
    ], tools: [weather] });
    expect(c.messages).toEqual([
      { role: 'user', content: [{ text: 'Weather in Paris and Rome?' }] },
      { role: 'assistant', content: [
        { reasoningContent: { reasoningText: { text: 'Two cities.', signature: 'sig==' } } },
        { reasoningContent: { redactedContent: 'ZW5j' } },
        { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } },
        { toolUse: { toolUseId: 'tooluse_2', name: 'get_weather', input: { city: 'Rome' } } },
      ] },
      { role: 'user', content: [
        { toolResult: { toolUseId: 'tooluse_1', content: [{ text: '18C' }] } },
        { toolResult: { toolUseId: 'tooluse_2', content: [{ text: '25C' }] } },
        { text: 'And tomorrow?' },
      ] },
    ]);
  });

  it('assistant text and refusal parts, empty arguments as {}', () => {
    const c = req({ messages: [user('a'), { role: 'assistant', content: [{ type: 'text', text: 'x' }, { type: 'refusal', refusal: 'no' }], tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '' } }] }, { role: 'tool', tool_call_id: 't', content: 'ok' }], tools: [{ type: 'function', function: { name: 'f' } }] });
    expect((c.messages as { content: unknown[] }[])[1]!.content).toEqual([{ text: 'x' }, { text: 'no' }, { toolUse: { toolUseId: 't', name: 'f', input: {} } }]);
  });

  it('cache_control on parts, messages, tool results and tools becomes cachePoint blocks', () => {
    const c = req({ messages: [
      { role: 'system', content: [{ type: 'text', text: 'Long policy', cache_control: { type: 'ephemeral' } }] },
      { role: 'user', content: 'Question', cache_control: { type: 'ephemeral', ttl: '1h' } },
      { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 't', content: [{ type: 'text', text: 'r', cache_control: { type: 'ephemeral' } }] },
    ], tools: [{ ...weather, cache_control: { type: 'ephemeral' } }] });
    expect(c.system).toEqual([{ text: 'Long policy' }, { cachePoint: { type: 'default' } }]);
    expect((c.messages as { content: unknown[] }[])[0]!.content).toEqual([{ text: 'Question' }, { cachePoint: { type: 'default', ttl: '1h' } }]);
    expect((c.messages as { content: unknown[] }[])[2]!.content).toEqual([{ toolResult: { toolUseId: 't', content: [{ text: 'r' }] } }, { cachePoint: { type: 'default' } }]);
    expect((c.toolConfig as { tools: unknown[] }).tools).toEqual([{ toolSpec: expect.objectContaining({ name: 'get_weather' }) }, { cachePoint: { type: 'default' } }]);
    rejects(() => req({ messages: [{ role: 'user', content: 'q', cache_control: { type: 'persistent' } }] }), 'messages[0].cache_control');
    rejects(() => req({ messages: [{ role: 'user', content: 'q', cache_control: { type: 'ephemeral', ttl: '24h' } }] }), 'messages[0].cache_control.ttl');
  });

  it('refuses what Converse cannot carry, naming the field', () => {
    rejects(() => req({ messages: [] }), 'messages');
    rejects(() => req({ messages: [user([{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }])] }), 'messages[0].content[0].image_url.url', /does not download/);
    rejects(() => req({ messages: [user([{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==', detail: 'high' } }])] }), 'messages[0].content[0].image_url.detail');
    rejects(() => req({ messages: [user([{ type: 'image_url', image_url: { url: 'data:image/tiff;base64,AA==' } }])] }), 'messages[0].content[0].image_url.url', /image\/tiff/);
    rejects(() => req({ messages: [user([{ type: 'file', file: { file_id: 'file-1' } }])] }), 'messages[0].content[0].file.file_id');
    rejects(() => req({ messages: [user([{ type: 'input_audio', input_audio: { data: 'AA==', format: 'aiff' } }])] }), 'messages[0].content[0].input_audio.format');
    rejects(() => req({ messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] }, user('x')] }), 'messages[0].content[0].type');
    rejects(() => req({ messages: [{ role: 'user', content: 'x', name: 'alice' }] }), 'messages[0].name');
    rejects(() => req({ messages: [{ role: 'function', name: 'f', content: 'x' }] }), 'messages[0].name');
    rejects(() => req({ messages: [{ role: 'function', content: 'x' }] }), 'messages[0].role');
    rejects(() => req({ messages: [{ role: 'robot', content: 'x' }] }), 'messages[0].role');
    rejects(() => req({ messages: [{ role: 'tool', content: 'x' }] }), 'messages[0].tool_call_id');
    rejects(() => req({ messages: [user('a'), { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{oops' } }] }] }), 'messages[1].tool_calls[0].function.arguments');
    rejects(() => req({ messages: [user('a'), { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] }), 'messages[1].tool_calls[0].function.arguments');
    rejects(() => req({ messages: [user('a'), { role: 'assistant', content: 'x', thinking_blocks: [{ type: 'other' }] }] }), 'messages[1].thinking_blocks[0]');
  });
});

describe('bedrock request: parameters', () => {
  it('inference settings: max tokens, temperature, top_p, stop', () => {
    expect(req({ max_completion_tokens: 100, temperature: 0.2, top_p: 0.9, stop: ['END', '###'] }).inferenceConfig).toEqual({ maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ['END', '###'] });
    expect(req({ max_tokens: 50, stop: 'END' }).inferenceConfig).toEqual({ maxTokens: 50, stopSequences: ['END'] });
    expect(req({ max_tokens: 50, max_completion_tokens: 50 }).inferenceConfig).toEqual({ maxTokens: 50 });
    expect(req({ temperature: null, stop: null })).not.toHaveProperty('inferenceConfig');
    rejects(() => req({ max_tokens: 50, max_completion_tokens: 60 }), 'max_tokens');
    rejects(() => req({ max_tokens: 0 }), 'max_tokens');
    rejects(() => req({ temperature: 'hot' }), 'temperature');
    rejects(() => req({ stop: [1] }), 'stop');
  });

  it('tools and every tool_choice', () => {
    const strict = { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {}, additionalProperties: false }, strict: true } };
    expect(req({ tools: [weather, strict] }).toolConfig).toEqual({ tools: [
      { toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: weather.function.parameters } } },
      { toolSpec: { name: 'lookup', inputSchema: { json: strict.function.parameters }, strict: true } },
    ] });
    expect(req({ tools: [weather], tool_choice: 'auto' }).toolConfig).toMatchObject({ toolChoice: { auto: {} } });
    expect(req({ tools: [weather], tool_choice: 'required' }).toolConfig).toMatchObject({ toolChoice: { any: {} } });
    expect(req({ tools: [weather], tool_choice: { type: 'function', function: { name: 'get_weather' } } }).toolConfig).toMatchObject({ toolChoice: { tool: { name: 'get_weather' } } });
    expect(req({ tools: [weather], tool_choice: 'none' })).not.toHaveProperty('toolConfig');
    expect(req({ tools: [{ type: 'function', function: { name: 'noargs' } }] }).toolConfig).toEqual({ tools: [{ toolSpec: { name: 'noargs', inputSchema: { json: { type: 'object', properties: {} } } } }] });
    rejects(() => req({ tools: [weather], tool_choice: { type: 'function', function: { name: 'other' } } }), 'tool_choice');
    rejects(() => req({ tools: [weather], tool_choice: { type: 'allowed_tools' } }), 'tool_choice');
    rejects(() => req({ tool_choice: 'required' }), 'tool_choice');
    rejects(() => req({ tools: [{ type: 'custom', custom: { name: 'x' } }] }), 'tools[0]');
    rejects(() => req({ messages: [user('a'), { role: 'assistant', tool_calls: [{ id: 't', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 't', content: 'r' }], tools: [weather], tool_choice: 'none' }), 'tool_choice');
  });

  it('response_format: json_schema → outputConfig.textFormat (schema as a JSON string); json_object is refused (matrix: unsupported)', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    expect(req({ response_format: { type: 'json_schema', json_schema: { name: 'answer', description: 'd', schema, strict: true } } }).outputConfig).toEqual({
      textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'answer', description: 'd' } } },
    });
    expect(req({ response_format: { type: 'text' } })).not.toHaveProperty('outputConfig');
    const e = rejects(() => req({ response_format: { type: 'json_object' } }), 'response_format', /bedrock.*JSON mode/);
    expect(e.code).toBe('unsupported_parameter');
    rejects(() => req({ response_format: { type: 'json_schema' } }), 'response_format.json_schema');
  });

  it('reasoning_effort: Claude thinking budget, Nova reasoningConfig, other families refused', () => {
    const medium = req({ reasoning_effort: 'medium' });
    expect(medium.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 8192 } });
    expect(medium.inferenceConfig).toEqual({ maxTokens: 8192 + CLAUDE_THINKING_ANSWER_TOKENS }); // room above the budget when the client set no max
    const low = req({ reasoning_effort: 'low', max_completion_tokens: 4096 });
    expect(low.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(low.inferenceConfig).toEqual({ maxTokens: 4096 });
    expect(req({ reasoning_effort: 'low' }, NOVA2)).not.toHaveProperty('inferenceConfig');
    expect(req({ reasoning_effort: 'none' })).not.toHaveProperty('additionalModelRequestFields');
    expect(req({ reasoning_effort: 'minimal' }, NOVA2).additionalModelRequestFields).toEqual({ reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } });
    expect(req({ reasoning_effort: 'high' }, NOVA2).additionalModelRequestFields).toEqual({ reasoningConfig: { type: 'enabled', maxReasoningEffort: 'high' } });
    rejects(() => req({ reasoning_effort: 'high', max_tokens: 1000 }), 'reasoning_effort', /16384/);
    rejects(() => req({ reasoning_effort: 'xhigh' }, NOVA2), 'reasoning_effort');
    rejects(() => req({ reasoning_effort: 'low' }, LLAMA), 'reasoning_effort');
    rejects(() => req({ reasoning_effort: 'extreme' }), 'reasoning_effort');
  });

  it('top_k per family; metadata, user and safety_identifier → requestMetadata; service tiers', () => {
    expect(req({ top_k: 40 }).additionalModelRequestFields).toEqual({ top_k: 40 });
    expect(req({ top_k: 40 }, NOVA2).additionalModelRequestFields).toEqual({ inferenceConfig: { topK: 40 } });
    rejects(() => req({ top_k: 40 }, LLAMA), 'top_k');
    expect(req({ metadata: { team: 'a' }, user: 'u-1', safety_identifier: 's-1' }).requestMetadata).toEqual({ team: 'a', user: 'u-1', safety_identifier: 's-1' });
    expect(req({ service_tier: 'flex' }).serviceTier).toEqual({ type: 'flex' });
    expect(req({ service_tier: 'auto' })).not.toHaveProperty('serviceTier');
    rejects(() => req({ service_tier: 'scale' }), 'service_tier');
    rejects(() => req({ metadata: { a: 1 } }), 'metadata');
  });

  it('no-op values are accepted, others refused; unknown parameters are refused by name', () => {
    const c = req({ n: 1, parallel_tool_calls: true, presence_penalty: 0, frequency_penalty: 0, logprobs: false, store: false, modalities: ['text'], seed: null, stream: false, stream_options: null });
    expect(c).toEqual({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    for (const [name, value] of [['n', 2], ['parallel_tool_calls', false], ['presence_penalty', 0.5], ['logprobs', true], ['store', true], ['modalities', ['text', 'audio']],
      ['seed', 7], ['logit_bias', { 1: 2 }], ['top_logprobs', 2], ['verbosity', 'low'], ['prompt_cache_key', 'k'], ['audio', { voice: 'x', format: 'mp3' }],
      ['prediction', { type: 'content', content: 'x' }], ['web_search_options', {}], ['functions', []]] as const) {
      const e = rejects(() => req({ [name]: value }), name);
      expect(e.code).toBe('unsupported_parameter');
      expect(e.message).toContain('bedrock');
    }
    const unknown = rejects(() => req({ thinking: { type: 'enabled' } }), 'thinking');
    expect(unknown.code).toBe('unknown_parameter');
    rejects(() => req({ constructor: 1 }), 'constructor');
    rejects(() => req({ stream: 'yes' }), 'stream');
  });
});

describe('bedrock request: HTTP', () => {
  it('Converse / ConverseStream URL with the model id as one encoded label', () => {
    expect(converseUrl('https://bedrock-runtime.us-east-1.amazonaws.com', CLAUDE, false)).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse');
    expect(converseUrl('https://b.example/prefix', 'arn:aws:bedrock:us-east-1:123:inference-profile/x', true)).toBe('https://b.example/prefix/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fx/converse-stream');
  });

  it('signs with the account credentials and region (service bedrock), accept per mode', () => {
    const r = buildBedrockRequest({ model: 'x', messages: [user('hi')] }, testContext({ stream: true }), new Date('2025-01-01T00:00:00Z'));
    expect(r.url).toMatch(/\/converse-stream$/);
    expect(r.headers.accept).toBe('application/vnd.amazon.eventstream');
    expect(r.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20250101\/us-east-1\/bedrock\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(JSON.parse(r.body)).toEqual({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
  });

  it('uses a Bedrock API key as bearer token when the account has no AWS credentials', () => {
    const base = testContext();
    const { aws: _aws, ...account } = base.account;
    const r = buildBedrockRequest({ model: 'x', messages: [user('hi')] }, { ...base, account: { ...account, apiKey: 'ABSK-key' } });
    expect(r.headers.authorization).toBe('Bearer ABSK-key');
    expect(() => buildBedrockRequest({ model: 'x', messages: [user('hi')] }, { ...base, account: { ...account, apiKey: '' } })).toThrow(GatewayError);
  });
});
