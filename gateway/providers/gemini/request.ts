/**
 * OpenAI chat request → Gemini `GenerateContentRequest` body: messages (messages.ts), tools and
 * tool_choice, generationConfig (sampling, stop, limits, candidates, JSON / schema output, thinking).
 * Every top-level parameter is handled as REQUEST_PARAMETERS says: mapped, or a 400 naming it. A
 * capability the matrix marks unsupported for the provider is refused the same way, never dropped.
 */
import { capability, type CapabilityColumn, type MatrixProvider } from '../../../spec/capabilities.ts';
import { BadRequestError } from '../../errors.ts';
import type { ChatBody } from '../types.ts';
import {
  REASONING_EFFORT_TO_THINKING_BUDGET, REASONING_EFFORT_TO_THINKING_LEVEL, REQUEST_PARAMETERS, STRICT_TOOL_CHOICE_MODES,
  thinkingControlFor, TOOL_CHOICE_MODES, type ReasoningEffort,
} from './mappings.ts';
import { invalid, isRecord, translateMessages, type GeminiContent } from './messages.ts';

export interface GeminiRequestBody {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations: Record<string, unknown>[] }[];
  toolConfig?: { functionCallingConfig: { mode: string; allowedFunctionNames?: string[] } };
  generationConfig?: Record<string, unknown>;
}

/** Which provider's claims apply, and how it is named in messages. */
export interface GeminiTarget { provider: MatrixProvider; label: string }

const present = (v: unknown) => v !== undefined && v !== null;

/** 400 when the matrix says the provider does not offer the capability a parameter asks for. */
export function requireCapability(target: GeminiTarget, column: CapabilityColumn, param: string, what: string): void {
  if (capability(target.provider, column).state === 'unsupported') {
    throw new BadRequestError('unsupported_parameter', `${target.label} does not support ${what} (capability "${column}"), so '${param}' cannot be honoured.`, param);
  }
}

function checkParameters(body: ChatBody, label: string): void {
  for (const [key, value] of Object.entries(body)) {
    if (!present(value)) continue;
    const rule = REQUEST_PARAMETERS[key];
    if (!rule) throw new BadRequestError('unknown_parameter', `Unrecognized request argument supplied: '${key}' (not an OpenAI chat parameter ${label} translation knows).`, key);
    if ('rejected' in rule && JSON.stringify(value) !== JSON.stringify(rule.unless)) {
      throw new BadRequestError('unsupported_parameter', `'${key}' is not supported for ${label}: ${rule.rejected}.`, key);
    }
  }
}

const number = (body: ChatBody, key: string, check: (n: number) => boolean, expected: string): number | undefined => {
  const v = body[key];
  if (!present(v)) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) throw invalid(key, `'${key}': expected ${expected}, got ${JSON.stringify(v)}.`);
  return v;
};
const isInt = (n: number) => Number.isInteger(n);

function translateTools(body: ChatBody, target: GeminiTarget): Pick<GeminiRequestBody, 'tools' | 'toolConfig'> {
  const out: Pick<GeminiRequestBody, 'tools' | 'toolConfig'> = {};
  const tools = body.tools;
  const names: string[] = [];
  let allStrict = false;
  if (present(tools)) {
    if (!Array.isArray(tools)) throw invalid('tools', "'tools': expected an array.", 'invalid_type');
    if (tools.length > 0) requireCapability(target, 'tools', 'tools', 'function calling');
    allStrict = tools.length > 0;
    const declarations = tools.map((tool: unknown, i) => {
      const at = `tools[${i}]`;
      if (!isRecord(tool) || tool.type !== 'function' || !isRecord(tool.function)) throw invalid(`${at}.type`, `${at}: only function tools are supported for ${target.label}.`, 'unsupported_parameter');
      if (present(tool.cache_control) && !(isRecord(tool.cache_control) && tool.cache_control.type === 'ephemeral')) throw invalid(`${at}.cache_control`, `${at}.cache_control: expected {"type": "ephemeral"}.`);
      if (present(tool.cache_control)) requireCapability(target, 'prompt_caching', `${at}.cache_control`, 'prompt caching');
      const fn = tool.function;
      if (typeof fn.name !== 'string' || !fn.name) throw invalid(`${at}.function.name`, `${at}.function.name: expected a non-empty string.`);
      if (present(fn.parameters) && !isRecord(fn.parameters)) throw invalid(`${at}.function.parameters`, `${at}.function.parameters: expected a JSON Schema object.`, 'invalid_type');
      if (fn.strict !== true) allStrict = false;
      if (fn.strict === true) requireCapability(target, 'structured_output', `${at}.function.strict`, 'strict (schema-constrained) tools');
      names.push(fn.name);
      return {
        name: fn.name,
        ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
        ...(isRecord(fn.parameters) ? { parametersJsonSchema: fn.parameters } : {}),
      };
    });
    if (declarations.length) out.tools = [{ functionDeclarations: declarations }];
  }
  const choice = body.tool_choice;
  if (present(choice)) {
    const modes = allStrict ? STRICT_TOOL_CHOICE_MODES : TOOL_CHOICE_MODES;
    if (typeof choice === 'string') {
      const mode = modes[choice as keyof typeof modes];
      if (!mode) throw invalid('tool_choice', `'tool_choice': expected none, auto, required or a named function.`);
      if (choice !== 'none' && names.length === 0) throw invalid('tool_choice', `'tool_choice' ${JSON.stringify(choice)} needs tools.`);
      if (names.length) out.toolConfig = { functionCallingConfig: { mode } };
    } else if (isRecord(choice) && choice.type === 'function' && isRecord(choice.function) && typeof choice.function.name === 'string') {
      if (!names.includes(choice.function.name)) throw invalid('tool_choice', `'tool_choice' names ${JSON.stringify(choice.function.name)}, which is not among the tools.`);
      out.toolConfig = { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
    } else {
      throw invalid('tool_choice', `'tool_choice': expected none, auto, required or {"type": "function", "function": {"name": ...}}.`, 'unsupported_parameter');
    }
  } else if (allStrict) {
    out.toolConfig = { functionCallingConfig: { mode: STRICT_TOOL_CHOICE_MODES.auto } };
  }
  if (body.parallel_tool_calls === false) {
    throw new BadRequestError('unsupported_parameter', `'parallel_tool_calls': false is not supported for ${target.label}: Gemini has no switch to forbid parallel function calls.`, 'parallel_tool_calls');
  }
  return out;
}

function translateResponseFormat(body: ChatBody, target: GeminiTarget, config: Record<string, unknown>): void {
  const format = body.response_format;
  if (!present(format)) return;
  if (!isRecord(format)) throw invalid('response_format', "'response_format': expected an object.", 'invalid_type');
  switch (format.type) {
    case 'text':
      return;
    case 'json_object':
      requireCapability(target, 'json_mode', 'response_format', 'JSON mode');
      config.responseMimeType = 'application/json';
      return;
    case 'json_schema': {
      const spec = format.json_schema;
      if (!isRecord(spec) || !isRecord(spec.schema)) throw invalid('response_format.json_schema.schema', "'response_format.json_schema.schema': expected a JSON Schema object.");
      requireCapability(target, 'schema_mode', 'response_format', 'JSON schema output');
      if (spec.strict === true) requireCapability(target, 'structured_output', 'response_format', 'strict structured output');
      config.responseMimeType = 'application/json';
      // json_schema.description guides the model; Gemini reads a schema's own description for that.
      config.responseJsonSchema = typeof spec.description === 'string' && spec.schema.description === undefined
        ? { ...spec.schema, description: spec.description } : spec.schema;
      return;
    }
    default:
      throw invalid('response_format.type', `'response_format.type' ${JSON.stringify(format.type)} is not supported for ${target.label}.`, 'unsupported_parameter');
  }
}

function translateReasoning(body: ChatBody, model: string, target: GeminiTarget, config: Record<string, unknown>): void {
  const effort = body.reasoning_effort;
  if (!present(effort)) return;
  requireCapability(target, 'reasoning', 'reasoning_effort', 'reasoning');
  if (typeof effort !== 'string' || !(effort in REASONING_EFFORT_TO_THINKING_BUDGET)) {
    throw new BadRequestError('unsupported_parameter', `'reasoning_effort' ${JSON.stringify(effort)} is not supported for ${target.label}: expected one of ${Object.keys(REASONING_EFFORT_TO_THINKING_BUDGET).join(', ')}.`, 'reasoning_effort');
  }
  const level = effort as ReasoningEffort;
  if (thinkingControlFor(model) === 'level') {
    const thinkingLevel = REASONING_EFFORT_TO_THINKING_LEVEL[level];
    if (!thinkingLevel) throw new BadRequestError('unsupported_parameter', `'reasoning_effort' "none" is not supported for ${target.label} model ${model}: thinking cannot be turned off on Gemini 3 models.`, 'reasoning_effort');
    config.thinkingConfig = { thinkingLevel, includeThoughts: true };
  } else {
    const thinkingBudget = REASONING_EFFORT_TO_THINKING_BUDGET[level];
    config.thinkingConfig = thinkingBudget === 0 ? { thinkingBudget } : { thinkingBudget, includeThoughts: true };
  }
}

function translateGenerationConfig(body: ChatBody, model: string, target: GeminiTarget): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const temperature = number(body, 'temperature', (n) => n >= 0 && n <= 2, 'a number from 0 to 2');
  if (temperature !== undefined) config.temperature = temperature;
  const topP = number(body, 'top_p', (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
  if (topP !== undefined) config.topP = topP;
  const topK = number(body, 'top_k', (n) => isInt(n) && n >= 1, 'an integer of at least 1');
  if (topK !== undefined) config.topK = topK;
  const presence = number(body, 'presence_penalty', (n) => n >= -2 && n <= 2, 'a number from -2 to 2');
  if (presence !== undefined) config.presencePenalty = presence;
  const frequency = number(body, 'frequency_penalty', (n) => n >= -2 && n <= 2, 'a number from -2 to 2');
  if (frequency !== undefined) config.frequencyPenalty = frequency;
  const seed = number(body, 'seed', isInt, 'an integer');
  if (seed !== undefined) config.seed = seed;
  const n = number(body, 'n', (v) => isInt(v) && v >= 1, 'an integer of at least 1');
  if (n !== undefined && n !== 1) config.candidateCount = n;
  const maxCompletion = number(body, 'max_completion_tokens', (v) => isInt(v) && v >= 1, 'a positive integer');
  const maxTokens = number(body, 'max_tokens', (v) => isInt(v) && v >= 1, 'a positive integer');
  if (maxCompletion !== undefined && maxTokens !== undefined && maxCompletion !== maxTokens) {
    throw invalid('max_tokens', "'max_tokens' and 'max_completion_tokens' disagree; send one of them.");
  }
  if ((maxCompletion ?? maxTokens) !== undefined) config.maxOutputTokens = maxCompletion ?? maxTokens;
  const stop = body.stop;
  if (present(stop)) {
    const list = typeof stop === 'string' ? [stop] : stop;
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw invalid('stop', "'stop': expected a string or an array of strings.", 'invalid_type');
    if (list.length) config.stopSequences = list;
  }
  translateResponseFormat(body, target, config);
  translateReasoning(body, model, target, config);
  return config;
}

function checkStreamOptions(body: ChatBody, target: GeminiTarget): void {
  const options = body.stream_options;
  if (!present(options)) return;
  if (!isRecord(options)) throw invalid('stream_options', "'stream_options': expected an object.", 'invalid_type');
  for (const [key, value] of Object.entries(options)) {
    if (key === 'include_usage' || !present(value) || (key === 'include_obfuscation' && value === false)) continue;
    throw new BadRequestError('unsupported_parameter', `'stream_options.${key}' is not supported for ${target.label}.`, `stream_options.${key}`);
  }
}

/** The Gemini request body for an OpenAI chat body (throws BadRequestError naming what cannot be mapped). */
export function translateChatRequest(body: ChatBody, model: string, target: GeminiTarget): GeminiRequestBody {
  checkParameters(body, target.label);
  requireCapability(target, body.stream === true ? 'stream' : 'non_stream', 'stream', body.stream === true ? 'streaming' : 'non-streamed answers');
  checkStreamOptions(body, target);
  const messages = translateMessages(body.messages, target.label);
  if (messages.usesCacheControl) requireCapability(target, 'prompt_caching', 'messages', 'prompt caching (cache_control)');
  const generationConfig = translateGenerationConfig(body, model, target);
  if (messages.mediaResolution) generationConfig.mediaResolution = messages.mediaResolution;
  return {
    contents: messages.contents,
    ...(messages.systemInstruction ? { systemInstruction: messages.systemInstruction } : {}),
    ...translateTools(body, target),
    ...(Object.keys(generationConfig).length ? { generationConfig } : {}),
  };
}
