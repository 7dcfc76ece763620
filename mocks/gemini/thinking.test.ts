/**
 * Thinking per model family (ai.google.dev/gemini-api/docs/thinking): thought-summary parts and
 * thoughtsTokenCount, budgets (0 turns 2.5 Flash off; 2.5 Pro cannot be turned off; ranges), levels on
 * Gemini 3 only, thinking refused on 2.0, and maxOutputTokens spent entirely on thinking.
 */
import { describe, expect, it } from 'vitest';
import { ThinkingLevel } from '@google/genai';
import { createGeminiSimulator } from './index.ts';
import { geminiClient, sdkError } from './test-kit.ts';

const ai = geminiClient(createGeminiSimulator());
const ask = (model: string, thinkingConfig: Record<string, unknown>, maxOutputTokens?: number) =>
  ai.models.generateContent({ model, contents: 'Why is the sky blue?', config: { thinkingConfig, ...(maxOutputTokens ? { maxOutputTokens } : {}) } });

describe('gemini thinking', () => {
  it('returns thought summaries when asked, and always counts thinking tokens', async () => {
    const withThoughts = await ask('gemini-2.5-pro', { includeThoughts: true });
    const parts = withThoughts.candidates![0]!.content!.parts!;
    expect(parts[0]).toMatchObject({ thought: true, text: expect.stringMatching(/^\*\*/) });
    expect(parts.slice(1).every((p) => !p.thought)).toBe(true);
    expect(withThoughts.usageMetadata!.thoughtsTokenCount).toBeGreaterThan(0);
    const quiet = await ask('gemini-2.5-pro', {});
    expect(quiet.candidates![0]!.content!.parts!.some((p) => p.thought)).toBe(false);
    expect(quiet.usageMetadata!.thoughtsTokenCount).toBeGreaterThan(0);
  });

  it('honours budgets: 0 turns Flash off, a budget bounds the thoughts, Flash-Lite does not think by default', async () => {
    expect((await ask('gemini-2.5-flash', { thinkingBudget: 0 })).usageMetadata!.thoughtsTokenCount).toBeUndefined();
    expect((await ask('gemini-2.5-flash', { thinkingBudget: 50 })).usageMetadata!.thoughtsTokenCount).toBeLessThanOrEqual(50);
    expect((await ask('gemini-2.5-flash-lite', {})).usageMetadata!.thoughtsTokenCount).toBeUndefined();
  });

  it('refuses what a model cannot do, with the API messages', async () => {
    expect((await sdkError(ask('gemini-2.5-pro', { thinkingBudget: 0 }))).body.error.message).toBe('Budget 0 is invalid. This model only works in thinking mode.');
    expect((await sdkError(ask('gemini-2.5-flash', { thinkingBudget: 99999 }))).body.error.message)
      .toBe('The thinking budget 99999 is invalid. Please choose a value between 0 and 24576.');
    expect((await sdkError(ask('gemini-2.5-flash', { thinkingLevel: ThinkingLevel.LOW }))).body.error.message).toBe('Thinking level is not supported for this model.');
    expect((await sdkError(ask('gemini-3-pro-preview', { thinkingLevel: ThinkingLevel.MINIMAL }))).body.error.message)
      .toBe("'minimal' is not a supported thinking level for this model. Allowed values are: low, high.");
    const old = await sdkError(ask('gemini-2.0-flash', { includeThoughts: true }));
    expect(old.status).toBe(400);
    expect(old.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'thinking_config is not supported.' });
  });

  it('uses levels on Gemini 3 and spends maxOutputTokens on thinking first', async () => {
    const low = await ask('gemini-3-flash-preview', { thinkingLevel: ThinkingLevel.LOW });
    const high = await ask('gemini-3-flash-preview', { thinkingLevel: ThinkingLevel.HIGH });
    expect(low.usageMetadata!.thoughtsTokenCount!).toBeLessThan(high.usageMetadata!.thoughtsTokenCount!);
    const starved = await ask('gemini-2.5-pro', {}, 20);
    expect(starved.candidates![0]!.finishReason).toBe('MAX_TOKENS');
    expect(starved.candidates![0]!.content).toEqual({ role: 'model' });
    expect(starved.usageMetadata).toMatchObject({ thoughtsTokenCount: 20 });
    expect(starved.usageMetadata!.candidatesTokenCount).toBeUndefined();
  });
});
