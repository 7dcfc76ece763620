/**
 * What happens to each top-level OpenAI chat parameter on the way to Cohere, as one table: mapped by
 * request.ts, consumed by the gateway, accepted only with values that need no mapping, or refused with
 * a 400 naming the parameter. Anything not in the table is an unknown parameter (400). Capabilities the
 * matrix (spec/capabilities.yaml) says Cohere does not offer are refused by `requireCapability`.
 */
import { capability, type CapabilityColumn } from '../../../spec/capabilities.ts';
import { BadRequestError } from '../../errors.ts';
import type { ChatBody } from '../types.ts';

type ParameterRule =
  /** Translated by request.ts (which may still refuse particular values). */
  | { kind: 'mapped' }
  /** Read by the gateway itself (routing, stream framing); nothing to send upstream. */
  | { kind: 'gateway' }
  /** Accepted only with values that ask for nothing Cohere would have to do; otherwise refused. */
  | { kind: 'only'; accepts: (value: unknown) => boolean; why: string }
  /** Accepted and not forwarded: it does not change the answer and Cohere has no counterpart. */
  | { kind: 'no_effect'; why: string }
  /** Cohere offers no counterpart: any non-null value is refused. */
  | { kind: 'refused'; why: string; capability?: CapabilityColumn };

const isEmptyObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0;

export const REQUEST_PARAMETERS: Record<string, ParameterRule> = {
  model: { kind: 'gateway' },
  stream_options: { kind: 'gateway' },
  messages: { kind: 'mapped' },
  stream: { kind: 'mapped' },
  tools: { kind: 'mapped' },
  tool_choice: { kind: 'mapped' },
  response_format: { kind: 'mapped' },
  stop: { kind: 'mapped' },
  max_tokens: { kind: 'mapped' },
  max_completion_tokens: { kind: 'mapped' },
  temperature: { kind: 'mapped' },
  top_p: { kind: 'mapped' },
  top_k: { kind: 'mapped' },
  presence_penalty: { kind: 'mapped' },
  frequency_penalty: { kind: 'mapped' },
  seed: { kind: 'mapped' },
  reasoning_effort: { kind: 'mapped' },
  parallel_tool_calls: { kind: 'only', accepts: (v) => v === true, why: 'Cohere may always answer with parallel tool calls and has no switch to turn them off' },
  n: { kind: 'only', accepts: (v) => v === 1, why: 'Cohere chat returns exactly one choice per request' },
  logit_bias: { kind: 'only', accepts: isEmptyObject, why: 'Cohere chat has no logit bias' },
  logprobs: { kind: 'only', accepts: (v) => v === false, why: "Cohere's logprobs (token ids per text span, no alternatives) cannot fill OpenAI's logprobs" },
  top_logprobs: { kind: 'only', accepts: (v) => v === 0, why: 'Cohere returns no alternative tokens' },
  store: { kind: 'only', accepts: (v) => v === false, why: 'Cohere does not store completions' },
  service_tier: { kind: 'only', accepts: (v) => v === 'auto' || v === 'default', why: 'Cohere has no service tiers' },
  modalities: { kind: 'only', accepts: (v) => Array.isArray(v) && v.every((m) => m === 'text'), why: 'Cohere chat answers with text only' },
  user: { kind: 'no_effect', why: "an end-user id for OpenAI's abuse monitoring; Cohere chat has no such field" },
  safety_identifier: { kind: 'no_effect', why: "an end-user id for OpenAI's abuse monitoring; Cohere chat has no such field" },
  metadata: { kind: 'no_effect', why: 'tags for stored completions; nothing is stored upstream' },
  verbosity: { kind: 'refused', why: 'Cohere has no verbosity control' },
  audio: { kind: 'refused', why: 'Cohere chat has no audio output' },
  prediction: { kind: 'refused', why: 'Cohere has no predicted outputs' },
  web_search_options: { kind: 'refused', why: 'Cohere chat has no built-in web search' },
  prompt_cache_key: { kind: 'refused', why: 'no prompt cache to key', capability: 'prompt_caching' },
  prompt_cache_retention: { kind: 'refused', why: 'no prompt cache to retain', capability: 'prompt_caching' },
  functions: { kind: 'refused', why: 'deprecated by OpenAI; send `tools` instead' },
  function_call: { kind: 'refused', why: 'deprecated by OpenAI; send `tool_choice` instead' },
};

/** Seed 001's names of the capability columns, for messages people read. */
const CAPABILITY_LABELS: Record<CapabilityColumn, string> = {
  stream: 'streaming', non_stream: 'non-streamed answers', tools: 'tool calling', json_mode: 'JSON mode',
  schema_mode: 'JSON schema output', prompt_caching: 'prompt caching', reasoning: 'reasoning', structured_output: 'structured output (strict schemas)',
};

/**
 * Refuse `param` unless the matrix says the gateway passes `column` through for Cohere. An
 * `unsupported` cell means Cohere does not offer it; `provider-only` means this gateway cannot pass it.
 */
export function requireCapability(column: CapabilityColumn, param: string): void {
  const { state } = capability('cohere', column);
  if (state === 'supported') return;
  const why = state === 'unsupported' ? 'Cohere does not offer' : 'this gateway does not pass through Cohere\'s';
  throw new BadRequestError('unsupported_parameter', `Unsupported parameter '${param}': ${why} ${CAPABILITY_LABELS[column]} (capability "${column}" is ${state} for provider cohere).`, param);
}

/** Check every top-level parameter against the table; throws a 400 naming the first refused one. */
export function checkRequestParameters(body: ChatBody): void {
  for (const [name, value] of Object.entries(body)) {
    const rule = Object.hasOwn(REQUEST_PARAMETERS, name) ? REQUEST_PARAMETERS[name] : undefined;
    if (!rule) throw new BadRequestError('unknown_parameter', `Unrecognized request argument supplied: '${name}' (not an OpenAI chat parameter the gateway can map to Cohere).`, name);
    if (value === null || value === undefined) continue;
    if (rule.kind === 'refused') {
      if (rule.capability) requireCapability(rule.capability, name);
      throw new BadRequestError('unsupported_parameter', `Unsupported parameter '${name}' for provider cohere: ${rule.why}.`, name);
    }
    if (rule.kind === 'only' && !rule.accepts(value)) {
      throw new BadRequestError('unsupported_value', `Unsupported value for '${name}' with provider cohere: ${JSON.stringify(value)} (${rule.why}).`, name);
    }
  }
}
