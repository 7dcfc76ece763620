/**
 * POST /v2/rerank: `{model, query, documents: string[], top_n?, max_tokens_per_doc?}` →
 * `{id, results: [{index, relevance_score}] (best first), meta: {api_version, billed_units.search_units}}`.
 * Relevance is deterministic and meaningful: the share of the query's content words (lower-cased,
 * stop words dropped, a plural `s` folded) found in the document's first `max_tokens_per_doc` tokens,
 * shaped into (0, 1) with a small per-pair jitter from the hash, so obvious matches rank first and
 * unrelated documents score near zero. Search units as Cohere bills them: one per 100 chunks of
 * ≤ 500 tokens (query included). Empty query/documents fail with Cohere's documented messages.
 */
import { requestHash, Rng } from '../determinism.ts';
import { tokenize } from '../openai/tokens.ts';
import { CohereApiError, cohereErrors, cohereUuid } from './errors.ts';
import { findCohereModel } from './models.ts';
import { isObject } from './validate-messages.ts';

export const RERANK_ROUTE = 'POST /v2/rerank';
const RERANK_DOCS = 'https://docs.cohere.com/reference/rerank';
const KNOWN_FIELDS = new Set(['model', 'query', 'documents', 'top_n', 'max_tokens_per_doc', 'priority']);
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'do', 'does', 'for', 'from', 'has', 'have', 'how', 'in', 'is', 'it', 'its',
  'of', 'on', 'or', 'that', 'the', 'this', 'to', 'was', 'what', 'when', 'where', 'which', 'who', 'why', 'with',
]);

function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => !STOP_WORDS.has(w)).map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w)));
}

export function relevance(query: string, document: string, hash: string, index: number): number {
  const q = contentWords(query);
  const d = contentWords(document);
  const shared = [...q].filter((w) => d.has(w)).length;
  const coverage = q.size ? shared / q.size : 0;
  const jitter = new Rng(hash, `doc-${index}`).next() * 0.02;
  const score = coverage === 0 ? 0.0005 + jitter : 0.1 + 0.87 * coverage ** 0.8 + jitter;
  return Number(Math.min(score, 0.9999).toPrecision(7));
}

interface RerankRequest { query: string; documents: string[]; topN: number; maxTokensPerDoc: number }

function validateRerank(body: unknown): RerankRequest {
  if (!isObject(body)) throw cohereErrors.invalidJson();
  const unknown = Object.keys(body).find((k) => !KNOWN_FIELDS.has(k));
  if (unknown) throw cohereErrors.unknownField(unknown, RERANK_DOCS);
  if (body.model === undefined || body.model === null || body.model === '') throw cohereErrors.missingModel();
  if (typeof body.model !== 'string') throw cohereErrors.invalid('model must be a string.');
  const model = findCohereModel(body.model);
  if (!model) throw cohereErrors.modelNotFound(body.model);
  if (model.kind !== 'rerank') throw cohereErrors.wrongApi(body.model, 'rerank');
  if (typeof body.query !== 'string' || !body.query.trim()) throw cohereErrors.invalid('query must not be empty or be only whitespace');
  if (!Array.isArray(body.documents) || body.documents.length === 0) throw cohereErrors.invalid('list of documents must not be empty');
  if (!body.documents.every((d) => typeof d === 'string')) throw cohereErrors.invalid('documents must be a list of strings.');
  const positive = (name: string, value: unknown, fallback: number): number => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw cohereErrors.invalid(`${name} must be a positive integer.`);
    return value;
  };
  const documents = body.documents as string[];
  const maxTokensPerDoc = positive('max_tokens_per_doc', body.max_tokens_per_doc, model.maxTokensPerDoc);
  if (maxTokensPerDoc > model.maxTokensPerDoc) {
    throw cohereErrors.invalid(`max_tokens_per_doc must be less than or equal to ${model.maxTokensPerDoc} - received ${maxTokensPerDoc}.`);
  }
  return { query: body.query, documents, topN: Math.min(positive('top_n', body.top_n, documents.length), documents.length), maxTokensPerDoc };
}

export function handleRerank(text: string, headers: (hash: string) => Record<string, string>): Response {
  let body: unknown;
  try { body = text.trim() ? JSON.parse(text) : undefined; } catch { body = undefined; }
  const hash = requestHash(RERANK_ROUTE, body === undefined ? { unparsable: text } : body);
  let req: RerankRequest;
  try {
    req = validateRerank(body);
  } catch (error) {
    if (error instanceof CohereApiError) return error.toResponse([RERANK_ROUTE, hash], headers(hash));
    throw error;
  }
  const queryTokens = tokenize(req.query).length;
  let chunks = 0;
  const results = req.documents.map((doc, index) => {
    const tokens = tokenize(doc).slice(0, req.maxTokensPerDoc);
    chunks += Math.max(1, Math.ceil((tokens.length + queryTokens) / 500));
    return { index, relevance_score: relevance(req.query, tokens.join(''), hash, index) };
  });
  results.sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index);
  const answer = {
    id: cohereUuid(hash, 'id'),
    results: results.slice(0, req.topN),
    meta: { api_version: { version: '2', is_experimental: false }, billed_units: { search_units: Math.ceil(chunks / 100) } },
  };
  return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json', ...headers(hash) } });
}
