/**
 * Bedrock Runtime's errors as AWS sends them: a JSON body `{"message": "…"}` (`{"Message": "…"}` from
 * the bearer-token check in front of the service), the error type in `x-amzn-errortype` with its
 * Coral namespace suffix (`ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/`),
 * and `x-amzn-requestid`. The SDK reads the type from that header (the part before `:`).
 * The same error renders as an in-stream exception frame, whose `:exception-type` is the event stream
 * union's member name (`throttlingException`, `modelStreamErrorException`, ...).
 */

const BEDROCK_NS = 'http://internal.amazon.com/coral/com.amazon.bedrock/';
const CORAL_SERVICE_NS = 'http://internal.amazon.com/coral/com.amazon.coral.service/';

/** Error types by HTTP status, for errors that name no type (faults, selection errors). */
const TYPE_BY_STATUS: Record<number, string> = {
  400: 'ValidationException', 403: 'AccessDeniedException', 404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException', 424: 'ModelErrorException', 429: 'ThrottlingException',
  500: 'InternalServerException', 503: 'ServiceUnavailableException',
};

export function errorTypeForStatus(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'InternalServerException' : 'ValidationException');
}

/** `ThrottlingException` → `throttlingException`: the member name of a stream exception. */
export function streamMemberName(type: string): string {
  return type.charAt(0).toLowerCase() + type.slice(1);
}

export interface BedrockErrorOptions {
  /** Errors of the authentication layer carry the Coral service namespace. */
  auth?: boolean;
  /** The bearer-token layer writes `Message` (capital M), as observed on Bedrock API key failures. */
  capitalMessage?: boolean;
  /** Extra body members (`originalStatusCode`, ...). */
  extra?: Record<string, unknown>;
}

export class BedrockError extends Error {
  constructor(readonly status: number, readonly type: string, message: string, readonly options: BedrockErrorOptions = {}) {
    super(message);
    this.name = 'BedrockError';
  }

  body(): Record<string, unknown> {
    return this.options.capitalMessage ? { Message: this.message } : { message: this.message, ...this.options.extra };
  }

  headers(requestId: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': `${this.type}:${this.options.auth ? CORAL_SERVICE_NS : BEDROCK_NS}`,
    };
  }

  toResponse(requestId: string): Response {
    return new Response(JSON.stringify(this.body()), { status: this.status, headers: this.headers(requestId) });
  }
}

/** One Coral constraint violation: `Value '<value>' at '<path>' failed to satisfy constraint: <constraint>`. */
export interface ConstraintViolation {
  path: string;
  value: unknown;
  constraint: string;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
}

export const errors = {
  validation: (message: string) => new BedrockError(400, 'ValidationException', message),
  /** Coral's framework-level validation message, e.g. "1 validation error detected: Value …". */
  constraints(violations: readonly ConstraintViolation[]): BedrockError {
    const n = violations.length;
    const each = violations.map((v) => `Value ${shown(v.value)} at '${v.path}' failed to satisfy constraint: ${v.constraint}`);
    return errors.validation(`${n} validation error${n === 1 ? '' : 's'} detected: ${each.join('; ')}`);
  },
  /** A body member of the wrong JSON type (the service's JSON deserializer, before validation). */
  serialization: (message: string) => new BedrockError(400, 'SerializationException', message),
  invalidModel: () => errors.validation('The provided model identifier is invalid.'),
  endOfLife: () => new BedrockError(404, 'ResourceNotFoundException',
    'This model version has reached the end of its life. Please refer to the AWS documentation for more details.'),
  onDemandUnsupported: (modelId: string) => errors.validation(
    `Invocation of model ID ${modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`),
  unknownOperation: () => new BedrockError(404, 'UnknownOperationException', 'Unknown operation', { auth: true }),
  missingAuthorization: () => new BedrockError(403, 'AccessDeniedException', 'Authorization header is missing', { auth: true, capitalMessage: true }),
  invalidApiKey: () => new BedrockError(403, 'AccessDeniedException', 'Authentication failed: Please make sure your API Key is valid.',
    { auth: true, capitalMessage: true }),
  incompleteSignature: (message: string) => new BedrockError(403, 'IncompleteSignatureException', message, { auth: true }),
  invalidSignature: (message: string) => new BedrockError(403, 'InvalidSignatureException', message, { auth: true }),
  unrecognizedClient: () => new BedrockError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.', { auth: true }),
};
