/**
 * The cachedContents REST methods over a CacheStore (caches.ts): `POST …/cachedContents` (create),
 * `GET …/cachedContents` (list), `GET …/cachedContents/{id}`, `DELETE …/cachedContents/{id}`. The
 * resource naming differs between the Gemini API (`cachedContents/…`, model `models/…`) and Vertex
 * (`projects/…/locations/…/cachedContents/…`, publisher model paths), so the caller passes it in.
 */
import { cacheNotFound, renderCachedContent } from './caches.ts';
import { validationError, type FieldViolation, type GoogleError } from './errors.ts';
import type { GeminiModel } from './models.ts';
import type { GeminiService } from './service.ts';
import type { CachedContentRequest } from './types.ts';
import { checkParts } from './validate-contents.ts';
import { checkTools } from './validate-tools.ts';
import { parseJsonBody, parseMessage } from './validate.ts';

export interface CacheNaming {
  /** Prefix of cache names, e.g. `cachedContents/`. */
  namePrefix: string;
  /** The model a `model` field names (full resource name), or undefined. */
  resolveModel(name: string): { model: GeminiModel; modelName: string } | undefined;
  modelNotFound(name: string): GoogleError;
}

const json = (value: unknown, headers: Record<string, string>): Response =>
  new Response(`${JSON.stringify(value, null, 2)}\n`, { status: 200, headers: { ...headers, 'content-type': 'application/json; charset=UTF-8' } });

export function handleCreateCache(service: GeminiService, naming: CacheNaming, text: string, headers: Record<string, string>): Response {
  const ctx = { dialect: service.dialect, offers: service.offers };
  const body = parseMessage<CachedContentRequest>(parseJsonBody(text), 'CachedContent', ctx);
  const violations: FieldViolation[] = [];
  if (!body.model) violations.push({ field: 'cached_content.model', description: 'model is required' });
  (body.contents ?? []).forEach((c, i) => {
    if (c.role && c.role !== 'user' && c.role !== 'model') violations.push({ field: `cached_content.contents[${i}].role`, description: 'Please use a valid role: user, model.' });
    checkParts(c.parts ?? [], `cached_content.contents[${i}].parts`, violations);
  });
  checkTools(body.tools, body.toolConfig, violations);
  if (violations.length) throw validationError('CreateCachedContentRequest', violations);
  const resolved = naming.resolveModel(body.model!);
  if (!resolved) throw naming.modelNotFound(body.model!);
  const entry = service.caches.create(body, resolved.model, resolved.modelName, naming.namePrefix);
  return json(renderCachedContent(entry), headers);
}

export function handleGetCache(service: GeminiService, name: string, headers: Record<string, string>): Response {
  const entry = service.caches.get(name);
  if (!entry) throw cacheNotFound();
  return json(renderCachedContent(entry), headers);
}

export function handleListCaches(service: GeminiService, headers: Record<string, string>): Response {
  const entries = service.caches.list();
  return json(entries.length ? { cachedContents: entries.map(renderCachedContent) } : {}, headers);
}

export function handleDeleteCache(service: GeminiService, name: string, headers: Record<string, string>): Response {
  if (!service.caches.delete(name)) throw cacheNotFound();
  return json({}, headers);
}
