/**
 * The OpenAI simulator's route table: each API module contributes `OpenAIRoute`s built from the shared
 * simulator state (`OpenAISim`). A route sees the request once its body has been read and journaled,
 * with path parameters, the body as text and bytes, and helpers to answer in OpenAI's own shapes.
 */
import { bufferedResponse } from '../../lib/serve.ts';
import type { JournalEntry } from '../journal.ts';
import type { OpenAIError } from './errors.ts';

/** State shared by every API module of one simulator instance. */
export interface OpenAISim {
  name: string;
  region?: string;
  /** Simulated clock, milliseconds since the epoch (fixed by default; tests step it). */
  now: () => number;
  organization: string;
  project: string;
  chunkDelayMs: number;
  /** Simulated seconds per real second for lifecycles on the real clock (batches, fine-tuning). */
  timeScale: number;
  /**
   * Clock of lifecycles (batches, fine-tuning, background responses): the injected `now` when given (a
   * test steps it), else the fixed epoch plus real elapsed time × `timeScale`, so a standalone simulator
   * moves through every state within seconds while stateless answers stay byte-identical.
   */
  lifecycleNow: () => number;
  /** Call this simulator's own endpoints (e.g. batch lines are executed through it). */
  self: (request: Request) => Promise<Response>;
  /** Models created at run time (fine-tuning results): id → base model id. Chat and /v1/models honour them. */
  customModels: Map<string, string>;
}

export interface RouteContext {
  request: Request; // its body has been consumed: use `text`, `bytes`, `json()` or `formData()`
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  text: string;
  bytes: Uint8Array;
  entry: JournalEntry;
  /** The body parsed as JSON; throws OpenAI's "could not parse the JSON body" error otherwise. */
  json(): unknown;
  /** The multipart (or urlencoded) body; throws OpenAI's 400 when it is not one. */
  formData(): Promise<FormData>;
  /** OpenAI's base response headers (x-request-id etc.), derived from `hashInput`; records the request id. */
  headers(hashInput: unknown): Record<string, string>;
  /** Answer with an OpenAI error. */
  fail(error: OpenAIError, hashInput?: unknown): Response;
}

/** A complete answer in memory: what a buffered Response is made of (and what the native lane writes). */
export interface PlainAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The Response for a plain answer (written with one `res.end` by lib/serve.ts). */
export function answerResponse(answer: PlainAnswer): Response {
  return bufferedResponse(answer.body, { status: answer.status, headers: answer.headers });
}

/** Reading and setting headers by name, case-insensitively: a `Headers`, or `plainHeaderAccess`. */
export interface HeaderAccess {
  has(name: string): boolean;
  get(name: string): string | null;
  set(name: string, value: string): void;
}

/** `Headers`-style access to a plain header record (names compared case-insensitively); edits the record. */
export class PlainHeaders implements HeaderAccess {
  constructor(readonly record: Record<string, string>) {}

  #key(name: string): string | undefined {
    const lower = name.toLowerCase();
    if (Object.hasOwn(this.record, lower)) return lower;
    for (const k of Object.keys(this.record)) if (k.toLowerCase() === lower) return k;
    return undefined;
  }

  has(name: string): boolean { return this.#key(name) !== undefined; }

  get(name: string): string | null {
    const k = this.#key(name);
    return k === undefined ? null : this.record[k]!;
  }

  set(name: string, value: string): void {
    for (let k = this.#key(name); k !== undefined; k = this.#key(name)) delete this.record[k];
    this.record[name.toLowerCase()] = value;
  }
}

/** What a route answering from the request body alone sees (`OpenAIRoute.plain`). */
export interface BodyContext {
  text: string;
  /** `text` parsed as JSON, as the journal does it (undefined when empty or not JSON). */
  body: unknown;
  entry: JournalEntry;
}

export interface OpenAIRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path with `:param` segments, e.g. `/v1/files/:file_id/content`. */
  path: string;
  /** Whether the bearer key is checked first (default true). */
  auth?: boolean;
  handle(ctx: RouteContext): Response | Promise<Response>;
  /**
   * The same answer as `handle` as plain data, for a route that needs nothing but the body and does not
   * stream when the body's `stream` is not `true` — the loopback server's native lane (mocks/server.ts)
   * serves such requests without a Request. Throws when asked for a stream.
   */
  plain?(ctx: BodyContext): PlainAnswer;
}

export interface CompiledRoute extends OpenAIRoute {
  regex: RegExp;
  names: string[];
}

export function compileRoute(route: OpenAIRoute): CompiledRoute {
  const names: string[] = [];
  const pattern = route.path.split('/').map((seg) => {
    if (seg.startsWith(':')) { names.push(seg.slice(1)); return '([^/]+)'; }
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  return { ...route, regex: new RegExp(`^${pattern}/?$`), names };
}

/** Routes whose path matches, and the parameters of the first one. */
export function matchPath(routes: readonly CompiledRoute[], path: string): { matches: CompiledRoute[]; params: Record<string, string> } {
  const matches: CompiledRoute[] = [];
  let params: Record<string, string> = {};
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (!m) continue;
    if (matches.length === 0) params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    matches.push(r);
  }
  return { matches, params };
}

/** JSON the way api.openai.com writes objects: pretty-printed with 2 spaces and a trailing newline. */
export function jsonResponse(body: unknown, headers: Record<string, string>, status = 200): Response {
  return answerResponse(jsonAnswer(body, headers, status));
}

export function jsonAnswer(body: unknown, headers: Record<string, string>, status = 200): PlainAnswer {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: `${JSON.stringify(body, null, 2)}\n` };
}
