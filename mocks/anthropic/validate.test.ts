/**
 * Request validation beyond the basics: images (base64 PNG priced by size, URL sources, media type
 * mismatches, bad base64), PDFs (priced per page, invalid PDFs), text documents, the 2026-10-21 rules
 * (citations on user text, documents in assistant turns), mid-conversation system messages, trailing
 * whitespace in a prefill, structured outputs on models without them, and the context window.
 */
import { describe, expect, it } from 'vitest';
import { body, longText, MODEL, pdf, png, postJson, sdkClient, simulator } from './test-kit.ts';

const message = (content: unknown[]) => ({ messages: [{ role: 'user', content }] });
const image = (data: string, media_type = 'image/png') => ({ type: 'image', source: { type: 'base64', media_type, data } });

async function errorOf(response: Response): Promise<string> {
  expect(response.status).toBe(400);
  return ((await response.json()) as { error: { message: string } }).error.message;
}

async function inputTokens(overrides: Record<string, unknown>): Promise<number> {
  const response = await postJson(simulator(), '/v1/messages/count_tokens', { model: MODEL, ...overrides });
  expect(response.status).toBe(200);
  return ((await response.json()) as { input_tokens: number }).input_tokens;
}

describe('anthropic request validation', () => {
  it('prices images by size (w×h/750, long edge scaled to 1568) and accepts URL sources', async () => {
    const small = await inputTokens(message([image(png(100, 100)), { type: 'text', text: 'what is this?' }]));
    const big = await inputTokens(message([image(png(1000, 1000)), { type: 'text', text: 'what is this?' }]));
    expect(big - small).toBe(Math.ceil((1000 * 1000) / 750) - Math.ceil((100 * 100) / 750));
    const huge = await inputTokens(message([image(png(3136, 3136)), { type: 'text', text: 'what is this?' }]));
    expect(huge - small).toBe(Math.ceil((1568 * 1568) / 750) - Math.ceil((100 * 100) / 750));
    const url = await postJson(simulator(), '/v1/messages', body(message([{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }, { type: 'text', text: 'describe' }])));
    expect(url.status).toBe(200);
  });

  it('refuses images with a wrong media type, unknown type or bad data', async () => {
    const sim = simulator();
    expect(await errorOf(await postJson(sim, '/v1/messages', body(message([image(png(), 'image/jpeg')])))))
      .toBe('messages.0.content.0.image.source.base64.data: The image was specified using the image/jpeg media type, but the image appears to be a image/png image');
    expect(await errorOf(await postJson(sim, '/v1/messages', body(message([image(png(), 'image/bmp')])))))
      .toBe("messages.0.content.0.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
    expect(await errorOf(await postJson(sim, '/v1/messages', body(message([image('%%%not-base64%%%')])))))
      .toBe('messages.0.content.0.image.source.base64.data: The image data is not valid base64.');
    expect(await errorOf(await postJson(sim, '/v1/messages', body(message([{ type: 'video', source: {} }])))))
      .toMatch(/^messages\.0\.content\.0: Input tag 'video' found using 'type' does not match any of the expected tags: 'text', 'image'/);
  });

  it('prices PDFs per page, accepts text documents, refuses a body that is not a PDF', async () => {
    const doc = (data: string) => ({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } });
    const one = await inputTokens(message([doc(pdf(1)), { type: 'text', text: 'summarise' }]));
    const three = await inputTokens(message([doc(pdf(3)), { type: 'text', text: 'summarise' }]));
    expect(three - one).toBe(2 * 2000);
    const text = await postJson(simulator(), '/v1/messages', body(message([{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Grass is green.' }, title: 'Facts' }, { type: 'text', text: 'colour?' }])));
    expect(text.status).toBe(200);
    expect(await errorOf(await postJson(simulator(), '/v1/messages', body(message([doc(Buffer.from('hello').toString('base64'))]))))).toBe('The PDF specified was not valid.');
  });

  it('applies the 2026-10-21 content rules only under that version', async () => {
    const sim = simulator();
    const cited = body(message([{ type: 'text', text: 'quote', citations: [{ type: 'char_location', cited_text: 'q', document_index: 0, start_char_index: 0, end_char_index: 1 }] }]));
    expect((await postJson(sim, '/v1/messages', cited)).status).toBe(200);
    expect(await errorOf(await postJson(sim, '/v1/messages', cited, { 'anthropic-version': '2026-10-21' }))).toContain('citations');
    const assistantDoc = body({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } }] }, { role: 'user', content: 'ok' }] });
    expect(await errorOf(await postJson(sim, '/v1/messages', assistantDoc, { 'anthropic-version': '2026-10-21' }))).toBe('messages.1.content.0: `document` blocks are not allowed in `assistant` messages');
  });

  it('accepts a mid-conversation system message; refuses trailing whitespace in a prefill', async () => {
    const client = sdkClient(simulator());
    const answer = await client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi' }, { role: 'system', content: 'Answer briefly.' }, { role: 'user', content: 'go' }] });
    expect(answer.stop_reason).toBe('end_turn');
    expect(await errorOf(await postJson(simulator(), '/v1/messages', body({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Well, ' }] }))))
      .toBe('messages: final assistant content cannot end with trailing whitespace');
  });

  it('refuses structured outputs on a model without them, and a prompt over the context window', async () => {
    const format = { output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: {} } } } };
    expect(await errorOf(await postJson(simulator(), '/v1/messages', body({ model: 'claude-sonnet-4-20250514', ...format })))).toBe("'claude-sonnet-4-20250514' does not support output format.");
    const tooLong = await errorOf(await postJson(simulator(), '/v1/messages/count_tokens', { model: MODEL, messages: [{ role: 'user', content: longText(200_001) }] }));
    expect(tooLong).toMatch(/^prompt is too long: \d+ tokens > 200000 maximum$/);
  });

  it('refuses extra fields in nested objects with their path', async () => {
    const sim = simulator();
    expect(await errorOf(await postJson(sim, '/v1/messages', body({ metadata: { user_id: 'u', team: 'x' } })))).toBe('metadata.team: Extra inputs are not permitted');
    expect(await errorOf(await postJson(sim, '/v1/messages', body(message([{ type: 'text', text: 'x', bold: true }]))))).toBe('messages.0.content.0.text.bold: Extra inputs are not permitted');
    expect(await errorOf(await postJson(sim, '/v1/messages', body({ stop_sequences: ['  '] })))).toBe('stop_sequences: each stop sequence must contain non-whitespace');
  });
});
