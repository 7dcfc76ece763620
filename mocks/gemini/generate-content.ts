/**
 * `:generateContent` and `:streamGenerateContent`, for the Gemini API and Vertex alike: validate the
 * body (validate.ts), resolve an explicit cache, count the prompt (tokens.ts) and its implicit-cache
 * hit, plan the answer from the hash of the normalised request (generate.ts) and answer with one
 * pretty-printed GenerateContentResponse or the stream (stream.ts). The same request always gives the
 * same bytes (ids and text from the hash, times from the clock), apart from the cache counts, which
 * depend on earlier requests as on the live API. Errors are thrown GoogleErrors (rendered by the caller).
 */
import { requestHash, Rng } from '../determinism.ts';
import type { JournalEntry } from '../journal.ts';
import { resolveCachedContent } from './caches.ts';
import { planResponse } from './generate.ts';
import type { GeminiModel } from './models.ts';
import { sequenceDetails } from './prompt-cache.ts';
import { renderResponse, rfc3339, type AnswerMeta, type UsageCounts } from './response.ts';
import type { GeminiService } from './service.ts';
import { streamBody, streamChunks, type StreamFraming } from './stream.ts';
import { modalityDetails, promptSequence, type TokenSequence } from './tokens.ts';
import { validateGenerateRequest, type GenerateRequest } from './validate.ts';
import { checkTools } from './validate-tools.ts';

export interface GenerateCall {
  model: GeminiModel;
  /** The model's resource name as the API spells it (`models/gemini-2.5-flash`, Vertex's publisher path). */
  modelName: string;
  text: string;
  entry: JournalEntry;
  /** Absent for `:generateContent`. */
  stream?: StreamFraming;
  headers: Record<string, string>;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The request the model answers: with an explicit cache, its contents and tools come first. */
function withCache(service: GeminiService, req: GenerateRequest, modelName: string): { req: GenerateRequest; cached?: TokenSequence } {
  if (!req.body.cachedContent) return { req };
  const entry = resolveCachedContent(service.caches, req.body, modelName);
  const cachedContents = (entry.body.contents ?? []).map((c) => ({ role: c.role || 'user', parts: c.parts ?? [] }));
  const tools = checkTools(entry.body.tools, entry.body.toolConfig, []);
  return { req: { ...req, contents: [...cachedContents, ...req.contents], tools }, cached: entry.sequence };
}

function usageFor(service: GeminiService, req: GenerateRequest, cached: TokenSequence | undefined): { sequence: TokenSequence; cachedTokens: number } {
  const own = { tools: req.body.tools, systemInstruction: req.body.systemInstruction, contents: req.body.contents };
  if (cached) {
    const sequence = promptSequence(own, { tokens: [...cached.tokens], byModality: new Map(cached.byModality) });
    return { sequence, cachedTokens: cached.tokens.length };
  }
  const sequence = promptSequence(own);
  const cachedTokens = service.offers('prompt_caching') ? service.implicitCache.lookupAndStore(req.model, sequence.tokens) : 0;
  return { sequence, cachedTokens };
}

export function handleGenerateContent(service: GeminiService, call: GenerateCall): Response {
  const validated = validateGenerateRequest(call.text, { dialect: service.dialect, offers: service.offers, model: call.model });
  const { req, cached } = withCache(service, validated, call.modelName);
  const route = `${service.dialect.provider} ${call.modelName}:generateContent`;
  const hash = requestHash(route, req.body);
  // What the model says does not depend on the controls that only cut it short or repeat it.
  const { stopSequences: _s, maxOutputTokens: _m, candidateCount: _c, ...sampling } = req.body.generationConfig ?? {};
  const plan = planResponse(req, requestHash(route, { ...req.body, generationConfig: sampling }), service.offers);
  const { sequence, cachedTokens } = usageFor(service, req, cached);
  const usage: UsageCounts = {
    promptTokens: sequence.tokens.length,
    promptDetails: modalityDetails(sequence.byModality),
    cachedTokens,
    cachedDetails: sequenceDetails(sequence.tokens.slice(0, cachedTokens)),
    candidatesTokens: plan.candidates.reduce((n, c) => n + c.outputTokens, 0),
    thoughtsTokens: plan.candidates.reduce((n, c) => n + c.thoughtTokens, 0),
  };
  const meta: AnswerMeta = {
    dialect: service.dialect, model: req.model, createTime: rfc3339(service.now()),
    responseId: new Rng(hash, 'response-id').chars(23, ID_ALPHABET),
  };
  call.entry.requestId = meta.responseId;

  if (!call.stream) {
    return new Response(`${JSON.stringify(renderResponse(plan, usage, meta), null, 2)}\n`, {
      status: 200, headers: { ...call.headers, 'content-type': 'application/json; charset=UTF-8' },
    });
  }
  const body = streamBody(streamChunks(plan, usage, meta, hash), {
    framing: call.stream, chunkDelayMs: service.chunkDelayMs,
    onEnd: (aborted) => { if (aborted) call.entry.aborted = true; else call.entry.completed = true; },
  });
  const type = call.stream === 'sse' ? 'text/event-stream' : 'application/json; charset=UTF-8';
  return new Response(body, { status: 200, headers: { ...call.headers, 'content-type': type} });
}
