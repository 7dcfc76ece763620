/**
 * POST /v2/chat with `stream: true`: the SDK's chatStream parses every event; the wire has Cohere's
 * framing (`event: <type>` + one-line JSON with the same `type`, no `[DONE]`), each event conforms
 * strictly to the SDK's schema, and the streamed text, thinking, tool calls and usage equal the
 * non-streamed answer's. Mid-stream faults end the way Cohere ends a failed stream.
 */
import { describe, expect, it } from 'vitest';
import { providerOffers } from '../../spec/capabilities.ts';
import { createCohereSimulator } from './index.ts';
import { cohereClient, post, sdkSchemaProblems, sseEvents, user, weatherTool } from './test-kit.ts';

const allOffered = () => true;

describe('chat stream', () => {
  it('streams text as the SDK expects and matches the non-streamed answer', async () => {
    const sim = createCohereSimulator({ offers: allOffered });
    const client = cohereClient(sim);
    const request = { model: 'command-a-03-2025', messages: [user('Tell me about LLMs')] };
    const types: string[] = [];
    let text = '';
    let end: unknown;
    for await (const event of await client.chatStream(request)) {
      types.push(event.type);
      if (event.type === 'content-delta') text += event.delta?.message?.content?.text ?? '';
      if (event.type === 'message-end') end = event.delta;
    }
    expect(types[0]).toBe('message-start');
    expect(types.slice(1, 2)).toEqual(['content-start']);
    expect(types.slice(-2)).toEqual(['content-end', 'message-end']);
    const whole = await client.chat(request);
    expect(text).toBe((whole.message.content![0] as { text: string }).text);
    expect(end).toEqual({ finishReason: 'COMPLETE', usage: whole.usage });
    expect(sim.journal.entries.every((e) => e.completed)).toBe(true);
  });

  it('frames every event as Cohere does, each conforming to the SDK schema', async () => {
    const response = await post(createCohereSimulator({ offers: allOffered }), '/v2/chat', {
      model: 'command-a-03-2025', messages: [user('hi')], stream: true,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = await sseEvents(response);
    for (const ev of events) {
      const data = JSON.parse(ev.data);
      expect(ev.event).toBe(data.type);
      expect(sdkSchemaProblems('V2ChatStreamResponse', data)).toEqual([]);
    }
    expect(JSON.parse(events[0]!.data)).toMatchObject({ type: 'message-start', delta: { message: { role: 'assistant' } } });
    expect(events.some((e) => e.data === '[DONE]')).toBe(false);
  });

  it('streams a tool plan and tool calls whose arguments assemble to the non-streamed ones', async () => {
    const sim = createCohereSimulator({ offers: allOffered });
    const request = { model: 'command-a-03-2025', messages: [user('Weather in Paris?')], tools: [weatherTool] };
    const events = (await sseEvents(await post(sim, '/v2/chat', { ...request, stream: true }))).map((e) => JSON.parse(e.data));
    const types = [...new Set(events.map((e) => e.type))];
    expect(types).toEqual(['message-start', 'tool-plan-delta', 'tool-call-start', 'tool-call-delta', 'tool-call-end', 'message-end']);
    const args = events.filter((e) => e.type === 'tool-call-delta').map((e) => e.delta.message.tool_calls.function.arguments).join('');
    const whole = await (await post(sim, '/v2/chat', request)).json();
    expect(args).toBe(whole.message.tool_calls[0].function.arguments);
    expect(events.filter((e) => e.type === 'tool-plan-delta').map((e) => e.delta.message.tool_plan).join('')).toBe(whole.message.tool_plan);
    expect(events.at(-1).delta.finish_reason).toBe('TOOL_CALL');
    for (const e of events) expect(sdkSchemaProblems('V2ChatStreamResponse', e)).toEqual([]);
  });

  it.runIf(providerOffers('cohere', 'reasoning'))('streams thinking as its own content block before the text', async () => {
    const client = cohereClient(createCohereSimulator());
    const starts: string[] = [];
    for await (const event of await client.chatStream({ model: 'command-a-reasoning-08-2025', messages: [user('Why?')] })) {
      if (event.type === 'content-start') starts.push(`${event.index}:${event.delta?.message?.content?.type}`);
    }
    expect(starts).toEqual(['0:thinking', '1:text']);
  });

  it('ends with message-end finish_reason ERROR on an error_event fault, and stops early on truncate', async () => {
    const sim = createCohereSimulator();
    const body = { model: 'command-a-03-2025', messages: [user('hi [touchstone-fault:error_event]')], stream: true };
    const events = (await sseEvents(await post(sim, '/v2/chat', body))).map((e) => ({ event: e.event, data: JSON.parse(e.data) }));
    expect(events).toHaveLength(3);
    expect(events[2]).toEqual({ event: 'message-end', data: { type: 'message-end', delta: { error: expect.any(String), finish_reason: 'ERROR' } } });
    expect(sdkSchemaProblems('V2ChatStreamResponse', events[2]!.data)).toEqual([]);
    const cut = await sseEvents(await post(sim, '/v2/chat', { ...body, messages: [user('hi [touchstone-fault:truncate]')] }));
    expect(cut.map((e) => e.event)).toEqual(['message-start', 'content-start']);
  });
});
