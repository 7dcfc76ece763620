/**
 * `GET /v1beta/models` and `GET /v1beta/models/{model}`: the Model resources of models.ts as the
 * Gemini API lists them (name `models/…`, token limits, supported generation methods, sampling
 * defaults, `thinking`), paged with `pageSize` (default 50, at most 1000) and an opaque `pageToken`.
 * Methods the capability matrix withholds are not listed (no `createCachedContent` without prompt caching).
 */
import { GoogleError } from './errors.ts';
import { GEMINI_MODELS, isThinkingModel, type GeminiModel } from './models.ts';
import type { Offers } from './capabilities.ts';

export function renderModel(model: GeminiModel, offers: Offers): Record<string, unknown> {
  const methods = [
    ...(offers('non_stream') || offers('stream') ? ['generateContent'] : []),
    'countTokens',
    ...(offers('prompt_caching') ? ['createCachedContent'] : []),
    'batchGenerateContent',
  ];
  return {
    name: `models/${model.id}`,
    version: model.revision,
    displayName: model.displayName,
    description: model.description,
    inputTokenLimit: model.inputTokenLimit,
    outputTokenLimit: model.outputTokenLimit,
    supportedGenerationMethods: methods,
    temperature: model.temperature,
    topP: model.topP,
    ...(model.topK !== undefined ? { topK: model.topK } : {}),
    maxTemperature: model.maxTemperature,
    ...(isThinkingModel(model) && offers('reasoning') ? { thinking: true } : {}),
  };
}

const json = (value: unknown, headers: Record<string, string>): Response =>
  new Response(`${JSON.stringify(value, null, 2)}\n`, { status: 200, headers: { ...headers, 'content-type': 'application/json; charset=UTF-8' } });

export function handleListModels(query: URLSearchParams, offers: Offers, headers: Record<string, string>): Response {
  const size = Math.min(Math.max(Number(query.get('pageSize') ?? 50) || 50, 1), 1000);
  const token = query.get('pageToken');
  let offset = 0;
  if (token) {
    const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
    if (!m) throw new GoogleError(400, 'Invalid page token.');
    offset = Number(m[1]);
  }
  const page = GEMINI_MODELS.slice(offset, offset + size);
  const next = offset + size < GEMINI_MODELS.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : undefined;
  return json({ models: page.map((m) => renderModel(m, offers)), ...(next ? { nextPageToken: next } : {}) }, headers);
}

export function handleGetModel(model: GeminiModel, offers: Offers, headers: Record<string, string>): Response {
  return json(renderModel(model, offers), headers);
}
