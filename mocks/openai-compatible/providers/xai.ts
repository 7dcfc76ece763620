/**
 * xAI (https://api.x.ai/v1), from its own documentation:
 * - https://docs.x.ai/docs/key-information/debugging — 400 for an invalid argument *and for an incorrect API
 *   key*, 401 only when no/invalid authorization header, 403, 404 (model or URL), 405, 415, 422 (a body field
 *   in the wrong format), 429.
 * - https://docs.x.ai/docs/guides/reasoning — `presencePenalty`, `frequencyPenalty` and `stop` on a reasoning
 *   model are errors; only grok-3-mini returns `message.reasoning_content` and takes `reasoning_effort`
 *   (low|high); `reasoning_effort` on grok-3 / grok-4 is an error; usage exposes `reasoning_tokens`.
 * - https://docs.x.ai/docs/guides/function-calling — in a stream, a function call arrives whole in one chunk.
 * - https://docs.x.ai/docs/guides/prompt-caching — automatic; `usage.prompt_tokens_details.cached_tokens`.
 * - Error body `{"code":"<gRPC status text>","error":"<message>"}`, e.g. `{"code":"Client specified an invalid
 *   argument","error":"Incorrect API key provided: ba***na. You can obtain an API key from https://console.x.ai."}`
 *   (github.com/i-am-bee/beeai-framework/issues/447, github.com/continuedev/continue/issues/10778).
 * - Streams with `include_usage`: usage on the finish chunk, then an empty-choices chunk
 *   (github.com/BerriAI/litellm/issues/17136).
 * Keys start with `xai-`.
 */
import type { ModelRow, ProviderProfile } from '../profile.ts';
import { jsonError, maskShort } from '../errors.ts';
import { keyWithPrefix, uuid } from './shared.ts';

const DOCS = 'https://docs.x.ai/docs/guides/reasoning';

const models: ModelRow[] = [
  { id: 'grok-4', created: 1752019200, ownedBy: 'xai', reasoning: { display: 'hidden' } },
  { id: 'grok-3', created: 1743724800, ownedBy: 'xai' },
  { id: 'grok-3-mini', created: 1743724800, ownedBy: 'xai', reasoning: { display: 'field', efforts: ['low', 'high'] } },
  { id: 'grok-code-fast-1', created: 1756166400, ownedBy: 'xai', reasoning: { display: 'hidden' } },
];

/** gRPC status texts xAI puts in `code`, by HTTP status. */
const GRPC: Record<number, string> = {
  400: 'Client specified an invalid argument',
  401: 'The request does not have valid authentication credentials',
  403: 'The caller does not have permission to execute the specified operation',
  404: 'Some requested entity was not found',
  422: 'Client specified an invalid argument',
  429: 'Some resource has been exhausted',
  500: 'Internal error',
  503: 'The service is currently unavailable',
};

const error = (status: number, message: string) => jsonError(status, { code: GRPC[status] ?? GRPC[500], error: message });
const camel = (param: string) => param.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const notOnModel = (param: string) => error(400, `Argument not supported on this model: ${camel(param)}`);

export const xai: ProviderProfile = {
  name: 'xai',
  baseURL: 'https://api.x.ai/v1',
  docs: DOCS,
  acceptsKey: keyWithPrefix('xai-'),
  models,
  defaultModel: 'grok-3',
  modelList: 'openai',
  extraParams: ['search_parameters', 'deferred', 'web_search_options', 'metadata', 'store'],
  rejectParams(body, model) {
    if (model.reasoning) {
      for (const param of ['presence_penalty', 'frequency_penalty', 'stop']) if (body[param] !== undefined && body[param] !== null) return notOnModel(param);
    }
    if (body.reasoning_effort !== undefined && !model.reasoning?.efforts) return notOnModel('reasoning_effort');
    return undefined;
  },
  reasoningField: 'reasoning_content',
  streamUsage: { placement: 'finish+empty', when: 'include_usage' },
  toolCallDeltas: 'whole',
  maxN: 16,
  cache: { minTokens: 1024, block: 128, ttlMs: 5 * 60_000 },
  rateLimit: { status: 429, message: 'Your team has either used all available credits or reached its monthly spending limit, or you are sending requests too quickly. Please slow down.', type: 'rate_limit', param: null, code: null },
  completionId: (rng) => uuid(rng),
  errors: {
    auth: (kind, key) => kind === 'missing'
      ? error(401, 'No API key provided. You can obtain an API key from https://console.x.ai.')
      : error(400, `Incorrect API key provided: ${maskShort(key)}. You can obtain an API key from https://console.x.ai.`),
    malformed: (issue) => error(422, issue.kind === 'json'
      ? 'Failed to parse the request body as JSON: expected value at line 1 column 1'
      : issue.kind === 'missing'
        ? `Failed to deserialize the JSON body into the target type: missing field \`${issue.param}\``
        : `Failed to deserialize the JSON body into the target type: ${issue.param}: invalid type, expected ${issue.expected === 'object' ? 'a map' : issue.expected === 'string' ? 'a string' : 'a non-empty sequence'}`),
    invalid: (message) => error(400, message),
    modelNotFound: (model) => error(404, `The model ${model} does not exist or your team does not have access to it. Please ensure you're using the correct API key. If you continue to see this error, please contact xAI support at support@x.ai.`),
    unknownParam: () => 'ignore',
    unsupported: ({ param }) => notOnModel(param),
    notFound: (method, path) => error(404, `No route for ${method} ${path}`),
    render: (e) => JSON.stringify({ code: GRPC[e.status] ?? e.type, error: e.message }),
  },
  usage: (base, { cachedTokens, caching, reasoningTokens }) => ({
    prompt_tokens: base.prompt_tokens,
    completion_tokens: base.completion_tokens - reasoningTokens,
    total_tokens: base.total_tokens,
    prompt_tokens_details: { text_tokens: base.prompt_tokens, audio_tokens: 0, image_tokens: 0, cached_tokens: caching ? cachedTokens : 0 },
    completion_tokens_details: { reasoning_tokens: reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    num_sources_used: 0,
  }),
  decorateCompletion(body, ctx) { body.system_fingerprint = `fp_${ctx.rng('fingerprint').hex(10)}`; },
  decorateChunk(chunk, ctx) { chunk.system_fingerprint = `fp_${ctx.rng('fingerprint').hex(10)}`; },
  headers: (rng) => ({ 'x-request-id': uuid(rng), 'x-zero-data-retention': 'false' }),
};
