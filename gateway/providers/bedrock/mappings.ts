/**
 * Every value-to-value correspondence between OpenAI Chat Completions and Bedrock Converse, as named
 * tables (one place to read, one place to test): stop reasons, usage, reasoning effort per model family,
 * media formats, tool choice, service tiers, AWS error types, and what becomes of each OpenAI parameter.
 * Sources: Bedrock Runtime API reference (Converse, ConverseStream, TokenUsage, StopReason, errors) and
 * the user guide pages on tool use, prompt caching, structured output and extended thinking.
 */
import type { ChatUsage } from '../types.ts';

/** A table lookup that never reaches Object.prototype (`constructor`, `toString` ... are not keys). */
export function lookup<V>(table: Readonly<Record<string, V>>, key: unknown): V | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** Converse `stopReason` → OpenAI `finish_reason`. Unknown reasons become "stop". */
export const STOP_REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  content_filtered: 'content_filter',
  guardrail_intervened: 'content_filter',
  malformed_model_output: 'stop',
  malformed_tool_use: 'stop',
};

/** The finish reason of a turn: a turn that produced tool calls finishes with "tool_calls" unless cut or filtered. */
export function finishReason(stopReason: unknown, hasToolCalls: boolean): FinishReason {
  const mapped = lookup(STOP_REASONS, stopReason) ?? 'stop';
  return hasToolCalls && mapped === 'stop' ? 'tool_calls' : mapped;
}

/** Converse `TokenUsage` (inputTokens counts only the uncached input; cache reads/writes are separate). */
export interface BedrockUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** Bedrock reports cache writes too; they are kept beside cached (read) tokens. */
export type OpenAIUsage = ChatUsage & { prompt_tokens_details: { cache_write_tokens: number } };

/**
 * TokenUsage → OpenAI usage:
 *   prompt_tokens      = inputTokens + cacheReadInputTokens + cacheWriteInputTokens (the whole prompt)
 *   completion_tokens  = outputTokens (reasoning included, as in OpenAI)
 *   total_tokens       = prompt_tokens + completion_tokens
 *   cached_tokens      = cacheReadInputTokens;  cache_write_tokens = cacheWriteInputTokens
 *   reasoning_tokens   = 0: Converse does not break reasoning out of outputTokens for any model.
 */
export const USAGE_FIELDS = {
  promptParts: ['inputTokens', 'cacheReadInputTokens', 'cacheWriteInputTokens'],
  completion: 'outputTokens',
  cached: 'cacheReadInputTokens',
  cacheWrite: 'cacheWriteInputTokens',
  reasoning: null,
} as const;

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);

export function translateUsage(usage: BedrockUsage | undefined): OpenAIUsage {
  const u = (usage ?? {}) as Record<string, unknown>;
  const prompt = USAGE_FIELDS.promptParts.reduce((sum, field) => sum + count(u[field]), 0);
  const completion = count(u[USAGE_FIELDS.completion]);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: count(u[USAGE_FIELDS.cached]), cache_write_tokens: count(u[USAGE_FIELDS.cacheWrite]) },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

/** Model families of Bedrock model ids (after an optional cross-region prefix such as `us.` or `global.`). */
export type ModelFamily = 'claude' | 'nova' | 'other';
export const MODEL_FAMILIES: readonly { family: ModelFamily; pattern: RegExp }[] = [
  { family: 'claude', pattern: /(?:^|[./])anthropic\.claude/ },
  { family: 'nova', pattern: /(?:^|[./])amazon\.nova/ },
];

export function modelFamily(modelId: string): ModelFamily {
  return MODEL_FAMILIES.find((f) => f.pattern.test(modelId))?.family ?? 'other';
}

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

/**
 * reasoning_effort → Claude extended thinking `budget_tokens` (additionalModelRequestFields.thinking).
 * 1024 is Anthropic's minimum budget; "none" sends no thinking block (thinking stays off).
 */
export const CLAUDE_THINKING_BUDGETS: Readonly<Record<Exclude<ReasoningEffort, 'none'>, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
};

/**
 * Claude needs maxTokens above the thinking budget. When the client sets no max tokens (OpenAI: no
 * limit) but asks for reasoning, the request carries maxTokens = budget + this answer allowance, since
 * Converse's per-model default can be below the budget.
 */
export const CLAUDE_THINKING_ANSWER_TOKENS = 4096;

/** reasoning_effort → Nova `reasoningConfig.maxReasoningEffort`; xhigh has no Nova level (rejected). */
export const NOVA_REASONING_EFFORTS: Readonly<Partial<Record<Exclude<ReasoningEffort, 'none'>, 'low' | 'medium' | 'high'>>> = {
  minimal: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
};

/** Image media types (data URIs) → Converse ImageFormat. */
export const IMAGE_FORMATS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** Document media types (file parts) → Converse DocumentFormat. */
export const DOCUMENT_FORMATS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/markdown': 'md',
  'text/plain': 'txt',
};

/** OpenAI input_audio `format` → Converse AudioFormat. */
export const AUDIO_FORMATS: Readonly<Record<string, string>> = {
  wav: 'wav',
  mp3: 'mp3',
  flac: 'flac',
  ogg: 'ogg',
  webm: 'webm',
  pcm16: 'pcm',
};

/** OpenAI tool_choice strings → Converse toolChoice ("none" has no Converse form: tools are not offered). */
export const TOOL_CHOICES: Readonly<Record<'auto' | 'required', Record<string, unknown>>> = {
  auto: { auto: {} },
  required: { any: {} },
};

/** OpenAI service_tier → Converse serviceTier.type ("auto" = the account default: nothing sent). */
export const SERVICE_TIERS: Readonly<Record<string, string | null>> = {
  auto: null,
  default: 'default',
  flex: 'flex',
  priority: 'priority',
};

/** OpenAI cache_control ttl → Converse cachePoint ttl. */
export const CACHE_TTLS: Readonly<Record<string, string>> = { '5m': '5m', '1h': '1h' };

/**
 * AWS error types (x-amzn-errortype / body __type) → gateway status and code. 401/403 credentials
 * failures become 502 without the upstream message; 5xx become 502 with it (upstream-errors.ts rules).
 */
export const AWS_ERRORS: Readonly<Record<string, { status: number; code: string }>> = {
  ValidationException: { status: 400, code: 'upstream_rejected' },
  ServiceQuotaExceededException: { status: 400, code: 'quota_exceeded' },
  ResourceNotFoundException: { status: 404, code: 'model_not_found' },
  AccessDeniedException: { status: 502, code: 'upstream_auth_failed' },
  UnrecognizedClientException: { status: 502, code: 'upstream_auth_failed' },
  InvalidSignatureException: { status: 502, code: 'upstream_auth_failed' },
  ExpiredTokenException: { status: 502, code: 'upstream_auth_failed' },
  IncompleteSignatureException: { status: 502, code: 'upstream_auth_failed' },
  ThrottlingException: { status: 429, code: 'rate_limit_exceeded' },
  ServiceUnavailableException: { status: 502, code: 'upstream_error' },
  ModelNotReadyException: { status: 502, code: 'upstream_error' },
  InternalServerException: { status: 502, code: 'upstream_error' },
  ModelErrorException: { status: 502, code: 'upstream_error' },
  ModelTimeoutException: { status: 502, code: 'upstream_timeout' },
  ModelStreamErrorException: { status: 502, code: 'upstream_stream_error' },
};

/** ConverseStream in-stream exceptions (`:exception-type`, member names) → the AWS error type above. */
export const STREAM_EXCEPTIONS: Readonly<Record<string, string>> = {
  internalServerException: 'InternalServerException',
  modelStreamErrorException: 'ModelStreamErrorException',
  validationException: 'ValidationException',
  throttlingException: 'ThrottlingException',
  serviceUnavailableException: 'ServiceUnavailableException',
};

/**
 * What becomes of each OpenAI chat parameter on Converse.
 *   mapped     translated (request.ts)
 *   default    accepted only at its no-op value (listed); any other value is a 400
 *   rejected   any non-null value is a 400 (no Converse equivalent)
 * A parameter not listed here is unknown: 400 naming it.
 */
export const PARAMETERS: Readonly<Record<string, { kind: 'mapped' } | { kind: 'default'; accepts: readonly unknown[] } | { kind: 'rejected'; why: string }>> = {
  model: { kind: 'mapped' },
  messages: { kind: 'mapped' },
  stream: { kind: 'mapped' },
  stream_options: { kind: 'mapped' },
  tools: { kind: 'mapped' },
  tool_choice: { kind: 'mapped' },
  response_format: { kind: 'mapped' },
  stop: { kind: 'mapped' },
  max_tokens: { kind: 'mapped' },
  max_completion_tokens: { kind: 'mapped' },
  temperature: { kind: 'mapped' },
  top_p: { kind: 'mapped' },
  top_k: { kind: 'mapped' },
  reasoning_effort: { kind: 'mapped' },
  service_tier: { kind: 'mapped' },
  metadata: { kind: 'mapped' },
  user: { kind: 'mapped' },
  safety_identifier: { kind: 'mapped' },
  n: { kind: 'default', accepts: [1] },
  parallel_tool_calls: { kind: 'default', accepts: [true] },
  presence_penalty: { kind: 'default', accepts: [0] },
  frequency_penalty: { kind: 'default', accepts: [0] },
  logprobs: { kind: 'default', accepts: [false] },
  store: { kind: 'default', accepts: [false] },
  modalities: { kind: 'default', accepts: [['text']] },
  logit_bias: { kind: 'rejected', why: 'Converse has no logit bias' },
  top_logprobs: { kind: 'rejected', why: 'Converse returns no log probabilities' },
  seed: { kind: 'rejected', why: 'Converse has no sampling seed' },
  verbosity: { kind: 'rejected', why: 'Converse has no verbosity control' },
  prompt_cache_key: { kind: 'rejected', why: 'Bedrock caches by cachePoint markers, not by key (use cache_control)' },
  prompt_cache_retention: { kind: 'rejected', why: 'Bedrock cache lifetime is set per cachePoint (cache_control.ttl)' },
  audio: { kind: 'rejected', why: 'Converse does not generate audio' },
  prediction: { kind: 'rejected', why: 'Converse has no predicted outputs' },
  web_search_options: { kind: 'rejected', why: 'Converse has no built-in web search' },
  functions: { kind: 'rejected', why: 'the deprecated functions parameter is not translated (use tools)' },
  function_call: { kind: 'rejected', why: 'the deprecated function_call parameter is not translated (use tool_choice)' },
};
