/**
 * Reading a batch input file the way OpenAI's `validating` step does: every line a JSON object with a
 * unique `custom_id`, `method` POST, a `url` equal to the batch's endpoint and an object `body`, all
 * lines for one model, at most 50,000 lines. Problems become the batch's `errors.data` entries
 * (`{code, line, message, param}`), and the batch fails; nothing is rejected at upload time.
 */
import { findModel } from '../models.ts';
import { isRecord, readJsonl } from '../files/common.ts';

export interface BatchError {
  code: string;
  line: number | null;
  message: string;
  param: string | null;
}

export interface BatchInputLine {
  /** 1-based line number in the input file. */
  line: number;
  customId: string;
  url: string;
  body: Record<string, unknown>;
}

export type BatchInputPlan =
  | { ok: true; lines: BatchInputLine[]; model: string | null }
  | { ok: false; errors: BatchError[] };

export const MAX_BATCH_LINES = 50_000;
/** The batch object reports at most this many line errors. */
const MAX_REPORTED_ERRORS = 100;

const lineError = (code: string, line: number | null, message: string, param: string | null = null): BatchError => ({ code, line, message, param });

function checkLine(value: Record<string, unknown>, line: number, endpoint: string): BatchError | BatchInputLine {
  for (const key of ['custom_id', 'method', 'url', 'body'] as const) {
    if (value[key] === undefined || value[key] === null) {
      return lineError('missing_required_parameter', line, `Missing required parameter: '${key}'.`, key);
    }
  }
  if (typeof value.custom_id !== 'string') return lineError('invalid_type', line, "Invalid type for 'custom_id': expected a string.", 'custom_id');
  if (value.method !== 'POST') return lineError('invalid_value', line, "Invalid value for 'method': only 'POST' is supported.", 'method');
  if (value.url !== endpoint) {
    return lineError('url_mismatch', line, `The URL provided for this request ('${String(value.url)}') does not match the batch endpoint ('${endpoint}').`, 'url');
  }
  if (!isRecord(value.body)) return lineError('invalid_type', line, "Invalid type for 'body': expected an object.", 'body');
  return { line, customId: value.custom_id, url: endpoint, body: value.body };
}

/** Validate the input file of a batch for `endpoint`; OpenAI's order: JSON, fields, uniqueness, model. */
export function planBatchInput(bytes: Uint8Array, endpoint: string): BatchInputPlan {
  const rows = readJsonl(bytes);
  if (rows.length === 0) return { ok: false, errors: [lineError('empty_file', null, 'The batch input file is empty.')] };
  if (rows.length > MAX_BATCH_LINES) {
    return { ok: false, errors: [lineError('too_many_tasks', null, `The batch input file contains ${rows.length} requests, which exceeds the limit of ${MAX_BATCH_LINES} requests per batch.`)] };
  }
  const found: BatchError[] = [];
  const lines: BatchInputLine[] = [];
  const seen = new Set<string>();
  let model: string | null | undefined;
  for (const row of rows) {
    if ('invalid' in row || !isRecord(row.value)) {
      found.push(lineError('invalid_json_line', row.line, 'This line is not parseable as valid JSON.'));
      continue;
    }
    const checked = checkLine(row.value, row.line, endpoint);
    if ('code' in checked) { found.push(checked); continue; }
    if (seen.has(checked.customId)) {
      found.push(lineError('duplicate_custom_id', row.line,
        'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.', 'custom_id'));
      continue;
    }
    seen.add(checked.customId);
    const lineModel = typeof checked.body.model === 'string' ? checked.body.model : null;
    if (model === undefined) model = lineModel;
    else if (lineModel !== model) {
      found.push(lineError('model_mismatch', row.line,
        `The model provided for this request ('${String(lineModel)}') does not match the model of the other requests in the batch ('${String(model)}'). Each batch may only use one model.`, 'body.model'));
      continue;
    }
    lines.push(checked);
  }
  if (found.length) return { ok: false, errors: found.slice(0, MAX_REPORTED_ERRORS) };
  const resolved = model ? (findModel(model)?.snapshot ?? model) : null;
  return { ok: true, lines, model: resolved };
}
