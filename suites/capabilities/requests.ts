/**
 * The chat requests the capability suite sends, one builder per matrix column: what a client sends to
 * use the capability (to see it work) or to ask for it where the matrix says it is not offered (to see
 * it refused). Small and valid, built from the account's model ids.
 */
import type { CapabilityColumn } from '../../spec/capabilities.ts';
import { plainChat, toolChat } from '../chat/requests.ts';

export { plainChat, toolChat, weatherTool } from '../chat/requests.ts';

type Body = Record<string, unknown>;

/**
 * The plain chat request without an output cap: probes that judge the answer's content leave the budget
 * to the provider, so a thinking model (Gemini 2.5 thinks by default) is not cut off before it answers.
 */
export function textChat(model: string, extra: Body = {}): Body {
  const { max_tokens: _cap, ...body } = plainChat(model, extra);
  return body;
}

/** The schema both schema columns ask for: every property required, nothing else allowed (strict-ready). */
export const CITY_SCHEMA = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    country: { type: 'string' },
    population: { type: 'integer' },
  },
  required: ['city', 'country', 'population'],
  additionalProperties: false,
} as const;

const CITY_QUESTION = 'Describe Paris as JSON with the keys "city", "country" and "population".';

/** JSON mode: response_format json_object; the prompt says "JSON", as OpenAI requires. */
export function jsonModeChat(model: string): Body {
  return {
    model,
    messages: [
      { role: 'system', content: 'You answer with one JSON object and nothing else.' },
      { role: 'user', content: CITY_QUESTION },
    ],
    response_format: { type: 'json_object' },
  };
}

/** Schema mode (strict false) or structured output (strict true): response_format json_schema. */
export function schemaChat(model: string, strict: boolean): Body {
  return {
    model,
    messages: [{ role: 'user', content: CITY_QUESTION }],
    response_format: { type: 'json_schema', json_schema: { name: 'city_info', description: 'A city and its country', schema: CITY_SCHEMA, strict } },
  };
}

/**
 * A system prompt of several thousand tokens under any tokenizer (the caching minimum is 1024 on most
 * providers, 2048–4096 on a few models), identical on every call so its prefix can be cached.
 */
export const LONG_SYSTEM_PROMPT = [
  'You are the help desk of a network of weather stations. Answer questions using the station rules below; be brief.',
  ...Array.from({ length: 160 }, (_, i) => {
    const n = i + 1;
    return `Rule ${n}: a traveller who asks about station ${n} is told that its weather report is published every ${(i % 5) + 1} hours, `
      + `that readings from station ${n} are kept for ${(i % 12) + 1} months, and that its nearest neighbour is station ${((i + 7) % 160) + 1}.`;
  }),
].join('\n');

/** Providers whose caching needs explicit breakpoints (`cache_control` on a content part). */
export function needsCacheBreakpoint(provider: string, model: string): boolean {
  return provider === 'anthropic' || provider === 'bedrock' || /claude/i.test(model);
}

/** The long prompt, its system part marked `cache_control: ephemeral` where the provider needs a breakpoint. */
export function cachingChat(model: string, breakpoint: boolean): Body {
  const system = breakpoint
    ? { role: 'system', content: [{ type: 'text', text: LONG_SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } }] }
    : { role: 'system', content: LONG_SYSTEM_PROMPT };
  return { model, messages: [system, { role: 'user', content: 'How often does station 42 publish its weather report? One sentence.' }], max_tokens: 64 };
}

/** A question worth thinking about, with reasoning_effort; no temperature (reasoning models refuse it). */
export function reasoningChat(model: string): Body {
  return {
    model,
    messages: [{ role: 'user', content: 'How many prime numbers lie between 10 and 30? Think it through, then answer with the number.' }],
    reasoning_effort: 'low',
    max_completion_tokens: 4096,
  };
}

/**
 * Where the matrix says a column is not offered: the request that asks for it, and the parameter(s) a
 * refusal must name (the first is the one the report quotes).
 */
export const REFUSAL_PROBES: Record<CapabilityColumn, { params: string[]; body: (chatModel: string) => Body }> = {
  stream: { params: ['stream'], body: (m) => plainChat(m, { stream: true }) },
  non_stream: { params: ['stream'], body: (m) => plainChat(m, { stream: false }) },
  tools: { params: ['tools', 'tool_choice'], body: (m) => toolChat(m) },
  json_mode: { params: ['response_format'], body: (m) => jsonModeChat(m) },
  schema_mode: { params: ['response_format'], body: (m) => schemaChat(m, false) },
  prompt_caching: { params: ['prompt_cache_key'], body: (m) => plainChat(m, { prompt_cache_key: 'touchstone-capability-probe' }) },
  reasoning: { params: ['reasoning_effort'], body: (m) => plainChat(m, { reasoning_effort: 'low' }) },
  structured_output: { params: ['response_format'], body: (m) => schemaChat(m, true) },
};
