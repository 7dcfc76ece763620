/**
 * What `validating_files` checks in a fine-tuning dataset: JSONL whose every line is an example in the
 * method's format (chat `messages` with at least one assistant turn; preference `input` /
 * `preferred_output` / `non_preferred_output`; legacy `prompt` / `completion`), at least 10 training
 * examples as OpenAI requires. Counts examples and tokens (for `trained_tokens` and the step count).
 */
import { countPromptTokens, countTokens } from '../tokens.ts';
import { isRecord, readJsonl } from '../files/common.ts';
import type { DataFormat } from './params.ts';

export const MIN_TRAINING_EXAMPLES = 10;
const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

export interface JobError {
  code: string;
  message: string;
  param: string | null;
}

export type DatasetCheck = { ok: true; examples: number; tokens: number } | { ok: false; error: JobError };

function messagesProblem(messages: unknown, key: string): string | null {
  if (!Array.isArray(messages) || messages.length === 0) return `key "${key}" must be a non-empty array of messages.`;
  for (const [i, m] of messages.entries()) {
    if (!isRecord(m)) return `key "${key}", message ${i + 1}: a message must be an object.`;
    if (!ROLES.includes(String(m.role))) return `key "${key}", message ${i + 1}: unrecognized role: ${String(m.role)}.`;
  }
  return null;
}

/** The problem with one example, or its token count. */
function inspectExample(value: unknown, format: DataFormat): string | number {
  if (!isRecord(value)) return 'the line is not a JSON object.';
  if (format === 'completion') {
    if (typeof value.prompt !== 'string' || typeof value.completion !== 'string') return 'keys "prompt" and "completion" must be strings.';
    return countTokens(value.prompt) + countTokens(value.completion);
  }
  if (format === 'preference') {
    const input = isRecord(value.input) ? value.input.messages : undefined;
    const problem = messagesProblem(input, 'input.messages')
      ?? messagesProblem(value.preferred_output, 'preferred_output')
      ?? messagesProblem(value.non_preferred_output, 'non_preferred_output');
    if (problem) return problem;
    return countPromptTokens(input as unknown[]) + countPromptTokens(value.preferred_output as unknown[]) + countPromptTokens(value.non_preferred_output as unknown[]);
  }
  const problem = messagesProblem(value.messages, 'messages');
  if (problem) return problem;
  const messages = value.messages as Record<string, unknown>[];
  if (!messages.some((m) => m.role === 'assistant')) return 'key "messages": at least one message must have role "assistant".';
  return countPromptTokens(messages, value.tools, value.functions);
}

/** Check a training (`minimum` 10) or validation (`minimum` 1) file's bytes. */
export function checkDataset(bytes: Uint8Array, format: DataFormat, param: 'training_file' | 'validation_file'): DatasetCheck {
  const rows = readJsonl(bytes);
  let tokens = 0;
  for (const row of rows) {
    const result = 'invalid' in row ? 'the line is not valid JSON.' : inspectExample(row.value, format);
    if (typeof result === 'string') {
      return { ok: false, error: { code: 'invalid_file_format', message: `Invalid file format. Line ${row.line}: ${result}`, param } };
    }
    tokens += result;
  }
  const minimum = param === 'training_file' ? MIN_TRAINING_EXAMPLES : 1;
  if (rows.length < minimum) {
    const kind = param === 'training_file' ? 'Training' : 'Validation';
    return { ok: false, error: { code: 'invalid_n_examples', message: `${kind} file has ${rows.length} example(s), but must have at least ${minimum} examples`, param } };
  }
  return { ok: true, examples: rows.length, tokens };
}
