/**
 * OpenAI chat request → Bedrock Converse request body (the model id travels in the URL path).
 * Every OpenAI parameter is mapped, accepted at its no-op value, or refused with a 400 naming it
 * (mappings.ts PARAMETERS); capabilities the matrix marks unsupported for Bedrock are refused too.
 */
import { capability, type CapabilityColumn } from '../../../spec/capabilities.ts';
import { BadRequestError } from '../../errors.ts';
import { type Block, cachePoint, invalid, isRecord, translateMessages } from './messages.ts';
import {
  CLAUDE_THINKING_ANSWER_TOKENS, CLAUDE_THINKING_BUDGETS, lookup, modelFamily, NOVA_REASONING_EFFORTS, PARAMETERS, type ReasoningEffort, SERVICE_TIERS, TOOL_CHOICES,
} from './mappings.ts';

type Json = Record<string, unknown>;
const present = (v: unknown) => v !== undefined && v !== null;

/** 400 when the capability matrix says Bedrock does not offer the column this parameter needs. */
function requireCapability(column: CapabilityColumn, param: string, what: string): void {
  if (capability('bedrock', column).state === 'unsupported') {
    throw new BadRequestError('unsupported_parameter', `Provider bedrock does not support ${what} (capability "${column}"): '${param}' cannot be translated to Bedrock Converse.`, param);
  }
}

function checkParameters(body: Json): void {
  for (const [name, value] of Object.entries(body)) {
    const rule = lookup(PARAMETERS, name);
    if (!rule) throw new BadRequestError('unknown_parameter', `Unrecognized request argument supplied: '${name}' is not an OpenAI chat parameter the Bedrock translation knows.`, name);
    if (!present(value) || rule.kind === 'mapped') continue;
    if (rule.kind === 'default') {
      if (!rule.accepts.some((ok) => JSON.stringify(ok) === JSON.stringify(value))) {
        throw new BadRequestError('unsupported_parameter', `Unsupported value for '${name}' on provider bedrock: only ${rule.accepts.map((a) => JSON.stringify(a)).join(' or ')} can be expressed on Bedrock Converse, got ${JSON.stringify(value)}.`, name);
      }
      continue;
    }
    throw new BadRequestError('unsupported_parameter', `Unsupported parameter '${name}' on provider bedrock: ${rule.why}.`, name);
  }
}

function number(body: Json, name: string): number | undefined {
  const v = body[name];
  if (!present(v)) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(name, `Invalid type for '${name}': expected a number.`, 'invalid_type');
  return v;
}

function integer(body: Json, name: string): number | undefined {
  const v = number(body, name);
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw invalid(name, `Invalid '${name}': expected a positive integer, got ${v}.`);
  return v;
}

function inferenceConfig(body: Json): Json {
  const config: Json = {};
  const maxCompletion = integer(body, 'max_completion_tokens');
  const maxTokens = integer(body, 'max_tokens');
  if (maxCompletion !== undefined && maxTokens !== undefined && maxCompletion !== maxTokens) {
    throw invalid('max_tokens', `Conflicting 'max_tokens' (${maxTokens}) and 'max_completion_tokens' (${maxCompletion}): send one of them.`);
  }
  const max = maxCompletion ?? maxTokens;
  if (max !== undefined) config.maxTokens = max;
  const temperature = number(body, 'temperature');
  if (temperature !== undefined) config.temperature = temperature;
  const topP = number(body, 'top_p');
  if (topP !== undefined) config.topP = topP;
  if (present(body.stop)) {
    const stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
    if (!Array.isArray(stop) || !stop.every((s) => typeof s === 'string')) throw invalid('stop', "Invalid type for 'stop': expected a string or an array of strings.", 'invalid_type');
    if (stop.length) config.stopSequences = stop;
  }
  return config;
}

function toolConfig(body: Json, hasToolBlocks: boolean): Json | undefined {
  const tools = body.tools;
  if (present(tools)) requireCapability('tools', 'tools', 'function calling');
  if (present(tools) && !Array.isArray(tools)) throw invalid('tools', "Invalid type for 'tools': expected an array.", 'invalid_type');
  const specs: Block[] = [];
  const names: string[] = [];
  ((tools as unknown[] | undefined) ?? []).forEach((tool, i) => {
    const at = `tools[${i}]`;
    if (!isRecord(tool) || tool.type !== 'function' || !isRecord(tool.function) || typeof tool.function.name !== 'string') {
      throw invalid(at, `Unsupported '${at}': Bedrock Converse takes function tools {type: "function", function: {name, description?, parameters?, strict?}}.`, 'unsupported_parameter');
    }
    const fn = tool.function as Json & { name: string };
    const parameters = fn.parameters ?? { type: 'object', properties: {} };
    if (!isRecord(parameters)) throw invalid(`${at}.function.parameters`, `Invalid type for '${at}.function.parameters': expected a JSON Schema object.`, 'invalid_type');
    if (present(fn.description) && typeof fn.description !== 'string') throw invalid(`${at}.function.description`, `Invalid type for '${at}.function.description': expected a string.`, 'invalid_type');
    if (present(fn.strict) && typeof fn.strict !== 'boolean') throw invalid(`${at}.function.strict`, `Invalid type for '${at}.function.strict': expected a boolean.`, 'invalid_type');
    if (fn.strict === true) requireCapability('structured_output', `${at}.function.strict`, 'strict tool schemas');
    names.push(fn.name);
    specs.push({ toolSpec: { name: fn.name, ...(present(fn.description) ? { description: fn.description } : {}), inputSchema: { json: parameters }, ...(fn.strict === true ? { strict: true } : {}) } });
    const point = cachePoint(tool.cache_control, `${at}.cache_control`);
    if (point) { requireCapability('prompt_caching', `${at}.cache_control`, 'prompt caching'); specs.push(point); }
  });
  const choice = body.tool_choice;
  let toolChoice: Json | undefined;
  if (choice === 'none') {
    // Converse has no "none": tools are simply not offered — which Converse refuses once the
    // conversation holds toolUse/toolResult blocks (it then requires a toolConfig).
    if (hasToolBlocks) {
      throw invalid('tool_choice', 'Unsupported \'tool_choice\' "none" on provider bedrock for a conversation that already holds tool calls: Converse has no "none" tool choice and requires the tools to be declared when tool calls are present.', 'unsupported_parameter');
    }
    return undefined;
  } else if (choice === 'auto' || choice === 'required') {
    toolChoice = TOOL_CHOICES[choice as 'auto' | 'required'];
  } else if (isRecord(choice) && choice.type === 'function' && isRecord(choice.function) && typeof choice.function.name === 'string') {
    if (!names.includes(choice.function.name)) throw invalid('tool_choice', `Invalid 'tool_choice': function "${choice.function.name}" is not among the declared tools.`);
    toolChoice = { tool: { name: choice.function.name } };
  } else if (present(choice)) {
    throw invalid('tool_choice', `Unsupported 'tool_choice' ${JSON.stringify(choice)} on provider bedrock: expected "none", "auto", "required" or {type: "function", function: {name}}.`, 'unsupported_parameter');
  }
  if (!specs.length) {
    if (toolChoice) throw invalid('tool_choice', "Invalid 'tool_choice': no tools were declared.");
    return undefined;
  }
  return { tools: specs, ...(toolChoice ? { toolChoice } : {}) };
}

function outputConfig(body: Json): Json | undefined {
  const format = body.response_format;
  if (!present(format)) return undefined;
  if (!isRecord(format)) throw invalid('response_format', "Invalid type for 'response_format': expected an object.", 'invalid_type');
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') {
    requireCapability('json_mode', 'response_format', 'JSON mode without a schema');
    throw invalid('response_format', "Unsupported 'response_format' json_object on provider bedrock.", 'unsupported_parameter');
  }
  if (format.type !== 'json_schema') throw invalid('response_format', `Invalid 'response_format.type' ${JSON.stringify(format.type)}: expected text, json_object or json_schema.`);
  requireCapability('schema_mode', 'response_format', 'JSON schema output');
  const spec = format.json_schema;
  if (!isRecord(spec) || typeof spec.name !== 'string' || !isRecord(spec.schema ?? {})) {
    throw invalid('response_format.json_schema', "Invalid 'response_format.json_schema': expected {name, schema, strict?, description?}.", 'invalid_type');
  }
  if (spec.strict === true) requireCapability('structured_output', 'response_format', 'strict structured output');
  const jsonSchema: Json = { schema: JSON.stringify(spec.schema ?? {}), name: spec.name };
  if (typeof spec.description === 'string') jsonSchema.description = spec.description;
  return { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
}

/**
 * reasoning_effort and top_k → additionalModelRequestFields, per model family (and, for Claude thinking
 * without a client max, the maxTokens the budget needs).
 */
function additionalFields(body: Json, model: string, maxTokens: number | undefined): { fields?: Json; maxTokens?: number } {
  const fields: Json = {};
  let neededMax: number | undefined;
  const family = modelFamily(model);
  const effort = body.reasoning_effort as ReasoningEffort | null | undefined;
  if (present(effort)) {
    requireCapability('reasoning', 'reasoning_effort', 'reasoning');
    if (typeof effort !== 'string' || !['none', 'minimal', 'low', 'medium', 'high', 'xhigh'].includes(effort)) {
      throw invalid('reasoning_effort', `Invalid 'reasoning_effort' ${JSON.stringify(effort)}: expected none, minimal, low, medium, high or xhigh.`);
    }
    if (effort !== 'none') {
      if (family === 'claude') {
        const budget = CLAUDE_THINKING_BUDGETS[effort];
        if (maxTokens !== undefined && maxTokens <= budget) {
          throw invalid('reasoning_effort', `'reasoning_effort' "${effort}" is a Claude thinking budget of ${budget} tokens on Bedrock, which must be below the max tokens (${maxTokens}); raise max_completion_tokens or lower the effort.`);
        }
        fields.thinking = { type: 'enabled', budget_tokens: budget };
        if (maxTokens === undefined) neededMax = budget + CLAUDE_THINKING_ANSWER_TOKENS;
      } else if (family === 'nova') {
        const level = NOVA_REASONING_EFFORTS[effort];
        if (!level) throw invalid('reasoning_effort', `Unsupported 'reasoning_effort' "${effort}" for Nova model ${model}: Nova reasoning levels are low, medium and high.`, 'unsupported_parameter');
        fields.reasoningConfig = { type: 'enabled', maxReasoningEffort: level };
      } else {
        throw invalid('reasoning_effort', `Unsupported 'reasoning_effort' for Bedrock model ${model}: the gateway maps reasoning for Claude and Nova models only.`, 'unsupported_parameter');
      }
    }
  }
  const topK = integer(body, 'top_k');
  if (topK !== undefined) {
    if (family === 'claude') fields.top_k = topK;
    else if (family === 'nova') fields.inferenceConfig = { topK };
    else throw invalid('top_k', `Unsupported 'top_k' for Bedrock model ${model}: the gateway maps top_k for Claude and Nova models only.`, 'unsupported_parameter');
  }
  return { ...(Object.keys(fields).length ? { fields } : {}), ...(neededMax !== undefined ? { maxTokens: neededMax } : {}) };
}

function requestMetadata(body: Json): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  if (present(body.metadata)) {
    if (!isRecord(body.metadata) || !Object.values(body.metadata).every((v) => typeof v === 'string')) {
      throw invalid('metadata', "Invalid type for 'metadata': expected an object of string values.", 'invalid_type');
    }
    Object.assign(out, body.metadata);
  }
  for (const field of ['user', 'safety_identifier'] as const) {
    if (!present(body[field])) continue;
    if (typeof body[field] !== 'string') throw invalid(field, `Invalid type for '${field}': expected a string.`, 'invalid_type');
    out[field] = body[field];
  }
  return Object.keys(out).length ? out : undefined;
}

export function translateRequest(body: Json, model: string): Json {
  checkParameters(body);
  if (present(body.stream) && typeof body.stream !== 'boolean') throw invalid('stream', "Invalid type for 'stream': expected a boolean.", 'invalid_type');
  if (body.stream === true) requireCapability('stream', 'stream', 'streaming');
  else requireCapability('non_stream', 'stream', 'non-streamed answers');
  if (present(body.stream_options) && !isRecord(body.stream_options)) throw invalid('stream_options', "Invalid type for 'stream_options': expected an object.", 'invalid_type');
  const { system, messages, hasToolBlocks, usesCache } = translateMessages(body.messages);
  if (usesCache) requireCapability('prompt_caching', 'messages', 'prompt caching (cache_control)');
  const inference = inferenceConfig(body);
  const additional = additionalFields(body, model, inference.maxTokens as number | undefined);
  if (additional.maxTokens !== undefined) inference.maxTokens = additional.maxTokens;
  const converse: Json = { messages };
  if (system.length) converse.system = system;
  if (Object.keys(inference).length) converse.inferenceConfig = inference;
  const tools = toolConfig(body, hasToolBlocks);
  if (tools) converse.toolConfig = tools;
  const output = outputConfig(body);
  if (output) converse.outputConfig = output;
  if (additional.fields) converse.additionalModelRequestFields = additional.fields;
  const metadata = requestMetadata(body);
  if (metadata) converse.requestMetadata = metadata;
  if (present(body.service_tier)) {
    const tier = lookup(SERVICE_TIERS, body.service_tier);
    if (tier === undefined) throw invalid('service_tier', `Unsupported 'service_tier' ${JSON.stringify(body.service_tier)} on provider bedrock: expected one of ${Object.keys(SERVICE_TIERS).join(', ')}.`, 'unsupported_parameter');
    if (tier) converse.serviceTier = { type: tier };
  }
  return converse;
}
