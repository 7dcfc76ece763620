/**
 * Cohere's error bodies: `{"id":"<uuid>","message":"…"}` (the documented shape is `{"message"}`; live
 * answers also carry the request id), compact JSON, with Cohere's statuses — 400 invalid request,
 * 401 invalid api token, 404 model not found, 422 unknown field, 429, 500. Messages are Cohere's own
 * where its error reference or live answers show them (docs.cohere.com/reference/errors); the few
 * marked "ours" are our wording in Cohere's style. Also the fault layer's renderer: a status fault as
 * a Cohere body, a mid-stream error as Cohere's terminal `message-end` with `finish_reason: "ERROR"`.
 */
import { encodeSseJson } from '../../lib/sse.ts';
import { requestHash, Rng } from '../determinism.ts';
import { STATUS_PRESETS, type FaultError, type FaultRenderer } from '../faults/index.ts';

export const COHERE_CHAT_DOCS = 'https://docs.cohere.com/reference/chat';

/** A v4-shaped UUID derived from a hash (Cohere ids are UUIDs). */
export function cohereUuid(hash: string, label: string): string {
  const h = new Rng(hash, label).hex(32);
  const variant = '89ab'[parseInt(h[16]!, 16) % 4];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class CohereApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'CohereApiError';
  }

  /** The exact body; the id is derived from `hashInput` so equal requests get equal bytes. */
  render(hashInput: unknown): string {
    return JSON.stringify({ id: cohereUuid(requestHash('cohere-error', hashInput), 'error-id'), message: this.message });
  }

  toResponse(hashInput: unknown, headers: Record<string, string> = {}): Response {
    return new Response(this.render(hashInput), { status: this.status, headers: { 'content-type': 'application/json', ...headers } });
  }
}

const invalid = (message: string) => new CohereApiError(400, `invalid request: ${message}`);

export const cohereErrors = {
  noApiKey: () => new CohereApiError(401, 'no api key supplied'),
  invalidToken: () => new CohereApiError(401, 'invalid api token'),
  /** Unparsable or non-object JSON body (ours). */
  invalidJson: () => invalid('could not parse the request body as JSON.'),
  missingModel: () => new CohereApiError(400, 'a model parameter is required for this endpoint.'),
  modelNotFound: (model: string) => new CohereApiError(404,
    `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.`),
  /** A model of another API (documented for generate: "model 'command-r' is not supported by the generate API"). */
  wrongApi: (model: string, api: string) => invalid(`model '${model}' is not supported by the ${api} API`),
  /** How Cohere refuses a parameter it does not know (live answers, 2024–2026). */
  unknownField: (name: string, docs = COHERE_CHAT_DOCS) => new CohereApiError(422,
    `unknown field: parameter '${name}' is not a valid field. For proper usage, please refer to ${docs}`),
  invalid,
  /** Documented: "too many tokens: max tokens must be less than or equal to 4096, the maximum output for this model - received 8192." */
  maxTokensTooLarge: (limit: number, received: number) => new CohereApiError(400,
    `too many tokens: max tokens must be less than or equal to ${limit}, the maximum output for this model - received ${received}.`),
  tooManyRequests: () => new CohereApiError(429, 'You are past the per minute request limit, please wait and try again later.'),
  internal: () => new CohereApiError(500, 'internal server error, this has been reported to our developers'),
  /** Unknown path (ours: Cohere's router answers a bare 404). */
  notFound: () => new CohereApiError(404, 'not found'),
  methodNotAllowed: () => new CohereApiError(405, 'method not allowed'),
};

/** Preset faults speak OpenAI's words; a Cohere upstream says the same thing in Cohere's. */
function cohereMessage(error: FaultError): string {
  if (error.status === 429 && error.message === STATUS_PRESETS.rate_limit.message) return cohereErrors.tooManyRequests().message;
  if (error.status === 500 && error.message === STATUS_PRESETS.server_error.message) return cohereErrors.internal().message;
  return error.message;
}

export const cohereFaultRenderer: FaultRenderer = {
  errorBody: (error) => new CohereApiError(error.status, cohereMessage(error)).render(['fault', error.status, error.message]),
  errorEvent: (error) => encodeSseJson(
    { type: 'message-end', delta: { error: cohereMessage(error), finish_reason: 'ERROR' } },
    'message-end',
  ),
};
