/**
 * The Anthropic simulator: `createAnthropicSimulator(options)` → `{ name, provider, fetch, journal, faults }`.
 * `fetch` sees paths exactly as api.anthropic.com does (`/v1/messages`, `/v1/messages/count_tokens`).
 * Layers: `journaled` (every request recorded first) → standard headers (`request-id`, the organisation
 * and, on a 429, the exhausted `anthropic-ratelimit-*` family; error bodies get their `request_id`) →
 * `withFaults` (Anthropic's error body and mid-stream `event: error`) → routes: method and path, the API
 * key, `anthropic-version`, then the Messages logic (messages.ts). Unknown paths: 404 not_found_error.
 *
 * Valid keys: `options.apiKeys` (exact list) when given, otherwise any key starting with `sk-ant-`, sent
 * as `x-api-key` or (as the official SDK ≥ 1.0 does) `Authorization: Bearer`; `x-api-key` wins when both
 * are present. `anthropic-version` must be `2023-06-01` or `2026-10-21`; `anthropic-beta` is accepted.
 * Features the seed-001 capability matrix says Anthropic does not offer are refused (capabilities.ts).
 */
import { requestHash } from '../determinism.ts';
import { FaultController, withFaults } from '../faults/index.ts';
import { Journal, journaled, type JournalEntry, type RecordedHandler } from '../journal.ts';
import { FIXED_EPOCH_MS, type Simulator, type SimulatorOptions } from '../types.ts';
import { matrixOffers, type Offers } from './capabilities.ts';
import { AnthropicError, errors, faultRenderer } from './errors.ts';
import { baseHeaders, exhaustedHeaders, requestIdFor } from './headers.ts';
import { answerMessages, type MessagesState } from './messages.ts';
import { PromptCache } from './prompt-cache.ts';
import { API_VERSIONS, parseBetas, type ApiVersion } from './request.ts';

export { CLAUDE_MODELS, findClaudeModel, findVertexClaudeModel, type ClaudeModel } from './models.ts';
export { COLUMN_FEATURES, matrixOffers, refuseUnoffered, type Offers } from './capabilities.ts';
export { AnthropicError, errorEventText, faultRenderer } from './errors.ts';
export { answerMessages, type MessagesCall, type MessagesState } from './messages.ts';
export { PromptCache } from './prompt-cache.ts';

export interface AnthropicSimulatorOptions extends SimulatorOptions {
  /** Exact list of accepted API keys. Default: any key starting with `sk-ant-`. */
  apiKeys?: readonly string[];
  /** Which capability columns Anthropic offers. Default: the seed-001 matrix (spec/capabilities.yaml). */
  offers?: Offers;
}

const ROUTES: Record<string, 'messages' | 'count_tokens'> = { '/v1/messages': 'messages', '/v1/messages/count_tokens': 'count_tokens' };

export function createAnthropicSimulator(options: AnthropicSimulatorOptions = {}): Simulator {
  const name = options.name ?? 'anthropic';
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now, { upstream: name, ...(options.region ? { region: options.region } : {}) });
  const faults = options.faults ?? new FaultController();
  const state: MessagesState = {
    now, chunkDelayMs: options.chunkDelayMs ?? 0, cache: new PromptCache(now), offers: options.offers ?? matrixOffers('anthropic'),
  };

  const headersFor = (entry: JournalEntry, text: string) => {
    const requestId = requestIdFor(requestHash('anthropic.request', [entry.method, entry.path, text]));
    entry.requestId = requestId;
    return baseHeaders(requestId);
  };

  function authenticate(request: Request): AnthropicError | null {
    const apiKey = request.headers.get('x-api-key');
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
    const key = apiKey ?? bearer;
    if (!key) return errors.missingApiKey();
    const valid = options.apiKeys ? options.apiKeys.includes(key) : key.startsWith('sk-ant-');
    if (valid) return null;
    return apiKey !== null ? errors.invalidApiKey() : errors.invalidBearer();
  }

  function checkVersion(request: Request): ApiVersion | AnthropicError {
    const version = request.headers.get('anthropic-version');
    if (version === null) return errors.missingVersion();
    return (API_VERSIONS as readonly string[]).includes(version) ? (version as ApiVersion) : errors.invalidVersion(version);
  }

  const route: RecordedHandler = (request, { entry, text, bytes }) => {
    const headers = headersFor(entry, text);
    const endpoint = ROUTES[entry.path.replace(/\/+$/, '')];
    if (!endpoint) return errors.notFound().toResponse(headers);
    if (request.method.toUpperCase() !== 'POST') return errors.methodNotAllowed().toResponse(headers);
    const denied = authenticate(request);
    if (denied) return denied.toResponse(headers);
    const version = checkVersion(request);
    if (version instanceof AnthropicError) return version.toResponse(headers);
    return answerMessages(state, {
      endpoint, platform: 'anthropic', version, betas: parseBetas(request.headers.get('anthropic-beta')),
      text, byteLength: bytes.byteLength, headers, entry,
    });
  };

  /** Fault answers get what every Anthropic answer carries; a 429 the exhausted rate-limit family. */
  const withStandardHeaders = (handler: RecordedHandler): RecordedHandler => async (request, recorded) => {
    const response = await handler(request, recorded);
    if (response.headers.has('request-id')) return response;
    const { entry, text } = recorded;
    const headers = new Headers(response.headers);
    const standard = headersFor(entry, text);
    for (const [k, v] of Object.entries(standard)) headers.set(k, v);
    for (const key of [...headers.keys()]) if (key.startsWith('x-ratelimit-')) headers.delete(key);
    if (response.status === 429) {
      for (const [k, v] of Object.entries(exhaustedHeaders(now(), Number(headers.get('retry-after') ?? 0) || 1))) {
        if (k !== 'retry-after' || !headers.has(k)) headers.set(k, v);
      }
    }
    let body: BodyInit | null = response.body;
    let status = response.status;
    if (status >= 400 && (headers.get('content-type') ?? '').includes('json')) {
      const text = await response.text();
      body = text;
      try {
        const parsed = JSON.parse(text) as { error?: { type?: string } };
        body = JSON.stringify({ ...parsed, request_id: standard['request-id'] });
        // Anthropic says "overloaded" with 529, not the 503 of the neutral preset.
        if (parsed.error?.type === 'overloaded_error' && status === 503) status = 529;
      } catch { /* not JSON after all: pass it on unchanged */ }
    }
    return new Response(body, { status, statusText: status === response.status ? response.statusText : '', headers });
  };

  const fetch = journaled(journal, withStandardHeaders(withFaults(route, { upstream: name, controller: faults, ...faultRenderer })));
  return { name, provider: 'anthropic', ...(options.region ? { region: options.region } : {}), fetch, journal, faults };
}
