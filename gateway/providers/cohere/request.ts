/**
 * OpenAI chat request → Cohere `POST {baseURL}/v2/chat`. Every top-level parameter goes through the
 * table in params.ts first (unknown or refused ones are a 400 naming them); the rest map one to one:
 * stop → stop_sequences, max_(completion_)tokens → max_tokens, top_p → p, top_k → k, tools (strict →
 * strict_tools), tool_choice (mappings.ts), response_format json_object / json_schema (→ json_object
 * with json_schema), reasoning_effort → thinking. Values are passed as given, never clamped: where
 * Cohere's ranges differ, Cohere's own 400 comes back to the client.
 */
import { BadRequestError } from '../../errors.ts';
import type { ChatBody, ChatContext, UpstreamHttpRequest } from '../types.ts';
import { REASONING_EFFORT_THINKING, TOOL_CHOICES } from './mappings.ts';
import { translateMessages } from './messages.ts';
import { checkRequestParameters, requireCapability } from './params.ts';
import type { CohereChatRequest, CohereResponseFormat, CohereTool } from './wire.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null;

function invalid(message: string, param: string): never {
  throw new BadRequestError('invalid_value', message, param);
}

function translateTools(tools: unknown): { tools: CohereTool[]; strict?: boolean } {
  if (!Array.isArray(tools)) invalid("Invalid 'tools': expected an array of function tools.", 'tools');
  requireCapability('tools', 'tools');
  const strictness = new Set<boolean>();
  const out = tools.map((tool, i): CohereTool => {
    const at = `tools[${i}]`;
    if (!isObject(tool)) invalid(`Invalid '${at}': expected an object.`, at);
    if (tool.cache_control !== undefined) requireCapability('prompt_caching', `${at}.cache_control`);
    if (tool.type !== 'function') {
      throw new BadRequestError('unsupported_parameter', `Unsupported tool type ${JSON.stringify(tool.type)} at '${at}': Cohere takes function tools only.`, `${at}.type`);
    }
    const fn = tool.function;
    if (!isObject(fn) || typeof fn.name !== 'string' || fn.name === '') invalid(`Invalid '${at}.function': expected {name, description?, parameters?}.`, `${at}.function`);
    if (present(fn.parameters) && !isObject(fn.parameters)) invalid(`Invalid '${at}.function.parameters': expected a JSON Schema object.`, `${at}.function.parameters`);
    strictness.add(fn.strict === true);
    if (fn.strict === true) requireCapability('structured_output', `${at}.function.strict`);
    const cohere: CohereTool = {
      type: 'function',
      // A function without parameters takes none: Cohere requires the schema, so it gets the empty object schema.
      function: { name: fn.name, parameters: isObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} } },
    };
    if (typeof fn.description === 'string') cohere.function.description = fn.description;
    return cohere;
  });
  if (strictness.size > 1) {
    throw new BadRequestError('unsupported_value', "Unsupported mix of strict and non-strict tools: Cohere's strict_tools applies to every tool of a request; mark all tools strict or none.", 'tools');
  }
  return strictness.has(true) ? { tools: out, strict: true } : { tools: out };
}

function translateToolChoice(choice: unknown): CohereChatRequest['tool_choice'] {
  requireCapability('tools', 'tool_choice');
  if (typeof choice === 'string' && Object.hasOwn(TOOL_CHOICES, choice)) return TOOL_CHOICES[choice as keyof typeof TOOL_CHOICES];
  if (isObject(choice) && choice.type === 'function') {
    throw new BadRequestError('unsupported_value', "Unsupported value for 'tool_choice' with provider cohere: Cohere can require some tool (\"required\") or none, but cannot force one named function.", 'tool_choice');
  }
  return invalid(`Invalid value for 'tool_choice': ${JSON.stringify(choice)}; expected "auto", "none" or "required".`, 'tool_choice');
}

function translateResponseFormat(format: unknown): CohereResponseFormat {
  if (!isObject(format)) invalid("Invalid 'response_format': expected an object with a type.", 'response_format');
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') {
    requireCapability('json_mode', 'response_format');
    return { type: 'json_object' };
  }
  if (format.type === 'json_schema') {
    requireCapability('schema_mode', 'response_format');
    const spec = format.json_schema;
    if (!isObject(spec)) invalid("Invalid 'response_format.json_schema': expected {name, schema, strict?}.", 'response_format.json_schema');
    if (spec.strict === true) requireCapability('structured_output', 'response_format.json_schema.strict');
    if (!present(spec.schema)) return { type: 'json_object' };
    if (!isObject(spec.schema)) invalid("Invalid 'response_format.json_schema.schema': expected a JSON Schema object.", 'response_format.json_schema.schema');
    // Cohere's schema mode always constrains the output (strict or not); the description guides the model, so it rides in the schema.
    const schema = typeof spec.description === 'string' && spec.schema.description === undefined ? { ...spec.schema, description: spec.description } : spec.schema;
    return { type: 'json_object', json_schema: schema };
  }
  return invalid(`Invalid 'response_format.type': ${JSON.stringify(format.type)}; expected text, json_object or json_schema.`, 'response_format.type');
}

function maxTokens(body: ChatBody): number | undefined {
  const completion = body.max_completion_tokens;
  const legacy = body.max_tokens;
  if (present(completion) && present(legacy) && completion !== legacy) {
    invalid("Conflicting 'max_tokens' and 'max_completion_tokens': send one (max_tokens is deprecated).", 'max_tokens');
  }
  const value = present(completion) ? completion : legacy;
  if (!present(value)) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) invalid(`Invalid '${present(completion) ? 'max_completion_tokens' : 'max_tokens'}': expected a positive integer.`, present(completion) ? 'max_completion_tokens' : 'max_tokens');
  return value as number;
}

function stopSequences(stop: unknown): string[] {
  if (typeof stop === 'string') return [stop];
  if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) return stop as string[];
  return invalid("Invalid 'stop': expected a string or an array of strings.", 'stop');
}

function numberParam(body: ChatBody, name: string): number | undefined {
  const value = body[name];
  if (!present(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(`Invalid '${name}': expected a number.`, name);
  return value;
}

/** The Cohere request body for an OpenAI chat body (throws a BadRequestError naming what cannot be mapped). */
export function translateChatRequest(body: ChatBody, ctx: Pick<ChatContext, 'model' | 'stream'>): CohereChatRequest {
  checkRequestParameters(body);
  if (present(body.stream) && typeof body.stream !== 'boolean') invalid("Invalid 'stream': expected a boolean.", 'stream');
  requireCapability(ctx.stream ? 'stream' : 'non_stream', 'stream');
  const out: CohereChatRequest = { model: ctx.model, messages: translateMessages(body.messages) };
  if (ctx.stream) out.stream = true;
  if (present(body.tools)) {
    const { tools, strict } = translateTools(body.tools);
    if (tools.length) out.tools = tools;
    if (strict) out.strict_tools = true;
  }
  if (present(body.tool_choice)) {
    const choice = translateToolChoice(body.tool_choice);
    if (choice) out.tool_choice = choice;
  }
  if (present(body.response_format)) out.response_format = translateResponseFormat(body.response_format);
  const max = maxTokens(body);
  if (max !== undefined) out.max_tokens = max;
  if (present(body.stop)) out.stop_sequences = stopSequences(body.stop);
  const numbers: [openai: string, cohere: 'temperature' | 'p' | 'k' | 'seed' | 'frequency_penalty' | 'presence_penalty'][] = [
    ['temperature', 'temperature'], ['top_p', 'p'], ['top_k', 'k'], ['seed', 'seed'], ['frequency_penalty', 'frequency_penalty'], ['presence_penalty', 'presence_penalty'],
  ];
  for (const [openai, cohere] of numbers) {
    const value = numberParam(body, openai);
    if (value !== undefined) out[cohere] = value;
  }
  if (present(body.reasoning_effort)) {
    requireCapability('reasoning', 'reasoning_effort');
    const effort = body.reasoning_effort;
    if (typeof effort !== 'string' || !Object.hasOwn(REASONING_EFFORT_THINKING, effort)) {
      invalid(`Invalid 'reasoning_effort': ${JSON.stringify(effort)}; expected one of ${Object.keys(REASONING_EFFORT_THINKING).join(', ')}.`, 'reasoning_effort');
    }
    out.thinking = { ...REASONING_EFFORT_THINKING[effort as keyof typeof REASONING_EFFORT_THINKING] };
  }
  return out;
}

export function buildChatRequest(body: ChatBody, ctx: ChatContext): UpstreamHttpRequest {
  return {
    url: `${ctx.account.baseURL}/v2/chat`,
    headers: {
      'content-type': 'application/json',
      accept: ctx.stream ? 'text/event-stream' : 'application/json',
      authorization: `Bearer ${ctx.account.apiKey}`,
    },
    body: JSON.stringify(translateChatRequest(body, ctx)),
  };
}
