/**
 * xAI's documented quirks: reasoning_content only on grok-3-mini (low|high effort), reasoning-model
 * argument errors in its {code, error} body, hidden reasoning counted apart from completion tokens, whole
 * tool calls in a stream, and usage then an empty chunk when include_usage is set.
 */
import { describe, expect, it } from 'vitest';
import { ask, chatBody, send, simFor, sseChunks, WEATHER_TOOL } from '../test-kit.ts';
import { xai } from './xai.ts';

const post = (body: Record<string, unknown>) => send(xai, simFor(xai, () => true), '/chat/completions', { body });

describe('xai', () => {
  it('returns reasoning_content on grok-3-mini and takes only low|high effort', async () => {
    const body = await (await post({ model: 'grok-3-mini', messages: ask('Why?'), reasoning_effort: 'high' })).json() as { choices: { message: Record<string, unknown> }[]; usage: Record<string, Record<string, number>> };
    expect(body.choices[0]!.message.reasoning_content).toEqual(expect.any(String));
    expect(body.usage.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
    const medium = await post({ model: 'grok-3-mini', messages: ask('Why?'), reasoning_effort: 'medium' });
    expect(medium.status).toBe(400);
  });

  it('refuses reasoning_effort, stop and penalties on grok-4 in its own words', async () => {
    for (const [param, value, name] of [['reasoning_effort', 'low', 'reasoningEffort'], ['stop', ['x'], 'stop'], ['presence_penalty', 1, 'presencePenalty']] as const) {
      const res = await post({ model: 'grok-4', messages: ask('Hi'), [param]: value });
      expect([res.status, await res.json()]).toEqual([400, { code: 'Client specified an invalid argument', error: `Argument not supported on this model: ${name}` }]);
    }
  });

  it('hides grok-4 reasoning but counts it apart from completion tokens', async () => {
    const body = await (await post({ model: 'grok-4', messages: ask('Why?') })).json() as { choices: { message: Record<string, unknown> }[]; usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; completion_tokens_details: { reasoning_tokens: number } } };
    const { usage } = body;
    expect(body.choices[0]!.message.reasoning_content).toBeUndefined();
    expect(usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens + usage.completion_tokens_details.reasoning_tokens);
  });

  it('streams tool calls whole and, with include_usage, usage on the finish chunk then an empty chunk', async () => {
    const { chunks } = await sseChunks(await post({ model: 'grok-3', messages: ask('Weather in Lima?'), tools: [WEATHER_TOOL], stream: true, stream_options: { include_usage: true } }));
    const calls = chunks.flatMap((c) => (c.choices as { delta: { tool_calls?: unknown[] } }[]).flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(calls).toHaveLength(1);
    expect(chunks.at(-1)).toMatchObject({ choices: [] });
    expect(chunks.at(-1)!.usage).toBeUndefined();
    expect(chunks.at(-2)).toMatchObject({ choices: [{ finish_reason: 'tool_calls' }], usage: { num_sources_used: 0 } });
  });

  it('answers an incorrect key with a 400 and no key with a 401', async () => {
    const sim = simFor(xai);
    expect((await send(xai, sim, '/chat/completions', { key: 'sk-not-xai-key', body: chatBody(xai) })).status).toBe(400);
    expect((await send(xai, sim, '/chat/completions', { key: null, body: chatBody(xai) })).status).toBe(401);
  });
});
