/**
 * From a validated request to OpenAI's answer: resolve `auto` size/quality/background, give every image
 * an id (its pixels are derived from the id, so a served URL can be re-rendered statelessly), encode
 * PNG/JPEG/WebP, and build the ImagesResponse — `url` entries pointing at the simulator's own blob
 * route in the shape of OpenAI's signed Azure-blob URLs, or `b64_json`; `revised_prompt` for dall-e-3;
 * background/output_format/size/quality/usage for GPT image models — or the SSE stream of
 * `image_generation.*` / `image_edit.*` events (partial images first, coarser to finer).
 * `output_compression` is validated but changes nothing: the JPEG (DC-only) and WebP (lossless)
 * encoders reproduce the mosaic exactly at any setting.
 */
import { createHash } from 'node:crypto';
import { encodeSseJson } from '../../../lib/sse.ts';
import { Rng } from '../../determinism.ts';
import { countTokens } from '../tokens.ts';
import { sentence } from '../vocabulary.ts';
import { encodeJpeg } from './jpeg.ts';
import { imageOutputTokens, inputImageTokens, parseSize, SIZE_CODES } from './models.ts';
import type { ImageRequest } from './params.ts';
import { patternRaster } from './pattern.ts';
import { encodePng } from './png.ts';
import type { Upload } from './uploads.ts';
import { encodeWebp } from './webp.ts';

export interface RenderContext {
  /** Seconds since the epoch. */
  created: number;
  /** Origin of the request (`http://host:port`), for absolute image URLs. */
  origin: string;
  organization: string;
  /** The caller's credential, only hashed into the `user-…` path segment. */
  caller: string;
}

export interface ImagePlan {
  size: string;
  quality: string;
  background: 'transparent' | 'opaque';
  ids: string[];
}

export const BLOB_PREFIX = '/v1/_touchstone/images/private';

/** Resolve `auto` values and assign ids. `pictureKey` covers what shapes the picture (prompt, inputs). */
export function planImages(req: ImageRequest, pictureKey: string, inputs: Upload[]): ImagePlan {
  let size = req.size;
  if (size === 'auto') {
    const first = inputs[0];
    size = !first || Math.abs(first.width - first.height) <= first.height * 0.2 ? '1024x1024'
      : first.width > first.height ? '1536x1024' : '1024x1536';
  }
  const quality = req.quality === 'auto' ? 'high' : req.quality;
  const background = req.background === 'transparent' ? 'transparent' : 'opaque';
  const code = SIZE_CODES.indexOf(size as (typeof SIZE_CODES)[number]);
  const ids = Array.from({ length: req.n }, (_, i) => `${new Rng(pictureKey, `image-${i}`).chars(23)}${code}`);
  return { size, quality, background, ids };
}

/** The bytes of image `id` (its last character is the size code). */
export function renderImage(id: string, format: 'png' | 'jpeg' | 'webp', transparent: boolean, coarseness = 0): Buffer {
  const size = SIZE_CODES[Number(id.slice(-1))];
  if (!size) throw new Error(`image id without size code: ${id}`);
  const raster = patternRaster({ seed: id, ...parseSize(size), transparent, coarseness });
  if (format === 'jpeg') return encodeJpeg(raster);
  if (format === 'webp') return encodeWebp(raster);
  return encodePng(raster);
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** An absolute URL in the shape of OpenAI's signed blob URLs, served by the simulator itself. */
export function imageUrl(id: string, ctx: RenderContext): string {
  const rng = new Rng(`${ctx.organization}\n${ctx.caller}`, 'blob-path');
  const org = new Rng(ctx.organization, 'org').chars(24);
  const uuid = () => { const h = rng.hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`; };
  const start = ctx.created * 1000;
  const sig = createHash('sha256').update(`${id}\n${start}`).digest('base64');
  const query = new URLSearchParams({
    st: isoSeconds(start), se: isoSeconds(start + 3600_000), sp: 'r', sv: '2024-08-04', sr: 'b', rscd: 'inline', rsct: 'image/png',
    skoid: uuid(), sktid: uuid(), skt: isoSeconds(start), ske: isoSeconds(start + 86400_000), sks: 'b', skv: '2024-08-04', sig,
  });
  return `${ctx.origin}${BLOB_PREFIX}/org-${org}/user-${rng.chars(24)}/img-${id}.png?${query}`;
}

function revisedPrompt(prompt: string, style: string | null, id: string): string {
  const rng = new Rng(id, 'revised-prompt');
  const subject = prompt.trim().replace(/[.!?]+$/, '');
  return `A ${style === 'natural' ? 'natural, true-to-life' : 'vivid, richly detailed'} image of ${subject}. ${sentence(rng)}`;
}

function usage(req: ImageRequest, plan: ImagePlan, inputs: Upload[]) {
  const text = countTokens(req.prompt);
  const image = inputs.reduce((n, u) => n + inputImageTokens(u.width, u.height), 0);
  const output = req.n * (imageOutputTokens(plan.quality, plan.size) + 100 * (req.stream ? req.partialImages : 0));
  return {
    total_tokens: text + image + output,
    input_tokens: text + image,
    output_tokens: output,
    input_tokens_details: { text_tokens: text, image_tokens: image },
    output_tokens_details: { image_tokens: output, text_tokens: 0 },
  };
}

/** The non-streamed ImagesResponse body. */
export function imagesResponse(req: ImageRequest, plan: ImagePlan, inputs: Upload[], ctx: RenderContext): Record<string, unknown> {
  if (req.model.family !== 'gpt-image') {
    const data = plan.ids.map((id) => {
      const entry: Record<string, string> = {};
      if (req.model.family === 'dall-e-3') entry.revised_prompt = revisedPrompt(req.prompt, req.style, id);
      if (req.responseFormat === 'url') entry.url = imageUrl(id, ctx);
      else entry.b64_json = renderImage(id, 'png', false).toString('base64');
      return entry;
    });
    return { created: ctx.created, data };
  }
  const transparent = plan.background === 'transparent';
  return {
    created: ctx.created,
    data: plan.ids.map((id) => ({ b64_json: renderImage(id, req.outputFormat, transparent).toString('base64') })),
    background: plan.background,
    output_format: req.outputFormat,
    size: plan.size,
    quality: plan.quality,
    usage: usage(req, plan, inputs),
  };
}

/** The events of a streamed GPT image request, produced lazily (each one encodes an image). */
export function* imageStreamEvents(req: ImageRequest, plan: ImagePlan, inputs: Upload[], ctx: RenderContext): Generator<Record<string, unknown>> {
  const prefix = req.endpoint === 'edits' ? 'image_edit' : 'image_generation';
  const transparent = plan.background === 'transparent';
  const common = { created_at: ctx.created, size: plan.size, quality: plan.quality, background: plan.background, output_format: req.outputFormat };
  const total = usage(req, plan, inputs);
  for (const id of plan.ids) {
    for (let index = 0; index < req.partialImages; index++) {
      const b64 = renderImage(id, req.outputFormat, transparent, req.partialImages - index).toString('base64');
      yield { type: `${prefix}.partial_image`, b64_json: b64, ...common, partial_image_index: index };
    }
    const b64 = renderImage(id, req.outputFormat, transparent).toString('base64');
    const { output_tokens_details: _details, ...eventUsage } = total;
    yield { type: `${prefix}.completed`, b64_json: b64, ...common, usage: eventUsage };
  }
}

/** SSE framing of the events, one per pull; `onEnd(aborted)` is called once. */
export function imageEventStream(events: Generator<Record<string, unknown>>, delayMs: number, onEnd: (aborted: boolean) => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let finished = false;
  const finish = (aborted: boolean) => { if (!finished) { finished = true; onEnd(aborted); } };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const next = events.next();
      if (next.done) { controller.close(); finish(false); return; }
      controller.enqueue(encoder.encode(encodeSseJson(next.value, String(next.value.type))));
    },
    cancel() { finish(true); },
  }, { highWaterMark: 0 });
}
