// OpenAI chat request → Gemini GenerateContentRequest: messages of every role and part type, tools,
// tool_choice, generation parameters, response_format, reasoning, and the 400s for what cannot be mapped.
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../errors.ts';
import { translateChatRequest, type GeminiTarget } from './request.ts';

const gemini: GeminiTarget = { provider: 'gemini', label: 'Gemini' };
const translate = (body: Record<string, unknown>, model = 'gemini-2.5-flash') => translateChatRequest({ model: `g/${model}`, ...body }, model, gemini);
const user = (content: unknown) => ({ role: 'user', content });
const rejection = (body: Record<string, unknown>, model?: string): BadRequestError => {
  try { translate(body, model); } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return error as BadRequestError;
  }
  throw new Error('expected a 400');
};
const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const time = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };

describe('messages', () => {
  it('puts system and developer messages in systemInstruction, in order', () => {
    const out = translate({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] }, user('Hi')] });
    expect(out.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Use French.' }] });
    expect(out.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
  });

  it('maps user parts: text, image URL, image data URI, PDF file, audio', () => {
    const out = translate({ messages: [user([
      { type: 'text', text: 'Look:' },
      { type: 'image_url', image_url: { url: 'https://img.test/cat.png' } },
      { type: 'image_url', image_url: { url: 'https://img.test/cat' } },
      { type: 'image_url', image_url: { url: 'https://img.test/clip', mime_type: 'video/mp4' } },
      { type: 'image_url', image_url: { url: 'data:image/webp;base64,UklGRg==' } },
      { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
      { type: 'file', file: { filename: 'b.pdf', file_id: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
      { type: 'input_audio', input_audio: { data: 'UklGRiQ=', format: 'wav' } },
      { type: 'input_audio', input_audio: { data: 'SUQz', format: 'mp3' } },
    ])] });
    expect(out.contents[0]!.parts).toEqual([
      { text: 'Look:' },
      { fileData: { mimeType: 'image/png', fileUri: 'https://img.test/cat.png' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://img.test/cat' } },
      { fileData: { mimeType: 'video/mp4', fileUri: 'https://img.test/clip' } },
      { inlineData: { mimeType: 'image/webp', data: 'UklGRg==' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
      { fileData: { mimeType: 'application/pdf', fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc' } },
      { inlineData: { mimeType: 'audio/wav', data: 'UklGRiQ=' } },
      { inlineData: { mimeType: 'audio/mp3', data: 'SUQz' } },
    ]);
  });

  it('maps image detail to the request media resolution, and refuses two different ones', () => {
    const one = translate({ messages: [user([{ type: 'image_url', image_url: { url: 'https://i.test/a.png', detail: 'low' } }])] });
    expect(one.generationConfig?.mediaResolution).toBe('MEDIA_RESOLUTION_LOW');
    const auto = translate({ messages: [user([{ type: 'image_url', image_url: { url: 'https://i.test/a.png', detail: 'auto' } }])] });
    expect(auto.generationConfig).toBeUndefined();
    const both = rejection({ messages: [user([{ type: 'image_url', image_url: { url: 'https://i.test/a.png', detail: 'low' } }, { type: 'image_url', image_url: { url: 'https://i.test/b.png', detail: 'high' } }])] });
    expect(both.param).toBe('messages[0].content[1].image_url.detail');
  });

  it('regression: thought signatures go back on their function calls; tool results merge their tool results into one user turn', () => {
    const out = translate({
      tools: [weather, time],
      messages: [
        user('Weather and time in Paris?'),
        {
          role: 'assistant', content: 'Checking.', reasoning_content: 'The user wants two things.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' }, extra_content: { google: { thought_signature: 'c2ln' } } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '12:00' }] },
        user('Thanks'),
      ],
    });
    expect(out.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather and time in Paris?' }] },
      { role: 'model', parts: [
        { text: 'Checking.' },
        { functionCall: { id: 'call_1', name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' },
        { functionCall: { id: 'call_2', name: 'get_time', args: {} } },
      ] },
      { role: 'user', parts: [
        { functionResponse: { id: 'call_1', name: 'get_weather', response: { output: 'Sunny' } } },
        { functionResponse: { id: 'call_2', name: 'get_time', response: { output: '12:00' } } },
      ] },
      { role: 'user', parts: [{ text: 'Thanks' }] },
    ]);
  });

  it('maps legacy function_call / function messages', () => {
    const out = translate({ messages: [user('q'), { role: 'assistant', content: null, function_call: { name: 'f', arguments: '{"a":1}' } }, { role: 'function', name: 'f', content: 'r' }] });
    expect(out.contents.slice(1)).toEqual([
      { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'f', response: { output: 'r' } } }] },
    ]);
  });

  it('accepts cache_control markers (Gemini caches implicitly) and validates them', () => {
    const out = translate({ messages: [{ role: 'system', content: [{ type: 'text', text: 'Long.', cache_control: { type: 'ephemeral' } }] }, user('q')] });
    expect(JSON.stringify(out)).not.toContain('cache_control');
    expect(rejection({ messages: [user([{ type: 'text', text: 'x', cache_control: { type: 'forever' } }])] }).param).toBe('messages[0].content[0].cache_control');
  });

  it('rejects what Gemini cannot take, naming it', () => {
    expect(rejection({ messages: [{ role: 'user', content: 'hi', name: 'bob' }] }).param).toBe('messages[0].name');
    expect(rejection({ messages: [{ role: 'robot', content: 'hi' }] }).param).toBe('messages[0].role');
    expect(rejection({ messages: [user([{ type: 'video', video: {} }])] }).param).toBe('messages[0].content[0].type');
    expect(rejection({ messages: [user('q'), { role: 'tool', tool_call_id: 'nope', content: 'x' }] }).param).toBe('messages[1].tool_call_id');
    expect(rejection({ messages: [user('q'), { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{bad' } }] }] }).param).toBe('messages[1].tool_calls[0].function.arguments');
    expect(rejection({ messages: [user('q'), { role: 'assistant', content: null }] }).param).toBe('messages[1].content');
    expect(rejection({ messages: [user([{ type: 'input_audio', input_audio: { data: 'x', format: 'flac' } }])] }).param).toBe('messages[0].content[0].input_audio.format');
    expect(rejection({ messages: [user([{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }])] }).param).toBe('messages[0].content[0].image_url.url');
    expect(rejection({ messages: [] }).param).toBe('messages');
  });
});

describe('tools and tool_choice', () => {
  it('declares functions with their JSON Schema parameters', () => {
    const out = translate({ messages: [user('q')], tools: [weather, time] });
    expect(out.tools).toEqual([{ functionDeclarations: [
      { name: 'get_weather', description: 'Weather', parametersJsonSchema: weather.function.parameters },
      { name: 'get_time', parametersJsonSchema: time.function.parameters },
    ] }]);
    expect(out.toolConfig).toBeUndefined();
  });

  it('maps none / auto / required / a named function', () => {
    const mode = (tool_choice: unknown) => translate({ messages: [user('q')], tools: [weather, time], tool_choice }).toolConfig;
    expect(mode('none')).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(mode('auto')).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(mode('required')).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(mode({ type: 'function', function: { name: 'get_time' } })).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_time'] } });
  });

  it('asks Gemini to validate calls when every tool is strict', () => {
    const strict = { ...weather, function: { ...weather.function, strict: true } };
    expect(translate({ messages: [user('q')], tools: [strict] }).toolConfig).toEqual({ functionCallingConfig: { mode: 'VALIDATED' } });
    expect(translate({ messages: [user('q')], tools: [strict], tool_choice: 'required' }).toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
  });

  it('rejects parallel_tool_calls false, unknown named tools and non-function tools', () => {
    expect(rejection({ messages: [user('q')], tools: [weather], parallel_tool_calls: false }).param).toBe('parallel_tool_calls');
    expect(translate({ messages: [user('q')], tools: [weather], parallel_tool_calls: true }).tools).toHaveLength(1);
    expect(rejection({ messages: [user('q')], tools: [weather], tool_choice: { type: 'function', function: { name: 'nope' } } }).param).toBe('tool_choice');
    expect(rejection({ messages: [user('q')], tools: [{ type: 'custom', custom: { name: 'x' } }] }).param).toBe('tools[0].type');
  });
});

describe('generation parameters', () => {
  it('maps sampling, limits, stop, seed and n', () => {
    const out = translate({ messages: [user('q')], temperature: 0.2, top_p: 0.9, top_k: 40, presence_penalty: 0.5, frequency_penalty: -0.5, seed: 7, n: 2, stop: ['END', '##'], max_completion_tokens: 100 });
    expect(out.generationConfig).toEqual({ temperature: 0.2, topP: 0.9, topK: 40, presencePenalty: 0.5, frequencyPenalty: -0.5, seed: 7, candidateCount: 2, stopSequences: ['END', '##'], maxOutputTokens: 100 });
    expect(translate({ messages: [user('q')], stop: 'X', max_tokens: 5, n: 1 }).generationConfig).toEqual({ stopSequences: ['X'], maxOutputTokens: 5 });
  });

  it('never clamps: out-of-range values and disagreeing limits are 400s', () => {
    expect(rejection({ messages: [user('q')], temperature: 3 }).param).toBe('temperature');
    expect(rejection({ messages: [user('q')], top_p: 1.5 }).param).toBe('top_p');
    expect(rejection({ messages: [user('q')], max_tokens: 5, max_completion_tokens: 6 }).param).toBe('max_tokens');
  });

  it('maps response_format json_object and json_schema (strict or not) to JSON output', () => {
    expect(translate({ messages: [user('q')], response_format: { type: 'json_object' } }).generationConfig).toEqual({ responseMimeType: 'application/json' });
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    expect(translate({ messages: [user('q')], response_format: { type: 'json_schema', json_schema: { name: 'x', schema, strict: true } } }).generationConfig)
      .toEqual({ responseMimeType: 'application/json', responseJsonSchema: schema });
    expect(translate({ messages: [user('q')], response_format: { type: 'text' } }).generationConfig).toBeUndefined();
    expect(rejection({ messages: [user('q')], response_format: { type: 'json_schema', json_schema: { name: 'x' } } }).param).toBe('response_format.json_schema.schema');
  });

  it('maps reasoning_effort to a thinking budget (2.x) or level (3), with thought summaries', () => {
    expect(translate({ messages: [user('q')], reasoning_effort: 'medium' }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 8192, includeThoughts: true } });
    expect(translate({ messages: [user('q')], reasoning_effort: 'none' }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
    expect(translate({ messages: [user('q')], reasoning_effort: 'high' }, 'gemini-3-pro-preview').generationConfig).toEqual({ thinkingConfig: { thinkingLevel: 'HIGH', includeThoughts: true } });
    expect(rejection({ messages: [user('q')], reasoning_effort: 'none' }, 'gemini-3-pro-preview').param).toBe('reasoning_effort');
    expect(rejection({ messages: [user('q')], reasoning_effort: 'xhigh' }).param).toBe('reasoning_effort');
  });
});

describe('parameters without a Gemini equivalent', () => {
  it('rejects unknown parameters by name', () => {
    const error = rejection({ messages: [user('q')], foo: 1 });
    expect([error.status, error.code, error.param]).toEqual([400, 'unknown_parameter', 'foo']);
    expect(error.message).toContain("'foo'");
  });

  it('rejects known OpenAI parameters Gemini cannot honour, but accepts their defaults and nulls', () => {
    for (const [key, value] of [['logit_bias', { 50256: -100 }], ['logprobs', true], ['top_logprobs', 2], ['user', 'u1'], ['store', true], ['prompt_cache_key', 'k'], ['verbosity', 'low'], ['service_tier', 'flex']] as const) {
      const error = rejection({ messages: [user('q')], [key]: value });
      expect([error.code, error.param]).toEqual(['unsupported_parameter', key]);
      expect(error.message).toContain('Gemini');
    }
    expect(translate({ messages: [user('q')], logprobs: false, store: false, user: null, stream_options: { include_usage: true } }).contents).toHaveLength(1);
    expect(rejection({ messages: [user('q')], stream: true, stream_options: { include_obfuscation: true } }).param).toBe('stream_options.include_obfuscation');
  });
});

describe('the capability matrix', () => {
  it('refuses a column the matrix marks unsupported with 400 naming the parameter, the provider and the capability', () => {
    // No Gemini column is unsupported today; a row that has such cells shows the mechanism.
    const ai21: GeminiTarget = { provider: 'ai21', label: 'AI21 (test row)' };
    const body = { model: 'x/m', messages: [user('q')], response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } };
    let error: BadRequestError | undefined;
    try { translateChatRequest(body, 'm', ai21); } catch (e) { error = e as BadRequestError; }
    expect([error?.status, error?.code, error?.param]).toEqual([400, 'unsupported_parameter', 'response_format']);
    expect(error?.message).toMatch(/AI21 \(test row\) does not support JSON schema output \(capability "schema_mode"\)/);
    expect(() => translateChatRequest({ ...body, response_format: undefined, reasoning_effort: 'low' }, 'm', ai21)).toThrow(/capability "reasoning"/);
  });
});
