/**
 * The OpenAI simulator: `createOpenAISimulator(options)` → `{ name, provider, fetch, journal }`.
 * `fetch` sees paths exactly as api.openai.com does (`/v1/chat/completions`; the host is irrelevant),
 * journals every request, finds its route in the table the API modules contribute, checks the bearer
 * key the way OpenAI does, and answers. Unknown paths and methods get OpenAI's own 404/405 bodies.
 *
 * Valid keys: `options.apiKeys` (exact list) when given, otherwise any bearer token starting with `sk-`.
 */
import { requestHash } from '../determinism.ts';
import { Journal, type JournalEntry } from '../journal.ts';
import { FIXED_EPOCH_MS, type Simulator, type SimulatorOptions } from '../types.ts';
import { apiRoutes } from './apis.ts';
import { errors, type OpenAIError } from './errors.ts';
import { baseHeaders } from './headers.ts';
import { compileRoute, matchPath, type OpenAISim, type RouteContext } from './routes.ts';

export { MODEL_SNAPSHOTS, findModel, knownModelIds } from './models.ts';
export { maskApiKey } from './errors.ts';

export interface OpenAISimulatorOptions extends SimulatorOptions {
  /** Exact list of accepted API keys. Default: any bearer token starting with `sk-`. */
  apiKeys?: readonly string[];
  /** `openai-organization` response header. */
  organization?: string;
  /** `openai-project` response header. */
  project?: string;
  /** Simulated seconds per real second for lifecycles when no clock is injected (default 1). */
  timeScale?: number;
}

export function createOpenAISimulator(options: OpenAISimulatorOptions = {}): Simulator {
  const name = options.name ?? 'openai';
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now);
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

  const headersFor = (entry: JournalEntry, hashInput: unknown) => {
    const headers = baseHeaders({ hash: requestHash('headers', hashInput), organization: sim.organization, project: sim.project });
    entry.requestId = headers['x-request-id'];
    return headers;
  };

  function authenticate(request: Request): OpenAIError | null {
    const match = /^Bearer\s+(.*)$/i.exec(request.headers.get('authorization') ?? '');
    const key = match?.[1]?.trim();
    if (!key) return errors.missingApiKey();
    const valid = options.apiKeys ? options.apiKeys.includes(key) : key.startsWith('sk-');
    return valid ? null : errors.incorrectApiKey(key);
  }

  async function route(request: Request, path: string, text: string, bytes: Uint8Array, entry: JournalEntry): Promise<Response> {
    const method = request.method.toUpperCase();
    const fail = (error: OpenAIError, hashInput: unknown = [method, path]) => error.toResponse(headersFor(entry, hashInput));
    const { matches, params } = matchPath(routes, path);
    if (matches.length === 0) {
      return fail(path === '/v1' || path.startsWith('/v1/') ? errors.invalidUrl(method, path) : errors.unknownUrl(method, path));
    }
    const route = matches.find((r) => r.method === method);
    if (!route) return fail(errors.invalidMethod(method, path));
    if (route.auth !== false) {
      const denied = authenticate(request);
      if (denied) return fail(denied, [method, path, request.headers.get('authorization')]);
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

  const fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const { entry, text, bytes } = await journal.record(request, path);
    const response = await route(request, path, text, bytes, entry);
    entry.status = response.status;
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) entry.completed = true;
    return response;
  };

  return { name, provider: 'openai', ...(options.region ? { region: options.region } : {}), fetch, journal };
}
