/**
 * The Models API through the SDK: the catalog (every API's models), retrieval, OpenAI's 404, fine-tuned
 * models from the instance's `customModels`, their deletion, and OpenAI's description.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createOpenAISimulator } from './index.ts';
import { catalogModel, findChatModel, isModelKind, MODEL_CATALOG } from './models.ts';
import { modelsRoutes } from './models-api.ts';
import { routesFetch, sdkClient, sdkError, spec, stubSim } from './test-kit.ts';

const SEED_MODELS = [
  'gpt-image-1', 'dall-e-2', 'dall-e-3', 'tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe',
  'omni-moderation-latest', 'text-moderation-latest', 'gpt-4o-realtime-preview', 'gpt-realtime',
  'text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002', 'gpt-4o', 'gpt-4o-mini', 'o3-mini',
];

describe('models', () => {
  it('lists chat, embedding, image, audio, moderation and realtime models (SDK pagination)', async () => {
    const ids: string[] = [];
    for await (const model of sdkClient(createOpenAISimulator()).models.list()) {
      expect(model).toEqual({ id: expect.any(String), object: 'model', created: expect.any(Number), owned_by: expect.any(String) });
      ids.push(model.id);
    }
    for (const id of SEED_MODELS) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('retrieves one model, and answers an unknown one with OpenAI\'s 404', async () => {
    const client = sdkClient(createOpenAISimulator());
    expect(await client.models.retrieve('gpt-4o-mini')).toEqual({ id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' });
    expect((await client.models.retrieve('whisper-1')).owned_by).toBe('openai-internal');
    const error = await sdkError(client.models.retrieve('gpt-9'));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.error).toEqual({ message: "The model 'gpt-9' does not exist", type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
  });

  it('includes, retrieves and deletes the instance\'s fine-tuned models', async () => {
    const ft = 'ft:gpt-4o-mini-2024-07-18:touchstone::Zz9Yy8Xx';
    const sim = stubSim({ customModels: new Map([[ft, 'gpt-4o-mini-2024-07-18']]) });
    const client = sdkClient({ fetch: routesFetch(modelsRoutes(sim)) });
    const listed = (await client.models.list()).data.map((m) => m.id);
    expect(listed.at(-1)).toBe(ft);
    expect(await client.models.retrieve(ft)).toEqual({ id: ft, object: 'model', created: 1735689600, owned_by: 'org-touchstone' });
    expect(await client.models.delete(ft)).toEqual({ id: ft, object: 'model', deleted: true });
    expect((await sdkError(client.models.retrieve(ft))).status).toBe(404);
    expect((await sdkError(client.models.delete('gpt-4o'))).status).toBe(403);
  });

  it('exports lookups other modules share', () => {
    expect(catalogModel('dall-e-3')?.kind).toBe('image');
    expect(isModelKind('whisper-1', 'transcription')).toBe(true);
    expect(isModelKind('gpt-4o', 'image')).toBe(false);
    expect(findChatModel('ft:x', new Map([['ft:x', 'gpt-4o']]))?.snapshot).toBe('ft:x');
    expect(MODEL_CATALOG.filter((m) => m.kind === 'embedding').map((m) => m.id)).toEqual(['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002']);
  });

  it.skipIf(!spec)('answers a ListModelsResponse and Model objects', async () => {
    const sim = createOpenAISimulator();
    const headers = { authorization: 'Bearer sk-test' };
    const list = await (await sim.fetch(new Request('http://sim.test/v1/models', { headers }))).json();
    expect(spec!.validateResponse('get', '/models', 200, 'application/json', list)).toEqual([]);
    const one = await (await sim.fetch(new Request('http://sim.test/v1/models/dall-e-3', { headers }))).json();
    expect(spec!.validateResponse('get', '/models/{model}', 200, 'application/json', one)).toEqual([]);
    expect(spec!.validateSchema('Model', one)).toEqual([]);
  });
});
