/**
 * Google's error envelope, as generativelanguage.googleapis.com and aiplatform.googleapis.com send it:
 * `{"error":{"code":400,"message":"…","status":"INVALID_ARGUMENT","details":[…]}}`, pretty-printed with
 * two spaces and a trailing newline, `content-type: application/json; charset=UTF-8`. `GoogleError` is
 * the one error class of the Gemini and Vertex simulators (thrown anywhere, rendered at the edge);
 * the small catalogue below holds the messages both APIs share. Unknown URLs get Google's HTML 404
 * page, as the real front end answers them (not JSON).
 */
import { sha256Hex } from '../determinism.ts';

/** google.rpc.Code names by HTTP status. */
export const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ABORTED',
  412: 'FAILED_PRECONDITION', 429: 'RESOURCE_EXHAUSTED', 499: 'CANCELLED', 500: 'INTERNAL', 501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED',
};

export function statusName(code: number): string {
  return STATUS_NAMES[code] ?? (code >= 500 ? 'INTERNAL' : code >= 400 ? 'FAILED_PRECONDITION' : 'UNKNOWN');
}

export interface FieldViolation { field?: string; description: string }

export class GoogleError extends Error {
  readonly status: string;
  constructor(readonly code: number, message: string, readonly details?: readonly unknown[], status?: string) {
    super(message);
    this.name = 'GoogleError';
    this.status = status ?? statusName(code);
  }

  body(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, status: this.status, ...(this.details ? { details: this.details } : {}) } };
  }

  render(): string {
    return `${JSON.stringify(this.body(), null, 2)}\n`;
  }

  toResponse(headers: Record<string, string> = {}): Response {
    return new Response(this.render(), { status: this.code, headers: { ...headers, 'content-type': 'application/json; charset=UTF-8' } });
  }
}

/** Headers every Google API answer carries (ESF front end); `server-timing` is derived from `seed`. */
export function googleHeaders(seed: string): Record<string, string> {
  const dur = 200 + (parseInt(sha256Hex(seed).slice(0, 4), 16) % 1800);
  return {
    vary: 'Origin, X-Origin, Referer',
    server: 'scaffolding on HTTPServer2',
    'x-xss-protection': '0',
    'x-frame-options': 'SAMEORIGIN',
    'x-content-type-options': 'nosniff',
    'server-timing': `gfet4t7; dur=${dur}`,
  };
}

const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';

/** Proto-JSON parse problems: one message line per violation, each also in a BadRequest detail. */
export function payloadError(violations: readonly FieldViolation[]): GoogleError {
  return new GoogleError(400, violations.map((v) => v.description).join('\n'), [
    { '@type': BAD_REQUEST, fieldViolations: violations.map((v) => (v.field ? { field: v.field, description: v.description } : { description: v.description })) },
  ]);
}

/** Request-validation problems in Google's `* Request.field: problem` list form. */
export function validationError(request: string, violations: readonly FieldViolation[]): GoogleError {
  return new GoogleError(400, violations.map((v) => `* ${request}${v.field ? `.${v.field}` : ''}: ${v.description}\n`).join(''));
}

export const invalidArgument = (message: string): GoogleError => new GoogleError(400, message);

/** The body did not parse as JSON: Google quotes the offending spot. */
export function unparsableJson(text: string): GoogleError {
  let at = 0;
  try { JSON.parse(text); } catch (error) {
    const m = /position (\d+)/.exec(String(error));
    at = m ? Number(m[1]) : text.length;
  }
  const line = text.slice(0, at).split('\n').length;
  const column = at - text.lastIndexOf('\n', at - 1);
  const description = `Invalid JSON payload received. Unexpected token.\n${text.slice(Math.max(0, at - 20), at + 20).replace(/\n/g, ' ')}\n${' '.repeat(Math.min(at, 20))}^`;
  return new GoogleError(400, description, [{ '@type': BAD_REQUEST, fieldViolations: [{ description: `${description} (line ${line}, column ${column})` }] }]);
}

/** Google's HTML 404 for a URL no API method matches. */
export function htmlNotFound(path: string): Response {
  const body = '<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n'
    + '  <meta name=viewport content="initial-scale=1, minimum-scale=1, width=device-width">\n'
    + '  <title>Error 404 (Not Found)!!1</title>\n'
    + '  <a href=//www.google.com/><span id=logo aria-label=Google></span></a>\n'
    + '  <p><b>404.</b> <ins>That’s an error.</ins>\n'
    + `  <p>The requested URL <code>${path.replace(/[<>&"]/g, '')}</code> was not found on this server.  <ins>That’s all we know.</ins>\n`;
  return new Response(body, { status: 404, headers: { 'content-type': 'text/html; charset=UTF-8', 'referrer-policy': 'no-referrer' } });
}
