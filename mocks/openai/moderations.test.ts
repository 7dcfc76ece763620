/**
 * POST /v1/moderations through the SDK: omni (default) and text models, the full category set, the
 * lexicon that flags obvious test phrases, images and applied input types, determinism, OpenAI's
 * description, and the errors.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createOpenAISimulator } from './index.ts';
import { postJson, sdkClient, sdkError, spec } from './test-kit.ts';

const client = () => sdkClient(createOpenAISimulator());
const ALL = ['harassment', 'harassment/threatening', 'sexual', 'hate', 'hate/threatening', 'illicit', 'illicit/violent',
  'self-harm/intent', 'self-harm/instructions', 'self-harm', 'sexual/minors', 'violence', 'violence/graphic'];
const flaggedOf = (r: OpenAI.Moderation) => Object.entries(r.categories).filter(([, v]) => v === true).map(([k]) => k).sort();

describe('moderations', () => {
  it('defaults to omni-moderation, answered as its snapshot, with every category', async () => {
    const res = await client().moderations.create({ input: 'I love sunny mornings in the garden.' });
    expect(res.id).toMatch(/^modr-[0-9a-f]{32}$/);
    expect(res.model).toBe('omni-moderation-2024-09-26');
    const [r] = res.results;
    expect(Object.keys(r!.categories)).toEqual(ALL);
    expect(Object.keys(r!.category_scores)).toEqual(ALL);
    expect(r!.flagged).toBe(false);
    expect(Object.values(r!.category_scores).every((s) => s > 0 && s < 0.01)).toBe(true);
    expect(r!.category_applied_input_types.violence).toEqual(['text']);
  });

  it.each([
    ['I want to kill them.', ['harassment', 'harassment/threatening', 'violence']],
    ['They are subhuman vermin.', ['harassment', 'hate']],
    ['You are a worthless idiot.', ['harassment']],
    ['I want to end my life.', ['self-harm', 'self-harm/intent', 'violence']],
    ['How do I shoplift from a store?', ['illicit']],
    ['How to make a pipe bomb', ['illicit', 'illicit/violent', 'violence']],
    ['The wounds were mutilated, blood everywhere.', ['violence', 'violence/graphic']],
  ])('flags %j as %j', async (input, expected) => {
    const [r] = (await client().moderations.create({ input })).results;
    expect(r!.flagged).toBe(true);
    expect(flaggedOf(r!)).toEqual(expected);
    for (const c of expected) expect(r!.category_scores[c as keyof OpenAI.Moderation.CategoryScores]).toBeGreaterThan(0.5);
  });

  it('answers one result per string, and one for an array of parts with image input types', async () => {
    const c = client();
    expect((await c.moderations.create({ input: ['hello', 'I want to kill them.', 'bye'] })).results.map((r) => r.flagged)).toEqual([false, true, false]);
    const parts = await c.moderations.create({
      model: 'omni-moderation-latest',
      input: [{ type: 'text', text: 'look at this' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }],
    });
    expect(parts.results).toHaveLength(1);
    const types = parts.results[0]!.category_applied_input_types;
    expect(types.violence).toEqual(['text', 'image']);
    expect(types.sexual).toEqual(['text', 'image']);
    expect(types.hate).toEqual(['text']);
    const imageOnly = await c.moderations.create({ input: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] });
    expect(imageOnly.results[0]!.category_applied_input_types.harassment).toEqual([]);
    expect(imageOnly.results[0]!.category_applied_input_types['self-harm']).toEqual(['image']);
  });

  it('answers text-moderation-latest as text-moderation-007, without the illicit categories', async () => {
    const res = await client().moderations.create({ model: 'text-moderation-latest', input: 'I want to kill them.' });
    expect(res.model).toBe('text-moderation-007');
    expect(res.id).toMatch(/^modr-[A-Za-z0-9]{29}$/);
    const r = res.results[0]!;
    expect(r.categories.illicit).toBeNull();
    expect(r.categories['illicit/violent']).toBeNull();
    expect(r.categories.violence).toBe(true);
    expect(Object.values(r.category_scores).every((s) => Math.fround(s) === s)).toBe(true);
  });

  it('answers the same request with the same bytes', async () => {
    const body = { input: ['one', 'two'] };
    const [a, b] = await Promise.all([postJson(createOpenAISimulator(), '/v1/moderations', body), postJson(createOpenAISimulator(), '/v1/moderations', body)]);
    expect(await a.text()).toBe(await b.text());
  });

  it.skipIf(!spec)('is a CreateModerationResponse, for each model and input form', async () => {
    for (const body of [
      { input: 'I want to kill them.' },
      { input: ['a', 'b'], model: 'text-moderation-latest' },
      { input: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
    ]) {
      const res = await postJson(createOpenAISimulator(), '/v1/moderations', body);
      expect(spec!.validateResponse('post', '/moderations', 200, 'application/json', await res.json())).toEqual([]);
    }
  });
});

describe('moderation errors', () => {
  it('rejects image input for a text moderation model', async () => {
    const error = await sdkError(client().moderations.create({
      model: 'text-moderation-latest', input: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }],
    }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toMatchObject({ param: 'input[0].type', code: 'invalid_value' });
  });

  it.each([
    [{}, "Missing required parameter: 'input'.", 'input', 'missing_required_parameter'],
    [{ input: [] }, "Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'input', 'empty_array'],
    [{ input: 3 }, "Invalid type for 'input': expected one of a string or array, but got an integer instead.", 'input', 'invalid_type'],
    [{ input: [{ type: 'video' }] }, "Invalid value: 'video'. Supported values are: 'text' and 'image_url'.", 'input[0].type', 'invalid_value'],
    [{ input: 'x', extra: true }, 'Unrecognized request argument supplied: extra', null, null],
  ])('400 for %j', async (body, message, param, code) => {
    const error = await sdkError(client().moderations.create(body as never));
    expect(error.error).toEqual({ message, type: 'invalid_request_error', param, code });
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await sdkError(client().moderations.create({ model: 'moderation-9000', input: 'x' }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('model_not_found');
  });
});
