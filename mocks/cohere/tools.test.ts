/**
 * Tool use on POST /v2/chat through the SDK: the model plans (`tool_plan`) and calls the tool the user
 * mentions with arguments that satisfy its schema; the caller sends the results back as a `tool`
 * message and gets the final answer. `tool_choice` REQUIRED / NONE, and where Cohere refuses it.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { providerOffers } from '../../spec/capabilities.ts';
import { createCohereSimulator } from './index.ts';
import { cohereClient, post, sdkError, sdkSchemaProblems, timeTool, user, weatherTool } from './test-kit.ts';

describe.runIf(providerOffers('cohere', 'tools'))('tools', () => {
  it('round trip: tool call, tool result, final answer', async () => {
    const client = cohereClient(createCohereSimulator());
    const messages: Parameters<typeof client.chat>[0]['messages'] = [user('What is the weather in Toronto?')];
    const first = await client.chat({ model: 'command-a-03-2025', messages, tools: [weatherTool, timeTool] });
    expect(first.finishReason).toBe('TOOL_CALL');
    expect(first.message.toolPlan).toBe("I will use the get_weather tool to answer the user's request.");
    const [call] = first.message.toolCalls!;
    expect(call!.id).toMatch(/^get_weather_[a-z0-9]{12}$/);
    expect(call!.function?.name).toBe('get_weather');
    expect(call!.function?.arguments).toMatch(/^\{"city": /);
    const args = JSON.parse(call!.function!.arguments!);
    expect(new Ajv({ strict: false }).validate(weatherTool.function.parameters, args)).toBe(true);

    messages.push({ role: 'assistant', toolPlan: first.message.toolPlan, toolCalls: first.message.toolCalls });
    messages.push({ role: 'tool', toolCallId: call!.id, content: [{ type: 'document', document: { data: { temperature: 21 } } }] });
    const second = await client.chat({ model: 'command-a-03-2025', messages, tools: [weatherTool, timeTool] });
    expect(second.finishReason).toBe('COMPLETE');
    expect((second.message.content![0] as { text: string }).text).toContain('The get_weather tool returned {"temperature":21}');
  });

  it('answers strictly in the SDK\'s schema with tool calls', async () => {
    const raw = await (await post(createCohereSimulator(), '/v2/chat', {
      model: 'command-a-03-2025', messages: [user('What time is it in Tokyo and the weather?')], tools: [weatherTool, timeTool],
    })).json();
    expect(Object.keys(raw.message)).toEqual(['role', 'tool_plan', 'tool_calls']);
    expect(raw.message.tool_calls.map((c: { function: { name: string } }) => c.function.name)).toEqual(['get_weather', 'get_time']);
    expect(sdkSchemaProblems('V2ChatResponse', raw)).toEqual([]);
  });

  it('tool_choice REQUIRED forces a call, NONE forbids one; older models refuse tool_choice', async () => {
    const client = cohereClient(createCohereSimulator());
    const base = { model: 'command-r7b-12-2024', tools: [weatherTool] };
    const none = await client.chat({ ...base, messages: [user('Weather in Oslo?')], toolChoice: 'NONE' });
    expect(none.finishReason).toBe('COMPLETE');
    const history = [user('hi'), { role: 'assistant' as const, content: 'Hello!' }, user('thanks')];
    const required = await client.chat({ ...base, messages: history, toolChoice: 'REQUIRED' });
    expect(required.finishReason).toBe('TOOL_CALL');
    const refused = await sdkError(client.chat({ ...base, model: 'command-r-plus-08-2024', messages: [user('hi')], toolChoice: 'REQUIRED' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatchObject({ message: "invalid request: tool_choice is not supported for model 'command-r-plus-08-2024'." });
  });

  it('the reasoning model thinks instead of writing a tool plan', async () => {
    const data = await cohereClient(createCohereSimulator({ offers: () => true })).chat({
      model: 'command-a-reasoning-08-2025', messages: [user('Weather in Rome?')], tools: [weatherTool],
    });
    expect(data.message.content?.map((c) => c.type)).toEqual(['thinking']);
    expect(data.message.toolPlan).toBeUndefined();
    expect(data.message.toolCalls).toHaveLength(1);
  });
});
