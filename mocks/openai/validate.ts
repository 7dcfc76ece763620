/**
 * Chat Completions request validation in OpenAI's order and words: unparsable body, missing model,
 * unknown top-level arguments, unknown model (404), then per-parameter type/range checks and the
 * cross-parameter rules (stream_options without stream, tool_choice without tools, reasoning-model
 * restrictions, tool message ordering). Returns a normalised `ChatRequest` or throws `OpenAIError`.
 */
import { errors } from './errors.ts';
import { findModel, type ModelInfo } from './models.ts';
import { checkMessages } from './validate-messages.ts';

export interface FunctionTool {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown> };

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

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Validate a parsed JSON body. Throws `OpenAIError`. */
export function validateChatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw errors.unparsableJson();
  if (body.model === undefined || body.model === null || body.model === '') throw errors.missingModel();
  if (typeof body.model !== 'string') throw errors.unparsableJson();

  const unknown = Object.keys(body).filter((k) => !KNOWN_ARGUMENTS.has(k));
  if (unknown.length) throw errors.unrecognizedArguments(unknown);

  const model = findModel(body.model);
  if (!model) throw errors.modelNotFound(body.model);

  const messages = checkMessages(body.messages);

  for (const [param, spec] of Object.entries(SCALARS)) {
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

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

function checkFunction(fn: unknown, path: string): FunctionTool {
  if (fn === undefined) throw errors.missingParameter(path);
  if (!isObject(fn)) throw errors.invalidType(path, 'an object', fn);
  if (fn.name === undefined) throw errors.missingParameter(`${path}.name`);
  if (typeof fn.name !== 'string') throw errors.invalidType(`${path}.name`, 'a string', fn.name);
  if (!NAME_PATTERN.test(fn.name)) {
    throw errors.invalidValue(`${path}.name`, `Invalid '${path}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`);
  }
  if (fn.parameters !== undefined && !isObject(fn.parameters)) throw errors.invalidType(`${path}.parameters`, 'an object', fn.parameters);
  const tool: FunctionTool = { name: fn.name };
  if (typeof fn.description === 'string') tool.description = fn.description;
  if (isObject(fn.parameters)) tool.parameters = fn.parameters;
  return tool;
}

function checkTools(body: Record<string, unknown>): { tools: FunctionTool[]; toolChoice: ToolChoice; legacyFunctions: boolean } {
  const rawTools = Array.isArray(body.tools) ? body.tools : [];
  let tools = rawTools.map((tool, i) => {
    if (!isObject(tool)) throw errors.invalidType(`tools[${i}]`, 'an object', tool);
    if (tool.type === undefined) throw errors.missingParameter(`tools[${i}].type`);
    if (tool.type === 'custom') {
      throw errors.invalidValue(`tools[${i}].type`, `Invalid value for 'tools[${i}].type': custom tools are not implemented by the Touchstone OpenAI simulator.`);
    }
    if (tool.type !== 'function') throw errors.invalidEnum(`tools[${i}].type`, tool.type, ['function', 'custom']);
    return checkFunction(tool.function, `tools[${i}].function`);
  });

  if (!rawTools.length && Array.isArray(body.functions)) {
    const fns = body.functions.map((fn, i) => checkFunction(fn, `functions[${i}]`));
    const fc = body.function_call;
    let choice: ToolChoice = fns.length ? 'auto' : 'none';
    if (fc === 'none' || fc === 'auto') choice = fc;
    else if (isObject(fc) && typeof fc.name === 'string') choice = { name: fc.name };
    else if (fc !== undefined && fc !== null) throw errors.invalidType('function_call', "one of a string or object", fc);
    if (typeof choice === 'object' && !fns.some((f) => f.name === (choice as { name: string }).name)) {
      throw errors.invalidValue('function_call', `Invalid value for 'function_call': function '${choice.name}' is not among the provided 'functions'.`);
    }
    return { tools: fns, toolChoice: choice, legacyFunctions: true };
  }

  const tc = body.tool_choice;
  if (tc !== undefined && tc !== null && !rawTools.length) throw errors.toolChoiceWithoutTools();
  let toolChoice: ToolChoice = tools.length ? 'auto' : 'none';
  if (typeof tc === 'string') {
    if (tc !== 'none' && tc !== 'auto' && tc !== 'required') throw errors.invalidEnum('tool_choice', tc, ['none', 'auto', 'required']);
    toolChoice = tc;
  } else if (isObject(tc)) {
    if (tc.type === 'function') {
      const name = isObject(tc.function) ? tc.function.name : undefined;
      if (typeof name !== 'string') throw errors.missingParameter('tool_choice.function.name');
      if (!tools.some((t) => t.name === name)) {
        throw errors.invalidValue('tool_choice', `Invalid value for 'tool_choice': function '${name}' is not among the provided 'tools'.`);
      }
      toolChoice = { name };
    } else if (tc.type === 'allowed_tools') {
      const allowed = isObject(tc.allowed_tools) ? tc.allowed_tools : {};
      const names = new Set((Array.isArray(allowed.tools) ? allowed.tools : [])
        .map((t) => (isObject(t) && isObject(t.function) ? t.function.name : undefined)));
      tools = tools.filter((t) => names.has(t.name));
      toolChoice = allowed.mode === 'required' ? 'required' : 'auto';
    } else {
      throw errors.invalidEnum('tool_choice.type', tc.type, ['function', 'allowed_tools', 'custom']);
    }
  } else if (tc !== undefined && tc !== null) {
    throw errors.invalidType('tool_choice', 'one of a string or object', tc);
  }
  return { tools, toolChoice, legacyFunctions: false };
}

function checkResponseFormat(format: unknown, messages: Record<string, unknown>[]): ResponseFormat {
  if (!isObject(format)) return { type: 'text' };
  if (format.type === undefined) throw errors.missingParameter('response_format.type');
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') {
    const mentionsJson = messages.some((m) => JSON.stringify(m.content ?? '').toLowerCase().includes('json'));
    if (!mentionsJson) throw errors.jsonWordRequired();
    return { type: 'json_object' };
  }
  if (format.type === 'json_schema') {
    const js = format.json_schema;
    if (!isObject(js)) throw errors.missingParameter('response_format.json_schema');
    if (typeof js.name !== 'string') throw errors.missingParameter('response_format.json_schema.name');
    return { type: 'json_schema', name: js.name, schema: isObject(js.schema) ? js.schema : { type: 'object' } };
  }
  throw errors.invalidEnum('response_format.type', format.type, ['text', 'json_object', 'json_schema']);
}

