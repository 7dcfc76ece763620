/**
 * The Responses API of the OpenAI simulator: POST /v1/responses (JSON or event stream, background
 * runs), GET / DELETE /v1/responses/{id}, POST /v1/responses/{id}/cancel and
 * GET /v1/responses/{id}/input_items. Everything invented (ids, text, arguments, timings) comes from
 * the request hash, which includes `previous_response_id` and so the whole chain; stored responses
 * live in a store private to this simulator instance.
 */
import { requestHash } from '../../determinism.ts';
import { rateLimitHeaders } from '../headers.ts';
import { jsonResponse, type OpenAIRoute, type OpenAISim, type RouteContext } from '../routes.ts';
import { buildContext } from './conversation.ts';
import { responseErrors } from './errors.ts';
import { countContextTokens } from './input.ts';
import { IdFactory, planOutput } from './plan.ts';
import { validateResponseRequest } from './request.ts';
import { renderResponse, type ResponseRecord } from './render.ts';
import { listInputItems, ResponseStore, RUN_MS, type StoredResponse } from './store.ts';
import { responseEvents, streamEvents } from './stream.ts';

export const RESPONSES_ROUTE = 'POST /v1/responses';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8' };

export function responsesRoutes(sim: OpenAISim): OpenAIRoute[] {
  const store = new ResponseStore(sim);

  const sse = (ctx: RouteContext, events: Iterator<Record<string, unknown>>, headers: Record<string, string>) =>
    new Response(streamEvents(events, {
      chunkDelayMs: sim.chunkDelayMs,
      onEnd: (aborted) => { if (aborted) ctx.entry.aborted = true; else ctx.entry.completed = true; },
    }), { status: 200, headers: { ...SSE_HEADERS, ...headers } });

  function create(ctx: RouteContext): Response {
    const body = ctx.json();
    const hash = requestHash(RESPONSES_ROUTE, body);
    const req = validateResponseRequest(body, sim.customModels);
    const createdAt = Math.floor(sim.now() / 1000);
    const ids = new IdFactory(hash, createdAt);
    let previous: StoredResponse | undefined;
    if (req.previousResponseId !== null) {
      previous = store.get(req.previousResponseId);
      if (!previous) throw responseErrors.previousNotFound(req.previousResponseId);
    }
    const context = buildContext(previous ? store.conversation(previous) : [], req, ids);
    const schema = req.format.type === 'json_schema' ? req.format.schema : null;
    const inputTokens = countContextTokens(context, req.instructions, [req.tools.length ? req.tools : null, schema]);
    const plan = planOutput(req, context, ids, inputTokens);
    const duration = req.background ? RUN_MS / 1000 : 1 + Math.floor(plan.usage.output_tokens / 100);
    const record: ResponseRecord = { id: ids.make('resp', 'response'), createdAt, completedAt: createdAt + duration, req, plan, context };
    if (req.store) store.put(record, hash, req.stream);

    const headers = { ...ctx.headers([RESPONSES_ROUTE, body]), ...rateLimitHeaders(req.model, inputTokens + (req.maxOutputTokens ?? 0)) };
    if (req.stream) return sse(ctx, responseEvents(record, { hash, obfuscation: req.includeObfuscation }), headers);
    return jsonResponse(renderResponse(record, req.background ? 'queued' : 'final'), headers);
  }

  /** The stored response named in the path, or OpenAI's 400 (bad prefix) / 404 (unknown, deleted, store:false). */
  function stored(ctx: RouteContext): StoredResponse {
    const id = ctx.params.response_id!;
    if (!id.startsWith('resp')) throw responseErrors.badIdPrefix('response_id', id);
    const entry = store.get(id);
    if (!entry) throw responseErrors.notFound(id);
    return entry;
  }

  const headersOf = (ctx: RouteContext) => ctx.headers([ctx.method, ctx.path, ctx.query.toString()]);

  function retrieve(ctx: RouteContext): Response {
    const entry = stored(ctx);
    if (ctx.query.get('stream') === 'true') {
      if (!entry.record.req.background) throw responseErrors.streamNotBackground();
      const after = Number(ctx.query.get('starting_after') ?? -1);
      const obfuscation = ctx.query.get('include_obfuscation') !== 'false';
      const events = responseEvents(entry.record, { hash: entry.hash, obfuscation });
      const replay = (function* () { for (const e of events) if ((e.sequence_number as number) > after) yield e; })();
      return sse(ctx, replay, headersOf(ctx));
    }
    return jsonResponse(renderResponse(entry.record, store.phase(entry)), headersOf(ctx));
  }

  return [
    { method: 'POST', path: '/v1/responses', handle: create },
    { method: 'GET', path: '/v1/responses/:response_id', handle: retrieve },
    {
      method: 'DELETE',
      path: '/v1/responses/:response_id',
      handle: (ctx) => {
        const { record } = stored(ctx);
        store.delete(record.id);
        return jsonResponse({ id: record.id, object: 'response', deleted: true }, headersOf(ctx));
      },
    },
    {
      method: 'POST',
      path: '/v1/responses/:response_id/cancel',
      handle: (ctx) => {
        const entry = stored(ctx);
        if (!entry.record.req.background) throw responseErrors.cancelSynchronous();
        store.cancel(entry);
        return jsonResponse(renderResponse(entry.record, store.phase(entry)), headersOf(ctx));
      },
    },
    {
      method: 'GET',
      path: '/v1/responses/:response_id/input_items',
      handle: (ctx) => jsonResponse(listInputItems(stored(ctx).record.context, ctx.query), headersOf(ctx)),
    },
  ];
}
