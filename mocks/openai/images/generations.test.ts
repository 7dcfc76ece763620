/**
 * POST /v1/images/generations through the official SDK against the in-process simulator: real PNG /
 * JPEG / WebP bytes of the requested size, url vs b64_json per model, the served URL, dall-e-3's
 * revised_prompt, GPT image usage and streaming events, OpenAI's 400s, determinism, and the shapes
 * against OpenAI's published description.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { loadOpenAISpec } from '../../../test/openai-spec.ts';
import { startMockServer } from '../../server.ts';
import { createOpenAISimulator } from '../index.ts';
import { decodePng, readJpegFrame, readWebpHeader } from './inspect.ts';
import { renderImage } from './render.ts';

const spec = loadOpenAISpec();

function setup() {
  const sim = createOpenAISimulator();
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: 'http://sim.test/v1', fetch: async (url, init) => sim.fetch(new Request(url, init)) });
  return { sim, client };
}

const b64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64');

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try { await promise; } catch (error) { if (error instanceof OpenAI.APIError) return error; throw error; }
  throw new Error('expected the request to fail');
}

describe('images/generations', () => {
  it('defaults to dall-e-2 with a url the simulator serves as a 1024x1024 PNG', async () => {
    const { sim, client } = setup();
    const res = await client.images.generate({ prompt: 'A lighthouse at dusk' });
    expect(Object.keys(res)).toEqual(['created', 'data']);
    expect(res.data).toHaveLength(1);
    const url = new URL(res.data![0]!.url!);
    expect(url.origin).toBe('http://sim.test');
    expect(url.pathname).toMatch(/^\/v1\/_touchstone\/images\/private\/org-\w{24}\/user-\w{24}\/img-\w{24}\.png$/);
    for (const key of ['st', 'se', 'sp', 'sv', 'sr', 'rscd', 'rsct', 'sig']) expect(url.searchParams.has(key)).toBe(true);
    const served = await sim.fetch(new Request(url));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    const png = decodePng(new Uint8Array(await served.arrayBuffer()));
    expect([png.width, png.height, png.colorType]).toEqual([1024, 1024, 2]);
    expect(png.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('behind the loopback mock server, the url points at that server and serves the PNG', async () => {
    const server = await startMockServer();
    try {
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.upstreams.openai });
      const res = await client.images.generate({ prompt: 'a harbour', size: '256x256' });
      const url = res.data![0]!.url!;
      expect(url.startsWith(`${server.upstreams.openai}/_touchstone/images/`)).toBe(true);
      const served = await fetch(url);
      expect(decodePng(new Uint8Array(await served.arrayBuffer()))).toMatchObject({ width: 256, height: 256 });
    } finally {
      await server.close();
    }
  });

  it('dall-e-2 b64_json: n distinct PNGs of the requested size', async () => {
    const { client } = setup();
    const res = await client.images.generate({ model: 'dall-e-2', prompt: 'three cats', n: 3, size: '256x256', response_format: 'b64_json' });
    const images = res.data!.map((d) => decodePng(b64(d.b64_json)));
    expect(images.map((i) => `${i.width}x${i.height}`)).toEqual(['256x256', '256x256', '256x256']);
    expect(new Set(res.data!.map((d) => d.b64_json)).size).toBe(3);
    expect(res.data!.every((d) => d.url === undefined)).toBe(true);
  });

  it('dall-e-3 returns revised_prompt and serves 1792x1024', async () => {
    const { sim, client } = setup();
    const res = await client.images.generate({ model: 'dall-e-3', prompt: 'a fox in snow', size: '1792x1024', quality: 'hd', style: 'natural' });
    const [image] = res.data!;
    expect(Object.keys(image!)).toEqual(['revised_prompt', 'url']);
    expect(image!.revised_prompt).toContain('a fox in snow');
    const png = decodePng(new Uint8Array(await (await sim.fetch(new Request(image!.url!))).arrayBuffer()));
    expect([png.width, png.height]).toEqual([1792, 1024]);
  });

  it('gpt-image-1: always b64_json, with background/output_format/size/quality/usage', async () => {
    const { client } = setup();
    const res = await client.images.generate({ model: 'gpt-image-1', prompt: 'a red bicycle', size: '1536x1024', quality: 'low' });
    expect(res).toMatchObject({ background: 'opaque', output_format: 'png', size: '1536x1024', quality: 'low' });
    expect(res.usage).toMatchObject({ output_tokens: 400, input_tokens_details: { image_tokens: 0 } });
    expect(res.usage!.total_tokens).toBe(res.usage!.input_tokens + res.usage!.output_tokens);
    const png = decodePng(b64(res.data![0]!.b64_json));
    expect([png.width, png.height]).toEqual([1536, 1024]);
  });

  it('gpt-image-1: size auto is 1024x1024, transparent background is RGBA', async () => {
    const { client } = setup();
    const res = await client.images.generate({ model: 'gpt-image-1', prompt: 'a sticker', background: 'transparent' });
    expect(res).toMatchObject({ size: '1024x1024', quality: 'high', background: 'transparent' });
    const png = decodePng(b64(res.data![0]!.b64_json));
    expect([png.width, png.height, png.colorType]).toEqual([1024, 1024, 6]);
    expect(png.pixels.some((_, i) => i % 4 === 3 && png.pixels[i] === 0)).toBe(true);
  });

  it('gpt-image-1: jpeg and webp outputs are real files of that format', async () => {
    const { client } = setup();
    const jpeg = await client.images.generate({ model: 'gpt-image-1', prompt: 'x', output_format: 'jpeg', size: '1024x1536' });
    expect(readJpegFrame(b64(jpeg.data![0]!.b64_json))).toEqual({ width: 1024, height: 1536, components: 3, baseline: true });
    const webp = await client.images.generate({ model: 'gpt-image-1', prompt: 'x', output_format: 'webp', background: 'transparent' });
    expect(readWebpHeader(b64(webp.data![0]!.b64_json))).toMatchObject({ width: 1024, height: 1024, alpha: true });
  });

  it('omitting model but sending a GPT image argument selects gpt-image-1', async () => {
    const { client } = setup();
    const res = await client.images.generate({ prompt: 'x', output_format: 'png' });
    expect(res.usage).toBeDefined();
    expect(res.data![0]!.b64_json).toBeTruthy();
  });

  it('rejects what OpenAI rejects', async () => {
    const { client } = setup();
    const gptFormat = await rejection(client.images.generate({ model: 'gpt-image-1', prompt: 'x', response_format: 'b64_json' }));
    expect(gptFormat).toMatchObject({ status: 400, code: 'unknown_parameter', param: 'response_format' });
    expect(gptFormat.error).toMatchObject({ message: "Unknown parameter: 'response_format'." });

    const dalle3n = await rejection(client.images.generate({ model: 'dall-e-3', prompt: 'x', n: 2 }));
    expect(dalle3n.status).toBe(400);
    const dalle3size = await rejection(client.images.generate({ model: 'dall-e-3', prompt: 'x', size: '256x256' }));
    expect(dalle3size).toMatchObject({ status: 400, code: 'invalid_size' });
    const dalle2size = await rejection(client.images.generate({ model: 'dall-e-2', prompt: 'x', size: '1792x1024' }));
    expect(dalle2size.error).toMatchObject({ message: "'1792x1024' is not one of ['256x256', '512x512', '1024x1024'] - 'size'" });
    const gptSize = await rejection(client.images.generate({ model: 'gpt-image-1', prompt: 'x', size: '512x512' }));
    expect(gptSize).toMatchObject({ status: 400, code: 'invalid_value', param: 'size' });
    const tooMany = await rejection(client.images.generate({ model: 'dall-e-2', prompt: 'x', n: 11 }));
    expect(tooMany.status).toBe(400);

    for (const [model, max] of [['dall-e-2', 1000], ['dall-e-3', 4000], ['gpt-image-1', 32000]] as const) {
      await expect(client.images.generate({ model, prompt: 'p'.repeat(max) }), `${model} at its limit`).resolves.toBeDefined();
      const long = await rejection(client.images.generate({ model, prompt: 'p'.repeat(max + 1) }));
      expect(long).toMatchObject({ status: 400, code: 'string_above_max_length', param: 'prompt' });
    }
    const unknown = await rejection(client.images.generate({ model: 'gpt-4o', prompt: 'x' }));
    expect(unknown).toMatchObject({ status: 400, param: 'model' });
  });

  it('streams partial images then the completed image (gpt-image-1)', async () => {
    const { client } = setup();
    const stream = await client.images.generate({ model: 'gpt-image-1', prompt: 'waves', stream: true, partial_images: 2, size: '1024x1024' });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual(['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed']);
    for (const event of events) {
      expect(decodePng(b64(event.b64_json))).toMatchObject({ width: 1024, height: 1024 });
    }
    expect(events[0]).toMatchObject({ partial_image_index: 0 });
    expect(events[2]!.b64_json).not.toBe(events[1]!.b64_json);
  });

  it('is deterministic: the same request gives the same bytes', async () => {
    const body = JSON.stringify({ model: 'gpt-image-1', prompt: 'same', output_format: 'webp' });
    const once = async () => {
      const { sim } = setup();
      const res = await sim.fetch(new Request('http://sim.test/v1/images/generations', {
        method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body,
      }));
      return res.text();
    };
    expect(await once()).toBe(await once());
  });

  it('renders a 1024x1024 PNG quickly', () => {
    renderImage('warmupAAAAAAAAAAAAAAAAA2', 'png', false);
    const start = performance.now();
    renderImage('timedAAAAAAAAAAAAAAAAAA2', 'png', false);
    expect(performance.now() - start).toBeLessThan(250); // ~15 ms measured; generous for loaded CI machines
  });
});

describe.skipIf(!spec)("generations match OpenAI's published description", () => {
  it('ImagesResponse for each model family, ImageGenStreamEvent for streams', async () => {
    const { client } = setup();
    const bodies = [
      await client.images.generate({ prompt: 'a' }),
      await client.images.generate({ model: 'dall-e-2', prompt: 'a', response_format: 'b64_json', size: '256x256' }),
      await client.images.generate({ model: 'dall-e-3', prompt: 'a', quality: 'hd' }),
      await client.images.generate({ model: 'gpt-image-1', prompt: 'a', quality: 'medium', size: '1024x1536', output_format: 'jpeg' }),
    ];
    for (const body of bodies) expect(spec!.validateSchema('ImagesResponse', body)).toEqual([]);
    const stream = await client.images.generate({ model: 'gpt-image-1', prompt: 'a', stream: true, partial_images: 1, background: 'transparent' });
    for await (const event of stream) expect(spec!.validateSchema('ImageGenStreamEvent', event)).toEqual([]);
  });
});
