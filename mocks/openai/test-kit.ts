/**
 * Test kit for the stateless OpenAI APIs (chat, embeddings, moderations, models): the official SDK wired
 * to a simulator in-process, the SDK error of a failing call, OpenAI's published description (undefined
 * when absent), and — for state tests can't reach through the public simulator (fine-tuned models) —
 * a bare route dispatcher over an `OpenAISim` the test builds.
 */
import OpenAI from 'openai';
import { loadOpenAISpec } from '../../test/openai-spec.ts';
import { FIXED_EPOCH_MS } from '../types.ts';
import { errors, OpenAIError } from './errors.ts';
import { baseHeaders } from './headers.ts';
import { requestHash } from '../determinism.ts';
import { compileRoute, matchPath, type OpenAIRoute, type OpenAISim, type RouteContext } from './routes.ts';

export const spec = loadOpenAISpec();

export function sdkClient(sim: { fetch: (request: Request) => Response | Promise<Response> }, apiKey = 'sk-test'): OpenAI {
  return new OpenAI({ apiKey, baseURL: 'http://sim.test/v1', maxRetries: 0, fetch: async (url, init) => sim.fetch(new Request(url, init)) });
}

export async function sdkError(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try { await promise; } catch (error) { return error as InstanceType<typeof OpenAI.APIError>; }
  throw new Error('expected the request to fail');
}

/** The raw answer to a JSON POST, for byte-level assertions. */
export function postJson(sim: { fetch: (request: Request) => Response | Promise<Response> }, path: string, body: unknown): Promise<Response> {
  return Promise.resolve(sim.fetch(new Request(`http://sim.test${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })));
}

export function stubSim(overrides: Partial<OpenAISim> = {}): OpenAISim {
  const sim: OpenAISim = {
    name: 'openai', now: () => FIXED_EPOCH_MS, organization: 'org-touchstone', project: 'proj_test', chunkDelayMs: 0,
    timeScale: 1, lifecycleNow: () => FIXED_EPOCH_MS, self: () => Promise.reject(new Error('no self calls in stubSim')),
    customModels: new Map(), ...overrides,
  };
  return sim;
}

/** A fetch over `routes` alone (no auth, no journal), answering OpenAI errors as the simulator does. */
export function routesFetch(routes: OpenAIRoute[]): (request: Request) => Promise<Response> {
  const compiled = routes.map(compileRoute);
  return async (request) => {
    const url = new URL(request.url);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    const { matches, params } = matchPath(compiled, url.pathname);
    const route = matches.find((r) => r.method === request.method);
    const headers = (hashInput: unknown) => baseHeaders({ hash: requestHash('headers', hashInput), organization: 'org-touchstone', project: 'proj_test' });
    if (!route) return errors.invalidUrl(request.method, url.pathname).toResponse();
    const ctx = {
      request, method: request.method, path: url.pathname, params, query: url.searchParams, text, bytes,
      entry: { completed: false, aborted: false } as RouteContext['entry'],
      json() { try { return JSON.parse(text) as unknown; } catch { throw errors.unparsableJson(); } },
      formData: () => Promise.reject(new Error('not used')),
      headers,
      fail: (error: OpenAIError, hashInput: unknown = []) => error.toResponse(headers(hashInput)),
    } satisfies RouteContext;
    try {
      return await route.handle(ctx);
    } catch (error) {
      if (error instanceof OpenAIError) return error.toResponse(headers([]));
      throw error;
    }
  };
}
