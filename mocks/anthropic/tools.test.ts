/**
 * Tool use: a tool_use → tool_result round trip through the SDK, tool_choice auto / any / tool / none,
 * parallel calls and `disable_parallel_tool_use`, inputs that conform to `input_schema`, and the API's
 * refusals for unpaired tool_use / tool_result blocks and bad tool definitions.
 */
import { describe, expect, it } from 'vitest';
import { body, MODEL, postJson, sdkClient, sdkError, simulator } from './test-kit.ts';

const tools = [
  { name: 'get_weather', description: 'Weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } },
  { name: 'get_time', description: 'Time', input_schema: { type: 'object' as const, properties: { zone: { type: 'string', enum: ['UTC', 'CET'] } }, required: ['zone'] } },
];

describe('anthropic tool use', () => {
  it('round-trips tool_use → tool_result and answers in text quoting the result', async () => {
    const client = sdkClient(simulator());
    const question = { role: 'user' as const, content: 'What is the weather in Paris?' };
    const first = await client.messages.create({ model: MODEL, max_tokens: 512, tools, messages: [question] });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content[0]).toMatchObject({ type: 'text', text: "I'll use the get_weather tool." });
    const call = first.content.find((b) => b.type === 'tool_use')!;
    expect(call).toMatchObject({ type: 'tool_use', name: 'get_weather', caller: { type: 'direct' } });
    expect(call.id).toMatch(/^toolu_01[A-Za-z0-9]{22}$/);
    expect(typeof (call.input as { city: unknown }).city).toBe('string');
    const second = await client.messages.create({
      model: MODEL, max_tokens: 512, tools,
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18°C and sunny' }] }],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect((second.content[0] as { text: string }).text).toContain('The get_weather tool returned 18°C and sunny.');
  });

  it('calls every tool the user mentions in parallel, unless parallel use is disabled', async () => {
    const client = sdkClient(simulator());
    const messages = [{ role: 'user' as const, content: 'Tell me the weather and the time' }];
    const both = await client.messages.create({ model: MODEL, max_tokens: 512, tools, tool_choice: { type: 'any' }, messages });
    expect(both.content.map((b) => b.type)).toEqual(['tool_use', 'tool_use']);
    expect(both.content.map((b) => (b as { name: string }).name)).toEqual(['get_weather', 'get_time']);
    const one = await client.messages.create({ model: MODEL, max_tokens: 512, tools, tool_choice: { type: 'any', disable_parallel_tool_use: true }, messages });
    expect(one.content.map((b) => b.type)).toEqual(['tool_use']);
  });

  it('tool_choice tool forces that tool with no preamble; none answers in text', async () => {
    const client = sdkClient(simulator());
    const messages = [{ role: 'user' as const, content: 'weather please' }];
    const forced = await client.messages.create({ model: MODEL, max_tokens: 512, tools, tool_choice: { type: 'tool', name: 'get_time' }, messages });
    expect(forced.content).toHaveLength(1);
    expect(forced.content[0]).toMatchObject({ type: 'tool_use', name: 'get_time' });
    expect(['UTC', 'CET']).toContain((forced.content[0] as { input: { zone: string } }).input.zone);
    const none = await client.messages.create({ model: MODEL, max_tokens: 512, tools, tool_choice: { type: 'none' }, messages });
    expect(none.stop_reason).toBe('end_turn');
    expect(none.content.every((b) => b.type === 'text')).toBe(true);
  });

  it('refuses a tool_use without its tool_result, and a tool_result without its tool_use', async () => {
    const sim = simulator();
    const use = { type: 'tool_use', id: 'toolu_01abc', name: 'get_weather', input: { city: 'Oslo' } };
    const missing = await postJson(sim, '/v1/messages', body({ tools, messages: [
      { role: 'user', content: 'weather?' }, { role: 'assistant', content: [use] }, { role: 'user', content: 'and?' },
    ] }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message)
      .toBe('messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01abc. Each `tool_use` block must have a corresponding `tool_result` block in the next message.');
    const orphan = await postJson(sim, '/v1/messages', body({ tools, messages: [
      { role: 'user', content: 'weather?' }, { role: 'assistant', content: 'Sure.' }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01zzz', content: 'x' }] },
    ] }));
    expect(((await orphan.json()) as { error: { message: string } }).error.message).toMatch(/^messages\.2\.content\.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01zzz\./);
  });

  it('validates tool definitions and tool_choice the way the API does', async () => {
    const client = sdkClient(simulator());
    const cases: [Record<string, unknown>, string][] = [
      [{ tools: [{ name: 'bad name', input_schema: { type: 'object' } }] }, "tools.0.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'"],
      [{ tools: [{ name: 'x' }] }, 'tools.0.custom.input_schema: Field required'],
      [{ tools: [{ name: 'x', input_schema: { type: 'array' } }] }, "tools.0.custom.input_schema.type: Input should be 'object'"],
      [{ tools: [tools[0], tools[0]] }, 'tools: Tool names must be unique.'],
      [{ tool_choice: { type: 'any' } }, 'tool_choice may only be specified while providing tools.'],
      [{ tools, tool_choice: { type: 'tool', name: 'nope' } }, "Tool 'nope' not found in provided tools"],
    ];
    for (const [overrides, message] of cases) {
      const error = await sdkError(client.messages.create(body(overrides) as never));
      expect(error.status).toBe(400);
      expect((error.error as { error: { message: string } }).error.message).toBe(message);
    }
  });
});
