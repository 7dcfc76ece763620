/**
 * Chat inputs beyond text, through the SDK: images (https URL and data URLs, priced per model as
 * OpenAI's vision guide says), PDF `file` parts, the errors for wrong media; and the prompt cache
 * (`cached_tokens` in 128-token steps after 1024, per instance, per model and `prompt_cache_key`).
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createOpenAISimulator } from './index.ts';
import { sdkClient, sdkError } from './test-kit.ts';

/** A PNG as far as any header reader is concerned: signature + IHDR with the given size. */
export function pngHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8); b.write('IHDR', 12, 'latin1'); b.writeUInt32BE(width, 16); b.writeUInt32BE(height, 20);
  b[24] = 8; b[25] = 6;
  return b;
}
const pngUrl = (w: number, h: number) => `data:image/png;base64,${pngHeader(w, h).toString('base64')}`;

const pdf = Buffer.from([
  '%PDF-1.4', '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj', '2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj',
  '3 0 obj << /Type /Page /Parent 2 0 R >> endobj', '4 0 obj << /Type /Page /Parent 2 0 R >> endobj',
  '5 0 obj << /Length 44 >> stream', 'BT /F1 12 Tf (Quarterly revenue grew) Tj ET', 'endstream endobj', '%%EOF',
].join('\n'), 'latin1');

type Part = OpenAI.ChatCompletionContentPart;
const client = () => sdkClient(createOpenAISimulator());

/** prompt_tokens with and without the extra parts (same text either way). */
async function extraTokens(model: string, parts: Part[]): Promise<number> {
  const c = client();
  const plain = await c.chat.completions.create({ model, messages: [{ role: 'user', content: 'Describe' }] });
  const rich = await c.chat.completions.create({ model, messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe' }, ...parts] }] });
  return rich.usage!.prompt_tokens - plain.usage!.prompt_tokens;
}

const image = (url: string, detail?: 'low' | 'high' | 'auto'): Part => ({ type: 'image_url', image_url: { url, ...(detail ? { detail } : {}) } });

describe('images', () => {
  it.each([
    ['gpt-4o', image('https://example.com/cat.png'), 765], // not downloaded: priced as 1024×1024 → 4 tiles
    ['gpt-4o', image('https://example.com/cat.png', 'low'), 85],
    ['gpt-4o', image(pngUrl(2048, 4096), 'high'), 85 + 170 * 6], // → 1024×2048 → 768×1536 → 2×3 tiles
    ['gpt-4o-mini', image(pngUrl(1024, 1024)), 2833 + 5667 * 4],
    ['gpt-4.1-mini', image(pngUrl(1024, 1024)), Math.ceil(1024 * 1.62)], // 32×32 patches
    ['o1', image(pngUrl(512, 512), 'high'), 75 + 150],
  ])('%s charges %j as %i prompt tokens', async (model, part, tokens) => {
    expect(await extraTokens(model, [part])).toBe(tokens);
  });

  it.each([
    ['data:text/plain;base64,aGVsbG8=', { message: 'Invalid MIME type. Only image types are supported.', param: null, code: 'invalid_image_format' }],
    [`data:image/png;base64,${Buffer.from('not an image').toString('base64')}`, {
      message: "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp'].",
      param: null, code: 'invalid_image_format',
    }],
    ['ftp://example.com/cat.png', { message: expect.stringContaining("Invalid image URL: 'messages[0].content[1].image_url.url'."), param: 'messages[0].content[1].image_url.url', code: 'invalid_value' }],
  ])('rejects the image %s', async (url, expected) => {
    const error = await sdkError(client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, image(url)] }] }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({ type: 'invalid_request_error', ...expected });
  });

  it('rejects images for a text-only model and in a system message', async () => {
    const noVision = await sdkError(client().chat.completions.create({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, image('https://example.com/a.png')] }] }));
    expect(noVision.error).toEqual({ message: 'Invalid content type. image_url is only supported by certain models.', type: 'invalid_request_error', param: 'messages.[0].content.[1].type', code: null });
    const system = await sdkError(client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: [image('https://example.com/a.png') as never] }, { role: 'user', content: 'x' }] }));
    expect(system.error).toMatchObject({ message: "Invalid value: 'image_url'. Supported values are: 'text'.", param: 'messages[0].content[0].type', code: 'invalid_value' });
    const detail = await sdkError(client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://e.com/a.png', detail: 'ultra' as never } }] }] }));
    expect(detail.error).toMatchObject({ param: 'messages[0].content[0].image_url.detail', code: 'invalid_value' });
  });
});

describe('PDF files', () => {
  it('charges a PDF as its pages (each a rendered page image) plus the text it shows', async () => {
    const part: Part = { type: 'file', file: { filename: 'report.pdf', file_data: `data:application/pdf;base64,${pdf.toString('base64')}` } };
    // A US-letter page (1275×1650) → 768×994 → 2×2 tiles; "Quarterly revenue grew" = 3 tokens.
    expect(await extraTokens('gpt-4o', [part])).toBe(2 * (85 + 170 * 4) + 3);
  });

  it('accepts a file_id (priced as one page) and rejects non-PDF data', async () => {
    expect(await extraTokens('gpt-4o', [{ type: 'file', file: { file_id: 'file-abc123' } }])).toBe(85 + 170 * 4);
    const error = await sdkError(client().chat.completions.create({
      model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'a.txt', file_data: 'data:text/plain;base64,aGk=' } }] }],
    }));
    expect(error.error).toMatchObject({ param: 'messages[0].content[0].file.file_data', code: 'invalid_value' });
    expect(error.message).toContain("but got unsupported MIME type 'text/plain'.");
    const empty = await sdkError(client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'file', file: {} }] }] }));
    expect(empty.error).toMatchObject({ param: 'messages[0].content[0].file', code: 'invalid_value' });
  });
});

describe('prompt caching', () => {
  const long = `Background: ${'the river carries a small signal toward the harbor '.repeat(150)}`;
  const ask = (question: string, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) => ({
    model: 'gpt-4o', messages: [{ role: 'system' as const, content: long }, { role: 'user' as const, content: question }], ...extra,
  });
  const cached = (c: OpenAI.ChatCompletion) => c.usage!.prompt_tokens_details!.cached_tokens ?? 0;

  it('reports the longest cached 128-token prefix from the second request on', async () => {
    const c = client();
    const first = await c.chat.completions.create(ask('Summarise'));
    const total = first.usage!.prompt_tokens;
    expect(total).toBeGreaterThan(1200);
    expect(cached(first)).toBe(0);
    const second = await c.chat.completions.create(ask('Summarise'));
    expect(cached(second)).toBe(1024 + Math.floor((total - 1024) / 128) * 128);
    expect({ ...second, usage: null }).toEqual({ ...first, usage: null });
    const other = await c.chat.completions.create(ask('Now list the key points in detail'));
    expect(cached(other)).toBeGreaterThanOrEqual(1024);
    expect(cached(other) % 128).toBe(0);
    expect(cached(other)).toBeLessThan(other.usage!.prompt_tokens);
  });

  it('keys the cache by model and prompt_cache_key, and never caches under 1024 tokens or across instances', async () => {
    const c = client();
    await c.chat.completions.create(ask('Q', { prompt_cache_key: 'tenant-a' }));
    expect(cached(await c.chat.completions.create(ask('Q', { prompt_cache_key: 'tenant-b' })))).toBe(0);
    expect(cached(await c.chat.completions.create(ask('Q', { prompt_cache_key: 'tenant-a' })))).toBeGreaterThan(0);
    expect(cached(await c.chat.completions.create(ask('Q', { model: 'gpt-4o-mini' })))).toBe(0);
    expect(cached(await client().chat.completions.create(ask('Q', { prompt_cache_key: 'tenant-a' })))).toBe(0);
    const short = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'short prompt' }] };
    await c.chat.completions.create(short);
    expect(cached(await c.chat.completions.create(short))).toBe(0);
  });

  it('forgets a prefix after 10 idle minutes on the simulator clock', async () => {
    let now = Date.UTC(2025, 0, 1);
    const c = sdkClient(createOpenAISimulator({ now: () => now }));
    await c.chat.completions.create(ask('Q'));
    now += 9 * 60_000;
    expect(cached(await c.chat.completions.create(ask('Q')))).toBeGreaterThan(0);
    now += 11 * 60_000;
    expect(cached(await c.chat.completions.create(ask('Q')))).toBe(0);
  });

  it('reports cached tokens in the final usage chunk of a stream', async () => {
    const c = client();
    await c.chat.completions.create(ask('Q'));
    const stream = await c.chat.completions.create({ ...ask('Q'), stream: true, stream_options: { include_usage: true } });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage!.prompt_tokens_details!.cached_tokens).toBeGreaterThanOrEqual(1024);
  });
});
