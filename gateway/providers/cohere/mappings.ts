/**
 * The Cohere ↔ OpenAI correspondences as named tables: message roles, finish reasons, usage fields,
 * reasoning effort → thinking budget and tool_choice. The translators only look things up here, so a
 * changed mapping is a one-line change with its reason beside it.
 */
import type { CohereFinishReason, CohereThinking, CohereUsage } from './wire.ts';
import type { ChatUsage } from '../types.ts';

/** OpenAI message role → Cohere role. `developer` is OpenAI's newer name for system instructions. */
export const MESSAGE_ROLES = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
} as const satisfies Record<string, 'system' | 'user' | 'assistant' | 'tool'>;

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** A Cohere finish reason that is a failure, not an ending: answered as an upstream error. */
export interface FinishFailure { failure: 'upstream_error' | 'upstream_timeout'; description: string }

/**
 * Cohere `finish_reason` → OpenAI `finish_reason`. ERROR and TIMEOUT end a generation that failed;
 * OpenAI has no such finish reason, so they become an error (never a quiet "stop").
 */
export const FINISH_REASONS: Record<CohereFinishReason, OpenAIFinishReason | FinishFailure> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  TOOL_CALL: 'tool_calls',
  ERROR: { failure: 'upstream_error', description: 'the generation failed' },
  TIMEOUT: { failure: 'upstream_timeout', description: 'the generation timed out' },
};

/**
 * The finish reason of a translated answer. A turn that produced tool calls ends with "tool_calls"
 * whatever Cohere said (clients loop on it); an unknown reason is reported as a failure.
 */
export function finishReasonFor(reason: unknown, hasToolCalls: boolean): OpenAIFinishReason | FinishFailure {
  const mapped = typeof reason === 'string' && Object.hasOwn(FINISH_REASONS, reason)
    ? FINISH_REASONS[reason as CohereFinishReason]
    : { failure: 'upstream_error' as const, description: `unknown finish_reason ${JSON.stringify(reason)}` };
  if (typeof mapped === 'string' && hasToolCalls && mapped === 'stop') return 'tool_calls';
  return mapped;
}

/**
 * Where each OpenAI usage number comes from, first present source wins. `tokens` counts what the
 * model actually processed (the whole prompt, as OpenAI's prompt_tokens does); `billed_units` leaves
 * out Cohere's own prompt template, so it is only the fallback. Cohere reports no separate thinking
 * tokens (they are inside output_tokens), so reasoning_tokens has no source and reads 0.
 */
export const USAGE_SOURCES = {
  prompt_tokens: [['tokens', 'input_tokens'], ['billed_units', 'input_tokens']],
  completion_tokens: [['tokens', 'output_tokens'], ['billed_units', 'output_tokens']],
  cached_tokens: [['cached_tokens']],
  reasoning_tokens: [],
} as const satisfies Record<string, readonly (readonly string[])[]>;

export type OpenAIUsage = ChatUsage;

function pick(usage: CohereUsage | null | undefined, sources: readonly (readonly string[])[]): number {
  for (const path of sources) {
    let node: unknown = usage;
    for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (typeof node === 'number' && Number.isFinite(node) && node >= 0) return Math.round(node);
  }
  return 0;
}

export function translateUsage(usage: CohereUsage | null | undefined): OpenAIUsage {
  const prompt = pick(usage, USAGE_SOURCES.prompt_tokens);
  const completion = pick(usage, USAGE_SOURCES.completion_tokens);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: pick(usage, USAGE_SOURCES.cached_tokens) },
    completion_tokens_details: { reasoning_tokens: pick(usage, USAGE_SOURCES.reasoning_tokens) },
  };
}

/**
 * OpenAI `reasoning_effort` → Cohere `thinking`. Cohere's reasoning models think by default; `none`
 * turns thinking off, the levels set a token budget, and `xhigh` leaves the budget to the model
 * (its whole output allowance). Budgets sit well under Command A Reasoning's 32k output tokens.
 */
export const REASONING_EFFORT_THINKING: Record<'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh', CohereThinking> = {
  none: { type: 'disabled' },
  minimal: { type: 'enabled', token_budget: 1024 },
  low: { type: 'enabled', token_budget: 2048 },
  medium: { type: 'enabled', token_budget: 8192 },
  high: { type: 'enabled', token_budget: 16384 },
  xhigh: { type: 'enabled' },
};

/**
 * OpenAI `tool_choice` (string form) → Cohere `tool_choice`. "auto" is Cohere's default when the
 * field is absent, so it is omitted. A named function has no Cohere equivalent (rejected in request.ts).
 */
export const TOOL_CHOICES: Record<'auto' | 'none' | 'required', 'REQUIRED' | 'NONE' | undefined> = {
  auto: undefined,
  none: 'NONE',
  required: 'REQUIRED',
};

/** Image `detail` values Cohere's image_url content takes (the same three as OpenAI). */
export const IMAGE_DETAILS = ['auto', 'low', 'high'] as const;
