/**
 * The capability matrix, honoured: for every column, a probe request that exercises it succeeds when
 * spec/capabilities.yaml says Cohere offers the column and is refused with Cohere's 422 "unknown
 * field" naming the parameter when it does not (expectations read from the matrix, so they follow
 * it). Injected answers exercise both branches whatever the matrix currently says.
 */
import { describe, expect, it } from 'vitest';
import { CAPABILITY_COLUMNS, providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { parameterFor } from './capabilities.ts';
import { createCohereSimulator } from './index.ts';
import { post, user, weatherTool } from './test-kit.ts';

const base = { model: 'command-a-03-2025', messages: [user('What is the weather in Lima?')] };

/** A request that exercises each column (prompt caching has no request parameter). */
const PROBES: Record<Exclude<CapabilityColumn, 'prompt_caching'>, Record<string, unknown>> = {
  stream: { ...base, stream: true },
  non_stream: { ...base, stream: false },
  tools: { ...base, tools: [weatherTool] },
  json_mode: { ...base, response_format: { type: 'json_object' } },
  schema_mode: { ...base, response_format: { type: 'json_object', json_schema: { type: 'object', properties: { a: { type: 'string' } } } } },
  structured_output: { ...base, tools: [weatherTool], strict_tools: true },
  reasoning: { ...base, model: 'command-a-reasoning-08-2025', thinking: { type: 'enabled', token_budget: 100 } },
};
const probed = CAPABILITY_COLUMNS.filter((c): c is keyof typeof PROBES => c in PROBES);

async function expectRefused(response: Response, parameter: string) {
  expect(response.status).toBe(422);
  expect((await response.json()).message).toMatch(new RegExp(`^unknown field: parameter '${parameter}' is not a valid field`));
}

describe('capability matrix', () => {
  it.each(probed)('%s: answered as spec/capabilities.yaml says', async (column) => {
    const body = PROBES[column];
    const offersAllElse = (c: CapabilityColumn) => c === column ? providerOffers('cohere', column) : true;
    const response = await post(createCohereSimulator({ offers: offersAllElse }), '/v2/chat', body);
    if (providerOffers('cohere', column)) expect(response.status).toBe(200);
    else await expectRefused(response, parameterFor(column, body)!);
  });

  it.each(probed)('%s: refused when not offered, accepted when offered', async (column) => {
    const body = PROBES[column];
    const without = createCohereSimulator({ offers: (c) => c !== column });
    await expectRefused(await post(without, '/v2/chat', body), parameterFor(column, body)!);
    const withIt = createCohereSimulator({ offers: () => true });
    expect((await post(withIt, '/v2/chat', body)).status).toBe(200);
  });

  it('the default simulator reads the matrix itself', async () => {
    const response = await post(createCohereSimulator(), '/v2/chat', PROBES.tools);
    expect(response.status).toBe(providerOffers('cohere', 'tools') ? 200 : 422);
  });

  it('prompt_caching: the default simulator reports cached_tokens only if the matrix says Cohere offers it', async () => {
    const sim = createCohereSimulator();
    const body = { ...base, messages: [user(Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' '))] };
    await post(sim, '/v2/chat', body);
    const second = await (await post(sim, '/v2/chat', body)).json();
    expect(second.usage.cached_tokens !== undefined).toBe(providerOffers('cohere', 'prompt_caching'));
  });

  it('without reasoning, reasoning models answer without thinking content', async () => {
    const sim = createCohereSimulator({ offers: (c) => c !== 'reasoning' });
    const raw = await (await post(sim, '/v2/chat', { ...base, model: 'command-a-reasoning-08-2025' })).json();
    expect(raw.message.content.map((c: { type: string }) => c.type)).toEqual(['text']);
  });
});
