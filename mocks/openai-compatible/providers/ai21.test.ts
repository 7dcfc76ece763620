/**
 * AI21's documented quirks: /studio/v1 paths, Jamba's 4096-token output ceiling and n rules as FastAPI
 * 422s, no models endpoint, usage on a stream's last message, JSON mode but no json_schema.
 */
import { describe, expect, it } from 'vitest';
import { chatBody, send, simFor, sseChunks } from '../test-kit.ts';
import { ai21 } from './ai21.ts';

const post = (body: Record<string, unknown>) => send(ai21, simFor(ai21), '/chat/completions', { body });

describe('ai21', () => {
  it('caps max_tokens at 4096 and n at 1 when streaming, as 422s', async () => {
    const big = await post(chatBody(ai21, { max_tokens: 5000 }));
    expect([big.status, await big.json()]).toEqual([422, { detail: [{ type: 'less_than_equal', loc: ['body', 'max_tokens'], msg: 'Input should be less than or equal to 4096', input: 5000, ctx: { le: 4096 } }] }]);
    expect((await post(chatBody(ai21, { n: 2, stream: true }))).status).toBe(422);
    expect(((await (await post(chatBody(ai21, { n: 3 }))).json()) as { choices: unknown[] }).choices).toHaveLength(3);
  });

  it('has no models endpoint', async () => {
    const res = await send(ai21, simFor(ai21), '/models');
    expect([res.status, await res.json()]).toEqual([404, { detail: 'Not Found' }]);
  });

  it("puts usage on a stream's last message", async () => {
    const { chunks } = await sseChunks(await post(chatBody(ai21, { stream: true })));
    expect(chunks.at(-1)).toMatchObject({ usage: { total_tokens: expect.any(Number) }, choices: [{ finish_reason: 'stop' }] });
  });

  it('refuses json_schema as a literal error when the matrix says it has no schema mode', async () => {
    const res = await send(ai21, simFor(ai21, (c) => c !== 'schema_mode'), '/chat/completions', { body: chatBody(ai21, { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } }) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('"msg":"Input should be \'text\' or \'json_object\'"');
  });
});
