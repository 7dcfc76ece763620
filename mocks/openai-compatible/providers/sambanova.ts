/**
 * SambaNova Cloud (https://api.sambanova.ai/v1), from its own documentation:
 * - https://docs.sambanova.ai/docs/en/features/openai-compatibility — `presence_penalty`, `frequency_penalty`
 *   and `logit_bias` "are not yet supported and will be ignored"; `n` 1–8, and `n` > 1 with tools is a 400.
 *   Unsupported features being ignored is also how this simulator treats a matrix-unsupported feature.
 * - https://docs.sambanova.ai/cloud/api-reference/using-the-api/api-error-codes — `{"error":{"message","type",
 *   "param","code"}}`; 400 codes `decimal_above_max_value` ("Decimal above maximum value. Expected a value
 *   between 0 and 1, but got 100 instead."), `invalid_type`, `context_length_exceeded`, `model_not_found`
 *   (a 400, not a 404); 401 `invalid_authentication`; 408, 410, 429, 5xx.
 * - https://docs.sambanova.ai/cloud/api-reference/endpoints/chat — `stream_options.include_usage`, `top_k`.
 * - https://docs.sambanova.ai/docs/en/build/reasoning — DeepSeek-R1 shows its thinking in `<think>` tags.
 * Usage carries SambaNova's throughput metrics (time_to_first_token, total_latency, tokens per second).
 * Any non-empty key.
 */
import type { ModelRow, ProviderProfile } from '../profile.ts';
import { envelope, malformedSentence } from '../errors.ts';
import { keyWithPrefix, seconds, uuid } from './shared.ts';

const DOCS = 'https://docs.sambanova.ai/docs/en/features/openai-compatibility';

const listing = (context: number, maxOut: number) => ({ context_length: context, max_completion_tokens: maxOut });
const models: ModelRow[] = [
  { id: 'Meta-Llama-3.3-70B-Instruct', created: 1733443200, ownedBy: 'sambanova', maxOutputTokens: 32768, listing: listing(131072, 32768) },
  { id: 'Meta-Llama-3.1-8B-Instruct', created: 1721692800, ownedBy: 'sambanova', maxOutputTokens: 16384, listing: listing(16384, 16384) },
  { id: 'DeepSeek-R1-0528', created: 1748390400, ownedBy: 'sambanova', reasoning: { display: 'think' }, maxOutputTokens: 32768, listing: listing(131072, 32768) },
  { id: 'DeepSeek-V3-0324', created: 1742774400, ownedBy: 'sambanova', maxOutputTokens: 32768, listing: listing(131072, 32768) },
];

const error = (status: number, message: string, param: string | null, code: string | null, type = 'invalid_request_error') =>
  envelope(status, { message, type, param, code });

const RANGES: Record<string, [number, number]> = { temperature: [0, 2], top_p: [0, 1] };

export const sambanova: ProviderProfile = {
  name: 'sambanova',
  baseURL: 'https://api.sambanova.ai/v1',
  docs: DOCS,
  acceptsKey: keyWithPrefix(),
  models,
  defaultModel: 'Meta-Llama-3.3-70B-Instruct',
  modelList: 'openai',
  extraParams: ['top_k', 'repetition_penalty', 'chat_template_kwargs', 'do_sample'],
  ignoredParams: ['presence_penalty', 'frequency_penalty', 'logit_bias'],
  rejectParams(body) {
    for (const [param, [min, max]] of Object.entries(RANGES)) {
      const value = body[param];
      if (typeof value !== 'number') continue;
      if (value > max) return error(400, `Decimal above maximum value. Expected a value between ${min} and ${max}, but got ${value} instead.`, param, 'decimal_above_max_value');
      if (value < min) return error(400, `Decimal below minimum value. Expected a value between ${min} and ${max}, but got ${value} instead.`, param, 'decimal_below_min_value');
    }
    if (typeof body.n === 'number' && body.n > 8) return error(400, `Integer above maximum value. Expected a value between 1 and 8, but got ${body.n} instead.`, 'n', 'integer_above_max_value');
    if (typeof body.n === 'number' && body.n > 1 && Array.isArray(body.tools) && body.tools.length) {
      return error(400, 'n greater than 1 is not supported when using function calling or tools.', 'n', null);
    }
    return undefined;
  },
  reasoningField: 'reasoning',
  streamUsage: { placement: 'separate', when: 'include_usage' },
  toolCallDeltas: 'incremental',
  maxN: 8,
  cache: { minTokens: 1024, block: 128, ttlMs: 5 * 60_000 },
  rateLimit: { status: 429, message: 'Rate limit exceeded', type: 'rate_limit_exceeded', param: null, code: 'rate_limit_exceeded' },
  completionId: (rng) => uuid(rng).replace(/-/g, ''),
  errors: {
    auth: () => error(401, 'Invalid API key provided. Generate a valid API key from the SambaNova Cloud portal.', null, 'invalid_authentication'),
    malformed: (issue) => error(400, malformedSentence(issue), issue.kind === 'json' ? null : issue.param, issue.kind === 'type' ? 'invalid_type' : null),
    invalid: (message, param) => error(400, message, param, null),
    modelNotFound: (model) => error(400, `Model not found: '${model}'. Refer to the supported models list.`, 'model', 'model_not_found'),
    unknownParam: () => 'ignore',
    unsupported: () => 'ignore',
    notFound: (method, path) => error(404, `Not Found: ${method} ${path}`, null, null),
    render: (e) => JSON.stringify({ error: { message: e.message, type: e.type, param: e.param, code: e.code } }),
  },
  usage(base, { cachedTokens, caching, rng }) {
    const ttft = seconds(rng, 0.05, 0.4);
    const latency = ttft + seconds(rng, 0.05, 1.5);
    const start = 1735689600 + rng.next();
    const perSec = (tokens: number, s: number) => Math.round((tokens / s) * 1e6) / 1e6;
    return {
      acceptance_rate: Math.round((1 + rng.next() * 4) * 1e6) / 1e6,
      completion_tokens: base.completion_tokens,
      completion_tokens_after_first_per_sec: perSec(Math.max(0, base.completion_tokens - 1), Math.max(1e-3, latency - ttft)),
      completion_tokens_per_sec: perSec(base.completion_tokens, latency),
      end_time: Math.round((start + latency) * 1e6) / 1e6,
      is_last_response: true,
      prompt_tokens: base.prompt_tokens,
      ...(caching ? { prompt_tokens_details: { cached_tokens: cachedTokens } } : {}),
      start_time: Math.round(start * 1e6) / 1e6,
      time_to_first_token: ttft,
      total_latency: Math.round(latency * 1e9) / 1e9,
      total_tokens: base.total_tokens,
      total_tokens_per_sec: perSec(base.total_tokens, latency),
    };
  },
  decorateCompletion(body, ctx) { body.system_fingerprint = `fastcoe-${ctx.rng('fingerprint').hex(8)}`; },
  decorateChunk(chunk, ctx) { chunk.system_fingerprint = `fastcoe-${ctx.rng('fingerprint').hex(8)}`; },
  headers: (rng) => ({
    'x-request-id': uuid(rng),
    'x-ratelimit-limit-requests': '20',
    'x-ratelimit-remaining-requests': '19',
    'x-ratelimit-reset-requests': '60',
  }),
};
