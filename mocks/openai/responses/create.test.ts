/**
 * POST /v1/responses driven by the official SDK in-process: text, image and file input, function tools
 * and tool_choice, json_schema / json_object, max_output_tokens, reasoning models, echoed parameters,
 * OpenAI's 400s, determinism; and every body checked against the description's `Response` schema.
 */
import { Ajv } from 'ajv';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createOpenAISimulator } from '../index.ts';
import { clientFor, send, spec, timeTool, weatherTool } from './test-support.ts';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const ajv = new Ajv({ strict: false });

describe('text', () => {
  it('answers a string input with the response object OpenAI sends', async () => {
    const client = clientFor(createOpenAISimulator());
    const { data, response } = await client.responses.create({ model: 'gpt-4o-mini', input: 'Say hello' }).withResponse();
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(data).toMatchObject({
      object: 'response', status: 'completed', error: null, incomplete_details: null, instructions: null,
      model: 'gpt-4o-mini-2024-07-18', parallel_tool_calls: true, previous_response_id: null, store: true, background: false,
      temperature: 1, top_p: 1, tool_choice: 'auto', tools: [], truncation: 'disabled', service_tier: 'default', metadata: {},
      text: { format: { type: 'text' } }, reasoning: { effort: null, summary: null },
    });
    expect(data.id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(data.output).toHaveLength(1);
    const [message] = data.output as any[];
    expect(message).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(message.id).toMatch(/^msg_[0-9a-f]{48}$/);
    expect(message.id.slice(-16)).toBe(data.id.slice(-16));
    expect(data.output_text.length).toBeGreaterThan(10);
    expect(data.usage!.total_tokens).toBe(data.usage!.input_tokens + data.usage!.output_tokens);
    expect(data.usage!.output_tokens_details.reasoning_tokens).toBe(0);
  });

  it('counts instructions and a message list, and echoes temperature, top_p and metadata', async () => {
    const client = clientFor(createOpenAISimulator());
    const short = await client.responses.create({ model: 'gpt-4.1', input: 'Hi' });
    const long = await client.responses.create({
      model: 'gpt-4.1', instructions: 'Answer as a pirate would, briefly.', temperature: 0.2, top_p: 0.9, metadata: { run: 'a1' },
      input: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Ahoy' }, { role: 'user', content: [{ type: 'input_text', text: 'Again' }] }],
    });
    expect(long.usage!.input_tokens).toBeGreaterThan(short.usage!.input_tokens);
    expect(long).toMatchObject({ instructions: 'Answer as a pirate would, briefly.', temperature: 0.2, top_p: 0.9, metadata: { run: 'a1' } });
  });

  it('accepts image input (URL and data URI) and file input, charging tokens for them', async () => {
    const client = clientFor(createOpenAISimulator());
    const plain = await client.responses.create({ model: 'gpt-4o', input: [{ role: 'user', content: 'Describe' }] });
    const withImages = await client.responses.create({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'Describe' },
        { role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png', detail: 'auto' }, { type: 'input_image', image_url: PNG, detail: 'low' }] },
        { role: 'user', content: [{ type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' }] },
      ],
    });
    expect(withImages.status).toBe('completed');
    expect(withImages.usage!.input_tokens).toBeGreaterThan(plain.usage!.input_tokens + 170);
  });
});

describe('function tools', () => {
  it('calls the tool with schema-conforming arguments, then answers from its output', async () => {
    const client = clientFor(createOpenAISimulator());
    const first = await client.responses.create({ model: 'gpt-4o', input: 'Weather in Paris?', tools: [weatherTool] });
    const call = first.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    expect(call.id).toMatch(/^fc_[0-9a-f]{48}$/);
    expect(call.call_id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(ajv.validate(weatherTool.parameters, JSON.parse(call.arguments))).toBe(true);
    expect(first.tools).toEqual([{ type: 'function', description: 'Current weather for a city', name: 'get_weather', parameters: weatherTool.parameters, strict: true }]);

    const second = await client.responses.create({
      model: 'gpt-4o', previous_response_id: first.id, tools: [weatherTool],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":21}' }],
    });
    expect(second.output[0]!.type).toBe('message');
    expect(second.output_text).toContain('The get_weather tool returned {"temp_c":21}.');
  });

  it('follows tool_choice: none, required, a named function, and parallel calls when asked', async () => {
    const client = clientFor(createOpenAISimulator());
    const base = { model: 'gpt-4o', input: 'Go', tools: [weatherTool, timeTool] };
    expect((await client.responses.create({ ...base, tool_choice: 'none' })).output[0]!.type).toBe('message');
    const required = await client.responses.create({ ...base, tool_choice: 'required' });
    expect(required.output.map((o: any) => o.name)).toEqual(['get_weather']);
    const named = await client.responses.create({ ...base, tool_choice: { type: 'function', name: 'get_time' } });
    expect(named.output.map((o: any) => o.name)).toEqual(['get_time']);
    expect(named.tool_choice).toEqual({ type: 'function', name: 'get_time' });
    const parallel = await client.responses.create({ ...base, parallel_tool_calls: true });
    expect(parallel.output.map((o: any) => o.name)).toEqual(['get_weather', 'get_time']);
  });

  it('rejects an output without its call and a call left without output, as OpenAI does', async () => {
    const sim = createOpenAISimulator();
    const orphan = await send(sim, 'POST', '/responses', { model: 'gpt-4o', input: [{ type: 'function_call_output', call_id: 'call_x', output: '1' }] });
    expect(orphan.status).toBe(400);
    expect((await orphan.json()).error.message).toBe('No tool call found for function call output with call_id call_x.');
    const first = await clientFor(sim).responses.create({ model: 'gpt-4o', input: 'Go', tools: [weatherTool] });
    const unanswered = await send(sim, 'POST', '/responses', { model: 'gpt-4o', previous_response_id: first.id, input: 'And?' });
    expect(unanswered.status).toBe(400);
    expect((await unanswered.json()).error.message).toMatch(/^No tool output found for function call call_/);
  });
});

describe('text.format and limits', () => {
  it('json_schema content conforms to the schema; json_object is JSON and needs the word', async () => {
    const client = clientFor(createOpenAISimulator());
    const schema = {
      type: 'object', additionalProperties: false, required: ['name', 'tags', 'score'],
      properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' }, minItems: 1 }, score: { type: 'number', minimum: 0, maximum: 1 } },
    };
    const res = await client.responses.create({ model: 'gpt-4o', input: 'Describe a cat', text: { format: { type: 'json_schema', name: 'cat', schema, strict: true } } });
    expect(ajv.validate(schema, JSON.parse(res.output_text))).toBe(true);
    expect(res.text).toEqual({ format: { type: 'json_schema', name: 'cat', schema, strict: true }, verbosity: 'medium' });
    const obj = await client.responses.create({ model: 'gpt-4o', input: 'Reply in JSON', text: { format: { type: 'json_object' } } });
    expect(typeof JSON.parse(obj.output_text)).toBe('object');
    await expect(client.responses.create({ model: 'gpt-4o', input: 'Reply', text: { format: { type: 'json_object' } } }))
      .rejects.toMatchObject({ status: 400, param: 'input' });
  });

  it('stops at max_output_tokens with status incomplete', async () => {
    const res = await clientFor(createOpenAISimulator()).responses.create({ model: 'gpt-4o-mini', input: 'Tell me a story', max_output_tokens: 16, text: { verbosity: 'high' } });
    expect(res.status).toBe('incomplete');
    expect(res.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(res.usage!.output_tokens).toBe(16);
    expect((res.output[0] as any).status).toBe('incomplete');
  });

  it('gives o-series models a reasoning item and reasoning tokens', async () => {
    const res = await clientFor(createOpenAISimulator()).responses.create({ model: 'o4-mini', input: 'Think', reasoning: { effort: 'low', summary: 'auto' } });
    expect(res.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(res.output[0]!.id).toMatch(/^rs_[0-9a-f]{48}$/);
    expect((res.output[0] as any).summary[0].type).toBe('summary_text');
    expect(res.usage!.output_tokens_details.reasoning_tokens).toBeGreaterThanOrEqual(64);
    expect(res.reasoning).toEqual({ effort: 'low', summary: 'auto' });
  });
});

describe('OpenAI\'s 400s', () => {
  const cases: [string, unknown, number, string | null, string][] = [
    ['missing model', { input: 'x' }, 400, 'model', "Missing required parameter: 'model'."],
    ['missing input', { model: 'gpt-4o' }, 400, 'input', "Missing required parameter: 'input'."],
    ['wrong type', { model: 'gpt-4o', input: 'x', temperature: 'hot' }, 400, 'temperature', "Invalid type for 'temperature': expected a decimal, but got a string instead."],
    ['out of range', { model: 'gpt-4o', input: 'x', max_output_tokens: 5 }, 400, 'max_output_tokens', "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 5 instead."],
    ['bad part', { model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] }, 400, 'input[0].content[0].type', "Invalid value: 'text'. Supported values are: 'input_text', 'input_image', and 'input_file'."],
    ['unknown parameter', { model: 'gpt-4o', input: 'x', messages: [] }, 400, 'messages', "Unknown parameter: 'messages'."],
    ['unknown model', { model: 'gpt-9', input: 'x' }, 400, 'model', "The requested model 'gpt-9' does not exist."],
    ['reasoning on gpt-4o', { model: 'gpt-4o', input: 'x', reasoning: { effort: 'high' } }, 400, 'reasoning.effort', "Unsupported parameter: 'reasoning.effort' is not supported with this model."],
    ['built-in tool', { model: 'gpt-4o', input: 'x', tools: [{ type: 'web_search' }] }, 400, 'tools[0].type', "Invalid value for 'tools[0].type': the 'web_search' tool is not implemented by the Touchstone OpenAI simulator."],
  ];
  it.each(cases)('%s', async (_name, body, status, param, message) => {
    const res = await send(createOpenAISimulator(), 'POST', '/responses', body);
    expect(res.status).toBe(status);
    expect((await res.json()).error).toEqual(expect.objectContaining({ message, type: 'invalid_request_error', param }));
  });

  it('reaches the SDK as BadRequestError', async () => {
    await expect(clientFor(createOpenAISimulator()).responses.create({ model: 'gpt-4o', input: 'x', top_p: 3 }))
      .rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe('determinism', () => {
  it('answers the same request with identical bytes, whatever the key order', async () => {
    const body = { model: 'gpt-4o', input: 'Same', tools: [weatherTool], tool_choice: 'auto', metadata: { a: '1' } };
    const reordered = { metadata: { a: '1' }, tool_choice: 'auto', tools: [weatherTool], input: 'Same', model: 'gpt-4o' };
    const a = await (await send(createOpenAISimulator(), 'POST', '/responses', body)).text();
    const b = await (await send(createOpenAISimulator(), 'POST', '/responses', reordered)).text();
    expect(a).toBe(b);
    const other = await (await send(createOpenAISimulator(), 'POST', '/responses', { ...body, input: 'Different' })).text();
    expect(other).not.toBe(a);
  });
});

describe.skipIf(!spec)('against OpenAI\'s description: Response', () => {
  const bodies: [string, unknown][] = [
    ['text', { model: 'gpt-4o-mini', input: 'Hello', instructions: 'Be brief', metadata: { k: 'v' } }],
    ['image', { model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_text', text: 'What?' }, { type: 'input_image', image_url: PNG }] }] }],
    ['tools', { model: 'gpt-4o', input: 'Go', tools: [weatherTool, timeTool], parallel_tool_calls: true }],
    ['json_schema', { model: 'gpt-4o', input: 'x', text: { format: { type: 'json_schema', name: 'n', schema: { type: 'object', properties: { a: { type: 'integer' } } } } } }],
    ['incomplete', { model: 'gpt-4o', input: 'x', max_output_tokens: 16 }],
    ['reasoning', { model: 'o3', input: 'x', reasoning: { summary: 'detailed' }, include: ['reasoning.encrypted_content'], store: false }],
    ['background', { model: 'gpt-4o', input: 'x', background: true }],
    ['user', { model: 'gpt-4o', input: 'x', user: 'u-1', safety_identifier: 's-1', prompt_cache_key: 'k', service_tier: 'flex' }],
  ];
  it.each(bodies)('%s', async (_name, body) => {
    const res = await send(createOpenAISimulator(), 'POST', '/responses', body);
    expect(res.status).toBe(200);
    expect(spec!.validateResponse('post', '/responses', 200, 'application/json', await res.json())).toEqual([]);
  });
});
