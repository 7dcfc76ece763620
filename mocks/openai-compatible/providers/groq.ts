/**
 * Groq (https://api.groq.com/openai/v1), from its own documentation and SDK:
 * - https://console.groq.com/docs/openai — `logprobs`, `logit_bias`, `top_logprobs`, `messages[].name` and
 *   `n` ≠ 1 "will result in a 400 error".
 * - https://console.groq.com/docs/errors — `{"error":{"message","type"}}` bodies; 401 "Invalid API Key"
 *   (`invalid_api_key`); unknown properties answer "property 'x' is unsupported, did you mean 'y'?"
 *   (as users report it, e.g. github.com/vercel/ai/pull/1578, github.com/chatboxai/chatbox/issues/2081).
 * - https://console.groq.com/docs/reasoning — `reasoning_format` parsed | raw | hidden (`message.reasoning`
 *   or `<think>` in content), `include_reasoning`, raw + JSON mode/tools is a 400, default parsed then.
 * - https://console.groq.com/docs/prompt-caching — automatic, gpt-oss and Kimi K2 only, 2 h lifetime.
 * - github.com/groq/groq-typescript src/resources/chat/completions.ts — `x_groq.id` on the first chunk,
 *   `x_groq.usage` on the final chunk; usage carries queue/prompt/completion/total times.
 * Keys start with `gsk_`.
 */
import type { ModelRow, ProviderProfile, ReasoningDisplay } from '../profile.ts';
import { closestName, envelope } from '../errors.ts';
import { firstPresent, keyWithPrefix, seconds, uuid } from './shared.ts';

const DOCS = 'https://console.groq.com/docs/openai';

const listing = (ownedBy: string, window: number, maxOut: number) => ({ owned_by: ownedBy, active: true, context_window: window, public_apps: null, max_completion_tokens: maxOut });

const models: ModelRow[] = [
  { id: 'llama-3.3-70b-versatile', created: 1733447754, ownedBy: 'Meta', caching: false, maxOutputTokens: 32768, listing: listing('Meta', 131072, 32768) },
  { id: 'llama-3.1-8b-instant', created: 1693721698, ownedBy: 'Meta', caching: false, maxOutputTokens: 131072, listing: listing('Meta', 131072, 131072) },
  { id: 'openai/gpt-oss-120b', created: 1754408224, ownedBy: 'OpenAI', reasoning: { display: 'field', efforts: ['low', 'medium', 'high'] }, maxOutputTokens: 65536, listing: listing('OpenAI', 131072, 65536) },
  { id: 'openai/gpt-oss-20b', created: 1754407957, ownedBy: 'OpenAI', reasoning: { display: 'field', efforts: ['low', 'medium', 'high'] }, maxOutputTokens: 65536, listing: listing('OpenAI', 131072, 65536) },
  { id: 'qwen/qwen3-32b', created: 1748396646, ownedBy: 'Alibaba Cloud', reasoning: { display: 'think', efforts: ['none', 'default'] }, caching: false, maxOutputTokens: 40960, listing: listing('Alibaba Cloud', 131072, 40960) },
  { id: 'moonshotai/kimi-k2-instruct-0905', created: 1757046093, ownedBy: 'Moonshot AI', maxOutputTokens: 16384, listing: listing('Moonshot AI', 262144, 16384) },
];

const invalid = (message: string, code?: string) => envelope(400, { message, type: 'invalid_request_error', ...(code ? { code } : {}) });
const unsupportedProperty = (name: string, known: readonly string[] = []) => {
  const hint = closestName(name, known);
  return invalid(`property '${name}' is unsupported${hint ? `, did you mean '${hint}'?` : ''}`);
};

function wantsJsonOrTools(body: Record<string, unknown>): boolean {
  const format = body.response_format as { type?: unknown } | undefined;
  return (Array.isArray(body.tools) && body.tools.length > 0) || format?.type === 'json_object' || format?.type === 'json_schema';
}

function reasoningDisplay(body: Record<string, unknown>, model: ModelRow): ReasoningDisplay | ReturnType<typeof invalid> {
  const format = body.reasoning_format;
  if (format !== undefined && body.include_reasoning !== undefined) return invalid('`include_reasoning` and `reasoning_format` cannot be used together');
  if (format === 'raw' && wantsJsonOrTools(body)) return invalid('reasoning_format=raw is not supported with JSON mode or tool use; use parsed or hidden');
  if (format === 'parsed') return 'field';
  if (format === 'hidden' || body.include_reasoning === false) return 'hidden';
  if (format === 'raw') return 'think';
  if (format !== undefined && format !== null) return invalid("'reasoning_format' : value must be one of 'parsed', 'raw', 'hidden'");
  const display = model.reasoning!.display;
  return display === 'think' && wantsJsonOrTools(body) ? 'field' : display;
}

export const groq: ProviderProfile = {
  name: 'groq',
  baseURL: 'https://api.groq.com/openai/v1',
  docs: DOCS,
  acceptsKey: keyWithPrefix('gsk_'),
  models,
  defaultModel: 'llama-3.3-70b-versatile',
  modelList: 'openai',
  extraParams: ['reasoning_format', 'include_reasoning', 'metadata', 'store', 'functions', 'function_call', 'search_settings', 'disable_tool_validation', 'documents'],
  rejectParams(body, model) {
    const rejected = firstPresent(body, ['logit_bias', 'top_logprobs']) ?? (body.logprobs === true ? 'logprobs' : undefined);
    if (rejected) return unsupportedProperty(rejected);
    if (body.n !== undefined && body.n !== null && body.n !== 1) return invalid("'n' : number must be at most 1");
    const named = (body.messages as Record<string, unknown>[]).findIndex((m) => m.name !== undefined);
    if (named !== -1) {
      const role = String((body.messages as Record<string, unknown>[])[named]!.role);
      return invalid(`'messages.${named}' : for 'role:${role}' the following must be satisfied[('messages.${named}' : property 'name' is unsupported)]`);
    }
    if (!model.reasoning && (body.reasoning_format !== undefined || body.reasoning_effort !== undefined)) {
      return invalid(`\`${body.reasoning_format !== undefined ? 'reasoning_format' : 'reasoning_effort'}\` is not supported with this model`);
    }
    return undefined;
  },
  reasoningDisplay,
  reasoningField: 'reasoning',
  streamUsage: { placement: 'finish', when: 'include_usage' },
  toolCallDeltas: 'whole',
  maxN: 1,
  cache: { minTokens: 128, block: 128, ttlMs: 2 * 60 * 60_000 },
  rateLimit: {
    status: 429, type: 'requests', code: 'rate_limit_exceeded', param: null,
    message: 'Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01touchstonesimulator0000` service tier `on_demand` on requests per minute (RPM): Limit 30, Used 30, Requested 1. Please try again in 2s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing',
  },
  completionId: (rng) => `chatcmpl-${uuid(rng)}`,
  errors: {
    auth: () => envelope(401, { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' }),
    malformed: (issue) => issue.kind === 'json'
      ? invalid('We could not parse the JSON body of your request. The Groq API expects a JSON payload.')
      : issue.kind === 'missing'
        ? invalid(`property '${issue.param}' is missing`)
        : invalid(`'${issue.param}' : value must be ${issue.expected === 'object' ? 'an object' : issue.expected === 'non-empty array' ? 'an array with at least 1 item' : `a${issue.expected === 'array' ? 'n' : ''} ${issue.expected}`}`),
    invalid: (message) => invalid(message),
    modelNotFound: (model) => envelope(404, { message: `The model \`${model}\` does not exist or you do not have access to it.`, type: 'invalid_request_error', code: 'model_not_found' }),
    unknownParam: (name, known) => unsupportedProperty(name, known),
    unsupported: ({ param, value }) => param === 'response_format'
      ? invalid(`This model does not support response format \`${String(value)}\`. See supported models at https://console.groq.com/docs/structured-outputs#supported-models`)
      : unsupportedProperty(param),
    notFound: (method, path) => envelope(404, { message: `Unknown request URL: ${method} ${path}. Please check the URL for typos, or see the docs at https://console.groq.com/docs/`, type: 'invalid_request_error', code: 'unknown_url' }),
    render: (e) => JSON.stringify({ error: { message: e.message, type: e.type, ...(e.code ? { code: e.code } : {}) } }),
  },
  usage(base, { cachedTokens, caching, reasoningTokens, rng }) {
    const queue = seconds(rng, 0.01, 0.2);
    const prompt = seconds(rng, 0.001, 0.05);
    const completion = seconds(rng, 0.01, 0.5);
    return {
      queue_time: queue, prompt_tokens: base.prompt_tokens, prompt_time: prompt,
      completion_tokens: base.completion_tokens, completion_time: completion,
      total_tokens: base.total_tokens, total_time: Math.round((prompt + completion) * 1e9) / 1e9,
      ...(caching ? { prompt_tokens_details: { cached_tokens: cachedTokens } } : {}),
      ...(reasoningTokens ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
    };
  },
  decorateCompletion(body, ctx) {
    body.system_fingerprint = `fp_${ctx.rng('fingerprint').hex(10)}`;
    body.x_groq = { id: `req_${ctx.rng('groq-request').chars(26, '0123456789abcdefghjkmnpqrstvwxyz')}` };
    body.service_tier = 'on_demand';
  },
  decorateChunk(chunk, ctx) {
    chunk.system_fingerprint = `fp_${ctx.rng('fingerprint').hex(10)}`;
    const id = `req_${ctx.rng('groq-request').chars(26, '0123456789abcdefghjkmnpqrstvwxyz')}`;
    if (ctx.position === 'first') chunk.x_groq = { id };
    if (ctx.position === 'finish') chunk.x_groq = { id, usage: ctx.usage };
  },
  headers: (rng) => ({
    'x-request-id': `req_${rng.chars(26, '0123456789abcdefghjkmnpqrstvwxyz')}`,
    'x-groq-region': 'us-west-1',
    'x-ratelimit-limit-requests': '1000',
    'x-ratelimit-limit-tokens': '12000',
    'x-ratelimit-remaining-requests': '999',
    'x-ratelimit-remaining-tokens': '11900',
    'x-ratelimit-reset-requests': '1m26.4s',
    'x-ratelimit-reset-tokens': '500ms',
  }),
};
