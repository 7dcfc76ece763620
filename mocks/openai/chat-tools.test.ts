/**
 * Tools and structured output through the SDK: parallel calls (one `index` per call, streamed and not),
 * `parallel_tool_calls: false`, every `tool_choice`, strict schemas (content and arguments validated
 * with ajv, and OpenAI's "Invalid schema for …" 400s), `json_object`.
 */
import { Ajv } from 'ajv';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createOpenAISimulator } from './index.ts';
import { sdkClient, sdkError } from './test-kit.ts';

const ajv = new Ajv({ strict: false });
const user = (content: string) => ({ role: 'user' as const, content });

const weather = {
  type: 'function' as const,
  function: {
    name: 'get_weather', strict: true,
    parameters: {
      type: 'object', additionalProperties: false, required: ['city', 'unit'],
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    },
  },
};
const time = {
  type: 'function' as const,
  function: { name: 'lookup_local_time', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } },
};
const stocks = {
  type: 'function' as const,
  function: { name: 'stockPrice', parameters: { type: 'object', properties: { ticker: { type: 'string', pattern: '^[A-Z]+$' } } } },
};
const tools = [weather, time, stocks];
const names = (c: OpenAI.ChatCompletion) => c.choices[0]!.message.tool_calls!.map((t) => (t as OpenAI.ChatCompletionMessageFunctionToolCall).function.name);

describe('parallel tool calls', () => {
  it('calls each tool the user mentions, in tools order, with distinct ids', async () => {
    const c = await sdkClient(createOpenAISimulator()).chat.completions.create({
      model: 'gpt-4o', tools, messages: [user('What is the stock price of ACME, and the weather and local time in Lima?')],
    });
    expect(names(c)).toEqual(['get_weather', 'lookup_local_time', 'stockPrice']);
    expect(c.choices[0]!.finish_reason).toBe('tool_calls');
    const calls = c.choices[0]!.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    expect(new Set(calls.map((t) => t.id)).size).toBe(3);
    expect(ajv.validate(weather.function.parameters, JSON.parse(calls[0]!.function.arguments))).toBe(true);
  });

  it('streams each call under its own index, opening with id and name', async () => {
    const stream = await sdkClient(createOpenAISimulator()).chat.completions.create({
      model: 'gpt-4o-mini', tools, stream: true, messages: [user('weather and time in Seoul please')],
    });
    const openings: { index: number; id?: string; name?: string }[] = [];
    const indices: number[] = [];
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        indices.push(call.index);
        if (call.id) openings.push({ index: call.index, id: call.id, name: call.function?.name });
      }
    }
    expect(openings.map((o) => [o.index, o.name])).toEqual([[0, 'get_weather'], [1, 'lookup_local_time']]);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });

  it('makes a single call with parallel_tool_calls: false, and with a named tool_choice', async () => {
    const client = sdkClient(createOpenAISimulator());
    const ask = user('weather and time in Lima');
    expect(names(await client.chat.completions.create({ model: 'gpt-4o', tools, messages: [ask], parallel_tool_calls: false }))).toEqual(['get_weather']);
    const named = await client.chat.completions.create({
      model: 'gpt-4o', tools, messages: [ask], tool_choice: { type: 'function', function: { name: 'stockPrice' } },
    });
    expect(names(named)).toEqual(['stockPrice']);
  });

  it('calls the first tool when none is mentioned ("auto" and "required"), and none after a tool result with "auto"', async () => {
    const client = sdkClient(createOpenAISimulator());
    for (const tool_choice of ['auto', 'required'] as const) {
      expect(names(await client.chat.completions.create({ model: 'gpt-4o', tools, tool_choice, messages: [user('Hello')] }))).toEqual(['get_weather']);
    }
    const after = await client.chat.completions.create({
      model: 'gpt-4o', tools, tool_choice: 'auto',
      messages: [user('Weather?'), { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_a', content: 'sunny' }],
    });
    expect(after.choices[0]!.message.tool_calls).toBeUndefined();
    expect(after.choices[0]!.message.content).toContain('sunny');
    const required = await client.chat.completions.create({
      model: 'gpt-4o', tools, tool_choice: 'required',
      messages: [user('Weather?'), { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_a', content: 'sunny' }],
    });
    expect(required.choices[0]!.finish_reason).toBe('tool_calls');
  });
});

const report = {
  type: 'object', additionalProperties: false, required: ['title', 'tags', 'score', 'owner', 'status', 'steps'],
  properties: {
    title: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4 },
    score: { type: 'number', minimum: 0, maximum: 1 },
    owner: { anyOf: [{ $ref: '#/$defs/person' }, { type: 'null' }] },
    status: { type: 'string', enum: ['open', 'closed'] },
    steps: { type: 'array', items: { $ref: '#/$defs/step' } },
  },
  $defs: {
    person: { type: 'object', additionalProperties: false, required: ['name', 'email'], properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } } },
    step: { type: 'object', additionalProperties: false, required: ['order', 'done'], properties: { order: { type: 'integer', minimum: 1 }, done: { type: 'boolean' } } },
  },
};

describe('structured output', () => {
  it('answers json_schema (strict) with content that conforms, for many prompts and n', async () => {
    const client = sdkClient(createOpenAISimulator());
    const validate = new Ajv({ strict: false, allErrors: true }).compile(report);
    for (const prompt of ['Report A', 'Report B', 'Another report', 'Status please', 'JSON report']) {
      const c = await client.chat.completions.create({
        model: 'gpt-4o', n: 2, messages: [user(prompt)], response_format: { type: 'json_schema', json_schema: { name: 'report', strict: true, schema: report } },
      });
      for (const choice of c.choices) expect(validate(JSON.parse(choice.message.content!)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('answers json_object with a JSON object, and requires the word json in the messages', async () => {
    const client = sdkClient(createOpenAISimulator());
    const c = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('Reply in JSON')], response_format: { type: 'json_object' } });
    const parsed = JSON.parse(c.choices[0]!.message.content!);
    expect(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)).toBe(true);
    const error = await sdkError(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('Reply')], response_format: { type: 'json_object' } }));
    expect(error.error).toEqual({ message: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", type: 'invalid_request_error', param: 'messages', code: null });
  });

  it.each([
    [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, "In context=(), 'additionalProperties' is required to be supplied and to be false."],
    [{ type: 'object', additionalProperties: false, properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'] },
      "In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'b'."],
    [{ type: 'object', additionalProperties: false, required: ['p'], properties: { p: { type: 'object', properties: {}, required: [] } } },
      "In context=('properties', 'p'), 'additionalProperties' is required to be supplied and to be false."],
    [{ type: 'array', items: { type: 'string' } }, 'schema must be a JSON Schema of \'type: "object"\', got \'type: "array"\'.'],
  ])('rejects a strict response schema breaking the rules: %j', async (schema, detail) => {
    const error = await sdkError(sdkClient(createOpenAISimulator()).chat.completions.create({
      model: 'gpt-4o', messages: [user('x')], response_format: { type: 'json_schema', json_schema: { name: 'out', strict: true, schema } },
    }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({ message: `Invalid schema for response_format 'out': ${detail}`, type: 'invalid_request_error', param: 'response_format', code: null });
  });

  it('rejects a strict function schema with invalid_function_parameters', async () => {
    const loose = { type: 'function' as const, function: { name: 'f', strict: true, parameters: { type: 'object', properties: { x: { type: 'integer' } } } } };
    const error = await sdkError(sdkClient(createOpenAISimulator()).chat.completions.create({ model: 'gpt-4o', messages: [user('x')], tools: [weather, loose] }));
    expect(error.error).toEqual({
      message: "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be false.",
      type: 'invalid_request_error', param: 'tools[1].function.parameters', code: 'invalid_function_parameters',
    });
  });
});
