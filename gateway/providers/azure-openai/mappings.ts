/**
 * Azure OpenAI ↔ OpenAI Chat Completions, as data. Azure serves OpenAI's own models on OpenAI's wire
 * format, so most tables are close to identity; they exist so every decision (what is forwarded, what
 * is refused, how a finish reason, a usage block or an error code reads on the OpenAI side) is written
 * down in one place and unit-tested. Sources: learn.microsoft.com/azure/ai-foundry/openai/reference
 * (chat completions, api-version query), how-to/reasoning, how-to/prompt-caching, concepts/content-filter.
 */
import type { CapabilityColumn } from '../../../spec/capabilities.ts';

type Json = Record<string, unknown>;

/** How the gateway treats one top-level OpenAI request parameter on its way to Azure. */
export type ParameterRule =
  | { kind: 'forward' } // Azure takes it as OpenAI defines it
  | { kind: 'translated' } // rewritten by request.ts (model → deployment path, messages/tools cleaned)
  | { kind: 'rejected'; reason: string }; // 400 naming the parameter

const forward = { kind: 'forward' } as const;

/**
 * Every parameter of OpenAI's chat request (openai SDK `ChatCompletionCreateParams` + spec/gateway.yaml)
 * and what happens to it. Anything not listed is an unknown parameter: 400 naming it (Azure itself
 * answers "Unrecognized request argument supplied" for those, after a round trip).
 */
export const REQUEST_PARAMETERS: Readonly<Record<string, ParameterRule>> = {
  model: { kind: 'translated' }, // the deployment name, in the URL path (and echoed in the body like the official SDK)
  messages: { kind: 'translated' },
  tools: { kind: 'translated' },
  tool_choice: forward,
  parallel_tool_calls: forward,
  functions: forward, // deprecated OpenAI function calling; Azure still documents it
  function_call: forward,
  response_format: forward, // json_object, json_schema (strict → Structured Outputs): same shape on Azure
  stream: forward,
  stream_options: forward, // include_usage: Azure sends the usage chunk like OpenAI
  n: forward,
  stop: forward,
  max_tokens: forward,
  max_completion_tokens: forward,
  temperature: forward,
  top_p: forward,
  presence_penalty: forward,
  frequency_penalty: forward,
  logit_bias: forward,
  logprobs: forward,
  top_logprobs: forward,
  seed: forward,
  user: forward,
  safety_identifier: forward,
  reasoning_effort: { kind: 'translated' }, // through REASONING_EFFORT
  verbosity: forward,
  prompt_cache_key: forward,
  prompt_cache_retention: forward,
  prompt_cache_options: forward,
  store: forward,
  metadata: forward,
  service_tier: forward,
  modalities: forward,
  audio: forward,
  prediction: forward,
  web_search_options: forward,
  moderation: forward,
  top_k: { kind: 'rejected', reason: 'Azure OpenAI has no top_k sampling parameter (use top_p or temperature)' },
};

/**
 * OpenAI `reasoning_effort` → Azure `reasoning_effort`. Azure's reasoning deployments (o-series, gpt-5
 * family) take OpenAI's values unchanged; which values a given model accepts is the model's business
 * (Azure answers 400 for a value the deployment does not take — relayed, never clamped here).
 */
export const REASONING_EFFORT: Readonly<Record<string, string>> = {
  none: 'none', // gpt-5.1 and later
  minimal: 'minimal', // gpt-5 family
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'xhigh', // newest codex / gpt-5.x models
};

/** Azure `finish_reason` → OpenAI `finish_reason` (Azure uses OpenAI's set, content_filter included). */
export const FINISH_REASONS: Readonly<Record<string, string>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
  function_call: 'function_call',
};

export function mapFinishReason(reason: unknown): string {
  if (typeof reason !== 'string') return 'stop';
  return FINISH_REASONS[reason] ?? 'stop';
}

/**
 * Fields the gateway accepts on OpenAI messages / parts / tools / tool calls for other providers
 * (Anthropic thinking blocks, Gemini thought signatures, explicit cache markers) that Azure's strict
 * validation refuses. Azure caches prompt prefixes automatically, so `cache_control` needs no mapping.
 */
export const GATEWAY_ONLY_FIELDS = {
  message: ['cache_control', 'reasoning_content', 'thinking_blocks'],
  contentPart: ['cache_control'],
  toolCall: ['extra_content'],
  tool: ['cache_control'],
} as const;

/**
 * Matrix column → does this request use it, and which OpenAI parameter names it. When
 * spec/capabilities.yaml marks the column unsupported (or provider-only) for azure-openai, such a
 * request is refused with 400 naming the parameter.
 */
export const CAPABILITY_PARAMETERS: readonly { column: CapabilityColumn; param: string; uses(body: Json): boolean }[] = [
  { column: 'stream', param: 'stream', uses: (b) => b.stream === true },
  { column: 'non_stream', param: 'stream', uses: (b) => b.stream !== true },
  { column: 'tools', param: 'tools', uses: (b) => Array.isArray(b.tools) && b.tools.length > 0 },
  { column: 'json_mode', param: 'response_format', uses: (b) => responseFormatType(b) === 'json_object' },
  { column: 'schema_mode', param: 'response_format', uses: (b) => responseFormatType(b) === 'json_schema' },
  { column: 'structured_output', param: 'response_format', uses: (b) => responseFormatType(b) === 'json_schema' && strictSchema(b) },
  { column: 'reasoning', param: 'reasoning_effort', uses: (b) => b.reasoning_effort !== undefined && b.reasoning_effort !== null },
  { column: 'prompt_caching', param: 'prompt_cache_key', uses: (b) => b.prompt_cache_key !== undefined && b.prompt_cache_key !== null },
  { column: 'prompt_caching', param: 'cache_control', uses: (b) => hasCacheControl(b.messages) || hasCacheControl(b.tools) },
];

/** Whether an explicit `cache_control` marker sits on a message, content part or tool. */
function hasCacheControl(items: unknown): boolean {
  if (!Array.isArray(items)) return false;
  return items.some((item) => item !== null && typeof item === 'object'
    && ('cache_control' in item || (Array.isArray((item as Json).content) && hasCacheControl((item as Json).content))));
}

function responseFormatType(body: Json): unknown {
  const rf = body.response_format;
  return rf !== null && typeof rf === 'object' ? (rf as Json).type : undefined;
}
function strictSchema(body: Json): boolean {
  const schema = (body.response_format as Json).json_schema;
  return schema !== null && typeof schema === 'object' && (schema as Json).strict === true;
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

/**
 * Azure usage → OpenAI usage. Azure already reports OpenAI's fields; cached prompt tokens
 * (prompt_tokens_details.cached_tokens) and reasoning tokens (completion_tokens_details.reasoning_tokens)
 * are always present in the answer (0 when the upstream omitted them); other detail counters are kept.
 */
export function mapUsage(raw: unknown): Json {
  const usage = (raw !== null && typeof raw === 'object' ? raw : {}) as Json;
  const promptDetails = (usage.prompt_tokens_details ?? {}) as Json;
  const completionDetails = (usage.completion_tokens_details ?? {}) as Json;
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: typeof usage.total_tokens === 'number' ? count(usage.total_tokens) : prompt + completion,
    prompt_tokens_details: { ...integersOf(promptDetails), cached_tokens: count(promptDetails.cached_tokens) },
    completion_tokens_details: { ...integersOf(completionDetails), reasoning_tokens: count(completionDetails.reasoning_tokens) },
  };
}

function integersOf(details: Json): Json {
  return Object.fromEntries(Object.entries(details).filter(([, v]) => typeof v === 'number' && Number.isInteger(v) && v >= 0));
}

/** Azure error `code` → the gateway envelope's `code` (numeric-string codes like "429" say nothing new). */
export const ERROR_CODES: Readonly<Record<string, string>> = {
  DeploymentNotFound: 'model_not_found',
  content_filter: 'content_filter',
  ResponsibleAIPolicyViolation: 'content_filter',
  '429': 'rate_limit_exceeded',
  '404': 'not_found',
  BadRequest: 'upstream_rejected',
  OperationNotSupported: 'unsupported_operation',
  context_length_exceeded: 'context_length_exceeded',
};

/** Azure names the prompt `prompt` in content-filter errors; on the OpenAI side that is `messages`. */
export const ERROR_PARAMS: Readonly<Record<string, string>> = { prompt: 'messages' };
