/**
 * POST /rerank (Cohere/Jina-style) onto Cohere's v2 rerank (`POST {baseURL}/v2/rerank`, Bearer key).
 * The gateway's request differs from Cohere v2's in two ways, so it is translated, not passed through:
 * documents may be `{text}` objects (Cohere v2 takes strings) and `return_documents` asks for each
 * result's document (Cohere v2 has no such option: the gateway adds them from the request). Cohere's own
 * `max_tokens_per_doc` and `priority` pass through; any other parameter is a 400 naming it. The answer
 * is `{id, model, results: [{index, relevance_score, document?}], usage: {search_units}}`.
 */
import type { GatewayContext } from '../app.ts';
import { BadRequestError, UpstreamError } from '../errors.ts';
import { readJsonObject } from '../http.ts';
import { callUpstream, isRecord } from './forward.ts';
import { routeRequest, type Endpoint } from './target.ts';

const endpoint: Endpoint = { api: 'rerank', label: 'POST /rerank', modelBound: true };
const PASSED = ['top_n', 'max_tokens_per_doc', 'priority'] as const;
const KNOWN = new Set<string>(['model', 'query', 'documents', 'return_documents', ...PASSED]);

type Document = string | { text: string };

function readDocuments(value: unknown): Document[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BadRequestError('invalid_value', "Invalid value for 'documents': expected a non-empty array of strings or {\"text\": string} objects.", 'documents');
  }
  value.forEach((d, i) => {
    if (typeof d !== 'string' && !(isRecord(d) && typeof d.text === 'string')) {
      throw new BadRequestError('invalid_type', `Invalid value for 'documents[${i}]': expected a string or an object with a string 'text'.`, `documents[${i}]`);
    }
  });
  return value as Document[];
}

function checkBody(body: Record<string, unknown>): Document[] {
  const unknown = Object.keys(body).find((k) => !KNOWN.has(k));
  if (unknown) throw new BadRequestError('unknown_parameter', `Unrecognized request argument supplied: ${unknown}. POST /rerank takes ${[...KNOWN].join(', ')}.`, unknown);
  if (body.model === undefined) throw new BadRequestError('missing_required_parameter', "Missing required parameter: 'model'.", 'model');
  if (typeof body.query !== 'string' || !body.query.trim()) throw new BadRequestError('invalid_value', "Invalid value for 'query': expected a non-empty string.", 'query');
  if (body.top_n !== undefined && !(Number.isInteger(body.top_n) && (body.top_n as number) >= 1)) {
    throw new BadRequestError('invalid_value', "Invalid value for 'top_n': expected an integer of at least 1.", 'top_n');
  }
  if (body.return_documents !== undefined && typeof body.return_documents !== 'boolean') {
    throw new BadRequestError('invalid_type', "Invalid type for 'return_documents': expected a boolean.", 'return_documents');
  }
  return readDocuments(body.documents);
}

export async function rerankDocuments(request: Request, ctx: GatewayContext): Promise<Response> {
  const body = await readJsonObject(request, ctx.config.maxBodyBytes);
  const documents = checkBody(body);
  const target = await routeRequest(ctx, request, endpoint, body.model);
  const cohereBody: Record<string, unknown> = { model: target.model, query: body.query, documents: documents.map((d) => (typeof d === 'string' ? d : d.text)) };
  for (const name of PASSED) if (body[name] !== undefined) cohereBody[name] = body[name];
  const upstream = await callUpstream(ctx, request, target, { method: 'POST', path: '/v2/rerank', json: cohereBody, search: '' });
  let answer: unknown;
  try { answer = await upstream.json(); } catch { answer = undefined; }
  const results = isRecord(answer) && Array.isArray(answer.results) ? answer.results : undefined;
  const valid = results?.every((r) => isRecord(r) && Number.isInteger(r.index) && (r.index as number) >= 0 && (r.index as number) < documents.length && typeof r.relevance_score === 'number');
  if (!isRecord(answer) || !results || !valid) {
    throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${target.account.name}" answered the rerank with a body that is not Cohere's {results: [{index, relevance_score}]}.`);
  }
  const billed = isRecord(answer.meta) && isRecord(answer.meta.billed_units) ? answer.meta.billed_units.search_units : undefined;
  const headers = new Headers();
  const upstreamId = upstream.headers.get('x-request-id');
  if (upstreamId) headers.set('x-upstream-request-id', upstreamId);
  return Response.json({
    ...(typeof answer.id === 'string' ? { id: answer.id } : {}),
    model: body.model,
    results: (results as { index: number; relevance_score: number }[]).map((r) => ({
      index: r.index,
      relevance_score: r.relevance_score,
      ...(body.return_documents === true ? { document: documents[r.index] } : {}),
    })),
    ...(typeof billed === 'number' ? { usage: { search_units: billed } } : {}),
  }, { headers });
}
