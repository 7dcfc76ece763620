/**
 * Azure's additions to OpenAI's chat completion, non-streamed and streamed. Azure re-serialises the
 * service's answer (keys in alphabetical order, compact JSON) and adds content-filter annotations:
 * `prompt_filter_results: [{prompt_index, content_filter_results}]` and per-choice
 * `content_filter_results`. Streams open with Azure's own chunk — `choices: []`, empty id/model/object,
 * `created: 0`, the prompt annotations — then each OpenAI chunk, annotated: content deltas carry the
 * completion annotations, the role-opening, tool-call and finishing deltas an empty `{}`. OpenAI-only
 * fields (`service_tier`, `obfuscation`) are dropped; `cached_tokens` reads 0 when the matrix says
 * Azure offers no prompt caching. Stream chunks are re-framed with lib/sse.ts (one event per chunk).
 */
import { encodeSse, encodeSseJson, SseParser } from '../../lib/sse.ts';
import { safeCompletionResults, type PromptFilterResults } from './content-filter.ts';

type Json = Record<string, unknown>;

export interface DecorateOptions {
  promptResults: PromptFilterResults;
  /** false: report `cached_tokens: 0` (prompt caching not offered). */
  caching: boolean;
}

const OPENAI_ONLY = new Set(['service_tier', 'obfuscation']);

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDeep((value as Json)[k])]));
  }
  return value;
}

/** Shallow re-sort after Azure's own (unsorted) structures were added. */
const sortTop = (value: Json): Json => Object.fromEntries(Object.keys(value).sort().map((k) => [k, value[k]]));

const promptFilter = (results: PromptFilterResults) => [{ prompt_index: 0, content_filter_results: results }];

function adjustUsage(usage: unknown, caching: boolean): void {
  const details = (usage as Json | null)?.prompt_tokens_details as Json | undefined;
  if (!caching && details && typeof details.cached_tokens === 'number') details.cached_tokens = 0;
}

/** The service's JSON minus OpenAI-only fields, deep-sorted as Azure serialises it. */
function azureShape(openai: Json): Json {
  return sortDeep(Object.fromEntries(Object.entries(openai).filter(([k]) => !OPENAI_ONLY.has(k)))) as Json;
}

export function decorateCompletion(openai: Json, options: DecorateOptions): Json {
  const body = azureShape(openai);
  body.choices = (body.choices as Json[]).map((choice) => sortTop({ ...choice, content_filter_results: safeCompletionResults() }));
  body.prompt_filter_results = promptFilter(options.promptResults);
  adjustUsage(body.usage, options.caching);
  return sortTop(body);
}

function annotateChunk(openai: Json, caching: boolean): Json {
  const chunk = azureShape(openai);
  chunk.choices = (chunk.choices as Json[]).map((choice) => {
    const delta = (choice.delta ?? {}) as Json;
    const carriesText = typeof delta.content === 'string' && delta.content.length > 0 && delta.role === undefined;
    return sortTop({ ...choice, content_filter_results: carriesText ? safeCompletionResults() : {} });
  });
  adjustUsage(chunk.usage, caching);
  return chunk;
}

/** Azure's stream: its opening prompt-annotation chunk, then OpenAI's chunks annotated, `[DONE]` kept. */
export function decorateStream(body: ReadableStream<Uint8Array>, options: DecorateOptions): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const queue: string[] = [encodeSseJson({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: promptFilter(options.promptResults) })];
  const render = (data: string) => {
    if (data === '[DONE]') return encodeSse(data);
    try { return encodeSseJson(annotateChunk(JSON.parse(data) as Json, options.caching)); } catch { return encodeSse(data); }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (!queue.length) {
        const { done, value } = await reader.read();
        if (done) {
          const rest = parser.push(decoder.decode());
          for (const ev of rest) queue.push(render(ev.data));
          if (!queue.length) { controller.close(); return; }
          break;
        }
        for (const ev of parser.push(decoder.decode(value, { stream: true }))) queue.push(render(ev.data));
      }
      controller.enqueue(encoder.encode(queue.shift()!));
    },
    cancel(reason) { return reader.cancel(reason); },
  }, { highWaterMark: 0 });
}
