/**
 * Cerebras (https://api.cerebras.ai/v1), from its own documentation and SDK:
 * - https://inference-docs.cerebras.ai/resources/openai — `frequency_penalty`, `logit_bias`, `presence_penalty`,
 *   `parallel_tool_calls` and `service_tier` "will result in a 400 error" (the page's unsupported-features
 *   list, as quoted e.g. by hexdocs.pm/req_llm/cerebras.html).
 * - https://inference-docs.cerebras.ai/support/error — 400/401/402/403/404/422/429/5xx.
 * - github.com/Cerebras/cerebras-cloud-sdk-node src/resources/chat/completions.ts — `message.reasoning` /
 *   `delta.reasoning`, `reasoning_effort` low|medium|high, `reasoning_format` parsed|raw|hidden|none,
 *   `disable_reasoning`, top-level `time_info`, `usage.prompt_tokens_details.cached_tokens`, temperature 0–1.5.
 * - Error bodies are flat `{"message","type","param","code"}` — no `error` envelope — which is why the openai
 *   SDK reports "400 status code (no body)" against Cerebras (github.com/QwenLM/qwen-code/issues/646).
 * - Stream chunk choices carry `finish_reason` only on the last chunk, which also carries `usage` and
 *   `time_info` when `stream_options.include_usage` is set (a recorded api.cerebras.ai stream).
 * Keys start with `csk-`.
 */
import type { Rng } from '../../determinism.ts';
import type { ModelRow, ProviderProfile } from '../profile.ts';
import { jsonError, malformedSentence } from '../errors.ts';
import { firstPresent, keyWithPrefix, seconds, uuid } from './shared.ts';

const DOCS = 'https://inference-docs.cerebras.ai/resources/openai';
const REJECTED = ['frequency_penalty', 'logit_bias', 'presence_penalty', 'parallel_tool_calls', 'service_tier'];

const models: ModelRow[] = [
  { id: 'llama3.1-8b', created: 1721692800, ownedBy: 'Meta', maxOutputTokens: 8192 },
  { id: 'llama-3.3-70b', created: 1733443200, ownedBy: 'Meta', maxOutputTokens: 65536 },
  { id: 'gpt-oss-120b', created: 1754438400, ownedBy: 'OpenAI', reasoning: { display: 'field', efforts: ['low', 'medium', 'high'] }, maxOutputTokens: 65536 },
  { id: 'qwen-3-32b', created: 1746057600, ownedBy: 'Qwen', reasoning: { display: 'think' }, maxOutputTokens: 40960 },
];

const flat = (status: number, message: string, type: string, param: string | null, code: string | null) =>
  jsonError(status, { message, type, param, code });

export const cerebras: ProviderProfile = {
  name: 'cerebras',
  baseURL: 'https://api.cerebras.ai/v1',
  docs: DOCS,
  acceptsKey: keyWithPrefix('csk-'),
  models,
  defaultModel: 'llama-3.3-70b',
  modelList: 'openai',
  extraParams: ['reasoning_format', 'disable_reasoning', 'clear_thinking', 'min_tokens', 'min_completion_tokens', 'prediction'],
  rejectParams(body, model) {
    const rejected = firstPresent(body, REJECTED);
    if (rejected) return flat(400, `Unsupported parameter: '${rejected}' is not supported by this API.`, 'invalid_request_error', rejected, 'wrong_api_format');
    if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 1.5)) {
      return flat(400, `temperature must be between 0 and 1.5, got ${body.temperature}`, 'invalid_request_error', 'temperature', 'wrong_api_format');
    }
    if (!model.reasoning && body.reasoning_effort !== undefined) {
      return flat(400, `Model ${model.id} does not support reasoning_effort.`, 'invalid_request_error', 'reasoning_effort', 'wrong_api_format');
    }
    return undefined;
  },
  reasoningDisplay(body, model) {
    if (body.reasoning_format === 'parsed' || body.reasoning_format === 'text_parsed') return 'field';
    if (body.reasoning_format === 'raw') return 'think';
    if (body.reasoning_format === 'hidden') return 'hidden';
    return model.reasoning!.display;
  },
  reasoningField: 'reasoning',
  streamUsage: { placement: 'finish', when: 'include_usage' },
  toolCallDeltas: 'whole',
  chunkNulls: false,
  maxN: 16,
  cache: { minTokens: 1024, block: 128, ttlMs: 5 * 60_000 },
  rateLimit: { status: 429, message: 'Requests per minute limit exceeded - too many requests sent.', type: 'too_many_requests_error', param: 'quota', code: 'request_quota_exceeded' },
  completionId: (rng) => `chatcmpl-${uuid(rng)}`,
  errors: {
    auth: () => flat(401, 'Wrong API Key', 'invalid_request_error', 'api_key', 'wrong_api_key'),
    malformed: (issue) => flat(400, malformedSentence(issue), 'invalid_request_error', issue.kind === 'json' ? null : issue.param, 'wrong_api_format'),
    invalid: (message, param) => flat(400, message, 'invalid_request_error', param, 'wrong_api_format'),
    modelNotFound: (model) => flat(404, `Model ${model} does not exist or you do not have access to it.`, 'not_found_error', 'model', 'model_not_found'),
    unknownParam: () => 'ignore',
    unsupported: ({ param }) => flat(400, `Unsupported parameter: '${param}' is not supported for this model.`, 'invalid_request_error', param, 'wrong_api_format'),
    notFound: (method, path) => flat(404, `Not Found: ${method} ${path}`, 'not_found_error', null, 'not_found'),
    render: (e) => JSON.stringify({ message: e.message, type: e.type, param: e.param, code: e.code }),
  },
  usage: (base, { cachedTokens, caching }) => ({
    ...base,
    ...(caching ? { prompt_tokens_details: { cached_tokens: cachedTokens } } : {}),
  }),
  decorateCompletion(body, ctx) {
    body.system_fingerprint = `fp_${ctx.rng('fingerprint').hex(20)}`;
    body.time_info = timeInfo(ctx);
  },
  decorateChunk(chunk, ctx) {
    chunk.system_fingerprint = `fp_${ctx.rng('fingerprint').hex(20)}`;
    if (chunk.usage) chunk.time_info = timeInfo(ctx);
  },
  headers: (rng) => ({
    'x-request-id': rng.hex(32),
    'x-ratelimit-limit-requests-day': '14400',
    'x-ratelimit-limit-tokens-minute': '60000',
    'x-ratelimit-remaining-requests-day': '14399',
    'x-ratelimit-remaining-tokens-minute': '59900',
  }),
};

function timeInfo(ctx: { rng: (label: string) => Rng; created: number }) {
  const rng = ctx.rng('time-info');
  const queue = seconds(rng, 0.0001, 0.01);
  const prompt = seconds(rng, 0.001, 0.02);
  const completion = seconds(rng, 0.005, 0.2);
  return { queue_time: queue, prompt_time: prompt, completion_time: completion, total_time: Math.round((queue + prompt + completion) * 1e9) / 1e9, created: ctx.created };
}
