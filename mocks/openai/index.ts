/**
 * The OpenAI simulator: `createOpenAISimulator(options)` → `{ name, provider, fetch, journal, faults }`.
 * `fetch` sees paths exactly as api.openai.com does (`/v1/chat/completions`; the host is irrelevant).
 * It is three layers: `journaled` (every request recorded first) → standard headers (every answer
 * carries `x-request-id` and `x-ratelimit-*`, added only when a route did not) → `withFaults` (the
 * fault profile / per-request fault selection) → `route`: find the route in the table the API modules
 * contribute, check the bearer key the way OpenAI does, validate the JSON body against OpenAI's
 * description when one is given, and answer. A path of our contract without a route is answered by the
 * Prism fallback; other unknown paths and methods get OpenAI's own 404/405 bodies.
 *
 * Valid keys: `options.apiKeys` (exact list) when given, otherwise any bearer token starting with `sk-`.
 */
import { bufferedBody, bufferedResponse } from '../../lib/serve.ts';
import { requestHash } from '../determinism.ts';
import { describeJsonBody, FaultController, withFaults, type FaultError } from '../faults/index.ts';
import { Journal, journalBody, journaled, type JournalEntry, type RecordedHandler } from '../journal.ts';
import { createPrismFallback } from '../prism.ts';
import { FIXED_EPOCH_MS, type NativeLane, type Simulator, type SimulatorOptions } from '../types.ts';
import { apiRoutes } from './apis.ts';
import { requestError, type OpenAIDescription } from './description.ts';
import { errors, OpenAIError } from './errors.ts';
import { baseHeaders, rateLimitHeaders } from './headers.ts';
import { findModel } from './models.ts';
import { createRealtimeUpgrade } from './realtime/index.ts';
import { compileRoute, matchPath, PlainHeaders, type CompiledRoute, type HeaderAccess, type OpenAISim, type PlainAnswer, type RouteContext } from './routes.ts';

export { MODEL_SNAPSHOTS, findModel, knownModelIds } from './models.ts';
export { maskApiKey } from './errors.ts';
export { compileOpenAIDescription, loadOpenAIDescription, type OpenAIDescription } from './description.ts';

export interface OpenAISimulatorOptions extends SimulatorOptions {
  /** Exact list of accepted API keys. Default: any bearer token starting with `sk-`. */
  apiKeys?: readonly string[];
  /** `openai-organization` response header. */
  organization?: string;
  /** `openai-project` response header. */
  project?: string;
  /** Simulated seconds per real second for lifecycles when no clock is injected (default 1). */
  timeScale?: number;
  /** OpenAI's published description: JSON request bodies are validated against it before the route runs. */
  description?: OpenAIDescription;
  /** Answer contract operations that have no hand-written route with Prism (default true). */
  prismFallback?: boolean;
}

/** OpenAI's envelope for a provider-neutral error (faults, Prism fallback). */
function renderError(error: FaultError): string {
  return new OpenAIError(error.status, { message: error.message, type: error.type, param: error.param, code: error.code }).render();
}

/** The model a request names, for rate-limit header values (gpt-4o-mini's when unknown). */
function rateLimitModel(body: unknown) {
  const model = body !== null && typeof body === 'object' ? (body as { model?: unknown }).model : undefined;
  return (typeof model === 'string' ? findModel(model) : undefined) ?? findModel('gpt-4o-mini')!;
}

export function createOpenAISimulator(options: OpenAISimulatorOptions = {}): Simulator {
  const name = options.name ?? 'openai';
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now, { upstream: name, ...(options.region ? { region: options.region } : {}) });
  const faults = options.faults ?? new FaultController();
  const prism = options.prismFallback === false ? undefined : createPrismFallback({ prefix: '/v1', errorBody: renderError });
  const startedAt = performance.now();
  const sim: OpenAISim = {
    name,
    ...(options.region ? { region: options.region } : {}),
    now,
    organization: options.organization ?? 'touchstone-sim',
    project: options.project ?? 'proj_T0uchst0neS1mulat0r0000',
    chunkDelayMs: options.chunkDelayMs ?? 0,
    timeScale: options.timeScale ?? 1,
    lifecycleNow: options.now ?? (() => FIXED_EPOCH_MS + (performance.now() - startedAt) * (options.timeScale ?? 1)),
    self: (request) => fetch(request),
    customModels: new Map(),
  };
  const routes = apiRoutes(sim).map(compileRoute);
  const upgrade = createRealtimeUpgrade({
    ...(options.apiKeys ? { apiKeys: options.apiKeys } : {}),
    now, journal, chunkDelayMs: sim.chunkDelayMs, organization: sim.organization, project: sim.project,
  });

  const headersFor = (entry: JournalEntry, hashInput: unknown) => {
    const headers = baseHeaders({ hash: requestHash('headers', hashInput), organization: sim.organization, project: sim.project });
    entry.requestId = headers['x-request-id'];
    return headers;
  };

  function authenticate(authorization: string | null): OpenAIError | null {
    const match = /^Bearer\s+(.*)$/i.exec(authorization ?? '');
    const key = match?.[1]?.trim();
    if (!key) return errors.missingApiKey();
    const valid = options.apiKeys ? options.apiKeys.includes(key) : key.startsWith('sk-');
    return valid ? null : errors.incorrectApiKey(key);
  }

  /**
   * The checks a route with `auth` runs first, as api.openai.com does: the bearer key, then (with a
   * description) the JSON body against it. The error and the hash input of its headers, if one fails.
   */
  function admission(method: string, path: string, authorization: string | null, contentType: string | null, entry: JournalEntry, text: string): [OpenAIError, unknown] | undefined {
    const denied = authenticate(authorization);
    if (denied) return [denied, [method, path, authorization]];
    if (options.description && entry.body !== undefined && /json/i.test(contentType ?? 'json')) {
      const [problem] = options.description.validateRequest(method, path, entry.body);
      if (problem) return [requestError(problem, entry.body), [method, path, text]];
    }
    return undefined;
  }

  async function route(request: Request, path: string, text: string, bytes: Uint8Array, entry: JournalEntry): Promise<Response> {
    const method = request.method.toUpperCase();
    const fail = (error: OpenAIError, hashInput: unknown = [method, path]) => error.toResponse(headersFor(entry, hashInput));
    const { matches, params } = matchPath(routes, path);
    const checkRequest = (): Response | undefined => {
      const refused = admission(method, path, request.headers.get('authorization'), request.headers.get('content-type'), entry, text);
      return refused && fail(...refused);
    };
    if (matches.length === 0) {
      if (prism?.covers(path)) return checkRequest() ?? prism.answer(request, path, text);
      return fail(path === '/v1' || path.startsWith('/v1/') ? errors.invalidUrl(method, path) : errors.unknownUrl(method, path));
    }
    const route = matches.find((r) => r.method === method);
    if (!route) return fail(errors.invalidMethod(method, path));
    if (route.auth !== false) {
      const rejected = checkRequest();
      if (rejected) return rejected;
    }
    const url = new URL(request.url);
    const ctx: RouteContext = {
      request, method, path, params, query: url.searchParams, text, bytes, entry,
      json() {
        try { return JSON.parse(text) as unknown; } catch { throw errors.unparsableJson(); }
      },
      async formData() {
        try {
          return await new Request(url, { method: 'POST', headers: request.headers, body: bytes as unknown as BodyInit }).formData();
        } catch { throw errors.invalidMultipart(); }
      },
      headers: (hashInput) => headersFor(entry, hashInput),
      fail,
    };
    try {
      return await route.handle(ctx);
    } catch (error) {
      if (error instanceof Error && error.name === 'OpenAIError') return fail(error as OpenAIError, [method, path, text.length]);
      throw error;
    }
  }

  /** Give `headers` the x-request-id family and the x-ratelimit-* family where they lack them. */
  function addStandardHeaders(headers: HeaderAccess, entry: JournalEntry, text: string): void {
    const missingId = !headers.has('x-request-id');
    const missingLimits = !headers.has('x-ratelimit-limit-requests');
    if (missingId) {
      for (const [k, v] of Object.entries(headersFor(entry, [entry.method, entry.path, text]))) if (!headers.has(k)) headers.set(k, v);
    }
    if (missingLimits) for (const [k, v] of Object.entries(rateLimitHeaders(rateLimitModel(entry.body), 0))) headers.set(k, v);
  }

  /** Every answer carries x-request-id and the x-ratelimit-* family; routes that set them keep theirs. */
  const withStandardHeaders = (handler: RecordedHandler): RecordedHandler => async (request, recorded) => {
    const response = await handler(request, recorded);
    if (response.headers.has('x-request-id') && response.headers.has('x-ratelimit-limit-requests')) return response;
    const headers = new Headers(response.headers);
    addStandardHeaders(headers, recorded.entry, recorded.text);
    const init = { status: response.status, statusText: response.statusText, headers };
    const buffered = bufferedBody(response);
    return buffered ? bufferedResponse(buffered, init) : new Response(response.body, init);
  };

  const answer: RecordedHandler = (request, { entry, text, bytes }) => route(request, entry.path, text, bytes, entry);
  const fetch = journaled(journal, withStandardHeaders(withFaults(answer, { upstream: name, controller: faults, errorBody: renderError })));

  /** The route `route` would run for this method and path when it answers from the body alone (`plain`). */
  const plainRoute = (method: string, path: string): CompiledRoute | undefined => {
    const upper = method.toUpperCase();
    for (const r of routes) if (r.method === upper && r.regex.test(path)) return r.plain ? r : undefined;
    return undefined;
  };

  /**
   * The native lane (mocks/server.ts): the same layers as `fetch` — journal, standard headers, fault
   * selection, route — on plain data, for requests no fault applies to and that do not stream. Anything
   * else is declined before it is journaled, and `fetch` serves it.
   */
  const native: NativeLane = {
    accepts: (method, path) => plainRoute(method, path) !== undefined,
    answer(request) {
      const { method, path, headers } = request;
      const route = plainRoute(method, path);
      if (!route) return undefined;
      const read = journalBody(request.bytes, headers['content-type'] ?? '');
      const { stream, model } = describeJsonBody(path, read.body);
      if (stream) return undefined;
      const header = new PlainHeaders(headers);
      if (faults.selects({ upstream: name, method, path, headers: header, body: read.body, text: read.text, stream, model })) return undefined;
      const entry = journal.add({ method, path, search: request.search, headers, bytes: request.bytes, aborted: request.aborted }, read);
      const upper = method.toUpperCase();
      let answered: PlainAnswer | undefined;
      if (route.auth !== false) {
        const refused = admission(upper, path, header.get('authorization'), header.get('content-type'), entry, read.text);
        if (refused) answered = refused[0].toAnswer(headersFor(entry, refused[1]));
      }
      if (!answered) {
        try {
          answered = route.plain!({ text: read.text, body: read.body, entry });
        } catch (error) {
          if (!(error instanceof Error && error.name === 'OpenAIError')) throw error;
          answered = (error as OpenAIError).toAnswer(headersFor(entry, [upper, path, read.text.length]));
        }
      }
      const access = new PlainHeaders(answered.headers);
      addStandardHeaders(access, entry, read.text);
      entry.status = answered.status;
      entry.requestId ??= access.get('x-request-id') ?? undefined;
      if (!access.get('content-type')?.startsWith('text/event-stream')) entry.completed = true;
      return answered;
    },
  };

  return { name, provider: 'openai', ...(options.region ? { region: options.region } : {}), fetch, upgrade, native, journal, faults };
}
