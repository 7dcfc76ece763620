/**
 * The named tables of the Anthropic translator: every place where an OpenAI value becomes an Anthropic
 * one (or back) is a row here, with the documentation it follows. Request, response and stream code
 * only look values up; they never hard-code a mapping of their own.
 *
 * Sources: Messages API reference (platform.claude.com/docs/en/api/messages), streaming
 * (…/build-with-claude/streaming), extended thinking (…/build-with-claude/extended-thinking), prompt
 * caching (…/build-with-claude/prompt-caching), errors (…/api/errors), models overview
 * (…/about-claude/models/overview), versioning (…/api/versioning).
 */
import type { ChatUsage } from '../types.ts';

/**
 * The API version sent in `anthropic-version`. 2023-06-01 is the version whose request surface matches
 * the OpenAI chat contract: 2026-10-21 removed temperature / top_p / top_k (400 even at their defaults),
 * which OpenAI clients send routinely. The gateway maps those parameters, so it pins 2023-06-01.
 */
export const ANTHROPIC_VERSION = '2023-06-01';
/** Claude on Vertex AI: `anthropic_version` goes in the body with this value (Vertex's Claude guide). */
export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

/** Anthropic `stop_reason` → OpenAI `finish_reason`. */
export const FINISH_REASONS: Readonly<Record<string, 'stop' | 'length' | 'tool_calls' | 'content_filter'>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  // A long server-tool turn paused by Anthropic; the gateway sends no server tools, and the turn did end.
  pause_turn: 'stop',
  refusal: 'content_filter',
  model_context_window_exceeded: 'length',
};

/** Finish reason for a stop_reason this table does not know yet (new enum values are allowed by versioning). */
export function finishReasonOf(stopReason: unknown): 'stop' | 'length' | 'tool_calls' | 'content_filter' {
  return (typeof stopReason === 'string' ? FINISH_REASONS[stopReason] : undefined) ?? 'stop';
}

/**
 * `max_tokens` is required by Anthropic; OpenAI's is optional and means "up to the model's limit" when
 * omitted. So an omitted value becomes the model's documented maximum output (models overview), matched
 * by the longest prefix of the model id (dated ids `claude-sonnet-4-5-20250929` and Vertex ids
 * `claude-sonnet-4-5@20250929` included). This is mapping, not clamping: a value the client sends is
 * forwarded unchanged, and the upstream answers for it.
 */
export const DEFAULT_MAX_TOKENS: Readonly<Record<string, number>> = {
  'claude-opus-5': 128_000,
  'claude-sonnet-5': 128_000,
  'claude-opus-4-8': 128_000,
  'claude-opus-4-7': 128_000,
  'claude-opus-4-6': 128_000,
  'claude-sonnet-4-6': 128_000,
  'claude-opus-4-5': 64_000,
  'claude-sonnet-4-5': 64_000,
  'claude-haiku-4-5': 64_000,
  'claude-opus-4-1': 32_000,
  'claude-opus-4': 32_000,
  'claude-sonnet-4': 64_000,
  'claude-3-7-sonnet': 64_000,
  'claude-3-5-sonnet': 8_192,
  'claude-3-5-haiku': 8_192,
  'claude-3-opus': 4_096,
  'claude-3-haiku': 4_096,
};
/** For a model the table does not list: the smallest documented maximum output of any Claude model. */
export const FALLBACK_MAX_TOKENS = 4_096;

export function defaultMaxTokens(model: string): number {
  let best: string | undefined;
  for (const prefix of Object.keys(DEFAULT_MAX_TOKENS)) {
    if (model.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  return best === undefined ? FALLBACK_MAX_TOKENS : DEFAULT_MAX_TOKENS[best]!;
}

/**
 * OpenAI `reasoning_effort` → Anthropic `thinking`. Efforts become manual extended thinking with a token
 * budget (≥ 1024, the documented minimum, and below max_tokens); `none` turns thinking off.
 */
export const REASONING_BUDGETS: Readonly<Record<string, number>> = {
  minimal: 1_024,
  low: 2_048,
  medium: 8_192,
  high: 16_384,
  xhigh: 32_768,
};

export type ThinkingConfig = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };

export function thinkingFor(effort: string): ThinkingConfig | undefined {
  if (effort === 'none') return { type: 'disabled' };
  const budget = REASONING_BUDGETS[effort];
  return budget === undefined ? undefined : { type: 'enabled', budget_tokens: budget };
}

/** OpenAI `tool_choice` strings → Anthropic `tool_choice.type` (a named function becomes `{type: "tool", name}`). */
export const TOOL_CHOICES: Readonly<Record<string, 'auto' | 'any' | 'none'>> = {
  auto: 'auto',
  required: 'any',
  none: 'none',
};

/** OpenAI `service_tier` → Anthropic `service_tier` (Anthropic offers only these two). */
export const SERVICE_TIERS: Readonly<Record<string, 'auto' | 'standard_only'>> = {
  auto: 'auto',
  default: 'standard_only',
};

/** Image media types Anthropic accepts in a base64 image source. */
export const IMAGE_MEDIA_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
/** Document media types: PDF goes as a base64 source, plain text as a text source. */
export const DOCUMENT_MEDIA_TYPES: readonly string[] = ['application/pdf', 'text/plain'];

/** `cache_control` values Anthropic accepts (ephemeral, optional ttl). */
export const CACHE_TTLS: readonly string[] = ['5m', '1h'];

/** Anthropic error `type` → the HTTP status it is documented with (for mid-stream error events, which carry no status). */
export const ERROR_TYPE_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/** Anthropic reports cache writes too; they are kept beside cached (read) tokens. */
export type OpenAIUsage = ChatUsage & { prompt_tokens_details: { cache_write_tokens: number } };

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

/**
 * Anthropic usage → OpenAI usage. Anthropic's `input_tokens` excludes cached input (total input is
 * input + cache writes + cache reads); OpenAI's `prompt_tokens` includes it, with the cached part in
 * `prompt_tokens_details.cached_tokens`. Output tokens already include thinking tokens, reported as
 * `completion_tokens_details.reasoning_tokens`.
 */
export function toOpenAIUsage(usage: AnthropicUsage | undefined | null): OpenAIUsage {
  const read = count(usage?.cache_read_input_tokens);
  const write = count(usage?.cache_creation_input_tokens);
  const prompt = count(usage?.input_tokens) + read + write;
  const completion = count(usage?.output_tokens);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: read, cache_write_tokens: write },
    completion_tokens_details: { reasoning_tokens: count(usage?.output_tokens_details?.thinking_tokens) },
  };
}

/**
 * Claude model ids on Vertex AI carry a version suffix after `@` (Vertex's Claude guide: "must be used
 * with a suffix that starts with an @"). An account may list the bare Anthropic alias; it is sent as the
 * documented Vertex id. Ids already carrying `@` (or not listed) are sent as configured.
 */
export const VERTEX_MODEL_IDS: Readonly<Record<string, string>> = {
  'claude-opus-4-5': 'claude-opus-4-5@20251101',
  'claude-opus-4-1': 'claude-opus-4-1@20250805',
  'claude-opus-4': 'claude-opus-4@20250514',
  'claude-sonnet-4-5': 'claude-sonnet-4-5@20250929',
  'claude-sonnet-4': 'claude-sonnet-4@20250514',
  'claude-haiku-4-5': 'claude-haiku-4-5@20251001',
  'claude-3-7-sonnet': 'claude-3-7-sonnet@20250219',
  'claude-3-5-sonnet-v2': 'claude-3-5-sonnet-v2@20241022',
  'claude-3-5-haiku': 'claude-3-5-haiku@20241022',
  'claude-3-5-sonnet': 'claude-3-5-sonnet@20240620',
  'claude-3-opus': 'claude-3-opus@20240229',
  'claude-3-haiku': 'claude-3-haiku@20240307',
};

export function vertexModelId(model: string): string {
  return model.includes('@') ? model : VERTEX_MODEL_IDS[model] ?? model;
}
