/**
 * The loopback server's native lane: the simulators' hot requests (a non-streamed OpenAI chat completion
 * under `/<name>/v1/chat/completions`) served on Node's own objects — the body read off the socket, the
 * answer written with one `res.end` — with no Request, Response, Headers or web stream made on the way.
 * The simulator does the work on plain data (`Simulator.native`, see mocks/types.ts): the same journal
 * entry, fault selection and bytes as its `fetch`. Whatever is not the plain case (another method or
 * path, a query string, a repeated header, a body asking for a stream, a fault that applies) goes to the
 * fetch-shaped router, before anything is recorded. `mocks/native.test.ts` checks both paths answer alike.
 */
import type http from 'node:http';
import type { NativeHandler } from '../lib/serve.ts';
import type { NativeAnswer, NativeLane, Simulator } from './types.ts';

/** `/<name>/<path>` with nothing a URL parser would rewrite (no query, dots, escapes or empty segments). */
const PLAIN_URL = /^\/([A-Za-z0-9_-]+)((?:\/[A-Za-z0-9_-]+)+)$/;
const HTTP_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function isHttpSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** A header value as `Headers` keeps it (leading and trailing HTTP whitespace removed). */
function headerValue(value: string): string {
  return value.length > 0 && (isHttpSpace(value.charCodeAt(0)) || isHttpSpace(value.charCodeAt(value.length - 1))) ? value.replace(HTTP_SPACE, '') : value;
}

/** Header names in the order `Headers` iterates them (lower-cased, sorted), for one sequence of names as sent. */
interface HeaderShape {
  /** The names as sent (raw request names, or an answer's keys). */
  names: string[];
  /** Positions in `names`, in output order. */
  order: number[];
  /** The lower-cased names, in output order. */
  lower: string[];
}

/**
 * The shape of `names` (every `step`-th entry of `list`), or undefined when a lower-cased name repeats or is
 * `__proto__`, which a plain record cannot hold the way `Headers` does (the caller then takes the slow way).
 */
function shapeOf(list: readonly string[], step: number): HeaderShape | undefined {
  const names: string[] = [];
  for (let i = 0; i < list.length; i += step) names.push(list[i]!);
  const lowered = names.map((n) => n.toLowerCase());
  if (new Set(lowered).size !== lowered.length || lowered.includes('__proto__')) return undefined;
  const order = names.map((_, i) => i).sort((x, y) => (lowered[x]! < lowered[y]! ? -1 : lowered[x]! > lowered[y]! ? 1 : 0));
  return { names, order, lower: order.map((i) => lowered[i]!) };
}

/** Whether `shape` was made for these names (every `step`-th entry of `list`). */
function fits(shape: HeaderShape | undefined, list: readonly string[], step: number): shape is HeaderShape {
  if (!shape || shape.names.length * step !== list.length) return false;
  for (let i = 0, j = 0; i < list.length; i += step, j++) if (list[i] !== shape.names[j]) return false;
  return true;
}

/** Clients send the same header names request after request: the last shape is kept and reused. */
let requestShape: HeaderShape | undefined;

/**
 * The request headers as the journal records them from `Headers` (lower-cased names, sorted), or
 * undefined when a name repeats (Headers joins those its own way) or would not survive a plain object.
 */
function journalHeaders(raw: readonly string[]): Record<string, string> | undefined {
  if (!fits(requestShape, raw, 2)) {
    const shape = shapeOf(raw, 2);
    if (!shape) return undefined;
    requestShape = shape;
  }
  const { order, lower } = requestShape;
  const headers: Record<string, string> = {};
  for (let k = 0; k < order.length; k++) headers[lower[k]!] = headerValue(raw[order[k]! * 2 + 1]!);
  return headers;
}

/** Answers of one route carry the same header names each time: the last shape is kept and reused. */
let answerShape: HeaderShape | undefined;

/** The headers `serve` writes for a Response with these (lib/serve.ts writeResponse): as `Headers` iterates them. */
function wireHeaders(record: Record<string, string>, length: number): Record<string, string | string[]> {
  const keys = Object.keys(record);
  if (!fits(answerShape, keys, 1)) {
    const shape = shapeOf(keys, 1);
    if (!shape || shape.lower.includes('set-cookie')) return mergedWireHeaders(record, length);
    answerShape = shape;
  }
  const { order, lower } = answerShape;
  const out: Record<string, string | string[]> = {};
  for (let k = 0; k < order.length; k++) out[lower[k]!] = headerValue(record[keys[order[k]!]!]!);
  out['content-length'] = String(length);
  return out;
}

/** `wireHeaders` for records with names that repeat once lower-cased, or `set-cookie`: merged as `Headers` does. */
function mergedWireHeaders(record: Record<string, string>, length: number): Record<string, string | string[]> {
  const merged = new Map<string, string>();
  const cookies: string[] = [];
  for (const [key, raw] of Object.entries(record)) {
    const name = key.toLowerCase();
    const value = headerValue(raw);
    if (name === 'set-cookie') { cookies.push(value); continue; }
    const before = merged.get(name);
    merged.set(name, before === undefined ? value : `${before}${name === 'cookie' ? '; ' : ', '}${value}`);
  }
  const out: Record<string, string | string[]> = {};
  for (const name of [...merged.keys()].sort()) out[name] = merged.get(name)!;
  if (cookies.length) out['set-cookie'] = cookies;
  out['content-length'] = String(length);
  return out;
}

function writeAnswer(res: http.ServerResponse, answer: NativeAnswer): void {
  // The text goes to the socket as is (UTF-8, as `bufferedResponse` encodes it), with no Buffer made for it.
  res.writeHead(answer.status, wireHeaders(answer.headers, Buffer.byteLength(answer.body, 'utf8')));
  res.end(answer.body, 'utf8');
}

/** What `serve` does when a handler throws (lib/serve.ts handleNodeRequest): report it, answer 500. */
function internalError(res: http.ServerResponse, error: unknown, onError?: (error: unknown) => void): void {
  onError?.(error);
  if (res.headersSent) return;
  res.writeHead(500, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: 'Internal server error', type: 'server_error', param: null, code: 'internal_error' } }));
}

/** The last Host value the URL parser took (clients send the same one every time). */
let goodHost: string | undefined;

/** The fetch path makes `http://<host><url>`: a Host the URL parser refuses fails there (a 500), so it goes there. */
function parsableHost(host: string): boolean {
  if (host === goodHost) return true;
  try { new URL(`http://${host}/`); } catch { return false; }
  goodHost = host;
  return true;
}

/** One request on the lane while its body arrives. */
class LaneRequest {
  readonly chunks: Buffer[] = [];
  size = 0;
  settled = false;

  constructor(
    readonly lane: NativeLane, readonly method: string, readonly path: string, readonly headers: Record<string, string>,
    readonly res: http.ServerResponse, readonly fallback: (body?: Uint8Array) => void, readonly onError?: (error: unknown) => void,
  ) {}

  /** As when `readNodeBody` fails under the fetch path: nothing journaled, the error reported, a 500 tried. */
  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    internalError(this.res, error, this.onError);
  }

  end(): void {
    if (this.settled) return;
    this.settled = true;
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    let answer: NativeAnswer | undefined;
    try {
      // The journal keeps its own exactly-sized copy, as on the fetch path (mocks/journal.ts).
      // `closed`: the response emitted 'close' (the client went away), which aborts the fetch path's signal.
      answer = this.lane.answer({ method: this.method, path: this.path, search: '', headers: this.headers, bytes: new Uint8Array(body), aborted: this.res.closed });
      if (answer) writeAnswer(this.res, answer);
    } catch (error) {
      // As a handler throwing (or a header value `Headers` refuses) on the fetch path.
      internalError(this.res, error, this.onError);
      return;
    }
    if (!answer) this.fallback(body);
  }
}

/** The `native` handler for `serve`: takes the requests some simulator's lane accepts, leaves the rest. */
export function nativeLane(simulators: Record<string, Simulator>, onError?: (error: unknown) => void): NativeHandler {
  return (req, res, fallback) => {
    const match = PLAIN_URL.exec(req.url ?? '');
    if (!match) return false;
    const lane: NativeLane | undefined = simulators[match[1]!]?.native;
    const method = req.method ?? 'GET';
    const path = match[2]!;
    if (!lane?.accepts(method, path)) return false;
    if (!parsableHost(req.headers.host ?? '127.0.0.1')) return false;
    const headers = journalHeaders(req.rawHeaders);
    if (!headers) return false;
    const lr = new LaneRequest(lane, method, path, headers, res, fallback, onError);
    req.on('data', (chunk: Buffer) => { lr.chunks.push(chunk); lr.size += chunk.byteLength; });
    req.once('error', (error) => lr.fail(error));
    req.once('close', () => { if (!req.readableEnded && !req.complete) lr.fail(new Error('the connection closed before the body ended')); });
    req.once('end', () => lr.end());
    return true;
  };
}
