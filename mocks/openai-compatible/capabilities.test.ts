/**
 * The capability matrix, honoured at request time: for all 8 providers × 8 columns, expectations come
 * from spec/capabilities.yaml (`providerOffers`) — an offered feature works, an unoffered one is refused
 * exactly as the provider's table refuses a parameter (or dropped where it documents ignoring it).
 * A second pass refuses each column on its own through an injected matrix, so every refusal path runs
 * whatever the real matrix currently says.
 */
import { describe, expect, it } from 'vitest';
import { CAPABILITY_COLUMNS, providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import type { ProviderProfile, Refusal } from './profile.ts';
import { PROFILES } from './providers/index.ts';
import { ask, cachedTokensOf, cachingModel, CITY_SCHEMA, longPrompt, reasoningModel, send, simFor, sseChunks, WEATHER_TOOL } from './test-kit.ts';

type Offers = (column: CapabilityColumn) => boolean;

/** The table's answer for the first feature of `needs` the matrix does not offer (null: all offered). */
function refusalFor(profile: ProviderProfile, offers: Offers, needs: Refusal[]) {
  const refused = needs.find((r) => !offers(r.column));
  return refused ? profile.errors.unsupported(refused) : null;
}

async function expectAnswer(res: Response, expected: ReturnType<typeof refusalFor>): Promise<boolean> {
  if (expected === null || expected === 'ignore') {
    expect(res.status).toBe(200);
    return expected === null;
  }
  expect(res.status).toBe(expected.status);
  expect(await res.text()).toBe(expected.body);
  return false;
}

const json = async (res: Response) => (await res.json()) as { choices: { message: Record<string, unknown> }[]; usage: unknown };

const scenarios: Record<CapabilityColumn, (profile: ProviderProfile, offers: Offers) => Promise<void>> = {
  async stream(profile, offers) {
    const sim = simFor(profile, offers);
    const res = await send(profile, sim, '/chat/completions', { body: { model: profile.defaultModel, messages: ask('Hello there.'), stream: true } });
    const expected = refusalFor(profile, offers, [{ column: 'stream', param: 'stream', value: true }]);
    if (await expectAnswer(res, expected)) {
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect((await sseChunks(res)).done).toBe(true);
    }
  },
  async non_stream(profile, offers) {
    const res = await send(profile, simFor(profile, offers), '/chat/completions', { body: { model: profile.defaultModel, messages: ask('Hello there.') } });
    if (await expectAnswer(res, refusalFor(profile, offers, [{ column: 'non_stream', param: 'stream', value: false }]))) {
      expect((await json(res)).choices[0]!.message.role).toBe('assistant');
    }
  },
  async tools(profile, offers) {
    const body = { model: profile.defaultModel, messages: ask('What is the weather in Rome?'), tools: [WEATHER_TOOL] };
    const res = await send(profile, simFor(profile, offers), '/chat/completions', { body });
    const expected = refusalFor(profile, offers, [{ column: 'tools', param: 'tools', value: 1 }]);
    const answered = await expectAnswer(res, expected);
    if (expected === 'ignore') expect((await json(res)).choices[0]!.message.tool_calls).toBeUndefined();
    if (answered) expect((await json(res)).choices[0]!.message.tool_calls).toEqual([expect.objectContaining({ type: 'function' })]);
  },
  async json_mode(profile, offers) {
    const body = { model: profile.defaultModel, messages: ask('Answer in json.'), response_format: { type: 'json_object' } };
    const res = await send(profile, simFor(profile, offers), '/chat/completions', { body });
    if (await expectAnswer(res, refusalFor(profile, offers, [{ column: 'json_mode', param: 'response_format', value: 'json_object' }]))) {
      expect(JSON.parse((await json(res)).choices[0]!.message.content as string)).toBeTypeOf('object');
    }
  },
  async schema_mode(profile, offers) {
    const format = { type: 'json_schema', json_schema: { name: 'city', schema: CITY_SCHEMA } };
    const res = await send(profile, simFor(profile, offers), '/chat/completions', { body: { model: profile.defaultModel, messages: ask('Name a city.'), response_format: format } });
    if (await expectAnswer(res, refusalFor(profile, offers, [{ column: 'schema_mode', param: 'response_format', value: 'json_schema' }]))) {
      expect(Object.keys(JSON.parse((await json(res)).choices[0]!.message.content as string)).sort()).toEqual(['city', 'population']);
    }
  },
  async structured_output(profile, offers) {
    const format = { type: 'json_schema', json_schema: { name: 'city', schema: CITY_SCHEMA, strict: true } };
    const res = await send(profile, simFor(profile, offers), '/chat/completions', { body: { model: profile.defaultModel, messages: ask('Name a city.'), response_format: format } });
    const needs: Refusal[] = [{ column: 'schema_mode', param: 'response_format', value: 'json_schema' }, { column: 'structured_output', param: 'response_format', value: 'strict' }];
    if (await expectAnswer(res, refusalFor(profile, offers, needs))) {
      expect(JSON.parse((await json(res)).choices[0]!.message.content as string)).toEqual({ city: expect.any(String), population: expect.any(Number) });
    }
  },
  async prompt_caching(profile, offers) {
    const sim = simFor(profile, offers);
    const body = { model: cachingModel(profile).id, messages: [{ role: 'system', content: longPrompt() }, { role: 'user', content: 'Summarise the rules.' }] };
    const first = await json(await send(profile, sim, '/chat/completions', { body }));
    const second = await json(await send(profile, sim, '/chat/completions', { body }));
    expect(cachedTokensOf(first.usage)).toBe(0);
    if (offers('prompt_caching')) expect(cachedTokensOf(second.usage)).toBeGreaterThanOrEqual(profile.cache.minTokens);
    else expect(cachedTokensOf(second.usage)).toBe(0);
  },
  async reasoning(profile, offers) {
    const sim = simFor(profile, offers);
    const thinker = reasoningModel(profile);
    if (thinker) {
      const res = await send(profile, sim, '/chat/completions', { body: { model: thinker.id, messages: ask('Why is the sky blue?') } });
      if (!offers('reasoning')) {
        const missing = profile.errors.modelNotFound(thinker.id);
        expect([res.status, await res.text()]).toEqual([missing.status, missing.body]);
      } else {
        const text = await res.text();
        expect(res.status).toBe(200);
        expect(text).toMatch(thinker.reasoning!.display === 'think' ? /<think>/ : thinker.reasoning!.display === 'field' ? `"${profile.reasoningField}":` : /"reasoning_tokens":[1-9]/);
      }
    }
    if (!offers('reasoning')) {
      const res = await send(profile, sim, '/chat/completions', { body: { model: profile.defaultModel, messages: ask('Hello.'), reasoning_effort: 'low' } });
      await expectAnswer(res, refusalFor(profile, offers, [{ column: 'reasoning', param: 'reasoning_effort', value: 'low' }]));
    }
  },
};

describe.each(PROFILES.map((p) => [p.name, p] as const))('%s against spec/capabilities.yaml', (_name, profile) => {
  it.each(CAPABILITY_COLUMNS.map((c) => [c, providerOffers(profile.name, c) ? 'offered' : 'not offered'] as const))('%s (%s)', async (column) => {
    await scenarios[column](profile, (c) => providerOffers(profile.name, c));
  });
});

describe.each(PROFILES.map((p) => [p.name, p] as const))('%s with one column refused', (_name, profile) => {
  it.each([...CAPABILITY_COLUMNS])('%s refused as the provider refuses it', async (column) => {
    await scenarios[column](profile, (c) => c !== column);
  });
});
