/**
 * fineTuningLifecycle: a job's whole script (events, per-step metrics, checkpoints) is written when the
 * job is created, from its dataset and a seeded PRNG; what a read shows is the part of the script the
 * lifecycle clock has reached. validating_files → queued → running (one step every `stepMs`, a
 * checkpoint at each of the last three epochs) → succeeded; failed when the dataset is invalid; a
 * cancel freezes the script at that instant. On success the results CSV is written through the Files
 * API (purpose `fine-tune-results`) and the model (and its checkpoints) join `sim.customModels`.
 */
import { Rng, sha256Hex } from '../../determinism.ts';
import type { FilesApi } from '../files/index.ts';
import { IdMint, seconds } from '../files/common.ts';
import type { OpenAISim } from '../routes.ts';
import type { Hyperparameters, JobRequest } from './params.ts';
import type { DatasetCheck, JobError } from './training.ts';

export const FINE_TUNING_TIMING = { validatingMs: 1000, queuedMs: 1000, stepMs: 100, finishingMs: 1000 };

export type JobStatus = 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

interface ScriptedEvent { atMs: number; id: string; level: 'info' | 'warn' | 'error'; message: string; type: 'message' | 'metrics'; data: Record<string, unknown> }
interface StepMetrics { step: number; train_loss: number; train_mean_token_accuracy: number; valid_loss?: number; valid_mean_token_accuracy?: number }
interface ScriptedCheckpoint { atMs: number; id: string; model: string; step: number; metrics: Record<string, number> }

export interface JobRecord {
  id: string;
  seq: number;
  createdAtMs: number;
  request: JobRequest;
  organizationId: string;
  seed: number;
  /** The dataset verdict (training file, then validation file). */
  dataset: DatasetCheck;
  /** Hyperparameters with every 'auto' decided (shown once the job runs). */
  resolved: Hyperparameters;
  totalSteps: number;
  fineTunedModel: string;
  events: ScriptedEvent[];
  metrics: StepMetrics[];
  checkpoints: ScriptedCheckpoint[];
  cancelAtMs: number | null;
  cancelEventId: string;
  resultFileId?: string;
}

const round = (n: number) => Math.round(n * 100000) / 100000;
const validatedAt = (j: JobRecord) => j.createdAtMs + FINE_TUNING_TIMING.validatingMs;
const startedAt = (j: JobRecord) => validatedAt(j) + FINE_TUNING_TIMING.queuedMs;
const trainedAt = (j: JobRecord) => startedAt(j) + j.totalSteps * FINE_TUNING_TIMING.stepMs;
const finishedAt = (j: JobRecord) => trainedAt(j) + FINE_TUNING_TIMING.finishingMs;

/** OpenAI's defaults for 'auto': about 100–25,000 examples seen in total, batches of ~0.2% of the data. */
function resolveHyperparameters(h: Hyperparameters, examples: number): Hyperparameters {
  let epochs = 3;
  if (examples * epochs < 100) epochs = Math.min(25, Math.ceil(100 / examples));
  else if (examples * epochs > 25000) epochs = Math.max(1, Math.floor(25000 / examples));
  const batch = Math.max(1, Math.min(256, Math.ceil(examples * 0.002)));
  return {
    n_epochs: h.n_epochs === 'auto' ? epochs : h.n_epochs,
    batch_size: h.batch_size === 'auto' ? batch : h.batch_size,
    learning_rate_multiplier: h.learning_rate_multiplier === 'auto' ? 2 : h.learning_rate_multiplier,
    ...(h.beta !== undefined ? { beta: h.beta === 'auto' ? 0.1 : h.beta } : {}),
  };
}

export interface NewJob { id: string; seq: number; createdAtMs: number; request: JobRequest; dataset: DatasetCheck; organizationId: string; orgSlug: string; ids: IdMint }

/** Write the job's script: every event, metric and checkpoint it will ever show. */
export function scriptJob({ id, seq, createdAtMs, request, dataset, organizationId, orgSlug, ids }: NewJob): JobRecord {
  const rng = new Rng(sha256Hex(`${id}\n${request.training.id}`), 'training');
  const examples = dataset.ok ? dataset.examples : 1;
  const resolved = resolveHyperparameters(request.hyperparameters, examples);
  const stepsPerEpoch = Math.ceil(examples / (resolved.batch_size as number));
  const epochs = resolved.n_epochs as number;
  const job: JobRecord = {
    id, seq, createdAtMs, request, organizationId, dataset, resolved,
    seed: request.seed ?? rng.int(0, 2147483647),
    totalSteps: dataset.ok ? stepsPerEpoch * epochs : 0,
    fineTunedModel: `ft:${request.baseSnapshot}:${orgSlug}:${request.suffix ?? ''}:${rng.chars(8)}`,
    events: [], metrics: [], checkpoints: [], cancelAtMs: null, cancelEventId: ids.next('ftevent-', 24),
  };
  const event = (atMs: number, message: string, level: ScriptedEvent['level'] = 'info', type: ScriptedEvent['type'] = 'message', data: Record<string, unknown> = {}) =>
    job.events.push({ atMs, id: ids.next('ftevent-', 24), level, message, type, data });

  event(createdAtMs, `Created fine-tuning job: ${id}`);
  event(createdAtMs, `Validating training file: ${request.training.id}${request.validation ? ` and validation file: ${request.validation.id}` : ''}`);
  if (!dataset.ok) { event(validatedAt(job), dataset.error.message, 'error'); return job; }
  event(validatedAt(job), 'Files validated, moving job to queued state');
  event(startedAt(job), 'Fine-tuning job started');
  const validating = request.validation !== null;
  for (let step = 1; step <= job.totalSteps; step++) {
    const atMs = startedAt(job) + step * FINE_TUNING_TIMING.stepMs;
    const progress = step / job.totalSteps;
    const loss = round(Math.max(0.01, 0.2 + 1.8 * Math.exp(-3.5 * progress) + (rng.next() - 0.5) * 0.12));
    const m: StepMetrics = { step, train_loss: loss, train_mean_token_accuracy: round(Math.min(1, Math.max(0, 1 - loss / 2.5))) };
    if (validating) {
      m.valid_loss = round(loss + 0.05 + rng.next() * 0.1);
      m.valid_mean_token_accuracy = round(Math.min(1, Math.max(0, 1 - m.valid_loss / 2.5)));
    }
    job.metrics.push(m);
    event(atMs, `Step ${step}/${job.totalSteps}: training loss=${loss.toFixed(2)}${validating ? `, validation loss=${m.valid_loss!.toFixed(2)}` : ''}`,
      'info', 'metrics', { ...m, total_steps: job.totalSteps });
    const epoch = step / stepsPerEpoch;
    if (Number.isInteger(epoch) && epoch > epochs - 3) {
      const metrics: Record<string, number> = { step, train_loss: m.train_loss, train_mean_token_accuracy: m.train_mean_token_accuracy };
      if (validating) Object.assign(metrics, { valid_loss: m.valid_loss, valid_mean_token_accuracy: m.valid_mean_token_accuracy, full_valid_loss: m.valid_loss, full_valid_mean_token_accuracy: m.valid_mean_token_accuracy });
      job.checkpoints.push({ atMs, id: ids.next('ftckpt_', 24), step, metrics,
        model: `ft:${request.baseSnapshot}:${orgSlug}:${request.suffix ?? ''}:${rng.chars(8)}:ckpt-step-${step}` });
      event(atMs, `Checkpoint created at step ${step}`);
    }
  }
  event(trainedAt(job), `New fine-tuned model created: ${job.fineTunedModel}`);
  event(trainedAt(job), 'Evaluating model against our usage policies');
  event(finishedAt(job), 'Usage policy evaluations completed, model is now enabled for sampling');
  event(finishedAt(job), 'The job has successfully completed');
  return job;
}

export function jobStatus(j: JobRecord, t: number): JobStatus {
  if (j.cancelAtMs !== null && j.cancelAtMs <= t) return 'cancelled';
  if (t < validatedAt(j)) return 'validating_files';
  if (!j.dataset.ok) return 'failed';
  if (t < startedAt(j)) return 'queued';
  return t < finishedAt(j) ? 'running' : 'succeeded';
}

/** How far the script has played at `t` (a cancel stops it). */
const horizon = (j: JobRecord, t: number) => Math.min(t, j.cancelAtMs ?? Infinity);

/** Side effects of reaching `t`: checkpoint models become usable, success writes results and the model. */
export function advanceJob(j: JobRecord, t: number, sim: OpenAISim, files: FilesApi): JobStatus {
  const status = jobStatus(j, t);
  for (const c of j.checkpoints) if (c.atMs <= horizon(j, t)) sim.customModels.set(c.model, j.request.baseSnapshot);
  if (status === 'succeeded' && !j.resultFileId) {
    const header = 'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy';
    const rows = j.metrics.map((m) => [m.step, m.train_loss, m.train_mean_token_accuracy, m.valid_loss ?? '', m.valid_mean_token_accuracy ?? ''].join(','));
    j.resultFileId = files.create({ filename: 'step_metrics.csv', purpose: 'fine-tune-results', bytes: `${[header, ...rows].join('\n')}\n`, createdAt: seconds(finishedAt(j)) }).id;
    sim.customModels.set(j.fineTunedModel, j.request.baseSnapshot);
  }
  return status;
}

/** Events visible at `t`, newest first, as `fine_tuning.job.event` objects. */
export function renderEvents(j: JobRecord, t: number): (Record<string, unknown> & { id: string })[] {
  const shown = j.events.filter((e) => e.atMs <= horizon(j, t));
  if (jobStatus(j, t) === 'cancelled') shown.push({ atMs: j.cancelAtMs!, id: j.cancelEventId, level: 'info', message: 'Fine-tuning job cancelled', type: 'message', data: {} });
  return shown.reverse().map((e) => ({ object: 'fine_tuning.job.event', id: e.id, created_at: seconds(e.atMs), level: e.level, message: e.message, data: e.data, type: e.type }));
}

export function renderCheckpoints(j: JobRecord, t: number): (Record<string, unknown> & { id: string })[] {
  return j.checkpoints.filter((c) => c.atMs <= horizon(j, t)).reverse().map((c) => ({
    object: 'fine_tuning.job.checkpoint', id: c.id, created_at: seconds(c.atMs), fine_tuned_model_checkpoint: c.model,
    fine_tuning_job_id: j.id, metrics: c.metrics, step_number: c.step,
  }));
}

/** OpenAI's `fine_tuning.job` object at `t`, keys in the order the live API sends them. */
export function renderJob(j: JobRecord, t: number): Record<string, unknown> & { id: string } {
  const status = jobStatus(j, t);
  const ran = j.dataset.ok && horizon(j, t) >= startedAt(j);
  const { beta, ...common } = ran ? j.resolved : j.request.hyperparameters;
  const methodHyperparameters = j.request.method === 'dpo' ? { ...common, beta } : common;
  const error: JobError | null = status === 'failed' && !j.dataset.ok ? j.dataset.error : null;
  return {
    object: 'fine_tuning.job',
    id: j.id,
    model: j.request.model,
    created_at: seconds(j.createdAtMs),
    finished_at: status === 'succeeded' ? seconds(finishedAt(j)) : status === 'failed' ? seconds(validatedAt(j)) : null,
    fine_tuned_model: status === 'succeeded' ? j.fineTunedModel : null,
    organization_id: j.organizationId,
    result_files: status === 'succeeded' && j.resultFileId ? [j.resultFileId] : [],
    status,
    validation_file: j.request.validation?.id ?? null,
    training_file: j.request.training.id,
    hyperparameters: common,
    trained_tokens: status === 'succeeded' && j.dataset.ok ? j.dataset.tokens * (j.resolved.n_epochs as number) : null,
    error,
    user_provided_suffix: j.request.suffix,
    seed: j.seed,
    estimated_finish: status === 'running' ? seconds(finishedAt(j)) : null,
    integrations: j.request.integrations,
    method: { type: j.request.method, [j.request.method]: { ...j.request.methodExtras, hyperparameters: methodHyperparameters } },
    metadata: j.request.metadata,
  };
}
