/**
 * The OpenAI simulator: `createOpenAISimulator(options)` → `{ name, provider, fetch, journal }`.
 * `fetch` sees paths exactly as api.openai.com does (`/v1/chat/completions`; the host is irrelevant),
 * journals every request, routes it, and checks the bearer key the way OpenAI does.
 *
 * Valid keys: `options.apiKeys` (exact list) when given, otherwise any bearer token starting with `sk-`.
 */
import { requestHash } from '../determinism.ts';
import { Journal, type JournalEntry } from '../journal.ts';
import { FIXED_EPOCH_MS, type Simulator, type SimulatorOptions } from '../types.ts';
import { handleChatCompletion } from './chat.ts';
import { errors, type OpenAIError } from './errors.ts';
import { baseHeaders } from './headers.ts';

export { MODEL_SNAPSHOTS, findModel, knownModelIds } from './models.ts';
export { maskApiKey } from './errors.ts';

export interface OpenAISimulatorOptions extends SimulatorOptions {
  /** Exact list of accepted API keys. Default: any bearer token starting with `sk-`. */
  apiKeys?: readonly string[];
  /** `openai-organization` response header. */
  organization?: string;
  /** `openai-project` response header. */
  project?: string;
}

export function createOpenAISimulator(options: OpenAISimulatorOptions = {}): Simulator {
  const name = options.name ?? 'openai';
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now);
  const organization = options.organization ?? 'touchstone-sim';
  const project = options.project ?? 'proj_T0uchst0neS1mulat0r0000';

  const headersFor = (hashInput: unknown) => baseHeaders({ hash: requestHash('error', hashInput), organization, project });
  const fail = (error: OpenAIError, entry: JournalEntry, hashInput: unknown): Response => {
    const headers = headersFor(hashInput);
    entry.requestId = headers['x-request-id'];
    return error.toResponse(headers);
  };

  function authenticate(request: Request): OpenAIError | null {
    const match = /^Bearer\s+(.*)$/i.exec(request.headers.get('authorization') ?? '');
    const key = match?.[1]?.trim();
    if (!key) return errors.missingApiKey();
    const valid = options.apiKeys ? options.apiKeys.includes(key) : key.startsWith('sk-');
    return valid ? null : errors.incorrectApiKey(key);
  }

  async function route(request: Request, path: string, text: string, entry: JournalEntry): Promise<Response> {
    const method = request.method.toUpperCase();
    if (path === '/v1/chat/completions') {
      if (method !== 'POST' && method !== 'GET') return fail(errors.invalidMethod(method, path), entry, [method, path]);
      const denied = authenticate(request);
      if (denied) return fail(denied, entry, [method, path, request.headers.get('authorization')]);
      if (method === 'GET') {
        // Listing stored completions: this simulator stores none.
        const headers = headersFor([method, path]);
        entry.requestId = headers['x-request-id'];
        const list = { object: 'list', data: [], first_id: null, last_id: null, has_more: false };
        return new Response(`${JSON.stringify(list, null, 2)}\n`, { headers: { 'content-type': 'application/json', ...headers } });
      }
      return handleChatCompletion(text, { now, organization, project, chunkDelayMs: options.chunkDelayMs ?? 0, entry });
    }
    if (path === '/v1' || path.startsWith('/v1/')) return fail(errors.invalidUrl(method, path), entry, [method, path]);
    return fail(errors.unknownUrl(method, path), entry, [method, path]);
  }

  const fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const { entry, text } = await journal.record(request, path);
    const response = await route(request, path, text, entry);
    entry.status = response.status;
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) entry.completed = true;
    return response;
  };

  return { name, provider: 'openai', ...(options.region ? { region: options.region } : {}), fetch, journal };
}
