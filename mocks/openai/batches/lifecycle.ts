/**
 * batchLifecycle: a batch's state derived from the lifecycle clock each time it is read (no timers).
 * From its creation instant and its timing the batch moves validating → in_progress (one line every
 * `lineMs`) → finalizing → completed; or failed (invalid input, at the end of validating); expired (the
 * 24h window ends before the last line: unfinished lines go to the error file as `batch_expired`);
 * cancelling → cancelled (counts frozen at the cancel, partial output). Lines are executed lazily, in
 * input order, when a read finds simulated time past them; their results are kept, so output is
 * computed once. Output and error files are written through the Files API when the batch reaches
 * finalizing (or cancelled / expired), and are null when they would be empty.
 */
import type { FilesApi } from '../files/index.ts';
import { IdMint, seconds } from '../files/common.ts';
import type { BatchError, BatchInputPlan } from './input.ts';

export interface BatchTiming {
  validatingMs: number;
  /** Simulated time per executed line. */
  lineMs: number;
  finalizingMs: number;
  cancellingMs: number;
  completionWindowMs: number;
}

/** Default durations: a 3-line batch completes 2.3 simulated seconds after creation. */
export const BATCH_TIMING: BatchTiming = {
  validatingMs: 1000,
  lineMs: 100,
  finalizingMs: 1000,
  cancellingMs: 1000,
  completionWindowMs: 24 * 3600 * 1000,
};

export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export interface LineResult {
  id: string;
  customId: string;
  statusCode: number;
  requestId: string;
  body: unknown;
}

export interface BatchRecord {
  id: string;
  seq: number;
  endpoint: string;
  inputFileId: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  createdAtMs: number;
  /** The key of the request that created the batch: its lines run under it. */
  apiKey: string;
  plan: BatchInputPlan;
  timing: BatchTiming;
  outputExpiresAfter: number | null;
  cancelAtMs: number | null;
  results: LineResult[];
  files?: { output: string | null; error: string | null };
  lineIds: IdMint;
  /** Serialises reads so concurrent polls never execute a line twice. */
  work: Promise<unknown>;
}

/** Executes one batch line against the simulator's own endpoint. */
export type LineRunner = (batch: BatchRecord, index: number) => Promise<Omit<LineResult, 'id'>>;

const lineCount = (b: BatchRecord) => (b.plan.ok ? b.plan.lines.length : 0);
const validatedAt = (b: BatchRecord) => b.createdAtMs + b.timing.validatingMs;
const expiresAt = (b: BatchRecord) => b.createdAtMs + b.timing.completionWindowMs;
const linesDoneAt = (b: BatchRecord) => validatedAt(b) + lineCount(b) * b.timing.lineMs;
const expiresBeforeDone = (b: BatchRecord) => expiresAt(b) < linesDoneAt(b);

export function batchStatus(b: BatchRecord, t: number): BatchStatus {
  if (b.cancelAtMs !== null && b.cancelAtMs <= t) return t < b.cancelAtMs + b.timing.cancellingMs ? 'cancelling' : 'cancelled';
  if (t < validatedAt(b)) return 'validating';
  if (!b.plan.ok) return 'failed';
  if (expiresBeforeDone(b) && expiresAt(b) <= t) return 'expired';
  const done = linesDoneAt(b);
  if (t < done) return 'in_progress';
  return t < done + b.timing.finalizingMs ? 'finalizing' : 'completed';
}

/** How many lines have run by `t` (time stops at a cancel or at expiry). */
function linesDone(b: BatchRecord, t: number): number {
  if (!b.plan.ok) return 0;
  const horizon = Math.min(t, b.cancelAtMs ?? Infinity, expiresAt(b));
  const done = Math.floor((horizon - validatedAt(b)) / b.timing.lineMs);
  return Math.max(0, Math.min(lineCount(b), done));
}

const succeeded = (r: LineResult) => r.statusCode >= 200 && r.statusCode < 300;

const outputLine = (r: LineResult) =>
  JSON.stringify({ id: r.id, custom_id: r.customId, response: { status_code: r.statusCode, request_id: r.requestId, body: r.body }, error: null });

/** When the output files are written: at finalizing, at cancelled, at expiry. */
function filesDueAt(b: BatchRecord, status: BatchStatus): number | null {
  if (status === 'finalizing' || status === 'completed') return linesDoneAt(b);
  if (status === 'cancelled') return b.cancelAtMs! + b.timing.cancellingMs;
  if (status === 'expired') return expiresAt(b);
  return null;
}

function writeFiles(b: BatchRecord, files: FilesApi, status: BatchStatus, atMs: number): void {
  const out: string[] = [];
  const err: string[] = [];
  for (const r of b.results) (succeeded(r) ? out : err).push(outputLine(r));
  if (status === 'expired' && b.plan.ok) {
    for (const line of b.plan.lines.slice(b.results.length)) {
      err.push(JSON.stringify({
        id: b.lineIds.next('batch_req_', 32, 'hex'),
        custom_id: line.customId,
        response: null,
        error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' },
      }));
    }
  }
  const write = (lines: string[], kind: 'output' | 'error') => lines.length === 0 ? null : files.create({
    filename: `batch_${b.id}_${kind}.jsonl`,
    purpose: 'batch_output',
    bytes: `${lines.join('\n')}\n`,
    createdAt: seconds(atMs),
    expiresAfter: b.outputExpiresAfter,
  }).id;
  b.files = { output: write(out, 'output'), error: write(err, 'error') };
}

/** Bring the batch up to time `t`: run the lines now due, write the files once they are due. */
export async function advanceBatch(b: BatchRecord, t: number, run: LineRunner, files: FilesApi): Promise<BatchStatus> {
  const due = linesDone(b, t);
  while (b.results.length < due) {
    const index = b.results.length;
    const result = await run(b, index);
    b.results.push({ id: b.lineIds.next('batch_req_', 32, 'hex'), ...result });
  }
  const status = batchStatus(b, t);
  const filesAt = filesDueAt(b, status);
  if (filesAt !== null && !b.files) writeFiles(b, files, status, filesAt);
  return status;
}

function requestCounts(b: BatchRecord, status: BatchStatus): { total: number; completed: number; failed: number } {
  if (!b.plan.ok || status === 'validating' || (status.startsWith('cancel') && b.cancelAtMs! < validatedAt(b))) {
    return { total: 0, completed: 0, failed: 0 };
  }
  const completed = b.results.filter(succeeded).length;
  let failed = b.results.length - completed;
  if (status === 'expired') failed += lineCount(b) - b.results.length;
  return { total: lineCount(b), completed, failed };
}

function usage(b: BatchRecord): Record<string, unknown> {
  let input = 0, output = 0, cached = 0, reasoning = 0;
  for (const r of b.results) {
    if (!succeeded(r) || typeof r.body !== 'object' || r.body === null) continue;
    const u = (r.body as { usage?: Record<string, any> }).usage;
    if (!u) continue;
    input += u.prompt_tokens ?? u.input_tokens ?? 0;
    output += u.completion_tokens ?? u.output_tokens ?? 0;
    cached += (u.prompt_tokens_details ?? u.input_tokens_details)?.cached_tokens ?? 0;
    reasoning += (u.completion_tokens_details ?? u.output_tokens_details)?.reasoning_tokens ?? 0;
  }
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: input + output,
  };
}

/** OpenAI's `batch` object at time `t` (call `advanceBatch` first), keys in OpenAI's order. */
export function renderBatch(b: BatchRecord, t: number): Record<string, unknown> & { id: string } {
  const status = batchStatus(b, t);
  const at = (ms: number | null) => (ms === null ? null : seconds(ms));
  const cancelledEarly = b.cancelAtMs !== null && b.cancelAtMs < validatedAt(b);
  const ranLines = b.plan.ok && !cancelledEarly && status !== 'validating';
  const reachedFinalizing = status === 'finalizing' || status === 'completed';
  const errors: BatchError[] | null = !b.plan.ok && status === 'failed' ? b.plan.errors : null;
  return {
    id: b.id,
    object: 'batch',
    endpoint: b.endpoint,
    ...(b.plan.ok && b.plan.model ? { model: b.plan.model } : {}),
    errors: errors ? { object: 'list', data: errors } : null,
    input_file_id: b.inputFileId,
    completion_window: b.completionWindow,
    status,
    output_file_id: b.files?.output ?? null,
    error_file_id: b.files?.error ?? null,
    created_at: seconds(b.createdAtMs),
    in_progress_at: ranLines ? at(validatedAt(b)) : null,
    expires_at: seconds(expiresAt(b)),
    finalizing_at: reachedFinalizing ? at(linesDoneAt(b)) : null,
    completed_at: status === 'completed' ? at(linesDoneAt(b) + b.timing.finalizingMs) : null,
    failed_at: status === 'failed' ? at(validatedAt(b)) : null,
    expired_at: status === 'expired' ? at(expiresAt(b)) : null,
    cancelling_at: at(b.cancelAtMs),
    cancelled_at: status === 'cancelled' ? at(b.cancelAtMs! + b.timing.cancellingMs) : null,
    request_counts: requestCounts(b, status),
    usage: usage(b),
    metadata: b.metadata,
  };
}
