/**
 * SambaNova's documented quirks: penalties and logit_bias accepted and ignored, its decimal-range 400s,
 * n up to 8 and never with tools, model_not_found as a 400, OpenAI-style usage chunk with SambaNova's
 * throughput metrics, DeepSeek-R1 thinking in `<think>` tags.
 */
import { describe, expect, it } from 'vitest';
import { ask, chatBody, send, simFor, sseChunks, WEATHER_TOOL } from '../test-kit.ts';
import { sambanova } from './sambanova.ts';

const post = (body: Record<string, unknown>) => send(sambanova, simFor(sambanova, () => true), '/chat/completions', { body });

describe('sambanova', () => {
  it('ignores presence_penalty, frequency_penalty and logit_bias', async () => {
    const plain = await (await post(chatBody(sambanova))).text();
    const penalised = await post(chatBody(sambanova, { presence_penalty: 1.5, frequency_penalty: -1, logit_bias: { 12: 5 } }));
    expect(penalised.status).toBe(200);
    const choices = (text: string) => (JSON.parse(text) as { choices: unknown }).choices;
    expect(choices(await penalised.text())).toEqual(choices(plain));
  });

  it('answers out-of-range decimals in its documented words', async () => {
    const res = await post(chatBody(sambanova, { top_p: 100 }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: 'Decimal above maximum value. Expected a value between 0 and 1, but got 100 instead.', type: 'invalid_request_error', param: 'top_p', code: 'decimal_above_max_value' } });
  });

  it('allows n up to 8, not with tools', async () => {
    const eight = await (await post(chatBody(sambanova, { n: 8 }))).json() as { choices: unknown[] };
    expect(eight.choices).toHaveLength(8);
    expect((await post(chatBody(sambanova, { n: 9 }))).status).toBe(400);
    const withTools = await post({ model: sambanova.defaultModel, messages: ask('Weather?'), tools: [WEATHER_TOOL], n: 2 });
    expect(withTools.status).toBe(400);
  });

  it('streams usage in a trailing choices-free chunk, with its metrics, only when asked', async () => {
    const asked = (await sseChunks(await post(chatBody(sambanova, { stream: true, stream_options: { include_usage: true } })))).chunks;
    expect(asked.at(-1)).toMatchObject({ choices: [], usage: { time_to_first_token: expect.any(Number), total_tokens_per_sec: expect.any(Number), is_last_response: true } });
    const silent = (await sseChunks(await post(chatBody(sambanova, { stream: true })))).chunks;
    expect(silent.some((c) => c.usage)).toBe(false);
  });

  it('shows DeepSeek-R1 thinking in <think> tags', async () => {
    const body = await (await post({ model: 'DeepSeek-R1-0528', messages: ask('Why?') })).json() as { choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toMatch(/^<think>\n[\s\S]+\n<\/think>\n\n/);
  });
});
