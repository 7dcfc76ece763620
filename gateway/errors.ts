/**
 * The gateway's closed set of errors. Each has a stable `code` and renders itself as the OpenAI
 * error envelope `{"error":{"message","type","param","code"}}` — the only error shape the gateway emits.
 */
import { bufferedResponse } from '../lib/serve.ts';

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'upstream_error'
  | 'server_error';

export class GatewayError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(status: number, type: ErrorType, code: string, message: string, param: string | null = null, headers: Record<string, string> = {}) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.headers = headers;
  }

  toJSON() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  toResponse(extraHeaders: Record<string, string> = {}): Response {
    return bufferedResponse(JSON.stringify(this.toJSON()), {
      status: this.status,
      headers: { 'content-type': 'application/json', ...this.headers, ...extraHeaders },
    });
  }
}

export class BadRequestError extends GatewayError {
  constructor(code: string, message: string, param: string | null = null) {
    super(400, 'invalid_request_error', code, message, param);
  }
}

export class AuthenticationError extends GatewayError {
  constructor(code: 'missing_api_key' | 'invalid_api_key', message: string) {
    super(401, 'authentication_error', code, message, null, { 'www-authenticate': 'Bearer' });
  }
}

export class PermissionDeniedError extends GatewayError {
  constructor(message: string, param: string | null = null) {
    super(403, 'permission_error', 'permission_denied', message, param);
  }
}

export class NotFoundError extends GatewayError {
  constructor(code: string, message: string, param: string | null = null) {
    super(404, 'not_found_error', code, message, param);
  }
}

export class MethodNotAllowedError extends GatewayError {
  constructor(method: string, path: string, allow: string[]) {
    super(405, 'invalid_request_error', 'method_not_allowed', `Method ${method} is not allowed on ${path}; allowed: ${allow.join(', ')}.`, null, { allow: allow.join(', ') });
  }
}

export class PayloadTooLargeError extends GatewayError {
  constructor(limit: number) {
    super(413, 'invalid_request_error', 'request_too_large', `Request body exceeds the limit of ${limit} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends GatewayError {
  constructor(got: string | null, expected: string) {
    super(415, 'invalid_request_error', 'unsupported_media_type', `Expected content-type ${expected}, got ${got ?? 'none'}.`);
  }
}

/** The upstream answered with an error or could not be reached. */
export class UpstreamError extends GatewayError {
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    const type: ErrorType = status === 429 ? 'rate_limit_error' : 'upstream_error';
    super(status, type, code, message, null, headers);
  }
}

export class InternalError extends GatewayError {
  constructor(message = 'Internal gateway error.') {
    super(500, 'server_error', 'internal_error', message);
  }
}
