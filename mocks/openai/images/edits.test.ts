/**
 * POST /v1/images/edits and /v1/images/variations (multipart through the SDK's `toFile`): the GPT image
 * limits (16 images accepted, 17 rejected, PNG/WebP/JPEG only), DALL·E 2's square PNG under 4 MB (with
 * transparency or a same-size mask), `auto` size following the input, edit streaming events, variations.
 */
import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { loadOpenAISpec } from '../../../test/openai-spec.ts';
import { createOpenAISimulator } from '../index.ts';
import { decodePng } from './inspect.ts';
import { patternRaster } from './pattern.ts';
import { encodePng, PNG_SIGNATURE, pngChunk } from './png.ts';
import { encodeJpeg } from './jpeg.ts';

const spec = loadOpenAISpec();

function setup() {
  const sim = createOpenAISimulator();
  return new OpenAI({ apiKey: 'sk-test', baseURL: 'http://sim.test/v1', fetch: async (url, init) => sim.fetch(new Request(url, init)) });
}

const png = (width: number, height: number, transparent = true, seed = 'input') =>
  encodePng(patternRaster({ seed, width, height, transparent }));
const file = (bytes: Uint8Array, name = 'input.png') => toFile(bytes, name);
const b64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64');

/** A valid PNG (square, RGBA) padded past 4 MB with an ancillary tEXt chunk: cheap to build. */
function oversizedPng(): Buffer {
  const real = png(256, 256);
  const text = Buffer.concat([Buffer.from('Comment\0', 'latin1'), Buffer.alloc(4 * 1024 * 1024, 0x61)]);
  return Buffer.concat([real.subarray(0, 33), pngChunk('tEXt', text), real.subarray(33)]);
}

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try { await promise; } catch (error) { if (error instanceof OpenAI.APIError) return error; throw error; }
  throw new Error('expected the request to fail');
}

describe('images/edits', () => {
  it('gpt-image-1 takes up to 16 images and rejects 17', async () => {
    const client = setup();
    const inputs = await Promise.all(Array.from({ length: 17 }, (_, i) => file(png(64, 64, false, `in-${i}`), `in-${i}.png`)));
    const ok = await client.images.edit({ model: 'gpt-image-1', prompt: 'merge them', image: inputs.slice(0, 16) });
    expect(ok.usage!.input_tokens_details.image_tokens).toBeGreaterThan(0);
    expect(decodePng(b64(ok.data![0]!.b64_json))).toMatchObject({ width: 1024, height: 1024 });
    const tooMany = await rejection(client.images.edit({ model: 'gpt-image-1', prompt: 'merge them', image: inputs }));
    expect(tooMany).toMatchObject({ status: 400, code: 'array_above_max_length', param: 'image' });
  });

  it('gpt-image-1 accepts JPEG input, rejects GIF, follows the input aspect for size auto', async () => {
    const client = setup();
    const jpeg = encodeJpeg(patternRaster({ seed: 'j', width: 300, height: 200, transparent: false }));
    const res = await client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: await file(jpeg, 'photo.jpg'), size: 'auto' });
    expect(res.size).toBe('1536x1024');
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const bad = await rejection(client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: await file(gif, 'anim.gif') }));
    expect(bad).toMatchObject({ status: 400, param: 'image' });
    expect(bad.error).toMatchObject({ message: expect.stringContaining("unsupported mimetype ('image/gif')") });
  });

  it('dall-e-2 edits one square RGBA PNG and returns a url', async () => {
    const client = setup();
    const res = await client.images.edit({ model: 'dall-e-2', prompt: 'add a hat', image: await file(png(512, 512)), size: '512x512' });
    expect(res.data![0]!.url).toMatch(/^http:\/\/sim\.test\/v1\/_touchstone\/images\//);
    const masked = await client.images.edit({
      model: 'dall-e-2', prompt: 'add a hat', image: await file(png(256, 256, false)), mask: await file(png(256, 256), 'mask.png'), response_format: 'b64_json',
    });
    expect(decodePng(b64(masked.data![0]!.b64_json))).toMatchObject({ width: 1024, height: 1024 });
  });

  it('dall-e-2 rejects non-square, non-PNG, 4 MB and larger, opaque without mask, mismatched mask', async () => {
    const client = setup();
    const edit = async (image: Uint8Array, name = 'i.png', mask?: Uint8Array) => rejection(client.images.edit({
      model: 'dall-e-2', prompt: 'x', image: await file(image, name), ...(mask ? { mask: await file(mask, 'm.png') } : {}),
    }));
    expect((await edit(png(320, 256))).error).toMatchObject({ message: expect.stringContaining('must be square') });
    const jpeg = encodeJpeg(patternRaster({ seed: 'j', width: 256, height: 256, transparent: false }));
    expect((await edit(jpeg, 'i.jpg')).error).toMatchObject({ message: 'Uploaded image must be a PNG and less than 4 MB.' });
    const big = oversizedPng();
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    expect((await edit(big)).error).toMatchObject({ message: 'Uploaded image must be a PNG and less than 4 MB.' });
    expect((await edit(png(256, 256, false))).error).toMatchObject({ message: "Invalid input image - format must be in ['RGBA', 'LA', 'L'], got RGB." });
    expect((await edit(png(256, 256, false), 'i.png', png(512, 512))).status).toBe(400);
    const two = await rejection(client.images.edit({ model: 'dall-e-2', prompt: 'x', image: [await file(png(64, 64)), await file(png(64, 64))] }));
    expect(two.status).toBe(400);
    expect(PNG_SIGNATURE).toHaveLength(8);
  });

  it('streams image_edit events for GPT image models', async () => {
    const client = setup();
    const stream = await client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: await file(png(64, 64)), stream: true, partial_images: 1 });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual(['image_edit.partial_image', 'image_edit.completed']);
  });

  it('defaults to gpt-image-1.5 without a model, so a non-square PNG is accepted', async () => {
    const res = await setup().images.edit({ prompt: 'x', image: await file(png(128, 64)) });
    expect(res.usage).toBeDefined();
  });
});

describe('images/variations', () => {
  it('dall-e-2: n variations of a square PNG', async () => {
    const client = setup();
    const res = await client.images.createVariation({ image: await file(png(256, 256, false)), n: 2, size: '512x512', response_format: 'b64_json' });
    expect(res.data!.map((d) => decodePng(b64(d.b64_json))).map((p) => p.width)).toEqual([512, 512]);
  });

  it('rejects non-square images, other models and oversized files', async () => {
    const client = setup();
    expect((await rejection(client.images.createVariation({ image: await file(png(300, 256)) }))).status).toBe(400);
    const model = await rejection(client.images.createVariation({ image: await file(png(256, 256)), model: 'gpt-image-1' }));
    expect(model).toMatchObject({ status: 400, param: 'model' });
    const big = await rejection(client.images.createVariation({ image: await file(oversizedPng()) }));
    expect(big.error).toMatchObject({ message: 'Uploaded image must be a PNG and less than 4 MB.' });
  });
});

describe.skipIf(!spec)("edits and variations match OpenAI's published description", () => {
  it('ImagesResponse (dall-e-2 url, GPT image b64 + usage, variation), ImageEditStreamEvent', async () => {
    const client = setup();
    const bodies = [
      await client.images.edit({ model: 'dall-e-2', prompt: 'x', image: await file(png(256, 256)) }),
      await client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: [await file(png(64, 64)), await file(png(96, 64))], quality: 'low' }),
      await client.images.createVariation({ image: await file(png(256, 256, false)), size: '256x256' }),
    ];
    for (const body of bodies) expect(spec!.validateSchema('ImagesResponse', body)).toEqual([]);
    const stream = await client.images.edit({ model: 'gpt-image-1', prompt: 'x', image: await file(png(64, 64)), stream: true, partial_images: 2 });
    for await (const event of stream) expect(spec!.validateSchema('ImageEditStreamEvent', event)).toEqual([]);
  });
});
