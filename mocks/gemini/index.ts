/**
 * The Gemini API simulator (generativelanguage.googleapis.com): `createGeminiSimulator(options)` →
 * `{ name, provider, fetch, journal, faults }`. `fetch` sees paths as Google does
 * (`/v1beta/models/gemini-2.5-flash:generateContent`). Three layers, as every simulator here:
 * `journaled` (every request recorded first) → `withFaults` (fault profile / per-request faults, in
 * Google's error shapes) → routes (routes.ts): find the method (unknown → Google's HTML 404), check
 * the API key, check the model, answer (generate-content.ts, count-tokens.ts, models-api.ts,
 * caches-api.ts). JSON answers carry Google's front-end headers (`server`, `vary`, `server-timing`…).
 *
 * Auth: the key comes from `x-goog-api-key` or `?key=`. Valid keys: `options.apiKeys` (exact) when
 * given, otherwise any key starting with `AIza`. A missing key is 403 PERMISSION_DENIED ("Method
 * doesn't allow unregistered callers…"); a wrong key is 400 INVALID_ARGUMENT "API key not valid…"
 * with ErrorInfo reason API_KEY_INVALID — the live API's answers.
 */
import { requestHash } from '../determinism.ts';
import { FaultController, withFaults } from '../faults/index.ts';
import { Journal, journaled, type JournalEntry, type RecordedHandler } from '../journal.ts';
import { FIXED_EPOCH_MS, type Simulator, type SimulatorOptions } from '../types.ts';
import { handleCreateCache, handleDeleteCache, handleGetCache, handleListCaches, type CacheNaming } from './caches-api.ts';
import type { CapabilityOverrides } from './capabilities.ts';
import { handleCountTokens } from './count-tokens.ts';
import { GEMINI_DIALECT } from './dialect.ts';
import { GoogleError, googleHeaders, htmlNotFound } from './errors.ts';
import { describeGeminiRequest, googleFaultRenderer } from './faults.ts';
import { handleGenerateContent } from './generate-content.ts';
import { findGeminiModel } from './models.ts';
import { handleGetModel, handleListModels } from './models-api.ts';
import { matchGeminiRoute, type GeminiRoute } from './routes.ts';
import { createService, type GeminiService } from './service.ts';

export { GEMINI_MODELS, findGeminiModel, type GeminiModel } from './models.ts';
export { GoogleError } from './errors.ts';

export interface GeminiSimulatorOptions extends SimulatorOptions {
  /** Exact list of accepted API keys. Default: any key starting with `AIza`. */
  apiKeys?: readonly string[];
  /** Pin capability-matrix columns for this instance (default: spec/capabilities.yaml). */
  capabilities?: CapabilityOverrides;
}

const SERVICE = 'generativelanguage.googleapis.com';

function apiKeyInvalid(): GoogleError {
  const message = 'API key not valid. Please pass a valid API key.';
  return new GoogleError(400, message, [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: SERVICE } },
    { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
  ]);
}

const unregisteredCaller = (): GoogleError => new GoogleError(403,
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");

const modelNotFound = (model: string, version: string, method: string): GoogleError => new GoogleError(404,
  `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`);

const stripModels = (name: string): string => name.replace(/^models\//, '');

function dispatch(service: GeminiService, route: GeminiRoute, request: Request, text: string, entry: JournalEntry, headers: Record<string, string>): Response {
  const lookup = (model: string, version: string, method: string) => {
    const found = findGeminiModel(stripModels(model));
    if (!found) throw modelNotFound(stripModels(model), version, method);
    return found;
  };
  switch (route.kind) {
    case 'generate': {
      const model = lookup(route.model, route.version, route.stream ? 'streamGenerateContent' : 'generateContent');
      const alt = new URL(request.url).searchParams.get('alt');
      return handleGenerateContent(service, {
        model, modelName: `models/${model.id}`, text, entry, headers, ...(route.stream ? { stream: alt === 'sse' ? 'sse' : 'json-array' } : {}),
      });
    }
    case 'countTokens': return handleCountTokens(service, lookup(route.model, route.version, 'countTokens'), text, headers);
    case 'listModels': return handleListModels(new URL(request.url).searchParams, service.offers, headers);
    case 'getModel': return handleGetModel(lookup(route.model, route.version, 'get'), service.offers, headers);
    case 'createCache': {
      const naming: CacheNaming = {
        namePrefix: 'cachedContents/',
        resolveModel: (name) => { const model = findGeminiModel(stripModels(name)); return model && { model, modelName: `models/${model.id}` }; },
        modelNotFound: (name) => modelNotFound(stripModels(name), 'v1beta', 'createCachedContent'),
      };
      return handleCreateCache(service, naming, text, headers);
    }
    case 'listCaches': return handleListCaches(service, headers);
    case 'getCache': return handleGetCache(service, route.name, headers);
    case 'deleteCache': return handleDeleteCache(service, route.name, headers);
  }
}

export function createGeminiSimulator(options: GeminiSimulatorOptions = {}): Simulator {
  const name = options.name ?? 'gemini';
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now, { upstream: name, ...(options.region ? { region: options.region } : {}) });
  const faults = options.faults ?? new FaultController();
  const service = createService(GEMINI_DIALECT, { now, chunkDelayMs: options.chunkDelayMs ?? 0, ...(options.capabilities ? { capabilities: options.capabilities } : {}) });

  const authenticate = (request: Request): GoogleError | null => {
    const key = request.headers.get('x-goog-api-key') ?? new URL(request.url).searchParams.get('key');
    if (!key) return unregisteredCaller();
    const valid = options.apiKeys ? options.apiKeys.includes(key) : key.startsWith('AIza');
    return valid ? null : apiKeyInvalid();
  };

  const answer: RecordedHandler = (request, { entry, text }) => {
    const headers = googleHeaders(requestHash('headers', [entry.method, entry.path, text]));
    const route = matchGeminiRoute(request.method.toUpperCase(), entry.path, service.offers);
    if (!route) return htmlNotFound(entry.path);
    try {
      const denied = authenticate(request);
      if (denied) throw denied;
      return dispatch(service, route, request, text, entry, headers);
    } catch (error) {
      if (error instanceof GoogleError) return error.toResponse(headers);
      throw error;
    }
  };

  const renderer = googleFaultRenderer(GEMINI_DIALECT);
  const fetch = journaled(journal, withFaults(answer, { upstream: name, controller: faults, ...renderer, describe: describeGeminiRequest }));
  return { name, provider: 'gemini', ...(options.region ? { region: options.region } : {}), fetch, journal, faults };
}
