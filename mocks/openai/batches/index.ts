/**
 * The Batch API: POST /v1/batches, GET /v1/batches (newest first, `limit` / `after`),
 * GET /v1/batches/{id}, POST /v1/batches/{id}/cancel. Creation checks the parameters and the input
 * file's existence and purpose (400/404 at once); the file's lines are judged by the lifecycle's
 * `validating` step (a `failed` batch with line-numbered `errors`), as OpenAI does.
 *
 * Each line runs against this simulator's own endpoint through `sim.self`, under the API key that
 * created the batch, and carries `x-touchstone-batch: <batch id>` so journal readers can tell batch
 * traffic from a gateway's. Timing is BATCH_TIMING; a batch whose `metadata` sets
 * `touchstone_lines_per_second` (a decimal string) runs at that rate instead, which lets a conformance
 * scenario reach `expired` without waiting 24 hours (the metadata is echoed unchanged).
 */
import { errors } from '../errors.ts';
import type { FilesApi } from '../files/index.ts';
import { cursorPage, IdMint, listWithCursors, objectBody, validateMetadata } from '../files/common.ts';
import { jsonResponse, type OpenAIRoute, type OpenAISim, type RouteContext } from '../routes.ts';
import { planBatchInput } from './input.ts';
import { advanceBatch, BATCH_TIMING, batchStatus, renderBatch, type BatchRecord, type BatchTiming, type LineRunner } from './lifecycle.ts';

export const BATCH_ENDPOINTS = [
  '/v1/responses', '/v1/chat/completions', '/v1/embeddings', '/v1/completions', '/v1/moderations',
  '/v1/images/generations', '/v1/images/edits', '/v1/videos',
] as const;
const KNOWN_PARAMS = new Set(['input_file_id', 'endpoint', 'completion_window', 'metadata', 'output_expires_after']);
const CANCELLABLE = new Set(['validating', 'in_progress']);

function timingFor(metadata: Record<string, string> | null): BatchTiming {
  const rate = Number(metadata?.touchstone_lines_per_second);
  return rate > 0 && Number.isFinite(rate) ? { ...BATCH_TIMING, lineMs: 1000 / rate } : BATCH_TIMING;
}

function parseOutputExpiry(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw errors.invalidType('output_expires_after', 'an object', value);
  const { anchor, seconds } = value as Record<string, unknown>;
  if (anchor !== 'created_at') throw errors.invalidEnum('output_expires_after.anchor', anchor, ['created_at']);
  if (typeof seconds !== 'number' || !Number.isInteger(seconds)) throw errors.invalidType('output_expires_after.seconds', 'an integer', seconds);
  if (seconds < 3600) throw errors.belowMinimum('output_expires_after.seconds', 'integer', 3600, seconds);
  if (seconds > 2592000) throw errors.aboveMaximum('output_expires_after.seconds', 'integer', 2592000, seconds);
  return seconds;
}

const bearer = (request: Request) => /^Bearer\s+(.*)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim() || 'sk-internal';

export function batchesRoutes(sim: OpenAISim, files: FilesApi): OpenAIRoute[] {
  const batches = new Map<string, BatchRecord>();
  const ids = new IdMint(`${sim.name}/batches`);
  let seq = 0;

  const runLine: LineRunner = async (batch, index) => {
    if (!batch.plan.ok) throw new Error('runLine on a failed batch');
    const line = batch.plan.lines[index]!;
    const response = await sim.self(new Request(`http://sim.internal${line.url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${batch.apiKey}`, 'content-type': 'application/json', 'x-touchstone-batch': batch.id },
      body: JSON.stringify(line.body),
    }));
    const text = await response.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* a non-JSON answer is kept as text */ }
    return { customId: line.customId, statusCode: response.status, requestId: response.headers.get('x-request-id') ?? '', body };
  };

  /** Advance under the batch's own lock, then render; optionally mutate first (cancel). */
  const observe = (batch: BatchRecord, before?: (t: number) => void) => {
    const next = batch.work.then(async () => {
      const t = sim.lifecycleNow();
      await advanceBatch(batch, t, runLine, files);
      if (before) { before(t); await advanceBatch(batch, t, runLine, files); }
      return renderBatch(batch, t);
    });
    batch.work = next.catch(() => undefined);
    return next;
  };

  const find = (id: string) => {
    const batch = batches.get(id);
    if (!batch) throw errors.batchNotFound(id);
    return batch;
  };
  const headers = (ctx: RouteContext) => ctx.headers([ctx.method, ctx.path, ctx.entry.seq]);

  async function create(ctx: RouteContext): Promise<Response> {
    const body = objectBody(() => ctx.json());
    const unknown = Object.keys(body).filter((k) => !KNOWN_PARAMS.has(k));
    if (unknown.length) throw errors.unrecognizedArguments(unknown);
    for (const key of ['input_file_id', 'endpoint', 'completion_window'] as const) {
      if (body[key] === undefined || body[key] === null) throw errors.missingParameter(key);
      if (typeof body[key] !== 'string') throw errors.invalidType(key, 'a string', body[key]);
    }
    const endpoint = body.endpoint as string;
    if (!(BATCH_ENDPOINTS as readonly string[]).includes(endpoint)) throw errors.invalidEnum('endpoint', endpoint, BATCH_ENDPOINTS);
    if (body.completion_window !== '24h') throw errors.invalidEnum('completion_window', body.completion_window, ['24h']);
    const metadata = validateMetadata(body.metadata);
    const outputExpiresAfter = parseOutputExpiry(body.output_expires_after);
    const inputFileId = body.input_file_id as string;
    const input = files.get(inputFileId);
    if (!input) throw errors.fileNotFound(inputFileId, 'input_file_id');
    if (input.purpose !== 'batch') {
      throw errors.invalidValue('input_file_id', `Invalid 'input_file_id': file '${inputFileId}' has purpose '${input.purpose}'; a batch input file must be uploaded with purpose 'batch'.`);
    }
    const id = ids.next('batch_', 32, 'hex');
    const batch: BatchRecord = {
      id, seq: ++seq, endpoint, inputFileId, completionWindow: '24h', metadata,
      createdAtMs: sim.lifecycleNow(),
      apiKey: bearer(ctx.request),
      plan: planBatchInput(input.bytes, endpoint),
      timing: timingFor(metadata),
      outputExpiresAfter, cancelAtMs: null, results: [],
      lineIds: new IdMint(`${sim.name}/${id}`),
      work: Promise.resolve(),
    };
    batches.set(id, batch);
    return jsonResponse(await observe(batch), headers(ctx));
  }

  async function list(ctx: RouteContext): Promise<Response> {
    const newestFirst = [...batches.values()].sort((a, b) => b.createdAtMs - a.createdAtMs || b.seq - a.seq);
    const page = cursorPage(newestFirst, ctx.query, { defaultLimit: 20, maxLimit: 100 });
    const data = [];
    for (const batch of page.data) data.push(await observe(batch));
    return jsonResponse(listWithCursors({ data, hasMore: page.hasMore }), headers(ctx));
  }

  async function cancel(ctx: RouteContext): Promise<Response> {
    const batch = find(ctx.params.batch_id!);
    const rendered = await observe(batch, (t) => {
      const status = batchStatus(batch, t);
      if (status === 'cancelling' || status === 'cancelled') return;
      if (!CANCELLABLE.has(status)) {
        throw errors.invalidRequest(`Cannot cancel a batch with status '${status}'.`, null, 'batch_not_cancellable');
      }
      batch.cancelAtMs = t;
    });
    return jsonResponse(rendered, headers(ctx));
  }

  return [
    { method: 'POST', path: '/v1/batches', handle: create },
    { method: 'GET', path: '/v1/batches', handle: list },
    { method: 'GET', path: '/v1/batches/:batch_id', handle: async (ctx) => jsonResponse(await observe(find(ctx.params.batch_id!)), headers(ctx)) },
    { method: 'POST', path: '/v1/batches/:batch_id/cancel', handle: cancel },
  ];
}
