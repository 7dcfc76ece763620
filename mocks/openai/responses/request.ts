/**
 * POST /v1/responses request validation, in the order and words of OpenAI's Responses layer: body,
 * model, unknown parameters, parameter types and ranges, then tools / tool_choice / text.format /
 * reasoning rules. Returns a normalised `ResponseRequest` (with the values the response echoes, defaults
 * applied) or throws `OpenAIError`. Conversation state (previous_response_id) is resolved by the caller.
 */
import { errors } from '../errors.ts';
import { findModel, type ModelInfo } from '../models.ts';
import { responseErrors } from './errors.ts';
import { isObject, normalizeInput, type InputItem, type Json } from './input.ts';

export interface FunctionToolDef {
  type: 'function';
  description: string | null;
  name: string;
  parameters: Json | null;
  strict: boolean;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; name: string };

export type TextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; description: string | null; name: string; schema: Json; strict: boolean };

export interface ResponseRequest {
  body: Json;
  /** The id reported in `model` (the dated snapshot, or the fine-tuned model id). */
  modelId: string;
  model: ModelInfo;
  input: InputItem[];
  instructions: string | null;
  tools: FunctionToolDef[];
  toolChoice: ToolChoice;
  parallelToolCalls: boolean;
  format: TextFormat;
  verbosity: string;
  maxOutputTokens: number | null;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  background: boolean;
  stream: boolean;
  includeObfuscation: boolean;
  include: string[];
  metadata: Record<string, string>;
  temperature: number;
  topP: number;
  topLogprobs: number;
  maxToolCalls: number | null;
  previousResponseId: string | null;
  serviceTier: string;
  truncation: string;
  user: string | null;
  safetyIdentifier: string | null;
  promptCacheKey: string | null;
}

const KNOWN = new Set([
  'background', 'context_management', 'conversation', 'include', 'input', 'instructions', 'max_output_tokens', 'max_tool_calls',
  'metadata', 'model', 'moderation', 'parallel_tool_calls', 'previous_response_id', 'prompt', 'prompt_cache_key',
  'prompt_cache_options', 'prompt_cache_retention', 'reasoning', 'safety_identifier', 'service_tier', 'store', 'stream',
  'stream_options', 'temperature', 'text', 'tool_choice', 'tools', 'top_logprobs', 'top_p', 'truncation', 'user',
]);
/** Known parameters whose behaviour needs state or services the simulator does not have. */
const NOT_SIMULATED: Record<string, string> = {
  conversation: 'the Conversations API', prompt: 'a stored prompt template', moderation: 'response moderation',
  context_management: 'context management',
};

type Kind = 'boolean' | 'integer' | 'decimal' | 'string' | 'object' | 'array';
const EXPECTED: Record<Kind, string> = {
  boolean: 'a boolean', integer: 'an integer', decimal: 'a decimal', string: 'a string', object: 'an object', array: 'an array',
};
const SCALARS: Record<string, { kind: Kind; min?: number; max?: number; values?: readonly string[] }> = {
  background: { kind: 'boolean' }, store: { kind: 'boolean' }, stream: { kind: 'boolean' }, parallel_tool_calls: { kind: 'boolean' },
  instructions: { kind: 'string' }, previous_response_id: { kind: 'string' }, user: { kind: 'string' },
  safety_identifier: { kind: 'string' }, prompt_cache_key: { kind: 'string' },
  max_output_tokens: { kind: 'integer', min: 16 }, max_tool_calls: { kind: 'integer', min: 1 },
  top_logprobs: { kind: 'integer', min: 0, max: 20 },
  temperature: { kind: 'decimal', min: 0, max: 2 }, top_p: { kind: 'decimal', min: 0, max: 1 },
  service_tier: { kind: 'string', values: ['auto', 'default', 'flex', 'scale', 'priority'] },
  truncation: { kind: 'string', values: ['auto', 'disabled'] },
  prompt_cache_retention: { kind: 'string', values: ['in_memory', '24h'] },
  metadata: { kind: 'object' }, reasoning: { kind: 'object' }, text: { kind: 'object' }, stream_options: { kind: 'object' },
  prompt_cache_options: { kind: 'object' }, tools: { kind: 'array' }, include: { kind: 'array' },
};
const INCLUDABLE = [
  'code_interpreter_call.outputs', 'computer_call_output.output.image_url', 'file_search_call.results',
  'message.input_image.image_url', 'message.output_text.logprobs', 'reasoning.encrypted_content', 'web_search_call.action.sources',
  'web_search_call.results',
] as const;
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
const SUMMARIES = ['auto', 'concise', 'detailed'] as const;
const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

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

function checkScalars(body: Json): void {
  for (const [param, spec] of Object.entries(SCALARS)) {
    const value = body[param];
    if (value === undefined || value === null) continue;
    if (!hasKind(value, spec.kind)) throw errors.invalidType(param, EXPECTED[spec.kind], value);
    if (spec.values && !spec.values.includes(value as string)) throw errors.invalidEnum(param, value, spec.values);
    if (typeof value !== 'number') continue;
    const kind = spec.kind === 'integer' ? 'integer' : 'decimal';
    if (spec.min !== undefined && value < spec.min) throw errors.belowMinimum(param, kind, spec.min, value);
    if (spec.max !== undefined && value > spec.max) throw errors.aboveMaximum(param, kind, spec.max, value);
  }
}

function checkMetadata(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  const entries = Object.entries(value);
  if (entries.length > 16) throw responseErrors.tooManyProperties('metadata', 16, entries.length);
  for (const [key, v] of entries) {
    if (key.length > 64) throw responseErrors.stringTooLong(`metadata.${key}`, 64, key.length);
    if (typeof v !== 'string') throw errors.invalidType(`metadata.${key}`, 'a string', v);
    if (v.length > 512) throw responseErrors.stringTooLong(`metadata.${key}`, 512, v.length);
  }
  return value as Record<string, string>;
}

function checkTools(raw: unknown): FunctionToolDef[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((tool, i) => {
    const path = `tools[${i}]`;
    if (!isObject(tool)) throw errors.invalidType(path, 'an object', tool);
    if (tool.type === undefined) throw errors.missingParameter(`${path}.type`);
    if (tool.type !== 'function') throw responseErrors.notSimulated(`${path}.type`, `the '${String(tool.type)}' tool`);
    if (tool.name === undefined) throw errors.missingParameter(`${path}.name`);
    if (typeof tool.name !== 'string') throw errors.invalidType(`${path}.name`, 'a string', tool.name);
    if (!NAME_PATTERN.test(tool.name)) {
      throw errors.invalidValue(`${path}.name`, `Invalid '${path}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`);
    }
    if (tool.parameters != null && !isObject(tool.parameters)) throw errors.invalidType(`${path}.parameters`, 'an object', tool.parameters);
    if (tool.description != null && typeof tool.description !== 'string') throw errors.invalidType(`${path}.description`, 'a string', tool.description);
    if (tool.strict != null && typeof tool.strict !== 'boolean') throw errors.invalidType(`${path}.strict`, 'a boolean', tool.strict);
    return {
      type: 'function',
      description: (tool.description as string | undefined) ?? null,
      name: tool.name,
      parameters: (tool.parameters as Json | undefined) ?? null,
      strict: (tool.strict as boolean | undefined) ?? true,
    };
  });
}

function checkToolChoice(raw: unknown, tools: FunctionToolDef[]): ToolChoice {
  if (raw === undefined || raw === null) return 'auto';
  if (typeof raw === 'string') {
    if (raw !== 'none' && raw !== 'auto' && raw !== 'required') throw errors.invalidEnum('tool_choice', raw, ['none', 'auto', 'required']);
    if (raw === 'required' && tools.length === 0) {
      throw errors.invalidValue('tool_choice', "Invalid value for 'tool_choice': 'required' is only allowed when 'tools' are specified.");
    }
    return raw;
  }
  if (!isObject(raw)) throw errors.invalidType('tool_choice', 'a string or an object', raw);
  if (raw.type !== 'function') throw responseErrors.notSimulated('tool_choice.type', `the '${String(raw.type)}' tool choice`);
  if (typeof raw.name !== 'string') throw errors.missingParameter('tool_choice.name');
  if (!tools.some((t) => t.name === raw.name)) throw responseErrors.toolChoiceNotFound(raw.name);
  return { type: 'function', name: raw.name };
}

function checkText(raw: unknown): { format: TextFormat; verbosity: string } {
  const text = isObject(raw) ? raw : {};
  const verbosity = text.verbosity ?? 'medium';
  if (verbosity !== 'low' && verbosity !== 'medium' && verbosity !== 'high') throw errors.invalidEnum('text.verbosity', verbosity, ['low', 'medium', 'high']);
  const f = text.format;
  if (f === undefined || f === null) return { format: { type: 'text' }, verbosity };
  if (!isObject(f)) throw errors.invalidType('text.format', 'an object', f);
  if (f.type === 'text' || f.type === 'json_object') return { format: { type: f.type }, verbosity };
  if (f.type !== 'json_schema') throw errors.invalidEnum('text.format.type', f.type, ['text', 'json_schema', 'json_object']);
  if (f.name === undefined) throw errors.missingParameter('text.format.name');
  if (typeof f.name !== 'string') throw errors.invalidType('text.format.name', 'a string', f.name);
  if (!NAME_PATTERN.test(f.name)) {
    throw errors.invalidValue('text.format.name', "Invalid 'text.format.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.");
  }
  if (f.schema === undefined) throw errors.missingParameter('text.format.schema');
  if (!isObject(f.schema)) throw errors.invalidType('text.format.schema', 'an object', f.schema);
  if (f.strict != null && typeof f.strict !== 'boolean') throw errors.invalidType('text.format.strict', 'a boolean', f.strict);
  return {
    format: {
      type: 'json_schema', description: typeof f.description === 'string' ? f.description : null,
      name: f.name, schema: f.schema, strict: f.strict === true,
    },
    verbosity,
  };
}

function checkReasoning(raw: unknown, model: ModelInfo): { effort: string | null; summary: string | null } {
  const r = isObject(raw) ? raw : {};
  if (!model.reasoning) {
    if (r.effort != null) throw errors.unsupportedParameter('reasoning.effort', '');
    if (r.summary != null) throw errors.unsupportedParameter('reasoning.summary', '');
    return { effort: null, summary: null };
  }
  const effort = r.effort ?? 'medium';
  if (!(EFFORTS as readonly unknown[]).includes(effort)) throw errors.invalidEnum('reasoning.effort', effort, EFFORTS);
  const summary = r.summary ?? r.generate_summary ?? null;
  if (summary !== null && !(SUMMARIES as readonly unknown[]).includes(summary)) throw errors.invalidEnum('reasoning.summary', summary, SUMMARIES);
  return { effort: effort as string, summary: summary as string | null };
}

/** Validate a parsed body. `customModels` maps fine-tuned model ids to their base model. */
export function validateResponseRequest(body: unknown, customModels: ReadonlyMap<string, string>): ResponseRequest {
  if (!isObject(body)) throw errors.unparsableJson();
  if (body.model === undefined || body.model === null || body.model === '') throw errors.missingParameter('model');
  if (typeof body.model !== 'string') throw errors.invalidType('model', 'a string', body.model);
  const unknown = Object.keys(body).find((k) => !KNOWN.has(k));
  if (unknown) throw responseErrors.unknownParameter(unknown);
  const base = customModels.get(body.model);
  const model = findModel(base ?? body.model);
  if (!model) throw responseErrors.modelNotFound(body.model);
  for (const [param, what] of Object.entries(NOT_SIMULATED)) if (body[param] != null) throw responseErrors.notSimulated(param, what);

  checkScalars(body);
  if (body.input === undefined || body.input === null) throw errors.missingParameter('input');
  const input = normalizeInput(body.input);
  if (input.length === 0 && body.previous_response_id == null) throw errors.emptyArray('input');
  if (typeof body.previous_response_id === 'string' && !body.previous_response_id.startsWith('resp')) {
    throw responseErrors.badIdPrefix('previous_response_id', body.previous_response_id);
  }
  if (model.reasoning) {
    for (const param of ['temperature', 'top_p'] as const) {
      if (body[param] != null && body[param] !== 1) throw errors.unsupportedParameter(param, '');
    }
  }
  if (body.max_output_tokens != null && (body.max_output_tokens as number) > model.maxOutputTokens) {
    throw errors.invalidValue('max_output_tokens', `Invalid 'max_output_tokens': integer above maximum value. Expected a value <= ${model.maxOutputTokens}, but got ${String(body.max_output_tokens)} instead.`);
  }
  const include = ((body.include as unknown[] | undefined) ?? []).map((v, i) => {
    if (!(INCLUDABLE as readonly unknown[]).includes(v)) throw errors.invalidEnum(`include[${i}]`, v, INCLUDABLE);
    if (v === 'message.output_text.logprobs') throw responseErrors.notSimulated(`include[${i}]`, 'output text logprobs');
    return v as string;
  });
  const stream = body.stream === true;
  if (body.stream_options != null && !stream) {
    throw errors.invalidValue('stream_options', "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
  }
  const store = body.store !== false;
  const background = body.background === true;
  if (background && !store) throw responseErrors.backgroundWithoutStore();
  const tools = checkTools(body.tools);
  const { format, verbosity } = checkText(body.text);
  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};

  return {
    body,
    modelId: base ? body.model : model.snapshot,
    model,
    input,
    instructions: (body.instructions as string | undefined) ?? null,
    tools,
    toolChoice: checkToolChoice(body.tool_choice, tools),
    parallelToolCalls: body.parallel_tool_calls !== false,
    format,
    verbosity,
    maxOutputTokens: (body.max_output_tokens as number | undefined) ?? null,
    reasoning: checkReasoning(body.reasoning, model),
    store,
    background,
    stream,
    includeObfuscation: streamOptions.include_obfuscation !== false,
    include,
    metadata: checkMetadata(body.metadata),
    temperature: (body.temperature as number | undefined) ?? 1,
    topP: (body.top_p as number | undefined) ?? 1,
    topLogprobs: (body.top_logprobs as number | undefined) ?? 0,
    maxToolCalls: (body.max_tool_calls as number | undefined) ?? null,
    previousResponseId: (body.previous_response_id as string | undefined) ?? null,
    serviceTier: body.service_tier == null || body.service_tier === 'auto' ? 'default' : (body.service_tier as string),
    truncation: (body.truncation as string | undefined) ?? 'disabled',
    user: (body.user as string | undefined) ?? null,
    safetyIdentifier: (body.safety_identifier as string | undefined) ?? null,
    promptCacheKey: (body.prompt_cache_key as string | undefined) ?? null,
  };
}
