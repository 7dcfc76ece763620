// Request mapping: the body is forwarded as sent (bare model, unknown params included), with the
// documented differences only; the capability gate refuses what the matrix says is not offered.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.ts';
import { capability, CAPABILITY_COLUMNS } from '../../../spec/capabilities.ts';
import { CAPABILITY_REQUESTS } from './capabilities.ts';
import { OPENAI_COMPATIBLE_PROVIDERS, PROVIDER_QUIRKS, type OpenAICompatibleProvider } from './quirks.ts';
import { buildChatRequest } from './request.ts';
import { testContext } from './test-kit.ts';

type Json = Record<string, unknown>;
const build = (provider: OpenAICompatibleProvider, body: Json, stream = false) => {
  const req = buildChatRequest({ model: `${provider}-main/m`, ...body }, testContext(provider, { stream }), PROVIDER_QUIRKS[provider]);
  return { ...req, json: JSON.parse(req.body) as Json };
};
const refusal = (provider: OpenAICompatibleProvider, body: Json) => {
  try { build(provider, body); } catch (e) { return e as GatewayError; }
  return undefined;
};

const IMAGE_DATA = 'data:image/png;base64,iVBORw0KGgo=';
const everyRole: Json[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: [
    { type: 'text', text: 'Look:' },
    { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
    { type: 'image_url', image_url: { url: IMAGE_DATA } },
    { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
    { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
  ] },
  { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
  { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
  { role: 'assistant', content: 'It is 21°C.', reasoning_content: 'read the tool result' },
  { role: 'user', content: 'Thanks' },
];
const tool = { type: 'function', function: { name: 'get_weather', description: 'w', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };

describe('request: forwarded as sent', () => {
  it('every role and part type, tools and sampling parameters reach the upstream unchanged, with the bare model', () => {
    for (const provider of OPENAI_COMPATIBLE_PROVIDERS) {
      const body = { messages: everyRole, tools: [tool], tool_choice: 'auto', stop: ['\n\n'], max_tokens: 10, max_completion_tokens: 20, temperature: 0.3, top_p: 0.9, n: 2, seed: 7, user: 'u' };
      const { json } = build(provider, body);
      expect(json).toEqual({ ...body, model: 'm' });
    }
  });
  it('tool_choice none / required / named are forwarded', () => {
    for (const tool_choice of ['none', 'required', { type: 'function', function: { name: 'get_weather' } }]) {
      expect(build('groq', { messages: [{ role: 'user', content: 'x' }], tools: [tool], tool_choice }).json.tool_choice).toEqual(tool_choice);
    }
  });
  it('unknown and provider-specific parameters are forwarded as-is (the provider answers for them)', () => {
    const { json } = build('groq', { messages: [], reasoning_format: 'parsed', include_reasoning: true, search_domain_filter: ['a.com'], some_future_param: { x: 1 } });
    expect(json).toMatchObject({ reasoning_format: 'parsed', include_reasoning: true, search_domain_filter: ['a.com'], some_future_param: { x: 1 } });
  });
  it('URL, key and stream accept header per provider (Perplexity has no /v1)', () => {
    expect(build('perplexity', { messages: [] }).url).toBe('https://api.perplexity.ai/chat/completions');
    expect(build('deepinfra', { messages: [] }).url).toBe('https://api.deepinfra.com/v1/openai/chat/completions');
    expect(build('groq', { messages: [] }).url).toBe('https://api.groq.com/openai/v1/chat/completions');
    expect(build('ai21', { messages: [] }).url).toBe('https://api.ai21.com/studio/v1/chat/completions');
    const s = build('xai', { messages: [], stream: true, stream_options: { include_usage: true } }, true);
    expect(s.headers).toMatchObject({ authorization: 'Bearer key-0001', accept: 'text/event-stream', 'content-type': 'application/json' });
    expect(s.json.stream_options).toEqual({ include_usage: true });
  });
});

describe('request: documented differences', () => {
  it('developer → system where the provider documents no developer role (Perplexity, AI21), kept elsewhere', () => {
    const messages = [{ role: 'developer', content: 'rules' }, { role: 'user', content: 'hi' }];
    expect((build('perplexity', { messages }).json.messages as Json[])[0]).toEqual({ role: 'system', content: 'rules' });
    expect((build('ai21', { messages }).json.messages as Json[])[0]).toEqual({ role: 'system', content: 'rules' });
    expect((build('groq', { messages }).json.messages as Json[])[0]).toEqual({ role: 'developer', content: 'rules' });
  });
  it('cache_control markers are removed for providers that cache automatically', () => {
    const body = {
      messages: [{ role: 'system', content: [{ type: 'text', text: 'long', cache_control: { type: 'ephemeral' } }], cache_control: { type: 'ephemeral' } }, { role: 'user', content: 'hi' }],
      tools: [{ ...tool, cache_control: { type: 'ephemeral' } }],
    };
    for (const provider of ['groq', 'cerebras', 'perplexity', 'xai', 'deepinfra'] as const) {
      const { json } = build(provider, body);
      expect(JSON.stringify(json)).not.toContain('cache_control');
      expect((json.messages as Json[])[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'long' }] });
    }
  });
  it('xAI: prompt_cache_key goes to the x-grok-conv-id header', () => {
    const { json, headers } = build('xai', { messages: [], prompt_cache_key: 'conv-42' });
    expect(headers['x-grok-conv-id']).toBe('conv-42');
    expect(json).not.toHaveProperty('prompt_cache_key');
    expect(build('deepinfra', { messages: [], prompt_cache_key: 'k' }).json.prompt_cache_key).toBe('k');
  });
});

describe('request: the capability gate follows the matrix', () => {
  const asks: Record<string, Json> = {
    stream: { stream: true },
    tools: { tools: [tool] },
    json_mode: { response_format: { type: 'json_object' } },
    schema_mode: { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } },
    structured_output: { tools: [{ ...tool, function: { ...tool.function, strict: true } }] },
    prompt_caching: { prompt_cache_key: 'k' },
    reasoning: { reasoning_effort: 'low' },
  };
  it('every column has a request detector', () => {
    for (const column of CAPABILITY_COLUMNS) expect(typeof CAPABILITY_REQUESTS[column]).toBe('function');
  });
  it('an unsupported column is refused with 400 unsupported_parameter naming the parameter and the provider; a supported one passes', () => {
    let refused = 0;
    for (const provider of OPENAI_COMPATIBLE_PROVIDERS) {
      for (const [column, ask] of Object.entries(asks)) {
        const error = refusal(provider, { messages: [{ role: 'user', content: 'x' }], ...ask });
        const supported = capability(provider, column as never).state === 'supported'
          && (column !== 'structured_output' || capability(provider, 'tools').state === 'supported');
        if (supported) { expect(error, `${provider} ${column}`).toBeUndefined(); continue; }
        refused++;
        expect(error, `${provider} ${column}`).toBeInstanceOf(GatewayError);
        expect(error!.status).toBe(400);
        expect(error!.code).toBe('unsupported_parameter');
        expect(error!.param).toBe(Object.keys(ask)[0]);
        expect(error!.message).toContain(provider);
        expect(error!.message).toContain(PROVIDER_QUIRKS[provider].label);
      }
    }
    expect(refused).toBeGreaterThan(0);
  });
  it('the cells this folder relies on: AI21 schema/caching/reasoning/strict, Perplexity json_object, DeepInfra json_schema', () => {
    const msg = [{ role: 'user', content: 'x' }];
    expect(refusal('ai21', { messages: msg, reasoning_effort: 'high' })?.param).toBe('reasoning_effort');
    expect(refusal('ai21', { messages: msg, response_format: { type: 'json_schema', json_schema: { name: 'x' } } })?.param).toBe('response_format');
    expect(refusal('perplexity', { messages: msg, response_format: { type: 'json_object' } })?.param).toBe('response_format');
    expect(refusal('deepinfra', { messages: msg, response_format: { type: 'json_schema', json_schema: { name: 'x' } } })?.param).toBe('response_format');
    expect(refusal('sambanova', { messages: msg, response_format: { type: 'json_schema', json_schema: { name: 'x', strict: true } } })?.param).toBe('response_format');
    expect(refusal('sambanova', { messages: msg, response_format: { type: 'json_schema', json_schema: { name: 'x', strict: false } } })).toBeUndefined();
    expect(refusal('together', { messages: [{ role: 'user', content: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }] }] })).toMatchObject({ param: 'messages' });
    expect(refusal('together', { messages: msg, prompt_cache_retention: '24h' })?.param).toBe('prompt_cache_retention');
    expect(refusal('ai21', { messages: msg, response_format: { type: 'json_object' } })).toBeUndefined();
    expect(refusal('ai21', { messages: msg, reasoning_effort: null })).toBeUndefined();
  });
});
