/**
 * Every OpenAI-compatible provider through the official `openai` SDK at its real base URL: non-stream,
 * stream (SDK iteration and `chat.completions.stream().finalChatCompletion()`), usage in streams the way
 * each provider documents it, tools round trip, JSON mode and reasoning where the capability matrix says
 * the provider offers them, and determinism.
 */
import { describe, expect, it } from 'vitest';
import { providerOffers } from '../../spec/capabilities.ts';
import { PROFILES } from './providers/index.ts';
import { ask, chatBody, reasoningModel, sdkFor, send, simFor, sseChunks, WEATHER_TOOL } from './test-kit.ts';

/** Whether a chunk carries usage in any of the places these providers use. */
const hasUsage = (chunk: Record<string, unknown>) => Boolean(chunk.usage) || Boolean((chunk.x_groq as { usage?: unknown } | undefined)?.usage);

describe.each(PROFILES.map((p) => [p.name, p] as const))('%s', (_name, profile) => {
  it('answers a non-stream completion the SDK parses', async () => {
    const sdk = sdkFor(profile, simFor(profile));
    const completion = await sdk.chat.completions.create({ model: profile.defaultModel, messages: ask('Tell me something about gardens.') });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe(profile.defaultModel);
    expect(completion.choices[0]!.message.role).toBe('assistant');
    expect(completion.choices[0]!.message.content!.length).toBeGreaterThan(10);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(completion.usage!.total_tokens).toBeGreaterThanOrEqual(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
  });

  it('streams: SDK iteration and finalChatCompletion agree', async () => {
    const params = { model: profile.defaultModel, messages: ask('Tell me something about rivers.') };
    const iterated: string[] = [];
    for await (const chunk of await sdkFor(profile, simFor(profile)).chat.completions.create({ ...params, stream: true })) {
      for (const choice of chunk.choices) if (choice.delta?.content) iterated.push(choice.delta.content);
    }
    const final = await sdkFor(profile, simFor(profile)).chat.completions.stream(params).finalChatCompletion();
    expect(iterated.join('').length).toBeGreaterThan(10);
    expect(final.choices[0]!.message.content).toBe(iterated.join(''));
    expect(final.choices[0]!.finish_reason).toBe('stop');
  });

  it("puts usage in the stream where and when the provider documents it", async () => {
    for (const includeUsage of [false, true]) {
      const res = await send(profile, simFor(profile), '/chat/completions', { body: chatBody(profile, { stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) }) });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const { chunks, done } = await sseChunks(res);
      expect(done).toBe(true);
      const withUsage = chunks.filter(hasUsage);
      const expected = profile.name === 'groq' || includeUsage || profile.streamUsage.when === 'always';
      expect(withUsage.length > 0, `usage with include_usage=${includeUsage}`).toBe(expected);
      if (!expected) continue;
      const { placement } = profile.streamUsage;
      const finishIndex = chunks.findLastIndex((c) => (c.choices as { finish_reason?: string | null }[]).some((ch) => ch.finish_reason));
      if (profile.name === 'groq') expect(hasUsage(chunks[finishIndex]!)).toBe(true);
      else if (placement === 'every') expect(withUsage.length).toBe(chunks.length);
      else if (placement === 'separate') expect(chunks.at(-1)).toMatchObject({ choices: [] });
      else expect(withUsage).toEqual([chunks[finishIndex]]);
    }
  });

  it('is deterministic: the same request gives the same bytes on a fresh simulator', async () => {
    for (const stream of [false, true]) {
      const [a, b] = await Promise.all([simFor(profile), simFor(profile)].map(async (sim) => (await send(profile, sim, '/chat/completions', { body: chatBody(profile, { stream }) })).text()));
      expect(a).toBe(b);
    }
  });

  it.runIf(providerOffers(profile.name, 'tools'))('round-trips a tool call (non-stream and streamed)', async () => {
    const sdk = sdkFor(profile, simFor(profile));
    const messages = ask('What is the weather in Paris?');
    const first = await sdk.chat.completions.create({ model: profile.defaultModel, messages, tools: [WEATHER_TOOL] });
    const call = first.choices[0]!.message.tool_calls![0]!;
    expect(first.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.type === 'function' && call.function.name).toBe('get_weather');
    const args = JSON.parse(call.type === 'function' ? call.function.arguments : '{}') as Record<string, unknown>;
    expect(Object.keys(args).sort()).toEqual(['city', 'unit']);
    const second = await sdk.chat.completions.create({
      model: profile.defaultModel,
      tools: [WEATHER_TOOL],
      messages: [...messages, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '{"temp": 21}' }],
    });
    expect(second.choices[0]!.message.content).toContain('get_weather');
    const streamed = await sdk.chat.completions.stream({ model: profile.defaultModel, messages, tools: [WEATHER_TOOL] }).finalChatCompletion();
    const streamedCall = streamed.choices[0]!.message.tool_calls![0]!;
    expect(streamedCall.type === 'function' && JSON.parse(streamedCall.function.arguments)).toMatchObject({ city: expect.any(String) });
  });

  it.runIf(providerOffers(profile.name, 'json_mode'))('answers valid JSON in JSON mode', async () => {
    const completion = await sdkFor(profile, simFor(profile)).chat.completions.create({
      model: profile.defaultModel, messages: ask('Reply in json about gardens.'), response_format: { type: 'json_object' },
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toBeTypeOf('object');
  });

  const thinker = reasoningModel(profile);
  it.runIf(providerOffers(profile.name, 'reasoning') && thinker !== undefined)('shows reasoning the provider way', async () => {
    const model = thinker!;
    const sim = simFor(profile);
    const completion = await sdkFor(profile, sim).chat.completions.create({ model: model.id, messages: ask('Why is the sky blue?') });
    const message = completion.choices[0]!.message as unknown as Record<string, unknown>;
    const display = model.reasoning!.display;
    if (display === 'field') expect(message[profile.reasoningField]).toEqual(expect.stringMatching(/\w+/));
    if (display === 'think') expect(message.content).toMatch(/^<think>\n[\s\S]+\n<\/think>\n\n\S/);
    if (display === 'hidden') expect(JSON.stringify(completion.usage)).toMatch(/"reasoning_tokens":[1-9]/);
    if (display !== 'field') return;
    const res = await send(profile, sim, '/chat/completions', { body: { model: model.id, messages: ask('Why is the sky blue?'), stream: true } });
    const { chunks } = await sseChunks(res);
    const deltas = chunks.flatMap((c) => (c.choices as { delta: Record<string, unknown> }[]).map((ch) => ch.delta));
    const firstReasoning = deltas.findIndex((d) => typeof d[profile.reasoningField] === 'string');
    const firstContent = deltas.findIndex((d) => typeof d.content === 'string' && d.content !== '');
    expect(deltas.map((d) => d[profile.reasoningField] ?? '').join('')).toMatch(/^\w[\s\S]{20,}/);
    expect(firstReasoning).toBeGreaterThan(0);
    expect(firstReasoning).toBeLessThan(firstContent);
  });
});
