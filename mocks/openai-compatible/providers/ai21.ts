/**
 * AI21 Studio (https://api.ai21.com/studio/v1), from its own documentation:
 * - https://docs.ai21.com/reference/jamba-1-6-api-ref — POST /studio/v1/chat/completions; models `jamba-large`,
 *   `jamba-mini`; function `tools`; `documents`; `response_format: {"type":"json_object"}` (JSON mode — no
 *   json_schema type); `max_tokens` at most 4096; `temperature` 0–2 (default 0.4); `top_p`; `stop`; `n`.
 * - https://docs.ai21.com/reference/jamba-15-api-ref — `n` 1–16 and 1 when streaming; a stream's last message
 *   carries `usage` and the finish reason.
 * - The API is FastAPI: validation failures are 422 `{"detail":[{type,loc,msg,input}]}`, unknown paths
 *   `{"detail":"Not Found"}`, a bad key 401 `{"detail":"Forbidden: Bad or missing API token."}` (as the
 *   ai21 Python SDK reports it). There is no OpenAI-style models endpoint. A matrix-unsupported
 *   `response_format` type is therefore a 422 literal error; other unsupported inputs are dropped.
 * Jamba models do not reason. Any non-empty key.
 */
import type { ModelRow, ProviderProfile } from '../profile.ts';
import { jsonError, pydantic, pydanticFormatLiteral, pydanticItem } from '../errors.ts';
import { keyWithPrefix, uuid } from './shared.ts';

const DOCS = 'https://docs.ai21.com/reference/jamba-1-6-api-ref';

const models: ModelRow[] = [
  { id: 'jamba-large', created: 1741046400, ownedBy: 'ai21', maxOutputTokens: 4096 },
  { id: 'jamba-mini', created: 1741046400, ownedBy: 'ai21', maxOutputTokens: 4096 },
];

const detail = (status: number, message: string) => jsonError(status, { detail: message });
const lessOrEqual = (param: string, limit: number, value: unknown) =>
  pydantic([{ type: 'less_than_equal', loc: ['body', param], msg: `Input should be less than or equal to ${limit}`, input: value, ctx: { le: limit } }]);

export const ai21: ProviderProfile = {
  name: 'ai21',
  baseURL: 'https://api.ai21.com/studio/v1',
  docs: DOCS,
  acceptsKey: keyWithPrefix(),
  models,
  defaultModel: 'jamba-mini',
  modelList: 'none',
  extraParams: ['documents'],
  rejectParams(body) {
    const max = body.max_tokens ?? body.max_completion_tokens;
    if (typeof max === 'number' && max > 4096) return lessOrEqual(body.max_tokens !== undefined ? 'max_tokens' : 'max_completion_tokens', 4096, max);
    if (typeof body.temperature === 'number' && body.temperature > 2) return lessOrEqual('temperature', 2, body.temperature);
    if (typeof body.n === 'number' && body.n > 16) return lessOrEqual('n', 16, body.n);
    if (typeof body.n === 'number' && body.n > 1 && body.stream === true) {
      return pydantic([{ type: 'value_error', loc: ['body'], msg: 'Value error, n must be 1 when stream is True', input: { n: body.n, stream: true } }]);
    }
    return undefined;
  },
  reasoningField: 'reasoning',
  streamUsage: { placement: 'finish', when: 'always' },
  toolCallDeltas: 'incremental',
  maxN: 16,
  cache: { minTokens: 1024, block: 128, ttlMs: 5 * 60_000 },
  rateLimit: { status: 429, message: 'Too many requests', type: 'rate_limit', param: null, code: null },
  completionId: (rng) => `chatcmpl-${uuid(rng).replace(/-/g, '')}`,
  errors: {
    auth: () => detail(401, 'Forbidden: Bad or missing API token.'),
    malformed: (issue) => pydantic([pydanticItem(issue)]),
    invalid: (message, param) => pydantic([{ type: 'value_error', loc: ['body', ...(param ? param.split('.') : [])], msg: `Value error, ${message}`, input: null }]),
    modelNotFound: (model) => detail(404, `Model ${model} not found`),
    unknownParam: () => 'ignore',
    // A response_format type outside its literal set is a 422; any other unknown input is dropped by the model.
    unsupported: ({ param, value }) => (param === 'response_format' && value !== 'strict' ? pydanticFormatLiteral(value) : 'ignore'),
    notFound: () => detail(404, 'Not Found'),
    render: (e) => JSON.stringify({ detail: e.message }),
  },
  usage: (base, { caching, cachedTokens }) => ({ ...base, ...(caching ? { prompt_tokens_details: { cached_tokens: cachedTokens } } : {}) }),
  headers: (rng) => ({ 'request-id': uuid(rng) }),
};
