/**
 * Prompt caching and the side APIs: implicit cache hits on a repeated long prefix (above the model's
 * minimum only), explicit caches through the SDK (create, use, get, list, delete, the API's refusals),
 * countTokens agreeing with promptTokenCount, and the models list / get.
 */
import { describe, expect, it } from 'vitest';
import { createGeminiSimulator } from './index.ts';
import { geminiClient, sdkError } from './test-kit.ts';

const longText = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 50}`).join(' ');

describe('gemini prompt caching', () => {
  it('reports implicit cache hits for a repeated prefix above the model minimum', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const prefix = longText(1500);
    const first = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: `${prefix} first question` });
    expect(first.usageMetadata!.cachedContentTokenCount).toBeUndefined();
    const second = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: `${prefix} second question` });
    const cached = second.usageMetadata!.cachedContentTokenCount!;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached).toBeLessThan(second.usageMetadata!.promptTokenCount!);
    expect(second.usageMetadata!.cacheTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: cached }]);
    const short = 'short shared prefix';
    await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: `${short} one` });
    expect((await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: `${short} two` })).usageMetadata!.cachedContentTokenCount).toBeUndefined();
  });

  it('creates, uses, lists and deletes explicit caches through the SDK', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const cache = await ai.caches.create({ model: 'gemini-2.5-flash', config: { contents: [{ role: 'user', parts: [{ text: longText(1200) }] }], systemInstruction: 'Answer briefly.', ttl: '600s', displayName: 'doc' } });
    expect(cache.name).toMatch(/^cachedContents\/[a-z0-9]{12}$/);
    expect(cache).toMatchObject({ model: 'models/gemini-2.5-flash', displayName: 'doc', createTime: '2025-01-01T00:00:00.000000Z', expireTime: '2025-01-01T00:10:00.000000Z' });
    const total = cache.usageMetadata!.totalTokenCount!;
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'summarise it', config: { cachedContent: cache.name! } });
    expect(res.usageMetadata!.cachedContentTokenCount).toBe(total);
    expect(res.usageMetadata!.promptTokenCount).toBe(total + 2);
    expect((await ai.caches.get({ name: cache.name! })).name).toBe(cache.name);
    const listed = [];
    for await (const c of await ai.caches.list()) listed.push(c.name);
    expect(listed).toEqual([cache.name]);

    const mixed = await sdkError(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { cachedContent: cache.name!, systemInstruction: 'no' } }));
    expect(mixed.body.error.message).toMatch(/^CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config\./);
    const otherModel = await sdkError(ai.models.generateContent({ model: 'gemini-2.5-pro', contents: 'x', config: { cachedContent: cache.name! } }));
    expect(otherModel.body.error.message).toBe('Model used by GenerateContent request (models/gemini-2.5-pro) and CachedContent (models/gemini-2.5-flash) has to be the same.');
    await ai.caches.delete({ name: cache.name! });
    const gone = await sdkError(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x', config: { cachedContent: cache.name! } }));
    expect(gone.status).toBe(403);
    expect(gone.body.error).toMatchObject({ status: 'PERMISSION_DENIED', message: 'CachedContent not found (or permission denied)' });
    const small = await sdkError(ai.caches.create({ model: 'gemini-2.5-flash', config: { contents: 'tiny' } }));
    expect(small.body.error.message).toMatch(/^Cached content is too small\. total_token_count=1, min_total_token_count=1024$/);
  });

  it('expires caches on the simulator clock', async () => {
    let now = Date.UTC(2025, 0, 1);
    const ai = geminiClient(createGeminiSimulator({ now: () => now }));
    const cache = await ai.caches.create({ model: 'gemini-2.5-flash', config: { contents: longText(1100), ttl: '60s' } });
    now += 61_000;
    expect((await sdkError(ai.caches.get({ name: cache.name! }))).status).toBe(403);
  });
});

describe('gemini countTokens and models', () => {
  it('counts the prompt exactly as generateContent reports it', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const contents = [{ role: 'user', parts: [{ text: 'How many tokens are in this sentence, exactly?' }] }];
    const counted = await ai.models.countTokens({ model: 'gemini-2.5-flash', contents });
    const generated = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents });
    expect(counted.totalTokens).toBe(generated.usageMetadata!.promptTokenCount);
  });

  it('lists and gets models', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const names = [];
    for await (const m of await ai.models.list({ config: { pageSize: 4 } })) names.push(m.name);
    expect(names).toContain('models/gemini-2.5-flash');
    expect(new Set(names).size).toBe(names.length);
    const model = await ai.models.get({ model: 'gemini-2.5-pro' });
    expect(model).toMatchObject({ name: 'models/gemini-2.5-pro', inputTokenLimit: 1048576, outputTokenLimit: 65536, thinking: true });
    expect(model.supportedActions).toContain('generateContent');
  });
});
