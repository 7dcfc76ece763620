/**
 * The Vertex AI simulator (`{region}-aiplatform.googleapis.com`, or the global `aiplatform.googleapis.com`):
 * `createVertexSimulator(options)` → `{ name, provider, region, fetch, journal, faults }`. Layers as
 * every simulator: `journaled` → `withFaults` → routes (routes.ts). Gemini models are answered by the
 * shared Gemini core (mocks/gemini: one generateContent implementation) with Vertex's dialect
 * (dialect.ts); Claude models (`publishers/anthropic/…:rawPredict | :streamRawPredict`) by the
 * Anthropic handler in ./anthropic.ts, whose faults render in Anthropic's shape.
 *
 * Auth: an OAuth access token, `Authorization: Bearer …` — valid: `options.apiKeys` (exact) when given,
 * otherwise any token starting with `ya29.`; missing or invalid → 401 UNAUTHENTICATED in Google's
 * envelope with ErrorInfo (CREDENTIALS_MISSING / ACCESS_TOKEN_TYPE_UNSUPPORTED). The `location` in the
 * path must be the host's region (`options.region`, default `us-central1`); the global host accepts any.
 */
import { requestHash } from '../determinism.ts';
import { FaultController, withFaults } from '../faults/index.ts';
import { Journal, journaled, type Recorded, type RecordedHandler } from '../journal.ts';
import { FIXED_EPOCH_MS, type Simulator, type SimulatorOptions } from '../types.ts';
import { handleCreateCache, handleDeleteCache, handleGetCache, handleListCaches, type CacheNaming } from '../gemini/caches-api.ts';
import type { CapabilityOverrides } from '../gemini/capabilities.ts';
import { handleCountTokens } from '../gemini/count-tokens.ts';
import { GoogleError, googleHeaders, htmlNotFound } from '../gemini/errors.ts';
import { describeGeminiRequest, googleFaultRenderer } from '../gemini/faults.ts';
import { handleGenerateContent } from '../gemini/generate-content.ts';
import { findGeminiModel } from '../gemini/models.ts';
import { createService, type GeminiService } from '../gemini/service.ts';
import { isVertexAnthropicPath, vertexAnthropicRoutes } from './anthropic.ts';
import { VERTEX_DIALECT } from './dialect.ts';
import { matchVertexRoute, type VertexRoute } from './routes.ts';

export interface VertexSimulatorOptions extends SimulatorOptions {
  /** Exact list of accepted OAuth access tokens. Default: any bearer token starting with `ya29.`. */
  apiKeys?: readonly string[];
  /** Pin capability-matrix columns for this instance (default: spec/capabilities.yaml, row `vertex`). */
  capabilities?: CapabilityOverrides;
}

const AUTH_HINT = 'Expected OAuth 2 access token, login cookie or other valid authentication credential. '
  + 'See https://developers.google.com/identity/sign-in/web/devconsole-project.';

function unauthenticated(message: string, reason: string, rpc: string): GoogleError {
  return new GoogleError(401, `${message} ${AUTH_HINT}`, [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata: { method: rpc, service: 'aiplatform.googleapis.com' } },
  ]);
}

const publisherModel = (route: VertexRoute, publisher: string, model: string): string =>
  `projects/${route.project}/locations/${route.location}/publishers/${publisher}/models/${model}`;

const modelNotFound = (resource: string): GoogleError => new GoogleError(404,
  `Publisher Model \`${resource}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. `
  + 'For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions');

function dispatch(service: GeminiService, route: VertexRoute, request: Request, recorded: Recorded, headers: Record<string, string>): Response {
  const { text, entry } = recorded;
  const lookup = (model: string) => {
    const found = findGeminiModel(model);
    if (!found) throw modelNotFound(publisherModel(route, 'google', model));
    return found;
  };
  switch (route.kind) {
    case 'generate': {
      const model = lookup(route.model);
      const alt = new URL(request.url).searchParams.get('alt');
      return handleGenerateContent(service, {
        model, modelName: publisherModel(route, 'google', model.id), text, entry, headers,
        ...(route.stream ? { stream: alt === 'sse' ? 'sse' : 'json-array' } : {}),
      });
    }
    case 'countTokens': return handleCountTokens(service, lookup(route.model), text, headers);
    case 'unknownPublisher': throw modelNotFound(publisherModel(route, route.publisher, route.model));
    case 'createCache': {
      const prefix = `projects/${route.project}/locations/${route.location}/`;
      const naming: CacheNaming = {
        namePrefix: `${prefix}cachedContents/`,
        resolveModel: (name) => {
          const id = /(?:^|\/)models\/([^/]+)$/.exec(name)?.[1] ?? name;
          const model = findGeminiModel(id);
          return model && { model, modelName: publisherModel(route, 'google', model.id) };
        },
        modelNotFound: (name) => modelNotFound(name.startsWith('projects/') ? name : `${prefix}${name}`),
      };
      return handleCreateCache(service, naming, text, headers);
    }
    case 'listCaches': return handleListCaches(service, headers);
    case 'getCache': return handleGetCache(service, route.name, headers);
    case 'deleteCache': return handleDeleteCache(service, route.name, headers);
    case 'anthropic': throw modelNotFound(entry.path); // unreachable: Claude routes are answered by ./anthropic.ts
  }
}

export function createVertexSimulator(options: VertexSimulatorOptions = {}): Simulator {
  const name = options.name ?? 'vertex';
  const region = options.region ?? 'us-central1';
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now, { upstream: name, region });
  const faults = options.faults ?? new FaultController();
  const service = createService(VERTEX_DIALECT, { now, chunkDelayMs: options.chunkDelayMs ?? 0, ...(options.capabilities ? { capabilities: options.capabilities } : {}) });
  const claude = vertexAnthropicRoutes({ now, chunkDelayMs: service.chunkDelayMs, authenticate: false, offers: service.offers });

  /** Front-end checks every route shares: the bearer token, then the location. */
  const frontEnd = (request: Request, route: VertexRoute): GoogleError | null => {
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
    if (!token) return unauthenticated('Request is missing required authentication credential.', 'CREDENTIALS_MISSING', route.rpc);
    const valid = options.apiKeys ? options.apiKeys.includes(token) : token.startsWith('ya29.');
    if (!valid) return unauthenticated('Request had invalid authentication credentials.', 'ACCESS_TOKEN_TYPE_UNSUPPORTED', route.rpc);
    if (region !== 'global' && route.location !== region) {
      return new GoogleError(400, `Location ${route.location} is not served by this endpoint (${region}). `
        + `Send requests for ${route.location} to https://${route.location}-aiplatform.googleapis.com.`);
    }
    return null;
  };

  const answer = (anthropic: boolean): RecordedHandler => async (request, recorded) => {
    const { entry, text } = recorded;
    const headers = googleHeaders(requestHash('headers', [entry.method, entry.path, text]));
    const route = matchVertexRoute(request.method.toUpperCase(), entry.path, service.offers);
    if (!route) return htmlNotFound(entry.path);
    try {
      const refused = frontEnd(request, route);
      if (refused) throw refused;
      if (anthropic) return await claude.handle(request, recorded);
      return dispatch(service, route, request, recorded, headers);
    } catch (error) {
      if (error instanceof GoogleError) return error.toResponse(headers);
      throw error;
    }
  };

  const google = withFaults(answer(false), { upstream: name, controller: faults, ...googleFaultRenderer(VERTEX_DIALECT), describe: describeGeminiRequest });
  const anthropic = withFaults(answer(true), {
    upstream: name, controller: faults, ...claude.faults,
    describe: (path, body) => ({ stream: /:streamRawPredict$/.test(path) || (body as { stream?: unknown } | undefined)?.stream === true }),
  });
  const fetch = journaled(journal, (request, recorded) => (isVertexAnthropicPath(recorded.entry.path) ? anthropic : google)(request, recorded));
  return { name, provider: 'vertex', region, fetch, journal, faults };
}
