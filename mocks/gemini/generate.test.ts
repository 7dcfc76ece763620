/**
 * generateContent through the official SDK: the answer's shape and accounting, determinism (same
 * request → same bytes, whatever the key order), generation controls (candidateCount, stop sequences,
 * maxOutputTokens), media token counts, safetyRatings by model generation, scripted finish reasons.
 */
import { describe, expect, it } from 'vitest';
import { FinishReason } from '@google/genai';
import { createGeminiSimulator } from './index.ts';
import { geminiClient, post, userText } from './test-kit.ts';

const PNG_1000x500 = (() => {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  bytes.writeUInt32BE(13, 8); bytes.write('IHDR', 12); bytes.writeUInt32BE(1000, 16); bytes.writeUInt32BE(500, 20);
  return bytes.toString('base64');
})();

describe('gemini generateContent', () => {
  it('answers with a candidate, usage, modelVersion and responseId the SDK parses', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Tell me about rivers', config: { systemInstruction: 'Be brief.' } });
    expect(res.text).toMatch(/\w+/);
    expect(res.candidates![0]).toMatchObject({ finishReason: FinishReason.STOP, index: 0, content: { role: 'model' } });
    expect(res.candidates![0]!.safetyRatings).toBeUndefined();
    expect(res.modelVersion).toBe('gemini-2.5-flash');
    expect(res.responseId).toMatch(/^[\w-]{23}$/);
    const u = res.usageMetadata!;
    expect(u.promptTokenCount).toBeGreaterThan(0);
    expect(u.totalTokenCount).toBe(u.promptTokenCount! + u.candidatesTokenCount! + (u.thoughtsTokenCount ?? 0));
    expect(u.promptTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: u.promptTokenCount }]);
  });

  it('is deterministic: same request → same bytes; key order and spelling do not matter', async () => {
    const sim = createGeminiSimulator();
    const path = '/v1beta/models/gemini-2.5-flash:generateContent';
    const a = await (await post(sim, path, { contents: [userText('hello')], generationConfig: { temperature: 0.5 } })).text();
    const b = await (await post(sim, path, { generation_config: { temperature: 0.5 }, contents: [{ parts: [{ text: 'hello' }], role: 'user' }] })).text();
    const c = await (await post(sim, path, { contents: [userText('hello!')] })).text();
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(a).toMatch(/^\{\n {2}"candidates": \[/);
    expect(a.endsWith('}\n')).toBe(true);
  });

  it('honours candidateCount, stopSequences and maxOutputTokens', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const model = 'gemini-2.0-flash';
    const two = await ai.models.generateContent({ model, contents: 'two please', config: { candidateCount: 2 } });
    expect(two.candidates!.map((c) => c.index)).toEqual([0, 1]);
    const full = await ai.models.generateContent({ model, contents: 'stop test' });
    const word = full.text!.split(' ')[3]!;
    const stopped = await ai.models.generateContent({ model, contents: 'stop test', config: { stopSequences: [word] } });
    expect(full.text!.startsWith(stopped.text ?? '')).toBe(true);
    expect(stopped.text ?? '').not.toContain(word);
    const short = await ai.models.generateContent({ model, contents: 'a long answer please', config: { maxOutputTokens: 3 } });
    expect(short.candidates![0]!.finishReason).toBe(FinishReason.MAX_TOKENS);
    expect(short.usageMetadata!.candidatesTokenCount).toBe(3);
  });

  it('counts media by the documented rates, per modality', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-flash-lite',
      contents: [{ role: 'user', parts: [{ text: 'describe' }, { inlineData: { mimeType: 'image/png', data: PNG_1000x500 } }] }],
    });
    expect(res.usageMetadata!.promptTokensDetails).toEqual([{ modality: 'TEXT', tokenCount: 1 }, { modality: 'IMAGE', tokenCount: 258 * 2 }]);
  });

  it('sends safetyRatings on 2.0 models only', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const res = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'hi' });
    expect(res.candidates![0]!.safetyRatings).toHaveLength(4);
    expect(res.candidates![0]!.safetyRatings![0]).toEqual({ category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' });
  });

  it('scripts finish reasons and prompt blocks with markers', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const blocked = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x [touchstone-finish:SAFETY]' });
    expect(blocked.candidates![0]!.finishReason).toBe(FinishReason.SAFETY);
    expect(blocked.candidates![0]!.content).toBeUndefined();
    expect(blocked.candidates![0]!.safetyRatings!.some((r) => r.blocked)).toBe(true);
    const malformed = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x [touchstone-finish:MALFORMED_FUNCTION_CALL]' });
    expect(malformed.candidates![0]).toMatchObject({ finishReason: 'MALFORMED_FUNCTION_CALL' });
    const prompt = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x [touchstone-block:PROHIBITED_CONTENT]' });
    expect(prompt.candidates).toBeUndefined();
    expect(prompt.promptFeedback!.blockReason).toBe('PROHIBITED_CONTENT');
  });

  it('uses the injectable clock only where the API shows time (Vertex createTime; nothing here)', async () => {
    const a = await (await post(createGeminiSimulator({ now: () => 0 }), '/v1beta/models/gemini-2.5-flash:generateContent', { contents: [userText('t')] })).text();
    const b = await (await post(createGeminiSimulator({ now: () => 9e12 }), '/v1beta/models/gemini-2.5-flash:generateContent', { contents: [userText('t')] })).text();
    expect(a).toBe(b);
  });
});
