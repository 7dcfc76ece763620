/**
 * Groq's documented quirks: x_groq on the first and final chunk, whole tool calls in one delta, its 400s
 * for unknown properties (with "did you mean"), logprobs, n and messages[].name, and reasoning_format /
 * include_reasoning on a `<think>` model.
 */
import { describe, expect, it } from 'vitest';
import { ask, chatBody, send, simFor, sseChunks, WEATHER_TOOL } from '../test-kit.ts';
import { groq } from './groq.ts';

const post = async (body: Record<string, unknown>) => {
  const res = await send(groq, simFor(groq, () => true), '/chat/completions', { body });
  return { status: res.status, text: await res.text() };
};

describe('groq', () => {
  it('sends x_groq.id on the first chunk and x_groq.usage on the final chunk, without being asked', async () => {
    const res = await send(groq, simFor(groq), '/chat/completions', { body: chatBody(groq, { stream: true }) });
    const { chunks } = await sseChunks(res);
    expect(chunks[0]!.x_groq).toEqual({ id: expect.stringMatching(/^req_[0-9a-z]{26}$/) });
    const last = chunks.at(-1)!;
    expect(last.x_groq).toMatchObject({ usage: { queue_time: expect.any(Number), prompt_tokens: expect.any(Number), total_time: expect.any(Number) } });
    expect(chunks.every((c) => c.usage === undefined)).toBe(true);
  });

  it('adds top-level usage on the final chunk when stream_options.include_usage is set', async () => {
    const res = await send(groq, simFor(groq), '/chat/completions', { body: chatBody(groq, { stream: true, stream_options: { include_usage: true } }) });
    const { chunks } = await sseChunks(res);
    expect(chunks.at(-1)!.usage).toEqual((chunks.at(-1)!.x_groq as { usage: unknown }).usage);
  });

  it('streams a tool call whole, in one delta', async () => {
    const res = await send(groq, simFor(groq, () => true), '/chat/completions', { body: { model: groq.defaultModel, messages: ask('Weather in Oslo?'), tools: [WEATHER_TOOL], stream: true } });
    const calls = (await sseChunks(res)).chunks.flatMap((c) => (c.choices as { delta: { tool_calls?: { function: { arguments: string } }[] } }[]).flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.function.arguments)).toMatchObject({ city: expect.any(String) });
  });

  it('non-stream answers carry x_groq, service_tier on_demand and timing usage', async () => {
    const body = JSON.parse((await post(chatBody(groq))).text) as Record<string, unknown>;
    expect(body).toMatchObject({ service_tier: 'on_demand', x_groq: { id: expect.stringMatching(/^req_/) }, system_fingerprint: expect.stringMatching(/^fp_/) });
    expect(Object.keys(body.usage as object)).toEqual(['queue_time', 'prompt_tokens', 'prompt_time', 'completion_tokens', 'completion_time', 'total_tokens', 'total_time']);
  });

  it('refuses unknown properties, hinting at a close name', async () => {
    expect(await post(chatBody(groq, { stream_option: { include_usage: true } }))).toEqual({
      status: 400, text: '{"error":{"message":"property \'stream_option\' is unsupported, did you mean \'stream_options\'?","type":"invalid_request_error"}}',
    });
  });

  it('refuses logprobs, n > 1 and messages[].name with 400s', async () => {
    expect((await post(chatBody(groq, { logprobs: true }))).text).toContain("property 'logprobs' is unsupported");
    expect((await post(chatBody(groq, { n: 2 }))).text).toContain("'n' : number must be at most 1");
    const named = await post({ model: groq.defaultModel, messages: [{ role: 'user', content: 'Hi', name: 'ann' }] });
    expect(named).toMatchObject({ status: 400 });
    expect(named.text).toContain("'messages.0' : for 'role:user' the following must be satisfied[('messages.0' : property 'name' is unsupported)]");
  });

  it('shows qwen3 reasoning raw by default, parsed or hidden on request, and refuses raw with tools', async () => {
    const base = { model: 'qwen/qwen3-32b', messages: ask('Why is the sky blue?') };
    const message = async (extra: Record<string, unknown>) => (JSON.parse((await post({ ...base, ...extra })).text) as { choices: { message: Record<string, unknown> }[] }).choices[0]!.message;
    expect((await message({})).content).toMatch(/^<think>\n/);
    const parsed = await message({ reasoning_format: 'parsed' });
    expect(parsed.reasoning).toEqual(expect.any(String));
    expect(parsed.content).not.toMatch(/<think>/);
    const hidden = await message({ reasoning_format: 'hidden' });
    expect(hidden.reasoning).toBeUndefined();
    expect(hidden.content).not.toMatch(/<think>/);
    expect((await message({ include_reasoning: false })).reasoning).toBeUndefined();
    expect((await post({ ...base, tools: [WEATHER_TOOL], reasoning_format: 'raw' })).status).toBe(400);
    expect((await message({ tools: [WEATHER_TOOL], tool_choice: 'none' })).reasoning).toEqual(expect.any(String));
  });

  it('reports cached tokens only for the models Groq caches', async () => {
    const sim = simFor(groq, () => true);
    const long = [{ role: 'system', content: 'Rule. '.repeat(200) }, { role: 'user', content: 'Go.' }];
    for (const [model, caches] of [['moonshotai/kimi-k2-instruct-0905', true], ['llama-3.1-8b-instant', false]] as const) {
      await send(groq, sim, '/chat/completions', { body: { model, messages: long } });
      const usage = (await (await send(groq, sim, '/chat/completions', { body: { model, messages: long } })).json() as { usage: Record<string, unknown> }).usage;
      expect(usage.prompt_tokens_details !== undefined).toBe(caches);
    }
  });
});
