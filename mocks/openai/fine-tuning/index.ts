/**
 * The fine-tuning jobs API: POST /v1/fine_tuning/jobs, GET /v1/fine_tuning/jobs (newest first,
 * `limit` / `after`, `metadata[k]=v` filter), GET /v1/fine_tuning/jobs/{id}, POST …/{id}/cancel,
 * GET …/{id}/events (newest first) and GET …/{id}/checkpoints. Parameters and file references are
 * checked at creation (400 at once); the dataset itself during `validating_files` (a `failed` job
 * with `error`), as OpenAI does. State follows the lifecycle clock: see lifecycle.ts.
 */
import { sha256Hex, Rng } from '../../determinism.ts';
import { errors } from '../errors.ts';
import type { FilesApi } from '../files/index.ts';
import { cursorPage, IdMint, listWithCursors, objectBody } from '../files/common.ts';
import { jsonResponse, type OpenAIRoute, type OpenAISim, type RouteContext } from '../routes.ts';
import { advanceJob, jobStatus, renderCheckpoints, renderEvents, renderJob, scriptJob, type JobRecord } from './lifecycle.ts';
import { parseJobRequest } from './params.ts';
import { checkDataset, type DatasetCheck } from './training.ts';

const CANCELLABLE = new Set(['validating_files', 'queued', 'running']);

/** `metadata[k]=v` filters (or `metadata=null` for jobs without metadata) from the query string. */
function matchesMetadata(job: JobRecord, query: URLSearchParams): boolean {
  if (query.get('metadata') === 'null') return job.request.metadata === null;
  for (const [key, value] of query) {
    const m = /^metadata\[(.+)\]$/.exec(key);
    if (m && job.request.metadata?.[m[1]!] !== value) return false;
  }
  return true;
}

export function fineTuningRoutes(sim: OpenAISim, files: FilesApi): OpenAIRoute[] {
  const jobs = new Map<string, JobRecord>();
  const ids = new IdMint(`${sim.name}/fine-tuning`);
  const organizationId = `org-${new Rng(sha256Hex(sim.organization), 'org').chars(24)}`;
  let seq = 0;

  const headers = (ctx: RouteContext) => ctx.headers([ctx.method, ctx.path, ctx.entry.seq]);
  /** The job brought up to now, and now. */
  const observe = (job: JobRecord) => {
    const t = sim.lifecycleNow();
    advanceJob(job, t, sim, files);
    return t;
  };
  const find = (ctx: RouteContext) => {
    const id = ctx.params.job_id!;
    const job = jobs.get(id);
    if (!job) throw errors.fineTuningJobNotFound(id);
    return { job, t: observe(job) };
  };

  function create(ctx: RouteContext): Response {
    const request = parseJobRequest(objectBody(() => ctx.json()), files, sim.customModels);
    const training = checkDataset(request.training.bytes, request.format, 'training_file');
    const dataset: DatasetCheck = !training.ok || !request.validation ? training : (() => {
      const validation = checkDataset(request.validation.bytes, request.format, 'validation_file');
      return validation.ok ? training : validation;
    })();
    const job = scriptJob({
      id: ids.next('ftjob-', 24), seq: ++seq, createdAtMs: sim.lifecycleNow(), request, dataset,
      organizationId, orgSlug: sim.organization, ids,
    });
    jobs.set(job.id, job);
    return jsonResponse(renderJob(job, observe(job)), headers(ctx));
  }

  function list(ctx: RouteContext): Response {
    const newestFirst = [...jobs.values()].filter((j) => matchesMetadata(j, ctx.query)).sort((a, b) => b.createdAtMs - a.createdAtMs || b.seq - a.seq);
    const page = cursorPage(newestFirst, ctx.query, { defaultLimit: 20, maxLimit: 100 });
    return jsonResponse({ object: 'list', data: page.data.map((j) => renderJob(j, observe(j))), has_more: page.hasMore }, headers(ctx));
  }

  function cancel(ctx: RouteContext): Response {
    const { job, t } = find(ctx);
    const status = jobStatus(job, t);
    if (status !== 'cancelled') {
      if (!CANCELLABLE.has(status)) throw errors.invalidRequest(`Cannot cancel a fine-tuning job with status '${status}'.`);
      job.cancelAtMs = t;
    }
    return jsonResponse(renderJob(job, t), headers(ctx));
  }

  return [
    { method: 'POST', path: '/v1/fine_tuning/jobs', handle: create },
    { method: 'GET', path: '/v1/fine_tuning/jobs', handle: list },
    { method: 'GET', path: '/v1/fine_tuning/jobs/:job_id', handle: (ctx) => { const { job, t } = find(ctx); return jsonResponse(renderJob(job, t), headers(ctx)); } },
    { method: 'POST', path: '/v1/fine_tuning/jobs/:job_id/cancel', handle: cancel },
    {
      method: 'GET',
      path: '/v1/fine_tuning/jobs/:job_id/events',
      handle: (ctx) => {
        const { job, t } = find(ctx);
        const page = cursorPage(renderEvents(job, t), ctx.query, { defaultLimit: 20, maxLimit: 100 });
        return jsonResponse({ object: 'list', data: page.data, has_more: page.hasMore }, headers(ctx));
      },
    },
    {
      method: 'GET',
      path: '/v1/fine_tuning/jobs/:job_id/checkpoints',
      handle: (ctx) => {
        const { job, t } = find(ctx);
        return jsonResponse(listWithCursors(cursorPage(renderCheckpoints(job, t), ctx.query, { defaultLimit: 10, maxLimit: 100 })), headers(ctx));
      },
    },
  ];
}
