/**
 * streamGenerateContent: the SDK's stream carries the same answer as generateContent, in pieces, the
 * last with finishReason and final usage; the wire framing is Google's (SSE with CRLF for `alt=sse`,
 * a streamed JSON array without); the journal sees the end; faults cut the stream or inject Google's
 * mid-stream error event, which the SDK raises as an ApiError.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '@google/genai';
import { readSse } from '../../lib/sse.ts';
import { createGeminiSimulator } from './index.ts';
import { geminiClient, post, userText } from './test-kit.ts';

const PATH = '/v1beta/models/gemini-2.5-flash:streamGenerateContent';

describe('gemini streamGenerateContent', () => {
  it('streams the same answer as generateContent, finishing with finishReason and full usage', async () => {
    const sim = createGeminiSimulator();
    const ai = geminiClient(sim);
    const request = { model: 'gemini-2.5-flash', contents: 'stream a story', config: { thinkingConfig: { includeThoughts: true } } };
    const whole = await ai.models.generateContent(request);
    const chunks = [];
    for await (const chunk of await ai.models.generateContentStream(request)) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    const parts = chunks.flatMap((c) => c.candidates?.[0]?.content?.parts ?? []);
    expect(parts.filter((p) => !p.thought).map((p) => p.text).join('')).toBe(whole.text);
    expect(parts.filter((p) => p.thought).map((p) => p.text).join('')).toBe(whole.candidates![0]!.content!.parts![0]!.text);
    const last = chunks.at(-1)!;
    expect(last.candidates![0]!.finishReason).toBe('STOP');
    expect(chunks.slice(0, -1).every((c) => c.candidates![0]!.finishReason === undefined)).toBe(true);
    expect(last.usageMetadata).toEqual(whole.usageMetadata);
    expect(new Set(chunks.map((c) => c.responseId))).toEqual(new Set([whole.responseId]));
    expect(sim.journal.last()).toMatchObject({ search: '?alt=sse', status: 200, completed: true });
  });

  it('frames alt=sse as `data:` events ending in CRLF CRLF, text/event-stream', async () => {
    const res = await post(createGeminiSimulator(), `${PATH}?alt=sse`, { contents: [userText('frames')] });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const raw = await res.text();
    expect(raw.startsWith('data: {"candidates": [{"content": {"parts": [{"text": ')).toBe(true);
    expect(raw).toContain('"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": ');
    expect(raw.endsWith('}\r\n\r\n')).toBe(true);
    const events = [];
    for await (const ev of readSse(new Response(raw).body!)) events.push(JSON.parse(ev.data));
    expect(events.at(-1).candidates[0].finishReason).toBe('STOP');
  });

  it('streams a JSON array element by element without alt=sse', async () => {
    const res = await post(createGeminiSimulator(), PATH, { contents: [userText('array')] });
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const raw = await res.text();
    expect(raw).toMatch(/^\[\{\n {2}"candidates"/);
    expect(raw).toContain('\n,\r\n{');
    expect(raw.endsWith('\n]')).toBe(true);
    const array = JSON.parse(raw) as { candidates: { finishReason?: string }[] }[];
    expect(array.at(-1)!.candidates[0]!.finishReason).toBe('STOP');
  });

  it('applies stream faults: truncation ends early, an error event becomes the SDK ApiError', async () => {
    const sim = createGeminiSimulator();
    const ai = geminiClient(sim);
    const truncated = [];
    const config = { httpOptions: { headers: { 'x-touchstone-fault': '{"kind":"truncate","afterEvents":1}' } } };
    for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'cut', config })) truncated.push(c);
    expect(truncated).toHaveLength(1);
    expect(sim.journal.last()!.fault).toMatchObject({ kind: 'truncate', source: 'header' });

    const failing = ai.models.generateContentStream({
      model: 'gemini-2.5-flash', contents: 'boom', config: { httpOptions: { headers: { 'x-touchstone-fault': 'error_event' } } },
    });
    const seen: unknown[] = [];
    const error = await (async () => { for await (const c of await failing) seen.push(c); })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    expect((error as ApiError).message).toContain('"status":"INTERNAL"');
    expect(seen.length).toBeGreaterThan(0);
  });
});
