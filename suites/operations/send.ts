/**
 * Send an OpRequest through the scenario's recorder: JSON bodies with `recorder.send`, multipart bodies
 * (FormData with File parts) with `recorder.fetch`, so both are kept as evidence with the key redacted.
 * Multipart answers are read into the same HttpResult shape (SSE parsed into events) as JSON ones.
 */
import { readSse } from '../../lib/sse.ts';
import type { HttpResult, Recorder } from '../recorder.ts';
import type { Fields, OpRequest } from './requests.ts';

export interface SendOverrides {
  /** The key; `null` = no Authorization header; default the target's key. */
  key?: string | null;
  /** Extra headers (e.g. a malformed Authorization header with `key: null`). */
  headers?: Record<string, string>;
}

export function formData(fields: Fields): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value instanceof Blob) form.append(name, value, value instanceof File ? value.name : 'blob');
    else if (Array.isArray(value)) for (const v of value) form.append(`${name}[]`, v instanceof Blob ? v : String(v));
    else form.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form;
}

export function fullPath(req: OpRequest): string {
  const query = req.query && Object.keys(req.query).length ? `?${new URLSearchParams(req.query).toString()}` : '';
  return req.path + query;
}

export async function sendOp(recorder: Recorder, req: OpRequest, overrides: SendOverrides = {}): Promise<HttpResult> {
  const headers = { ...req.headers, ...overrides.headers };
  if (!req.form) {
    return recorder.send(req.method, fullPath(req), { ...(req.json ? { body: req.json } : {}), headers, ...(overrides.key !== undefined ? { key: overrides.key } : {}) });
  }
  const key = overrides.key === undefined ? recorder.target.key : overrides.key;
  const h = new Headers(headers);
  if (key !== null) h.set('authorization', `Bearer ${key}`);
  const url = recorder.target.url.replace(/\/+$/, '') + fullPath(req);
  // Buffered with a content-length (not streamed): the bodies are a few KiB, and a gateway that answers
  // an upload before reading it (a 401) and closes the connection must not turn into EPIPE for us.
  const encoded = new Response(formData(req.form));
  h.set('content-type', encoded.headers.get('content-type')!);
  const body = new Uint8Array(await encoded.arrayBuffer());
  let response: Response;
  try {
    response = await recorder.fetch(url, { method: req.method, headers: h, body, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`${req.method} ${url} (multipart) failed: ${(error as Error).message}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : ''}`);
  }
  const exchange = recorder.exchanges.at(-1)!;
  const contentType = response.headers.get('content-type');
  const result: HttpResult = { status: response.status, headers: response.headers, contentType, text: '', json: undefined, events: [], exchange };
  if (contentType?.startsWith('text/event-stream') && response.body) {
    for await (const ev of readSse(response.body, (p) => { result.partial = p; })) result.events.push(ev);
    return result;
  }
  result.text = await response.text();
  try { result.json = JSON.parse(result.text); } catch { /* not JSON */ }
  return result;
}
