/**
 * The OpenAI-compatible base: `createOpenAICompatibleSimulator(profile, options)` → a Simulator that
 * answers like the provider the profile (quirk table, providers/<name>.ts) describes. Same three layers
 * as the OpenAI simulator: `journaled` (every request recorded first) → `withFaults` (fault profile,
 * rendered in the provider's error envelope) → route: the provider's paths under its base URL's path
 * (`/openai/v1` for Groq, none for Perplexity), its bearer-key rule, POST chat/completions and — where
 * the provider has one — GET models; anything else gets the provider's own 404.
 *
 * The capability matrix (spec/capabilities.ts) is read at request time, so a feature the matrix says
 * the provider does not offer is refused as that provider refuses a parameter (request.ts).
 */
import { providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { requestHash, Rng } from '../determinism.ts';
import { FaultController, STATUS_PRESETS, withFaults, type FaultError } from '../faults/index.ts';
import { Journal, journaled, type JournalEntry, type RecordedHandler } from '../journal.ts';
import { FIXED_EPOCH_MS, type Simulator, type SimulatorOptions } from '../types.ts';
import { PrefixCache } from './cache.ts';
import { planCompletion, renderCompletion } from './completion.ts';
import { ProviderError, type ModelRow, type ProviderProfile } from './profile.ts';
import { catalog, parseChatRequest, type RequestContext } from './request.ts';
import { sseBody, streamChunks } from './stream.ts';

export type { ProviderProfile } from './profile.ts';

export interface CompatSimulatorOptions extends SimulatorOptions {
  /** Exact list of accepted API keys (default: the provider's key rule). */
  apiKeys?: readonly string[];
  /** Capability lookup; default: the provider's row of spec/capabilities.yaml. Tests inject other matrices. */
  offers?: (column: CapabilityColumn) => boolean;
}

/** A fault asking for the generic rate-limit preset gets the provider's own 429 words. */
function providerWords(error: FaultError, profile: ProviderProfile): FaultError {
  const generic = STATUS_PRESETS.rate_limit.message;
  return error.status === 429 && error.message === generic ? profile.rateLimit : error;
}

function modelEntry(row: ModelRow, style: ProviderProfile['modelList']): Record<string, unknown> {
  return style === 'array'
    ? { id: row.id, object: 'model', created: row.created, ...row.listing }
    : { id: row.id, object: 'model', created: row.created, owned_by: row.ownedBy, ...row.listing };
}

export function createOpenAICompatibleSimulator(profile: ProviderProfile, options: CompatSimulatorOptions = {}): Simulator {
  const name = options.name ?? profile.name;
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now, { upstream: name });
  const faults = options.faults ?? new FaultController();
  const prefix = new URL(profile.baseURL).pathname.replace(/\/$/, '');
  const offers = options.offers ?? ((column: CapabilityColumn) => providerOffers(profile.name, column));
  const ctx: RequestContext = { profile, offers };
  const cache = new PrefixCache(profile.cache, now);
  const chunkDelayMs = options.chunkDelayMs ?? 0;

  const headersFor = (entry: JournalEntry, hashInput: unknown): Record<string, string> => {
    const headers = profile.headers(new Rng(requestHash(`${profile.name} headers`, hashInput), 'headers'));
    entry.requestId = headers['x-request-id'] ?? entry.requestId;
    return headers;
  };

  function authenticate(request: Request): ProviderError | null {
    const key = /^Bearer\s+(.*)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim() ?? '';
    if (!key) return profile.errors.auth('missing', '');
    const accepted = options.apiKeys ? options.apiKeys.includes(key) : profile.acceptsKey(key);
    return accepted ? null : profile.errors.auth('invalid', key);
  }

  function chat(text: string, entry: JournalEntry): Response {
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch { parsed = { unparsable: text }; }
    const headers = headersFor(entry, requestHash(`${profile.name} POST chat/completions`, parsed));
    let req;
    try {
      req = parseChatRequest(text, ctx);
    } catch (error) {
      if (error instanceof ProviderError) return error.toResponse(headers);
      throw error;
    }
    // The answer depends on the request as the provider read it: an ignored parameter changes nothing.
    const hash = requestHash(`${profile.name} POST chat/completions`, req.body);
    const caching = offers('prompt_caching') && req.model.caching !== false;
    const cachedTokens = caching ? cache.lookupAndStore(`${req.model.id}\u0000${req.chat.promptCacheKey ?? ''}`, req.prompt) : 0;
    const completion = planCompletion({ req, profile, hash, created: Math.floor(now() / 1000), cachedTokens, caching });
    if (req.stream) {
      const chunks = streamChunks(completion, profile, req.body, req.includeUsage);
      const body = sseBody(chunks, {
        chunkDelayMs,
        onEnd: (aborted) => { if (aborted) entry.aborted = true; else entry.completed = true; },
      });
      return new Response(body, { status: 200, headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8' } });
    }
    return new Response(JSON.stringify(renderCompletion(completion, profile, req.body)), {
      status: 200, headers: { ...headers, 'content-type': 'application/json' },
    });
  }

  function models(rest: string, entry: JournalEntry): Response {
    const headers = headersFor(entry, ['GET', 'models', rest]);
    const rows = catalog(ctx);
    if (rest) {
      const row = rows.find((m) => m.id === decodeURIComponent(rest));
      if (!row) return profile.errors.modelNotFound(decodeURIComponent(rest)).toResponse(headers);
      return Response.json(modelEntry(row, profile.modelList), { headers });
    }
    const data = rows.map((row) => modelEntry(row, profile.modelList));
    return Response.json(profile.modelList === 'array' ? data : { object: 'list', data }, { headers });
  }

  const answer: RecordedHandler = (request, { entry, text }) => {
    const method = request.method.toUpperCase();
    const path = entry.path.replace(/\/+$/, '');
    const rel = path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : null;
    const isChat = rel === '/chat/completions' && method === 'POST';
    const modelPath = profile.modelList !== 'none' && method === 'GET' && rel !== null && /^\/models(\/.+)?$/.exec(rel);
    const isModels = Boolean(modelPath) && (profile.modelList === 'openai' || rel === '/models');
    if (!isChat && !isModels) return profile.errors.notFound(method, entry.path).toResponse(headersFor(entry, [method, entry.path]));
    const denied = authenticate(request);
    if (denied) return denied.toResponse(headersFor(entry, [method, entry.path, request.headers.get('authorization')]));
    return isChat ? chat(text, entry) : models(rel!.slice('/models/'.length), entry);
  };

  const errorBody = (error: FaultError) => profile.errors.render(providerWords(error, profile));
  const fetch = journaled(journal, withFaults(answer, { upstream: name, controller: faults, errorBody }));
  return { name, provider: profile.name, fetch, journal, faults };
}
