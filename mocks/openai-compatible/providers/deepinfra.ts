/**
 * DeepInfra (https://api.deepinfra.com/v1/openai), from its own documentation:
 * - https://docs.deepinfra.com/chat/overview — supported parameters (incl. `service_tier`, `reasoning_effort`),
 *   "We may not be 100% compatible with all OpenAI parameters": unknown or unsupported ones are ignored here.
 * - https://docs.deepinfra.com/api-reference/openai-chat-completions-1 — extra parameters `top_k`, `min_p`,
 *   `repetition_penalty`, `reasoning {effort, enabled}`, `prompt_cache_key`, `chat_template_kwargs`,
 *   `stream_options.continuous_usage_stats`; request validation fails with FastAPI's 422 `{"detail":[...]}`.
 * - https://docs.deepinfra.com/chat/streaming — "The final chunk before [DONE] contains usage information"
 *   (always, on the chunk with finish_reason).
 * - https://docs.deepinfra.com/chat/reasoning — `reasoning_effort` none|low|medium|high ("none" disables it) on
 *   DeepSeek-R1; the thinking is returned as `reasoning_content` (message and delta).
 * - 401 `{"error":{"message":"Not authenticated","type":"invalid_request_error","param":null,"code":null}}`
 *   (github.com/xtekky/gpt4free/issues/3446). Usage carries `estimated_cost`; cached prompt tokens in
 *   `usage.prompt_tokens_details.cached_tokens`.
 * Any non-empty key.
 */
import type { ModelRow, ProviderProfile } from '../profile.ts';
import { envelope, jsonError, pydantic, pydanticFormatLiteral, pydanticItem } from '../errors.ts';
import { keyWithPrefix } from './shared.ts';

const DOCS = 'https://docs.deepinfra.com/chat/overview';

const listing = (root: string) => ({ root, parent: null });
const models: ModelRow[] = [
  { id: 'meta-llama/Meta-Llama-3.1-8B-Instruct', created: 1721692800, ownedBy: 'deepinfra', listing: listing('meta-llama/Meta-Llama-3.1-8B-Instruct') },
  { id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', created: 1733443200, ownedBy: 'deepinfra', listing: listing('meta-llama/Llama-3.3-70B-Instruct-Turbo') },
  { id: 'deepseek-ai/DeepSeek-V3', created: 1735084800, ownedBy: 'deepinfra', listing: listing('deepseek-ai/DeepSeek-V3') },
  { id: 'deepseek-ai/DeepSeek-R1', created: 1737331200, ownedBy: 'deepinfra', reasoning: { display: 'field', efforts: ['none', 'low', 'medium', 'high'] }, listing: listing('deepseek-ai/DeepSeek-R1') },
];

/** Price per million tokens used for `estimated_cost` (input, output). */
const PRICE: Record<string, [number, number]> = {
  'meta-llama/Meta-Llama-3.1-8B-Instruct': [0.03, 0.05],
  'meta-llama/Llama-3.3-70B-Instruct-Turbo': [0.13, 0.39],
  'deepseek-ai/DeepSeek-V3': [0.38, 0.89],
  'deepseek-ai/DeepSeek-R1': [0.7, 2.4],
};

export const deepinfra: ProviderProfile = {
  name: 'deepinfra',
  baseURL: 'https://api.deepinfra.com/v1/openai',
  docs: DOCS,
  acceptsKey: keyWithPrefix(),
  models,
  defaultModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  modelList: 'openai',
  extraParams: ['top_k', 'min_p', 'repetition_penalty', 'reasoning', 'prompt_cache_key', 'chat_template_kwargs'],
  reasoningField: 'reasoning_content',
  streamUsage: { placement: 'finish', when: 'always' },
  toolCallDeltas: 'incremental',
  maxN: 16,
  cache: { minTokens: 1024, block: 128, ttlMs: 5 * 60_000 },
  rateLimit: { status: 429, message: 'Rate limit exceeded. Please retry after a short while.', type: 'rate_limit_error', param: null, code: null },
  completionId: (rng) => `chatcmpl-${rng.chars(22)}`,
  errors: {
    auth: () => envelope(401, { message: 'Not authenticated', type: 'invalid_request_error', param: null, code: null }),
    malformed: (issue) => pydantic([pydanticItem(issue)]),
    invalid: (message, param) => pydantic([{ type: 'value_error', loc: ['body', ...(param ? param.split('.') : [])], msg: `Value error, ${message}`, input: null }]),
    modelNotFound: (model) => envelope(404, { message: `The model \`${model}\` does not exist`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' }),
    unknownParam: () => 'ignore',
    // FastAPI: a response_format type outside the literal set is a 422, other unknown inputs are dropped.
    unsupported: ({ param, value }) => (param === 'response_format' && value !== 'strict' ? pydanticFormatLiteral(value) : 'ignore'),
    notFound: () => jsonError(404, { detail: 'Not Found' }),
    render: (e) => JSON.stringify({ error: { message: e.message, type: e.type, param: e.param, code: e.code } }),
  },
  usage(base, { cachedTokens, caching, model }) {
    const [input, output] = PRICE[model.id] ?? [0.1, 0.3];
    const cost = (base.prompt_tokens * input + base.completion_tokens * output) / 1e6;
    return {
      prompt_tokens: base.prompt_tokens,
      total_tokens: base.total_tokens,
      completion_tokens: base.completion_tokens,
      estimated_cost: Number(cost.toPrecision(6)),
      ...(caching ? { prompt_tokens_details: { cached_tokens: cachedTokens } } : {}),
    };
  },
  headers: (rng) => ({ 'x-request-id': rng.hex(32) }),
};
