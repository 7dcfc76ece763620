/**
 * The request journal every simulator keeps: what arrived (method, path, headers, body), when, which
 * upstream (and region) served it, what was answered, which fault was applied, and whether the client
 * went away before the answer was fully delivered. Suites read it to assert what a gateway actually
 * sent upstream — in process, or over HTTP as redacted JSON (`journalEntryJSON`). Provider-neutral.
 * `journaled(journal, handler)` is the outermost layer of a simulator's fetch: it records every request
 * first, so even a request answered by a fault (or never answered) is in the journal.
 */
import { readNodeBody } from '../lib/node-body.ts';
import type { AppliedFault } from './faults/types.ts';

export interface JournalEntry {
  /** 1-based position in this journal (not reset by `clear()`, so entries stay distinguishable). */
  seq: number;
  /** The upstream that served the request (`openai-eu`), when the journal knows it. */
  upstream?: string;
  /** Its region tag (`eu`): evidence of where the request was processed (data residency). */
  region?: string;
  /** Milliseconds since the epoch, from the simulator's clock. */
  time: number;
  method: string;
  /** Path as the real provider would see it, e.g. `/v1/chat/completions`. */
  path: string;
  /** Query string including `?`, or "". */
  search: string;
  /** Lower-cased header names. Repeated headers are joined with ", " (as `Headers` does). */
  headers: Record<string, string>;
  /** The body parsed as JSON, or `undefined` when empty or not JSON (see `rawBody`). */
  body: unknown;
  /** The body as text; for multipart or binary bodies a placeholder `[N bytes <content-type>]` (see `bytes`). */
  rawBody: string;
  /** The body bytes exactly as received. */
  bytes: Uint8Array;
  /** HTTP status answered; `undefined` until the handler returned. */
  status?: number;
  /** The `x-request-id` the simulator answered with, when it set one. */
  requestId?: string;
  /** True once the whole response body was handed to the client. */
  completed: boolean;
  /** True when the client aborted the request or cancelled the response body before the end. */
  aborted: boolean;
  /** The fault applied to this request, if any (`fault.cut` when it dropped the connection on purpose). */
  fault?: AppliedFault;
}

/** Who the journal belongs to, stamped on every entry. */
export interface JournalOwner {
  upstream?: string;
  region?: string;
}

/** Bodies journaled as `[N bytes type]` rather than text. */
export function isBinaryType(contentType: string): boolean {
  return /^(multipart\/|application\/octet-stream|audio\/|image\/)/i.test(contentType);
}

/** What the journal keeps of a request, however it arrived (a Request, or the server's native lane). */
export interface JournalRequest {
  method: string;
  path: string;
  /** Query string including `?`, or "". */
  search: string;
  /** Lower-cased names in `Headers` iteration order (sorted), repeated headers joined as `Headers` does. */
  headers: Record<string, string>;
  bytes: Uint8Array;
  /** True when the client had already gone away. */
  aborted: boolean;
}

/** A request body as the journal reads it: text ("" for binary types), JSON when it parses, `rawBody`. */
export interface JournalBody {
  text: string;
  body: unknown;
  rawBody: string;
}

const decoder = new TextDecoder();

/** How the journal reads `bytes` sent with `contentType` (a leading BOM is dropped, as `TextDecoder` does). */
export function journalBody(bytes: Uint8Array, contentType: string): JournalBody {
  const binary = isBinaryType(contentType);
  const text = binary ? '' : decoder.decode(bytes);
  let body: unknown;
  if (text) {
    try { body = JSON.parse(text); } catch { body = undefined; }
  }
  return { text, body, rawBody: binary ? `[${bytes.byteLength} bytes ${contentType}]` : text };
}

export class Journal {
  readonly entries: JournalEntry[] = [];
  /**
   * Requests whose handler has not answered yet. Holding them matters: undici's Request follows its
   * caller's AbortSignal through a WeakRef to its own controller, so a Request nothing else references
   * (a fault waiting for the client to give up) can be collected, and the client's abort then never
   * reaches the handler. Seen as a hang under GC pressure in CI.
   */
  readonly inFlight = new Set<Request>();
  #seq = 0;

  constructor(private readonly clock: () => number = Date.now, private readonly owner: JournalOwner = {}) {}

  /** Read the request body once, append an entry and return it with the body text and bytes. */
  async record(request: Request, path: string): Promise<{ entry: JournalEntry; text: string; bytes: Uint8Array }> {
    // A request `serve` made off the socket is read straight from it (lib/node-body.ts), without a web
    // stream; copied into its own exactly-sized buffer, as `arrayBuffer()` gives (no pooled slab kept alive).
    const direct = readNodeBody(request);
    const bytes = direct ? new Uint8Array(await direct) : request.body ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array(0);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => { headers[key] = value; });
    const read = journalBody(bytes, headers['content-type'] ?? '');
    const entry = this.add({ method: request.method, path, search: new URL(request.url).search, headers, bytes, aborted: request.signal.aborted }, read);
    if (!entry.aborted) {
      request.signal.addEventListener('abort', () => { if (!entry.completed && !entry.fault?.cut) entry.aborted = true; }, { once: true });
    }
    return { entry, text: read.text, bytes };
  }

  /** Append the entry for a request whose body was read already (`read`: see `journalBody`). */
  add(request: JournalRequest, read: JournalBody = journalBody(request.bytes, request.headers['content-type'] ?? '')): JournalEntry {
    const entry: JournalEntry = {
      seq: ++this.#seq,
      ...(this.owner.upstream ? { upstream: this.owner.upstream } : {}),
      ...(this.owner.region ? { region: this.owner.region } : {}),
      time: this.clock(),
      method: request.method,
      path: request.path,
      search: request.search,
      headers: request.headers,
      body: read.body,
      rawBody: read.rawBody,
      bytes: request.bytes,
      completed: false,
      aborted: request.aborted,
    };
    this.entries.push(entry);
    return entry;
  }

  last(): JournalEntry | undefined {
    return this.entries[this.entries.length - 1];
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** What a handler behind `journaled` receives besides the request (whose body has been consumed). */
export interface Recorded {
  entry: JournalEntry;
  text: string;
  bytes: Uint8Array;
}

export type RecordedHandler = (request: Request, recorded: Recorded) => Response | Promise<Response>;

/**
 * Record every request, then answer with `handler`. The entry gets the status and request id answered;
 * a non-stream answer counts as completed when handed over (streams report their own end).
 */
export function journaled(journal: Journal, handler: RecordedHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    journal.inFlight.add(request);
    let response: Response;
    let recorded: Awaited<ReturnType<Journal['record']>>;
    try {
      recorded = await journal.record(request, new URL(request.url).pathname);
      response = await handler(request, recorded);
    } finally {
      journal.inFlight.delete(request);
    }
    const { entry } = recorded;
    entry.status = response.status;
    entry.requestId ??= response.headers.get('x-request-id') ?? undefined;
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) entry.completed = true;
    return response;
  };
}

// ------------------------------------------------------------------ JSON view, secrets redacted

export const REDACTED = '…REDACTED';

/** Header and query names that carry credentials (rate-limit "tokens" headers are counts, not secrets). */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase();
  if (n === 'authorization' || n === 'proxy-authorization' || n === 'cookie' || n === 'set-cookie') return true;
  if (n.includes('ratelimit') || n.includes('rate-limit')) return false;
  return /key|token|secret|signature|credential|password/.test(n);
}

/** Keep an auth scheme word and at most a 5-character conventional prefix (`Bearer sk-…REDACTED`). */
export function redactSecret(value: string): string {
  const m = /^([A-Za-z][A-Za-z0-9-]{0,23} )?\s*(.*)$/s.exec(value)!;
  const token = m[2] ?? '';
  const prefix = token.length >= 16 ? (/^[A-Za-z]{1,4}[-_]/.exec(token)?.[0] ?? '') : '';
  return value ? `${m[1] ?? ''}${prefix}${REDACTED}` : value;
}

function redactSearch(search: string): string {
  if (!search) return search;
  const params = new URLSearchParams(search);
  for (const [name, value] of [...params]) if (isSecretName(name)) params.set(name, redactSecret(value));
  return `?${params.toString()}`;
}

/** One entry as JSON for `GET /_touchstone/journal`: credentials redacted, binary bodies as size + type. */
export function journalEntryJSON(entry: JournalEntry): Record<string, unknown> {
  const headers = Object.fromEntries(Object.entries(entry.headers).map(([k, v]) => [k, isSecretName(k) ? redactSecret(v) : v]));
  const binary = isBinaryType(entry.headers['content-type'] ?? '');
  return {
    seq: entry.seq,
    upstream: entry.upstream ?? null,
    region: entry.region ?? null,
    time: entry.time,
    method: entry.method,
    path: entry.path,
    search: redactSearch(entry.search),
    headers,
    body: binary
      ? { binary: true, size: entry.bytes.byteLength, contentType: entry.headers['content-type'] ?? null }
      : entry.body !== undefined ? entry.body : entry.rawBody || null,
    status: entry.status ?? null,
    requestId: entry.requestId ?? null,
    completed: entry.completed,
    aborted: entry.aborted,
    fault: entry.fault ?? null,
  };
}
