/**
 * Verdict helpers shared by suites. Violations of HTTP-level checks point into the exchange as a
 * whole: "/status", "/headers/content-type", "/body/error/type", "/events/3/choices/0/delta".
 */
import { validate, validateEvent, validateSchema } from '../spec/index.ts';
import { describeValue, violation, type Violation } from '../spec/violation.ts';
import type { HttpResult } from './recorder.ts';

export function prefixed(prefix: string, violations: Violation[]): Violation[] {
  return violations.map((v) => {
    const pointer = prefix + v.pointer;
    return { ...v, pointer, message: v.message.replace(v.pointer === '' ? '(body)' : v.pointer, pointer) };
  });
}

export function statusViolations(res: HttpResult, expected: number): Violation[] {
  return res.status === expected ? [] : [violation('/status', String(expected), `${res.status}${res.text ? ` ${describeValue(res.text.slice(0, 120))}` : ''}`, 'http.status')];
}

export function contentTypeViolations(res: HttpResult, expected: string): Violation[] {
  const mediaType = res.contentType?.split(';')[0]!.trim().toLowerCase();
  return mediaType === expected ? [] : [violation('/headers/content-type', expected, describeValue(res.contentType ?? undefined), 'http.content-type')];
}

/** The response validates against the contract for its status and content type. */
export function contractViolations(operationId: string, res: HttpResult): Violation[] {
  return prefixed('/body', validate(operationId, res.status, res.contentType, res.json ?? res.text).violations);
}

/** An error answer: the expected status, JSON, the OpenAI envelope, documented for the operation. */
export function envelopeViolations(operationId: string, res: HttpResult, expectedStatus: number): Violation[] {
  const out = [...statusViolations(res, expectedStatus), ...contentTypeViolations(res, 'application/json')];
  if (res.json === undefined) {
    out.push(violation('/body', 'a JSON error envelope {"error":{"message","type","param","code"}}', describeValue(res.text.slice(0, 120) || undefined), 'envelope.json'));
    return out;
  }
  out.push(...prefixed('/body', validateSchema('ErrorResponse', res.json).violations));
  if (out.length === 0) out.push(...contractViolations(operationId, res));
  return out;
}

/** Every parsed chunk of a stream validates against the operation's event schema. */
export function eventViolations(operationId: string, chunks: (Record<string, unknown> | undefined)[]): Violation[] {
  return chunks.flatMap((chunk, i) => (chunk === undefined ? [] : prefixed(`/events/${i}`, validateEvent(operationId, chunk).violations)));
}
