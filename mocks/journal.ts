/**
 * The request journal every simulator keeps: what arrived (method, path, headers, body), when, what
 * was answered, and whether the client went away before the answer was fully delivered. Suites read it
 * to assert what a gateway actually sent upstream. Provider-neutral.
 */

export interface JournalEntry {
  /** 1-based position in this journal (not reset by `clear()`, so entries stay distinguishable). */
  seq: number;
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
}

export class Journal {
  readonly entries: JournalEntry[] = [];
  #seq = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Read the request body once, append an entry and return it with the body text and bytes. */
  async record(request: Request, path: string): Promise<{ entry: JournalEntry; text: string; bytes: Uint8Array }> {
    const bytes = request.body ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array(0);
    const type = request.headers.get('content-type') ?? '';
    const binary = /^(multipart\/|application\/octet-stream|audio\/|image\/)/i.test(type);
    const text = binary ? '' : new TextDecoder().decode(bytes);
    let body: unknown;
    if (text) {
      try { body = JSON.parse(text); } catch { body = undefined; }
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => { headers[key] = value; });
    const url = new URL(request.url);
    const entry: JournalEntry = {
      seq: ++this.#seq,
      time: this.clock(),
      method: request.method,
      path,
      search: url.search,
      headers,
      body,
      rawBody: binary ? `[${bytes.byteLength} bytes ${type}]` : text,
      bytes,
      completed: false,
      aborted: request.signal.aborted,
    };
    this.entries.push(entry);
    if (!entry.aborted) {
      request.signal.addEventListener('abort', () => { if (!entry.completed) entry.aborted = true; }, { once: true });
    }
    return { entry, text, bytes };
  }

  last(): JournalEntry | undefined {
    return this.entries[this.entries.length - 1];
  }

  clear(): void {
    this.entries.length = 0;
  }
}
