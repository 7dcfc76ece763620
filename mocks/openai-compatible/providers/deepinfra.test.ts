/**
 * DeepInfra's documented quirks: usage (with estimated_cost) on the final chunk of every stream,
 * DeepSeek-R1 `reasoning_content` switched off by reasoning_effort "none", FastAPI 422 validation bodies,
 * unknown parameters ignored.
 */
import { describe, expect, it } from 'vitest';
import { ask, chatBody, send, simFor, sseChunks } from '../test-kit.ts';
import { deepinfra } from './deepinfra.ts';

const post = (body: Record<string, unknown>) => send(deepinfra, simFor(deepinfra, () => true), '/chat/completions', { body });

describe('deepinfra', () => {
  it('puts usage with estimated_cost on the final chunk of every stream', async () => {
    const { chunks } = await sseChunks(await post(chatBody(deepinfra, { stream: true })));
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }], usage: { estimated_cost: expect.any(Number), prompt_tokens: expect.any(Number) } });
  });

  it('returns reasoning_content on DeepSeek-R1 unless reasoning_effort is "none"', async () => {
    const on = await (await post({ model: 'deepseek-ai/DeepSeek-R1', messages: ask('Why?') })).json() as { choices: { message: Record<string, unknown> }[] };
    expect(on.choices[0]!.message.reasoning_content).toEqual(expect.any(String));
    const off = await (await post({ model: 'deepseek-ai/DeepSeek-R1', messages: ask('Why?'), reasoning_effort: 'none' })).json() as { choices: { message: Record<string, unknown> }[] };
    expect(off.choices[0]!.message.reasoning_content).toBeUndefined();
  });

  it('answers validation problems with FastAPI 422 details and ignores unknown parameters', async () => {
    const bad = await post(chatBody(deepinfra, { n: 0 }));
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ detail: [{ type: 'value_error', loc: ['body', 'n'], msg: "Value error, 'n' must be an integer between 1 and 16", input: null }] });
    expect((await post(chatBody(deepinfra, { some_future_param: true }))).status).toBe(200);
  });

  it('lists models OpenAI-style', async () => {
    const list = await (await send(deepinfra, simFor(deepinfra), '/models')).json() as { object: string; data: { id: string; owned_by: string }[] };
    expect(list.object).toBe('list');
    expect(list.data.map((m) => m.id)).toContain(deepinfra.defaultModel);
  });
});
