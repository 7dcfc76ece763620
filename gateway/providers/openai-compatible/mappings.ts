/**
 * Named tables shared by the OpenAI-compatible translators: finish reasons, where reasoning text and
 * cached/reasoning token counts sit in the providers' answers, and the usage normalization into
 * OpenAI's shape {prompt_tokens, completion_tokens, total_tokens, prompt_tokens_details.cached_tokens,
 * completion_tokens_details.reasoning_tokens}.
 */
import type { ProviderQuirks, UsagePath } from './quirks.ts';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** Provider finish reasons → OpenAI's. OpenAI's own values map to themselves. */
export const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  function_call: 'function_call',
  // Older vLLM / TGI-based deployments (Together, DeepInfra) and reasoning front-ends.
  eos: 'stop',
  eos_token: 'stop',
  stop_sequence: 'stop',
  end_turn: 'stop',
  max_tokens: 'length',
  model_length: 'length',
  tool_call: 'tool_calls',
  tool_use: 'tool_calls',
};

/**
 * The OpenAI finish reason for a provider's value. A choice that produced tool calls finished with
 * "tool_calls" whatever the provider said (some say "stop" after a tool call); an unknown value is
 * "stop" (the answer ended normally as far as the client can tell).
 */
export function mapFinishReason(raw: unknown, producedToolCalls: boolean): FinishReason {
  const mapped = typeof raw === 'string' ? FINISH_REASONS[raw] ?? 'stop' : 'stop';
  if (producedToolCalls && (mapped === 'stop' || mapped === 'function_call')) return 'tool_calls';
  return mapped;
}

/** Message / delta fields that carry reasoning text, first one present wins; surfaced as `reasoning_content`. */
export const REASONING_FIELDS = ['reasoning_content', 'reasoning'] as const;

/** The reasoning text of a message or delta, if any (string only). */
export function reasoningOf(part: Record<string, unknown>): string | undefined {
  for (const field of REASONING_FIELDS) {
    const value = part[field];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** Where cached prompt tokens sit in a provider's usage object (first found wins). */
export const CACHED_TOKEN_PATHS: readonly UsagePath[] = [['prompt_tokens_details', 'cached_tokens'], ['cached_tokens']];
/** Where reasoning tokens sit (Perplexity reports them at the top of usage). */
export const REASONING_TOKEN_PATHS: readonly UsagePath[] = [['completion_tokens_details', 'reasoning_tokens'], ['reasoning_tokens']];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function valueAt(root: unknown, path: UsagePath): unknown {
  let at: unknown = root;
  for (const key of path) {
    if (!isObject(at)) return undefined;
    at = at[key];
  }
  return at;
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);

function firstCount(usage: Json, paths: readonly UsagePath[]): number | undefined {
  for (const path of paths) {
    const n = count(valueAt(usage, path));
    if (n !== undefined) return n;
  }
  return undefined;
}

/** The raw usage object of an answer or chunk, from the provider's usage paths. */
export function findUsage(container: unknown, quirks: ProviderQuirks): Json | undefined {
  for (const path of quirks.usagePaths) {
    const usage = valueAt(container, path);
    if (isObject(usage) && count(usage.prompt_tokens) !== undefined) return usage;
  }
  return undefined;
}

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: Json & { cached_tokens: number };
  completion_tokens_details: Json & { reasoning_tokens: number };
  [extra: string]: unknown;
}

/**
 * A provider usage object in OpenAI's shape. Provider-only fields (timings, citation_tokens,
 * estimated_cost, …) are kept beside the OpenAI fields; the top-level `cached_tokens` /
 * `reasoning_tokens` some providers use are folded into the details objects.
 */
export function normalizeUsage(raw: Json, quirks: ProviderQuirks): OpenAIUsage {
  const prompt = count(raw.prompt_tokens) ?? 0;
  const reasoning = firstCount(raw, REASONING_TOKEN_PATHS) ?? 0;
  let completion = count(raw.completion_tokens) ?? 0;
  if (quirks.reasoningOutsideCompletion) completion += reasoning;
  const total = count(raw.total_tokens) ?? prompt + completion;
  const cached = firstCount(raw, CACHED_TOKEN_PATHS) ?? 0;
  const { cached_tokens: _cached, reasoning_tokens: _reasoning, prompt_tokens_details, completion_tokens_details, ...extras } = raw;
  return {
    ...extras,
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: Math.max(total, prompt + completion),
    prompt_tokens_details: { ...(isObject(prompt_tokens_details) ? prompt_tokens_details : {}), cached_tokens: cached },
    completion_tokens_details: { ...(isObject(completion_tokens_details) ? completion_tokens_details : {}), reasoning_tokens: reasoning },
  };
}
