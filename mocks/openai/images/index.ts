/**
 * The Images API: POST /v1/images/generations (JSON), /v1/images/edits and /v1/images/variations
 * (multipart), answered as ImagesResponse JSON or, for GPT image models with `stream: true`, as SSE;
 * and GET {BLOB_PREFIX}/org-…/user-…/img-{id}.png (no auth, like a signed blob URL) serving the PNG
 * behind every `url` the simulator hands out — re-rendered from the id, so nothing is stored.
 */
import { createHash } from 'node:crypto';
import { requestHash, sha256Hex } from '../../determinism.ts';
import { errors } from '../errors.ts';
import { jsonResponse, type OpenAIRoute, type OpenAISim, type RouteContext } from '../routes.ts';
import { isObject } from '../validate.ts';
import type { ImageEndpoint } from './models.ts';
import { validateImageArguments, type ImageRequest } from './params.ts';
import {
  BLOB_PREFIX, imageEventStream, imageStreamEvents, imagesResponse, planImages, renderImage, type RenderContext,
} from './render.ts';
import { checkDalleUploads, checkGptUploads, readUpload, type Upload } from './uploads.ts';

/**
 * Where the client can reach this simulator. In process the request URL is it; behind the loopback mock
 * server (mocks/server.ts) the URL was rewritten to api.openai.com while the Host header still names the
 * server, which mounts each simulator under `/<name>`.
 */
function publicOrigin(ctx: RouteContext, sim: OpenAISim): string {
  const url = new URL(ctx.request.url);
  const host = ctx.request.headers.get('x-forwarded-host') ?? ctx.request.headers.get('host');
  if (!host || host === url.host) return url.origin;
  return `${ctx.request.headers.get('x-forwarded-proto') ?? 'http'}://${host}/${sim.name}`;
}

function renderContext(ctx: RouteContext, sim: OpenAISim): RenderContext {
  return {
    created: Math.floor(sim.now() / 1000),
    origin: publicOrigin(ctx, sim),
    organization: sim.organization,
    caller: ctx.request.headers.get('authorization') ?? '',
  };
}

/** What shapes the pictures: the arguments that change them, and the input images. */
function pictureKey(req: ImageRequest, inputs: Upload[]): string {
  return requestHash('images', {
    endpoint: req.endpoint, model: req.model.id, prompt: req.prompt, size: req.size, quality: req.quality,
    style: req.style, background: req.background, inputs: inputs.map((u) => createHash('sha256').update(u.bytes).digest('hex')),
  });
}

function answer(ctx: RouteContext, sim: OpenAISim, req: ImageRequest, inputs: Upload[], hashInput: unknown): Response {
  const headers = ctx.headers(hashInput);
  const render = renderContext(ctx, sim);
  const plan = planImages(req, pictureKey(req, inputs), inputs);
  if (req.stream && req.model.family === 'gpt-image') {
    const stream = imageEventStream(imageStreamEvents(req, plan, inputs, render), sim.chunkDelayMs, (aborted) => {
      if (aborted) ctx.entry.aborted = true; else ctx.entry.completed = true;
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', ...headers } });
  }
  return jsonResponse(imagesResponse(req, plan, inputs, render), headers);
}

async function generations(ctx: RouteContext, sim: OpenAISim): Promise<Response> {
  const body = ctx.json();
  if (!isObject(body)) throw errors.unparsableJson();
  const req = validateImageArguments(body, 'generations', false);
  return answer(ctx, sim, req, [], ['POST /v1/images/generations', body]);
}

async function withUploads(ctx: RouteContext, sim: OpenAISim, endpoint: Exclude<ImageEndpoint, 'generations'>): Promise<Response> {
  const form = await ctx.formData();
  const raw: Record<string, unknown> = {};
  const imageFiles: File[] = [];
  let maskFile: File | undefined;
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string' && (key === 'image' || key === 'image[]')) imageFiles.push(value);
    else if (typeof value !== 'string' && key === 'mask') maskFile = value;
    raw[key] = typeof value === 'string' ? value : `[file ${value.name}]`;
  }
  const req = validateImageArguments(raw, endpoint, true);
  if (imageFiles.length === 0) {
    const image = raw.image ?? raw['image[]'];
    throw image === undefined ? errors.missingParameter('image') : errors.invalidType('image', 'a file', image);
  }
  const inputs = await Promise.all(imageFiles.map((f) => readUpload('image', f)));
  const mask = maskFile ? await readUpload('mask', maskFile) : undefined;
  if (req.model.family === 'gpt-image') checkGptUploads(inputs, mask);
  else checkDalleUploads(inputs, mask, endpoint);
  const fields = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'image' && k !== 'image[]' && k !== 'mask'));
  const hashInput = [`POST /v1/images/${endpoint}`, fields, inputs.map((u) => u.bytes.length), mask?.bytes.length ?? null];
  return answer(ctx, sim, req, inputs, hashInput);
}

const BLOB_NOT_FOUND = '<?xml version="1.0" encoding="utf-8"?><Error><Code>BlobNotFound</Code><Message>The specified blob does not exist.</Message></Error>';

function serveBlob(ctx: RouteContext): Response {
  const match = /^img-([A-Za-z0-9]{23}[0-6])\.png$/.exec(ctx.params.file ?? '');
  if (!match) return new Response(BLOB_NOT_FOUND, { status: 404, headers: { 'content-type': 'application/xml', 'x-ms-error-code': 'BlobNotFound' } });
  const png = renderImage(match[1]!, 'png', false);
  return new Response(new Uint8Array(png), {
    status: 200,
    headers: {
      'content-type': 'image/png',
      'content-length': String(png.length),
      'content-disposition': 'inline',
      'accept-ranges': 'bytes',
      etag: `"0x${sha256Hex(match[1]!).slice(0, 15).toUpperCase()}"`,
      'x-ms-blob-type': 'BlockBlob',
      'x-ms-version': '2024-08-04',
    },
  });
}

export function imagesRoutes(sim: OpenAISim): OpenAIRoute[] {
  return [
    { method: 'POST', path: '/v1/images/generations', handle: (ctx) => generations(ctx, sim) },
    { method: 'POST', path: '/v1/images/edits', handle: (ctx) => withUploads(ctx, sim, 'edits') },
    { method: 'POST', path: '/v1/images/variations', handle: (ctx) => withUploads(ctx, sim, 'variations') },
    { method: 'GET', path: `${BLOB_PREFIX}/:org/:user/:file`, auth: false, handle: serveBlob },
  ];
}
