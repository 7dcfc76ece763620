/**
 * Server-sent events, provider-neutral: one encoder for the edge and one incremental parser.
 * Shared by mocks/, gateway/ and suites/ because SSE framing is a web standard, not a provider idea.
 * The parser keeps only the unterminated tail of the input between chunks (never re-splits a growing buffer).
 */

export interface SseEvent {
  /** `event:` field, when the server sent one. */
  event?: string;
  /** `data:` lines joined with "\n". */
  data: string;
  id?: string;
  retry?: number;
  /** The exact text of the event block as received (lines, without the blank terminator line). */
  raw: string;
}

/** Encode one event as it goes on the wire, terminated by a blank line. */
export function encodeSse(data: string, event?: string): string {
  const head = event === undefined ? '' : `event: ${event}\n`;
  if (!data.includes('\n')) return `${head}data: ${data}\n\n`;
  return `${head}${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
}

/** Encode a JSON value as a `data:` event (JSON.stringify never emits raw newlines). */
export function encodeSseJson(value: unknown, event?: string): string {
  return encodeSse(JSON.stringify(value), event);
}

/**
 * Incremental parser following the WHATWG event-stream rules (CRLF, LF or CR line ends, comments,
 * field without colon, one optional space after the colon). Feed text, receive complete events.
 */
export class SseParser {
  #tail = '';
  #pendingCR = false;
  #lines: string[] = [];
  #data: string[] = [];
  #event: string | undefined;
  #id: string | undefined;
  #retry: number | undefined;

  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let start = 0;
    let i = 0;
    if (this.#pendingCR && text.startsWith('\n')) { start = 1; i = 1; }
    this.#pendingCR = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.#tail + text.slice(start, i);
      this.#tail = '';
      if (c === 13) {
        if (i + 1 < text.length) { if (text.charCodeAt(i + 1) === 10) i++; }
        else this.#pendingCR = true;
      }
      start = i + 1;
      const ev = this.#line(line);
      if (ev) out.push(ev);
    }
    this.#tail += text.slice(start);
    return out;
  }

  /** Call at end of input; returns an event left unterminated (a truncated stream), if any. */
  end(): SseEvent | undefined {
    if (this.#tail) { this.#line(this.#tail); this.#tail = ''; }
    if (this.#lines.length === 0) return undefined;
    const ev = this.#dispatch();
    return ev;
  }

  /** True when bytes arrived that did not form a complete event. */
  get hasPartial(): boolean {
    return this.#tail.length > 0 || this.#lines.length > 0;
  }

  #line(line: string): SseEvent | undefined {
    if (line === '') return this.#lines.length ? this.#dispatch() : undefined;
    this.#lines.push(line);
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    else if (field === 'id') this.#id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.#retry = Number(value);
    return undefined;
  }

  #dispatch(): SseEvent | undefined {
    const raw = this.#lines.join('\n');
    const hadData = this.#data.length > 0;
    const ev: SseEvent = { data: this.#data.join('\n'), raw };
    if (this.#event !== undefined) ev.event = this.#event;
    if (this.#id !== undefined) ev.id = this.#id;
    if (this.#retry !== undefined) ev.retry = this.#retry;
    this.#lines = []; this.#data = []; this.#event = undefined; this.#retry = undefined;
    // Blocks of only comments produce no event; keep them visible in raw transcripts via the caller if needed.
    return hadData || ev.event !== undefined ? ev : undefined;
  }
}

/** Parse a byte stream into events as they arrive. Reports a trailing partial event via `onPartial`. */
export async function* readSse(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  onPartial?: (ev: SseEvent) => void,
): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    for (const ev of parser.push(decoder.decode(chunk, { stream: true }))) yield ev;
  }
  const rest = decoder.decode();
  if (rest) for (const ev of parser.push(rest)) yield ev;
  const partial = parser.end();
  if (partial) onPartial?.(partial);
}
