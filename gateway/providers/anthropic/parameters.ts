/**
 * What becomes of every top-level OpenAI chat parameter on Anthropic, as one table: mapped onto a
 * Messages field (request.ts does it), handled by the gateway itself, or not offered by Anthropic — in
 * which case any value other than OpenAI's own default is refused with a 400 naming the parameter.
 * A parameter in no row is unknown and refused the same way. Nothing is dropped silently.
 */
import { unsupported, isRecord, type ProviderLabel } from './checks.ts';
import { BadRequestError } from '../../errors.ts';

/** Parameters request.ts maps onto the Anthropic body (or consumes, like `model` and `stream_options`). */
export const MAPPED_PARAMETERS: readonly string[] = [
  'model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'stop', 'temperature', 'top_p',
  'top_k', 'n', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'reasoning_effort', 'user',
  'safety_identifier', 'service_tier',
];

interface NotOffered {
  /** The value that means "feature off" in OpenAI's contract (accepted, nothing to forward). */
  isDefault(value: unknown): boolean;
  why: string;
}

const never = () => false;

/** OpenAI parameters Anthropic's Messages API has no counterpart for. */
export const NOT_OFFERED: Readonly<Record<string, NotOffered>> = {
  presence_penalty: { isDefault: (v) => v === 0, why: 'has no presence penalty' },
  frequency_penalty: { isDefault: (v) => v === 0, why: 'has no frequency penalty' },
  logit_bias: { isDefault: (v) => isRecord(v) && Object.keys(v).length === 0, why: 'has no logit bias' },
  logprobs: { isDefault: (v) => v === false, why: 'returns no log probabilities' },
  top_logprobs: { isDefault: (v) => v === 0, why: 'returns no log probabilities' },
  seed: { isDefault: never, why: 'has no sampling seed' },
  verbosity: { isDefault: never, why: 'has no verbosity control' },
  prompt_cache_key: { isDefault: never, why: 'caches by prompt prefix with cache_control breakpoints, not by key' },
  prompt_cache_retention: { isDefault: never, why: 'sets cache lifetime per breakpoint (cache_control.ttl), not per request' },
  store: { isDefault: (v) => v === false, why: 'does not store completions' },
  metadata: { isDefault: (v) => isRecord(v) && Object.keys(v).length === 0, why: 'takes no request metadata besides the user id (use `user`)' },
  modalities: { isDefault: (v) => Array.isArray(v) && v.length === 1 && v[0] === 'text', why: 'answers with text only' },
  audio: { isDefault: never, why: 'has no audio output' },
  prediction: { isDefault: never, why: 'has no predicted outputs' },
  web_search_options: { isDefault: never, why: 'offers web search as a server tool this gateway does not translate' },
};

/** Refuse unknown parameters and non-default values of parameters Anthropic does not offer. */
export function checkParameters(body: Record<string, unknown>, who: ProviderLabel): void {
  for (const [name, value] of Object.entries(body)) {
    if (MAPPED_PARAMETERS.includes(name)) continue;
    const rule = NOT_OFFERED[name];
    if (!rule) {
      throw new BadRequestError('unknown_parameter', `Unrecognized request argument supplied: '${name}' (not an OpenAI chat parameter this gateway maps to ${who.label}).`, name);
    }
    if (value === null || value === undefined || rule.isDefault(value)) continue;
    throw unsupported(name, `${who.label} ${rule.why}; '${name}' cannot be honoured, so the request is refused rather than sent without it.`);
  }
}
