/**
 * Chat Completions request validation in OpenAI's order and words: unparsable body, missing model,
 * unknown top-level arguments, unknown model (404; fine-tuned ids from `customModels` included), then
 * messages (validate-messages.ts), per-parameter type/range checks and the cross-parameter rules
 * (stream_options without stream, reasoning-model restrictions, tools and response_format in
 * validate-tools.ts). Returns a normalised `ChatRequest` or throws `OpenAIError`.
 */
import { errors } from './errors.ts';
import { findChatModel, type ModelInfo } from './models.ts';
import { checkMessages } from './validate-messages.ts';
import { checkResponseFormat, checkTools, isObject, type FunctionTool, type ResponseFormat, type ToolChoice } from './validate-tools.ts';

export { isObject, type FunctionTool, type ResponseFormat, type ToolChoice };

export interface ValidateOptions {
  /** Fine-tuned models: id → base model id. */
  customModels?: ReadonlyMap<string, string>;
}

export interface ChatRequest {
  body: Record<string, unknown>;
  model: ModelInfo;
  messages: Record<string, unknown>[];
  stream: boolean;
  includeUsage: boolean;
  includeObfuscation: boolean;
  n: number;
  /** Output-token ceiling from `max_completion_tokens` or `max_tokens`, if any. */
  maxTokens: number | null;
  stop: string[];
  /** Function tools on offer (already narrowed by an `allowed_tools` choice). */
  tools: FunctionTool[];
  toolChoice: ToolChoice;
  /** True when the deprecated `functions` / `function_call` pair is used instead of tools. */
  legacyFunctions: boolean;
  parallelToolCalls: boolean | undefined;
  responseFormat: ResponseFormat;
  logprobs: boolean;
  topLogprobs: number;
  serviceTier: string;
  reasoningEffort: string | null;
  promptCacheKey: string | null;
  promptCacheRetention: string | null;
}

/** Every top-level argument OpenAI's Chat Completions accepts (from its published description). */
const KNOWN_ARGUMENTS = new Set([
  'audio', 'frequency_penalty', 'function_call', 'functions', 'logit_bias', 'logprobs', 'max_completion_tokens',
  'max_tokens', 'messages', 'metadata', 'modalities', 'model', 'moderation', 'n', 'parallel_tool_calls', 'prediction',
  'presence_penalty', 'prompt_cache_key', 'prompt_cache_options', 'prompt_cache_retention', 'reasoning_effort',
  'response_format', 'safety_identifier', 'seed', 'service_tier', 'stop', 'store', 'stream', 'stream_options',
  'temperature', 'tool_choice', 'tools', 'top_logprobs', 'top_p', 'user', 'verbosity', 'web_search_options',
]);

type Kind = 'boolean' | 'integer' | 'decimal' | 'string' | 'object' | 'array';
interface Spec { kind: Kind; min?: number; max?: number; values?: readonly string[] }

const SCALARS: Record<string, Spec> = {
  stream: { kind: 'boolean' },
  logprobs: { kind: 'boolean' },
  store: { kind: 'boolean' },
  parallel_tool_calls: { kind: 'boolean' },
  n: { kind: 'integer', min: 1, max: 128 },
  max_tokens: { kind: 'integer', min: 1 },
  max_completion_tokens: { kind: 'integer', min: 1 },
  top_logprobs: { kind: 'integer', min: 0, max: 20 },
  seed: { kind: 'integer' },
  temperature: { kind: 'decimal', min: 0, max: 2 },
  top_p: { kind: 'decimal', min: 0, max: 1 },
  frequency_penalty: { kind: 'decimal', min: -2, max: 2 },
  presence_penalty: { kind: 'decimal', min: -2, max: 2 },
  user: { kind: 'string' },
  prompt_cache_key: { kind: 'string' },
  safety_identifier: { kind: 'string' },
  service_tier: { kind: 'string', values: ['auto', 'default', 'flex', 'scale', 'priority', 'fast'] },
  reasoning_effort: { kind: 'string', values: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] },
  verbosity: { kind: 'string', values: ['low', 'medium', 'high'] },
  prompt_cache_retention: { kind: 'string', values: ['in_memory', '24h'] },
  metadata: { kind: 'object' },
  logit_bias: { kind: 'object' },
  stream_options: { kind: 'object' },
  response_format: { kind: 'object' },
  audio: { kind: 'object' },
  prediction: { kind: 'object' },
  web_search_options: { kind: 'object' },
  prompt_cache_options: { kind: 'object' },
  modalities: { kind: 'array' },
  tools: { kind: 'array' },
  functions: { kind: 'array' },
};

/** `SCALARS` as a list, made once: checked in this order for every request. */
const SCALAR_LIST = Object.entries(SCALARS);

const EXPECTED: Record<Kind, string> = {
  boolean: 'a boolean', integer: 'an integer', decimal: 'a decimal', string: 'a string', object: 'an object', array: 'an array',
};

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'decimal': return typeof value === 'number' && Number.isFinite(value);
    case 'string': return typeof value === 'string';
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
  }
}

/** Validate a parsed JSON body. Throws `OpenAIError`. */
export function validateChatRequest(body: unknown, options: ValidateOptions = {}): ChatRequest {
  if (!isObject(body)) throw errors.unparsableJson();
  if (body.model === undefined || body.model === null || body.model === '') throw errors.missingModel();
  if (typeof body.model !== 'string') throw errors.unparsableJson();

  const unknown = Object.keys(body).filter((k) => !KNOWN_ARGUMENTS.has(k));
  if (unknown.length) throw errors.unrecognizedArguments(unknown);

  const model = findChatModel(body.model, options.customModels);
  if (!model) throw errors.modelNotFound(body.model);

  const messages = checkMessages(body.messages, model);

  for (const [param, spec] of SCALAR_LIST) {
    const value = body[param];
    if (value === undefined || value === null) continue;
    if (!hasKind(value, spec.kind)) throw errors.invalidType(param, EXPECTED[spec.kind], value);
    if (spec.values && !spec.values.includes(value as string)) throw errors.invalidEnum(param, value, spec.values);
    if (typeof value === 'number') {
      const kind = spec.kind === 'integer' ? 'integer' : 'decimal';
      if (spec.min !== undefined && value < spec.min) throw errors.belowMinimum(param, kind, spec.min, value);
      if (spec.max !== undefined && value > spec.max) throw errors.aboveMaximum(param, kind, spec.max, value);
    }
  }

  const stream = body.stream === true;
  const streamOptions = isObject(body.stream_options) ? body.stream_options : null;
  if (streamOptions && !stream) throw errors.streamOptionsWithoutStream();

  checkReasoningRestrictions(body, model);

  const maxParam = body.max_completion_tokens != null ? 'max_completion_tokens' : body.max_tokens != null ? 'max_tokens' : null;
  const maxTokens = maxParam ? (body[maxParam] as number) : null;
  if (maxParam && maxTokens! > model.maxOutputTokens) throw errors.maxTokensTooLarge(maxParam, maxTokens!, model.maxOutputTokens);

  const { tools, toolChoice, legacyFunctions } = checkTools(body);
  const responseFormat = checkResponseFormat(body.response_format, messages);

  if (body.top_logprobs != null && body.logprobs !== true) {
    throw errors.invalidValue('top_logprobs', "Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is used.");
  }

  return {
    body,
    model,
    messages,
    stream,
    includeUsage: streamOptions?.include_usage === true,
    includeObfuscation: streamOptions?.include_obfuscation !== false,
    n: (body.n as number | null | undefined) ?? 1,
    maxTokens,
    stop: checkStop(body.stop),
    tools,
    toolChoice,
    legacyFunctions,
    parallelToolCalls: typeof body.parallel_tool_calls === 'boolean' ? body.parallel_tool_calls : undefined,
    responseFormat,
    logprobs: body.logprobs === true,
    topLogprobs: (body.top_logprobs as number | null | undefined) ?? 0,
    serviceTier: body.service_tier === 'flex' || body.service_tier === 'priority' || body.service_tier === 'scale'
      ? body.service_tier : 'default',
    reasoningEffort: typeof body.reasoning_effort === 'string' ? body.reasoning_effort : null,
    promptCacheKey: typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : null,
    promptCacheRetention: typeof body.prompt_cache_retention === 'string' ? body.prompt_cache_retention : null,
  };
}

function checkReasoningRestrictions(body: Record<string, unknown>, model: ModelInfo): void {
  if (!model.reasoning) {
    if (body.reasoning_effort != null) throw errors.unsupportedParameter('reasoning_effort', '');
    return;
  }
  if (body.max_tokens != null) throw errors.unsupportedParameter('max_tokens', "Use 'max_completion_tokens' instead.");
  for (const param of ['temperature', 'top_p'] as const) {
    if (body[param] != null && body[param] !== 1) throw errors.unsupportedValue(param, body[param], '1');
  }
  if (body.logprobs === true) throw errors.unsupportedParameter('logprobs', '');
}

function checkStop(stop: unknown): string[] {
  if (stop === undefined || stop === null) return [];
  if (typeof stop === 'string') return [stop];
  if (!Array.isArray(stop)) throw errors.invalidType('stop', 'one of a string or array of strings', stop);
  if (stop.length > 4) throw errors.arrayTooLong('stop', 4, stop.length);
  stop.forEach((s, i) => { if (typeof s !== 'string') throw errors.invalidType(`stop[${i}]`, 'a string', s); });
  return stop as string[];
}
