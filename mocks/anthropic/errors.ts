/**
 * Anthropic's error envelope and statuses, as api.anthropic.com answers them:
 * `{"type":"error","error":{"type":"invalid_request_error","message":"…"},"request_id":"req_…"}`
 * (compact JSON), with 400 invalid_request_error, 401 authentication_error, 403 permission_error,
 * 404 not_found_error, 413 request_too_large, 429 rate_limit_error, 500 api_error, 529 overloaded_error.
 * Mid-stream failures are an SSE `event: error` carrying the same object without `request_id`.
 *
 * `AnthropicError` is thrown by validation anywhere in the simulator and rendered once at the edge;
 * `faultRenderer` turns the fault layer's provider-neutral errors into these shapes.
 */
import { encodeSseJson } from '../../lib/sse.ts';
import { STATUS_PRESETS, type FaultError, type FaultRenderer } from '../faults/index.ts';

export const ERROR_TYPES = [
  'invalid_request_error', 'authentication_error', 'billing_error', 'permission_error', 'not_found_error',
  'request_too_large', 'rate_limit_error', 'api_error', 'overloaded_error',
] as const;
export type AnthropicErrorType = (typeof ERROR_TYPES)[number];

const TYPE_BY_STATUS: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error', 401: 'authentication_error', 402: 'billing_error', 403: 'permission_error',
  404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error',
};

/** The error type Anthropic uses for a status (other 4xx are invalid_request_error, other 5xx api_error). */
export function errorTypeForStatus(status: number): AnthropicErrorType {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** The message Anthropic sends with a status when nothing more specific applies. */
export function standardMessage(status: number): string {
  switch (status) {
    case 401: return 'invalid x-api-key';
    case 403: return 'Your API key does not have permission to use the specified resource.';
    case 404: return 'Not found';
    case 413: return 'Request exceeds the maximum allowed number of bytes.';
    case 429: return 'Number of request tokens has exceeded your per-minute rate limit (https://docs.claude.com/en/api/rate-limits); '
      + 'see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, '
      + 'or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.';
    case 529: return 'Overloaded';
    default: return status >= 500 ? 'Internal server error' : 'Invalid request';
  }
}

export class AnthropicError extends Error {
  readonly type: AnthropicErrorType;

  constructor(readonly status: number, message: string, type?: AnthropicErrorType) {
    super(message);
    this.name = 'AnthropicError';
    this.type = type ?? errorTypeForStatus(status);
  }

  /** The envelope; `requestId` is omitted for mid-stream error events. */
  body(requestId?: string): Record<string, unknown> {
    return { type: 'error', error: { type: this.type, message: this.message }, ...(requestId ? { request_id: requestId } : {}) };
  }

  toResponse(headers: Record<string, string> = {}, requestId?: string): Response {
    return new Response(JSON.stringify(this.body(requestId ?? headers['request-id'])), {
      status: this.status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }
}

/** A 400 invalid_request_error with `message`. */
export const invalid = (message: string) => new AnthropicError(400, message);
/** How Anthropic refuses a field it does not accept (pydantic's extra-forbidden message). */
export const extraInput = (path: string) => invalid(`${path}: Extra inputs are not permitted`);
export const fieldRequired = (path: string) => invalid(`${path}: Field required`);

export const errors = {
  missingApiKey: () => new AnthropicError(401, 'x-api-key header is required'),
  invalidApiKey: () => new AnthropicError(401, 'invalid x-api-key'),
  invalidBearer: () => new AnthropicError(401, 'Invalid bearer token'),
  missingVersion: () => invalid('anthropic-version: header is required'),
  invalidVersion: (value: string) => invalid(`anthropic-version: ${JSON.stringify(value)} is not a valid version`),
  unknownModel: (model: string) => new AnthropicError(404, `model: ${model}`),
  notFound: () => new AnthropicError(404, 'Not Found'),
  methodNotAllowed: () => new AnthropicError(405, 'Method Not Allowed'),
  tooLarge: () => new AnthropicError(413, standardMessage(413)),
  unparsableJson: () => invalid('There was an error parsing the body of your request. Please make sure it is valid JSON.'),
  notAnObject: () => invalid('Input should be a valid dictionary or object to extract fields from'),
};

// ------------------------------------------------------------------ faults

const PRESET_MESSAGES = new Set(Object.values(STATUS_PRESETS).map((p) => p.message));

/** A neutral fault error in Anthropic's terms: Anthropic types kept, others mapped by status; preset texts replaced. */
function fromFault(error: FaultError): AnthropicError {
  const ownType = (ERROR_TYPES as readonly string[]).includes(error.type) ? (error.type as AnthropicErrorType) : undefined;
  // A bare status fault comes with a generic type: the status's own Anthropic type is the better answer.
  // The neutral `overloaded` preset is Anthropic's overloaded_error (the simulator answers it with 529).
  const overloaded = error.message === STATUS_PRESETS.overloaded.message;
  const type = overloaded ? 'overloaded_error' : ownType && ownType !== 'invalid_request_error' ? ownType : errorTypeForStatus(error.status);
  const generic = PRESET_MESSAGES.has(error.message) || error.message.startsWith('The upstream ');
  const message = !generic ? error.message : type === 'overloaded_error' ? 'Overloaded' : standardMessage(error.status);
  return new AnthropicError(error.status, message, type);
}

/** The SSE text of a mid-stream error event. */
export function errorEventText(error: AnthropicError): string {
  return encodeSseJson(error.body(), 'error');
}

/**
 * Anthropic's renderings for the fault layer. Error bodies carry no `request_id` here: the simulator adds
 * it with the `request-id` header. A mid-stream `error_event` fault without an Anthropic type becomes the
 * documented `overloaded_error` / "Overloaded" event.
 */
export const faultRenderer: FaultRenderer = {
  errorBody: (error) => JSON.stringify(fromFault(error).body()),
  errorEvent: (error) => {
    const own = (ERROR_TYPES as readonly string[]).includes(error.type);
    return errorEventText(own ? fromFault(error) : new AnthropicError(529, 'Overloaded', 'overloaded_error'));
  },
};
