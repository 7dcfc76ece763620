/**
 * Small helpers the stateful suites share: a bounded poll for objects that move on their own clock
 * (batches, fine-tuning jobs — REST offers no event to wait on, so the suite reads until a terminal
 * state or a deadline), a multipart body for text uploads that the recorder can keep as evidence,
 * the headers for header-routed APIs, and field comparisons that produce violations.
 */
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import type { Exchange } from '../../reports/model.ts';
import { curlFor, redactHeaders, redactText } from '../../reports/redact.ts';
import type { Target } from '../target.ts';

export interface PollResult<T> { value: T; timedOut: boolean; polls: number }

/** Read until `done(value)` or until `deadlineMs` has passed; the delay grows from 5 ms to 200 ms. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, deadlineMs: number): Promise<PollResult<T>> {
  const deadline = performance.now() + deadlineMs;
  let delay = 5;
  let polls = 1;
  let value = await read();
  while (!done(value)) {
    if (performance.now() >= deadline) return { value, timedOut: true, polls };
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(200, delay * 1.5);
    value = await read();
    polls++;
  }
  return { value, timedOut: false, polls };
}

/** A multipart/form-data body of text fields and one text file, as a string (so evidence keeps it). */
export function multipartText(fields: Record<string, string>, file: { field: string; filename: string; type: string; content: string }): { raw: string; contentType: string } {
  const boundary = `touchstone-${Math.random().toString(36).slice(2)}`;
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n${file.content}\r\n`);
  return { raw: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** `x-tfy-provider-name` for APIs routed by it (files, batches, fine-tuning, responses retrieve), when the target names one. */
export function providerHeaders(target: Target): Record<string, string> {
  return target.providerAccount ? { 'x-tfy-provider-name': target.providerAccount } : {};
}

/** The model name without the target's account prefix (`openai-main/gpt-4o-mini` → `gpt-4o-mini`), for batch lines. */
export function bareModel(target: Target, model: string): string {
  const prefix = target.providerAccount ? `${target.providerAccount}/` : '';
  return prefix && model.startsWith(prefix) ? model.slice(prefix.length) : model;
}

export type Json = Record<string, any>;

export function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : {};
}

/** `actual[field]` equals `expected[field]` for each field, else a violation at `${base}/${field}`. */
export function sameFields(base: string, actual: Json, expected: Json, fields: readonly string[], rule: string): Violation[] {
  return fields.flatMap((f) => (actual[f] === expected[f] ? [] : [violation(`${base}/${f}`, describeValue(expected[f]), describeValue(actual[f]), rule)]));
}

/** JSON Lines → parsed objects (blank lines skipped); a line that is not JSON becomes a violation. */
export function readJsonl(text: string, pointer: string): { rows: Json[]; violations: Violation[] } {
  const rows: Json[] = [];
  const violations: Violation[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try { rows.push(asObject(JSON.parse(line))); } catch { violations.push(violation(`${pointer}/${i}`, 'a JSON line', describeValue(line.slice(0, 120)), 'jsonl.line')); }
  });
  return { rows, violations };
}

/**
 * Add an exchange the recorder did not make (a binary body read chunk by chunk, a WebSocket handshake)
 * to the scenario's evidence, headers and bodies redacted like the recorder's own.
 */
export function recordExchange(s: { target: Target; recorder: { exchanges: Exchange[] } }, request: { method: string; url: string; headers: Record<string, string>; body?: string },
  response?: { status: number; headers: Record<string, string>; body?: string; events?: string[] }, error?: string): Exchange {
  const secrets = s.target.secrets;
  const req: Exchange['request'] = { method: request.method, url: request.url, headers: redactHeaders(request.headers, secrets) };
  if (request.body !== undefined) req.body = redactText(request.body, secrets);
  const exchange: Exchange = { request: req, curl: redactText(curlFor(req), secrets) };
  if (response) {
    exchange.response = { status: response.status, headers: redactHeaders(response.headers, secrets) };
    if (response.body !== undefined) exchange.response.body = redactText(response.body, secrets);
    if (response.events) exchange.response.events = response.events.map((e) => redactText(e, secrets));
  }
  if (error) exchange.error = error;
  s.recorder.exchanges.push(exchange);
  return exchange;
}
