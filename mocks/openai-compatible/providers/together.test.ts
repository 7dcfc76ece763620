/**
 * Together's documented quirks: GET /models as a bare array, chunk choices with text/seed and token ids,
 * usage on the final chunk without being asked, `response_format.schema` at the top level, `reasoning`.
 */
import { describe, expect, it } from 'vitest';
import { ask, chatBody, CITY_SCHEMA, sdkFor, send, simFor, sseChunks } from '../test-kit.ts';
import { together } from './together.ts';

const sim = () => simFor(together, () => true);

describe('together', () => {
  it('lists models as a bare array (the openai SDK sees an empty page)', async () => {
    const list = await (await send(together, sim(), '/models')).json() as Record<string, unknown>[];
    expect(Array.isArray(list)).toBe(true);
    expect(list[0]).toMatchObject({ id: together.defaultModel, object: 'model', type: 'chat', context_length: expect.any(Number) });
    const page = await sdkFor(together, sim()).models.list();
    expect(page.data).toEqual([]);
  });

  it('streams token ids, choice text and a seed, with usage on the final chunk unasked', async () => {
    const { chunks } = await sseChunks(await send(together, sim(), '/chat/completions', { body: chatBody(together, { stream: true }) }));
    const content = chunks.map((c) => (c.choices as Record<string, unknown>[])[0]!).filter((ch) => (ch.delta as { content?: string }).content);
    expect(content.every((ch) => typeof (ch.delta as { token_id?: number }).token_id === 'number' && ch.text === (ch.delta as { content: string }).content)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ usage: { prompt_tokens: expect.any(Number) }, choices: [{ finish_reason: 'stop', seed: expect.any(Number) }] });
    expect(chunks.slice(0, -1).every((c) => !c.usage)).toBe(true);
  });

  it('accepts response_format with the schema at the top level', async () => {
    const body = await (await send(together, sim(), '/chat/completions', { body: chatBody(together, { response_format: { type: 'json_schema', schema: CITY_SCHEMA } }) })).json() as { choices: { message: { content: string } }[] };
    expect(Object.keys(JSON.parse(body.choices[0]!.message.content) as object).sort()).toEqual(['city', 'population']);
  });

  it('returns DeepSeek-R1 thinking in the reasoning field', async () => {
    const completion = await sdkFor(together, sim()).chat.completions.create({ model: 'deepseek-ai/DeepSeek-R1', messages: ask('Why?') });
    expect((completion.choices[0]!.message as unknown as { reasoning: string }).reasoning.length).toBeGreaterThan(20);
  });
});
