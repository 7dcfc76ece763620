// The Gemini API endpoint: URL, key header, and the driver answering OpenAI JSON and SSE.
import { describe, expect, it } from 'vitest';
import { runTranslatedChat } from '../driver.ts';
import { testContext, textResponse } from './fixtures.ts';
import { geminiTranslator } from './index.ts';

describe('gemini translator', () => {
  it('calls generateContent / streamGenerateContent?alt=sse with x-goog-api-key', async () => {
    const plain = await geminiTranslator.buildRequest({ model: 'g/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }, testContext());
    expect(plain.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(plain.headers).toMatchObject({ 'content-type': 'application/json', 'x-goog-api-key': 'AIza-test' });
    const streamed = await geminiTranslator.buildRequest({ model: 'g/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true }, testContext({ stream: true }));
    expect(streamed.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('streams through the driver and turns a mid-stream error event into an OpenAI error event', async () => {
    const events = [{ candidates: [{ content: { parts: [{ text: 'Hi' }] }, index: 0 }] }, { error: { code: 500, message: 'boom', status: 'INTERNAL' } }];
    const fetch = (async () => new Response(events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join(''), { headers: { 'content-type': 'text/event-stream' } })) as unknown as typeof globalThis.fetch;
    const response = await runTranslatedChat(geminiTranslator, { body: { model: 'g/m', messages: [{ role: 'user', content: 'x' }], stream: true }, ctx: testContext({ stream: true }), signal: new AbortController().signal, fetch });
    const text = await response.text();
    expect(text).toContain('"content":"Hi"');
    expect(text).toMatch(/data: \{"error":\{"message":"Upstream \\"gemini-test\\" failed with 500: boom"/);
  });

  it('answers JSON through the driver', async () => {
    const fetch = (async () => new Response(JSON.stringify(textResponse), { headers: { 'content-type': 'application/json' } })) as unknown as typeof globalThis.fetch;
    const response = await runTranslatedChat(geminiTranslator, { body: { model: 'g/m', messages: [{ role: 'user', content: 'x' }] }, ctx: testContext(), signal: new AbortController().signal, fetch });
    expect(await response.json()).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: 'Hello there.' } }] });
  });
});
