/**
 * Together AI (https://api.together.xyz/v1), from its own documentation and SDK:
 * - https://docs.together.ai/docs/inference/chat/reasoning — reasoning models return a separate `reasoning`
 *   field beside `content` (message and stream delta); `reasoning_effort` low|medium|high on gpt-oss;
 *   hybrids take `reasoning: {"enabled": bool}`.
 * - github.com/togethercomputer/together-typescript src/resources/chat/completions.ts — extra parameters
 *   (`top_k`, `repetition_penalty`, `min_p`, `echo`, `safety_model`, `context_length_exceeded_behavior`),
 *   `response_format: {type, schema}`, chunk choices with `text`/`seed` and `delta.token_id`, usage with
 *   prompt/completion/total tokens only.
 * - https://docs.together.ai/reference/models-1 — GET /models answers a bare JSON array of model objects
 *   (so the openai SDK's `models.list()` sees an empty page).
 * - 401 body `{"error":{"message":"Invalid API key provided. You can find your API key at
 *   https://api.together.xyz/settings/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`
 *   (github.com/harshitv804/LawGPT/issues/4).
 * - Streams carry `usage` on the final chunk (the one with finish_reason) without being asked.
 * Any non-empty key.
 */
import type { ModelRow, ProviderProfile } from '../profile.ts';
import { envelope, malformedSentence } from '../errors.ts';
import { keyWithPrefix } from './shared.ts';

const DOCS = 'https://docs.together.ai/docs/inference/chat/reasoning';

const listing = (display: string, organization: string, context: number) => ({ type: 'chat', display_name: display, organization, context_length: context });
const models: ModelRow[] = [
  { id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', created: 1733443200, ownedBy: 'Meta', listing: listing('Meta Llama 3.3 70B Instruct Turbo', 'Meta', 131072) },
  { id: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', created: 1721692800, ownedBy: 'Meta', listing: listing('Meta Llama 3.1 8B Instruct Turbo', 'Meta', 131072) },
  { id: 'Qwen/Qwen2.5-72B-Instruct-Turbo', created: 1726617600, ownedBy: 'Qwen', listing: listing('Qwen2.5 72B Instruct Turbo', 'Qwen', 32768) },
  { id: 'deepseek-ai/DeepSeek-R1', created: 1737331200, ownedBy: 'DeepSeek', reasoning: { display: 'field' }, listing: listing('DeepSeek R1', 'DeepSeek', 163840) },
  { id: 'openai/gpt-oss-120b', created: 1754438400, ownedBy: 'OpenAI', reasoning: { display: 'field', efforts: ['low', 'medium', 'high'] }, listing: listing('OpenAI GPT-OSS 120B', 'OpenAI', 131072) },
];

const error = (status: number, message: string, param: string | null, code: string | null) =>
  envelope(status, { message, type: 'invalid_request_error', param, code });

export const together: ProviderProfile = {
  name: 'together',
  baseURL: 'https://api.together.xyz/v1',
  docs: DOCS,
  acceptsKey: keyWithPrefix(),
  models,
  defaultModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  modelList: 'array',
  extraParams: ['top_k', 'repetition_penalty', 'min_p', 'echo', 'safety_model', 'context_length_exceeded_behavior', 'reasoning', 'function_call', 'functions'],
  reasoningField: 'reasoning',
  streamUsage: { placement: 'finish', when: 'always' },
  toolCallDeltas: 'incremental',
  maxN: 16,
  cache: { minTokens: 1024, block: 128, ttlMs: 5 * 60_000 },
  rateLimit: {
    status: 429, type: 'model_rate_limit', param: null, code: null,
    message: 'You have been rate limited. Your rate limit is 600 queries per minute. Please navigate to https://api.together.xyz/settings/billing to upgrade your limits.',
  },
  completionId: (rng) => `${rng.chars(7)}-${rng.chars(6)}-${rng.hex(16)}`,
  errors: {
    auth: () => error(401, 'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys.', null, 'invalid_api_key'),
    malformed: (issue) => error(400, malformedSentence(issue), issue.kind === 'json' ? null : issue.param, null),
    invalid: (message, param) => error(400, message, param, null),
    modelNotFound: (model) => error(404, `Unable to access model ${model}. Please visit https://api.together.ai/models to view the list of supported models.`, null, 'model_not_available'),
    unknownParam: () => 'ignore',
    unsupported: ({ param }) => error(400, `The parameter '${param}' is not supported for this model.`, param, null),
    notFound: (method, path) => error(404, `Unknown request URL: ${method} ${path}.`, null, 'not_found'),
    render: (e) => JSON.stringify({ error: { message: e.message, type: e.type, param: e.param, code: e.code } }),
  },
  // Together documents no cache-usage field; when the matrix says it caches, the OpenAI-convention place is used.
  usage: (base, { caching, cachedTokens }) => ({ ...base, ...(caching ? { prompt_tokens_details: { cached_tokens: cachedTokens } } : {}) }),
  decorateCompletion(body, ctx) {
    for (const choice of body.choices as Record<string, unknown>[]) choice.seed = ctx.rng(`seed-${String(choice.index)}`).int(1, 2 ** 53 - 1);
    body.prompt = [];
  },
  decorateChunk(chunk, ctx) {
    for (const choice of chunk.choices as Record<string, unknown>[]) {
      const delta = choice.delta as Record<string, unknown>;
      delta.role = 'assistant';
      if (typeof delta.content === 'string' && delta.content) delta.token_id = ctx.rng(`token-${delta.content}`).int(100, 128000);
      choice.text = typeof delta.content === 'string' ? delta.content : '';
      choice.seed = choice.finish_reason ? ctx.rng(`seed-${String(choice.index)}`).int(1, 2 ** 53 - 1) : null;
    }
  },
  headers: (rng) => ({ 'x-request-id': rng.hex(16), 'x-ratelimit-limit': '600', 'x-ratelimit-remaining': '599', 'x-ratelimit-reset': '1' }),
};
