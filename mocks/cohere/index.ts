/**
 * The Cohere simulator: `createCohereSimulator(options)` → `{ name, provider: 'cohere', fetch, journal,
 * faults }`. `fetch` sees paths exactly as api.cohere.com does (`/v2/chat`, `/v2/rerank`). Layers, as
 * in the OpenAI simulator: `journaled` (every request recorded first) → Cohere's standard headers
 * (added when an answer lacks them, e.g. a fault's) → `withFaults` (Cohere's error body, and a
 * `message-end` with `finish_reason: "ERROR"` as the mid-stream error) → routes: bearer key check,
 * then chat.ts or rerank.ts. The capability matrix is honoured per request (capabilities.ts).
 *
 * Valid keys: `options.apiKeys` (exact list) when given; otherwise any non-empty bearer token that
 * does not start with `invalid` (Cohere keys have no fixed prefix, so the simulator rejects by a
 * documented marker instead). No key → 401 "no api key supplied"; a rejected key → 401 "invalid api token".
 */
import { requestHash, Rng } from '../determinism.ts';
import { FaultController, withFaults } from '../faults/index.ts';
import { Journal, journaled, type JournalEntry, type RecordedHandler } from '../journal.ts';
import { PromptCache } from '../openai/prompt-cache.ts';
import { FIXED_EPOCH_MS, type Simulator, type SimulatorOptions } from '../types.ts';
import { cohereOffers, type CapabilityCheck } from './capabilities.ts';
import { handleChat } from './chat.ts';
import { CohereApiError, cohereErrors, cohereFaultRenderer } from './errors.ts';
import { handleRerank } from './rerank.ts';

export { COHERE_MODELS, findCohereModel } from './models.ts';
export { cohereOffers, parameterFor, type CapabilityCheck } from './capabilities.ts';

export interface CohereSimulatorOptions extends SimulatorOptions {
  /** Exact list of accepted API keys. Default: any key not starting with `invalid`. */
  apiKeys?: readonly string[];
  /** Which capability-matrix columns Cohere offers (default: spec/capabilities.yaml). */
  offers?: CapabilityCheck;
}

/** Headers api.cohere.com sends with every answer; `x-debug-trace-id` is Cohere's request id. */
export function cohereHeaders(hash: string): Record<string, string> {
  const rng = new Rng(hash, 'headers');
  return {
    'access-control-expose-headers': 'X-Debug-Trace-ID',
    'cache-control': 'no-cache, no-store, no-transform, must-revalidate, private, max-age=0',
    expires: 'Thu, 01 Jan 1970 00:00:00 UTC',
    pragma: 'no-cache',
    vary: 'Origin',
    'x-accel-expires': '0',
    'x-debug-trace-id': rng.hex(32),
    'x-envoy-upstream-service-time': String(rng.int(150, 900)),
  };
}

const ROUTES = new Map<string, 'chat' | 'rerank'>([['/v2/chat', 'chat'], ['/v2/rerank', 'rerank']]);

export function createCohereSimulator(options: CohereSimulatorOptions = {}): Simulator {
  const name = options.name ?? 'cohere';
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now, { upstream: name, ...(options.region ? { region: options.region } : {}) });
  const faults = options.faults ?? new FaultController();
  const offers = options.offers ?? cohereOffers;
  const promptCache = new PromptCache(now);
  const chunkDelayMs = options.chunkDelayMs ?? 0;

  const headersFor = (entry: JournalEntry) => (hash: string) => {
    const headers = cohereHeaders(hash);
    entry.requestId = headers['x-debug-trace-id'];
    return headers;
  };

  function authenticate(request: Request): CohereApiError | null {
    const match = /^Bearer\s+(.*)$/i.exec(request.headers.get('authorization') ?? '');
    const key = match?.[1]?.trim();
    if (!key) return cohereErrors.noApiKey();
    const valid = options.apiKeys ? options.apiKeys.includes(key) : !/^invalid/i.test(key);
    return valid ? null : cohereErrors.invalidToken();
  }

  const route: RecordedHandler = (request, { entry, text }) => {
    const headers = headersFor(entry);
    const method = request.method.toUpperCase();
    const fail = (error: CohereApiError, hashInput: unknown) => error.toResponse(hashInput, headers(requestHash('cohere', hashInput)));
    const target = ROUTES.get(entry.path.replace(/\/$/, ''));
    if (!target) return fail(cohereErrors.notFound(), [method, entry.path]);
    if (method !== 'POST') return fail(cohereErrors.methodNotAllowed(), [method, entry.path]);
    const denied = authenticate(request);
    if (denied) return fail(denied, [method, entry.path, request.headers.get('authorization')]);
    if (target === 'rerank') return handleRerank(text, headers);
    return handleChat(text, { offers, chunkDelayMs, entry, promptCache, headers });
  };

  /** Answers produced outside the routes (faults) still carry Cohere's headers. */
  const withStandardHeaders = (handler: RecordedHandler): RecordedHandler => async (request, recorded) => {
    const response = await handler(request, recorded);
    if (response.headers.has('x-debug-trace-id')) return response;
    const headers = new Headers(response.headers);
    const { entry } = recorded;
    for (const [k, v] of Object.entries(headersFor(entry)(requestHash('cohere', [entry.method, entry.path, recorded.text])))) {
      if (!headers.has(k)) headers.set(k, v);
    }
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };

  const fetch = journaled(journal, withStandardHeaders(withFaults(route, { upstream: name, controller: faults, ...cohereFaultRenderer })));
  return { name, provider: 'cohere', ...(options.region ? { region: options.region } : {}), fetch, journal, faults };
}
