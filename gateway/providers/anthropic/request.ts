/**
 * OpenAI chat request → Anthropic Messages request body (without `model`, which the transport places:
 * in the body for api.anthropic.com, in the URL for Vertex AI). Each mapped parameter is translated
 * here with the tables of mappings.ts; parameters.ts refuses what Anthropic does not offer, and the
 * capability matrix (spec/capabilities.yaml) decides which response formats are refused.
 */
import type { ChatBody, ChatContext } from '../types.ts';
import {
  array, integer, invalidType, invalidValue, isRecord, number, record, requireCapability, string, unsupported,
  type Json, type ProviderLabel,
} from './checks.ts';
import { SERVICE_TIERS, TOOL_CHOICES, defaultMaxTokens, thinkingFor } from './mappings.ts';
import { cacheControlOf, translateMessages } from './messages.ts';
import { checkParameters } from './parameters.ts';

const present = (v: unknown): boolean => v !== undefined && v !== null;

function translateTools(value: unknown, who: ProviderLabel): Json[] {
  const list = array(value, 'tools');
  if (list.length > 0) requireCapability('tools', 'tools', 'function calling', who);
  return list.map((raw, i) => {
    const at = `tools[${i}]`;
    const tool = record(raw, at);
    if (tool.type !== 'function') throw invalidValue(`${at}.type`, `expected "function" (the only tool type translated to ${who.label}), got ${JSON.stringify(tool.type)}.`);
    const fn = record(tool.function, `${at}.function`);
    const name = string(fn.name, `${at}.function.name`);
    const schema = fn.parameters === undefined ? { type: 'object', properties: {} } : record(fn.parameters, `${at}.function.parameters`);
    const out: Json = { name };
    if (present(fn.description)) out.description = string(fn.description, `${at}.function.description`);
    out.input_schema = schema;
    if (present(fn.strict) && typeof fn.strict !== 'boolean') throw invalidType(`${at}.function.strict`, 'a boolean', fn.strict);
    if (fn.strict === true) {
      requireCapability('structured_output', `${at}.function.strict`, 'strict tools (structured output)', who);
      out.strict = true;
    }
    const cc = cacheControlOf(tool.cache_control, `${at}.cache_control`, who);
    if (cc) out.cache_control = cc;
    return out;
  });
}

function translateToolChoice(body: ChatBody, toolNames: string[]): Json | undefined {
  const choice = body.tool_choice;
  const parallel = body.parallel_tool_calls;
  if (present(parallel) && typeof parallel !== 'boolean') throw invalidType('parallel_tool_calls', 'a boolean', parallel);
  let out: Json | undefined;
  if (typeof choice === 'string') {
    const type = TOOL_CHOICES[choice];
    if (!type) throw invalidValue('tool_choice', `expected none, auto, required or a named function, got ${JSON.stringify(choice)}.`);
    out = { type };
  } else if (present(choice)) {
    const named = record(choice, 'tool_choice');
    if (named.type !== 'function') throw invalidValue('tool_choice.type', `expected "function", got ${JSON.stringify(named.type)}.`);
    const name = string(record(named.function, 'tool_choice.function').name, 'tool_choice.function.name');
    if (!toolNames.includes(name)) throw invalidValue('tool_choice', `names the function "${name}", which is not among the declared tools.`);
    out = { type: 'tool', name };
  }
  if (toolNames.length === 0) {
    // Without tools, "none" and "auto" mean what Anthropic does anyway; a required call cannot be made.
    if (out && out.type !== 'none' && out.type !== 'auto') throw invalidValue('tool_choice', 'requires at least one tool in `tools`.');
    return undefined;
  }
  if (parallel === false && out?.type !== 'none') out = { ...(out ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return out;
}

function translateResponseFormat(value: unknown, who: ProviderLabel): Json | undefined {
  const format = record(value, 'response_format');
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') {
    requireCapability('json_mode', 'response_format', 'JSON mode (response_format json_object)', who);
    throw unsupported('response_format', `${who.label} has no schema-less JSON mode.`); // unreachable while the matrix says unsupported
  }
  if (format.type !== 'json_schema') throw invalidValue('response_format.type', `expected text, json_object or json_schema, got ${JSON.stringify(format.type)}.`);
  const spec = record(format.json_schema, 'response_format.json_schema');
  requireCapability('schema_mode', 'response_format', 'JSON schema output (response_format json_schema)', who);
  if (spec.strict === true) requireCapability('structured_output', 'response_format', 'strict JSON schema output (structured output)', who);
  if (!isRecord(spec.schema)) throw invalidValue('response_format.json_schema.schema', `${who.label} needs the JSON schema itself (output_config.format.schema).`);
  return { format: { type: 'json_schema', schema: spec.schema } };
}

function maxTokensOf(body: ChatBody, model: string): { value: number; param: string | undefined } {
  const legacy = present(body.max_tokens) ? integer(body.max_tokens, 'max_tokens', 1) : undefined;
  const current = present(body.max_completion_tokens) ? integer(body.max_completion_tokens, 'max_completion_tokens', 1) : undefined;
  if (legacy !== undefined && current !== undefined && legacy !== current) {
    throw invalidValue('max_tokens', `conflicts with max_completion_tokens (${legacy} vs ${current}); send one of them.`);
  }
  if (current !== undefined) return { value: current, param: 'max_completion_tokens' };
  if (legacy !== undefined) return { value: legacy, param: 'max_tokens' };
  return { value: defaultMaxTokens(model), param: undefined };
}

/** The Anthropic Messages body for an OpenAI chat body (no `model`: the transport adds it where it belongs). */
export function translateChatRequest(body: ChatBody, ctx: ChatContext, who: ProviderLabel): Json {
  checkParameters(body, who);
  if (present(body.stream) && typeof body.stream !== 'boolean') throw invalidType('stream', 'a boolean', body.stream);
  if (present(body.stream_options)) record(body.stream_options, 'stream_options');
  if (present(body.n)) {
    const n = integer(body.n, 'n', 1);
    if (n !== 1) throw unsupported('n', `${who.label} returns one choice per request; n=${n} cannot be honoured.`);
  }
  const { system, messages } = translateMessages(body.messages, who);
  const out: Json = {};
  const max = maxTokensOf(body, ctx.model);
  out.max_tokens = max.value;
  if (system.length > 0) out.system = system;
  out.messages = messages;

  const tools = present(body.tools) ? translateTools(body.tools, who) : [];
  if (tools.length > 0) out.tools = tools;
  const toolChoice = translateToolChoice(body, tools.map((t) => t.name as string));
  if (toolChoice) out.tool_choice = toolChoice;

  if (present(body.stop)) {
    const stop = typeof body.stop === 'string' ? [body.stop] : array(body.stop, 'stop').map((s, i) => string(s, `stop[${i}]`));
    // Anthropic refuses whitespace-only stop sequences; say so naming `stop`, not its own `stop_sequences`.
    if (stop.some((seq) => seq.trim() === '')) throw invalidValue('stop', `${who.label} needs every stop sequence to contain non-whitespace characters.`);
    if (stop.length > 0) out.stop_sequences = stop;
  }
  if (present(body.temperature)) out.temperature = number(body.temperature, 'temperature', 0, 1);
  if (present(body.top_p)) out.top_p = number(body.top_p, 'top_p', 0, 1);
  if (present(body.top_k)) out.top_k = integer(body.top_k, 'top_k', 1);

  if (present(body.reasoning_effort)) {
    const effort = string(body.reasoning_effort, 'reasoning_effort');
    const thinking = thinkingFor(effort);
    if (!thinking) throw invalidValue('reasoning_effort', `expected none, minimal, low, medium, high or xhigh, got ${JSON.stringify(effort)}.`);
    if (thinking.type === 'enabled') {
      requireCapability('reasoning', 'reasoning_effort', 'reasoning (extended thinking)', who);
      if (max.value <= thinking.budget_tokens) {
        const param = max.param ?? 'reasoning_effort';
        throw invalidValue(param, `reasoning_effort "${effort}" is a thinking budget of ${thinking.budget_tokens} tokens, which ${who.label} requires to be below max_tokens (${max.value}${max.param ? '' : ', the default for this model'}); raise max_completion_tokens or lower reasoning_effort.`);
      }
    }
    out.thinking = thinking;
  }
  if (present(body.response_format)) {
    const outputConfig = translateResponseFormat(body.response_format, who);
    if (outputConfig) out.output_config = outputConfig;
  }
  const user = present(body.user) ? string(body.user, 'user') : undefined;
  const safety = present(body.safety_identifier) ? string(body.safety_identifier, 'safety_identifier') : undefined;
  if (user !== undefined && safety !== undefined && user !== safety) throw invalidValue('user', `differs from safety_identifier; ${who.label} takes one user id (metadata.user_id).`);
  if (safety ?? user) out.metadata = { user_id: safety ?? user };
  if (present(body.service_tier)) {
    const tier = SERVICE_TIERS[string(body.service_tier, 'service_tier')];
    if (!tier) throw unsupported('service_tier', `${who.label} offers the service tiers auto and default (standard only), not ${JSON.stringify(body.service_tier)}.`);
    out.service_tier = tier;
  }
  if (ctx.stream) out.stream = true;
  return out;
}
