/**
 * A streaming multipart/form-data rewriter: feed it the body in chunks of any size, get back the bytes
 * to forward — every byte unchanged and passed on as soon as it cannot be part of a boundary, except the
 * value of one small text field (the gateway's `model`, `account/model` → `model`), which is held until
 * its part ends (at most `maxBytes`) and replaced by what `rewrite` returns. Memory stays bounded by the
 * boundary length, one part's headers and that field, whatever the size of the files in the body.
 * The structure is checked on the way (RFC 2046 §5.1.1, RFC 7578): a body that does not start with its
 * boundary, a part without a `Content-Disposition` name, oversized headers or a body that ends before its
 * closing boundary are 400 `invalid_multipart` errors saying what was wrong and where.
 */
import { BadRequestError } from '../errors.ts';

export class MultipartError extends BadRequestError {
  constructor(message: string) {
    super('invalid_multipart', `Malformed multipart/form-data body: ${message}`);
  }
}

export interface FieldRewrite {
  /** The form field to rewrite, e.g. `model`. Only its first occurrence is rewritten. */
  name: string;
  /** Longest value accepted, in bytes (the value is held until its part ends). */
  maxBytes: number;
  /** Called once, when the field's part has ended, with its value; returns the value to forward. May throw. */
  rewrite(value: string): string;
}

type State = 'start' | 'preamble' | 'boundary' | 'headers' | 'body' | 'field' | 'epilogue';

const CR = 13, LF = 10, DASH = 45, SP = 32, TAB = 9;
const CRLFCRLF = Buffer.from('\r\n\r\n');
const EMPTY = new Uint8Array(0);
const MAX_PADDING = 256;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

/** The `name` of a part from its header block, or undefined when it has no Content-Disposition name. */
function partName(headerBlock: string): string | undefined {
  for (const line of headerBlock.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    const m = /;\s*name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(line.slice(colon + 1));
    if (m) return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
  }
  return undefined;
}

export class MultipartRewriter {
  /** The rewritten field's value as the client sent it; undefined until its part has ended. */
  fieldValue: string | undefined;
  readonly #dashBoundary: Uint8Array;
  readonly #delimiter: Uint8Array;
  readonly #field: FieldRewrite;
  readonly #maxHeaderBytes: number;
  #state: State = 'start';
  #pending: Uint8Array = EMPTY;
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  #parts = 0;
  #out: Uint8Array[] = [];

  constructor(boundary: string, field: FieldRewrite, options: { maxHeaderBytes?: number } = {}) {
    this.#dashBoundary = Buffer.from(`--${boundary}`);
    this.#delimiter = Buffer.from(`\r\n--${boundary}`);
    this.#field = field;
    this.#maxHeaderBytes = options.maxHeaderBytes ?? 16 * 1024;
  }

  /** Bytes to forward for `chunk` (possibly none yet, possibly some held from earlier chunks). */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.byteLength) this.#pending = this.#pending.byteLength ? concat(this.#pending, chunk) : chunk;
    this.#run();
    return this.#take();
  }

  /** The body has ended: the last bytes to forward; throws when the body was not complete. */
  end(): Uint8Array[] {
    this.#run();
    if (this.#state !== 'epilogue') throw new MultipartError(this.#incomplete());
    return this.#take();
  }

  #take(): Uint8Array[] {
    const out = this.#out.filter((piece) => piece.byteLength > 0);
    this.#out = [];
    return out;
  }

  #emit(n: number): void {
    this.#out.push(this.#pending.subarray(0, n));
    this.#pending = this.#pending.subarray(n);
  }

  #incomplete(): string {
    const boundary = new TextDecoder().decode(this.#dashBoundary);
    switch (this.#state) {
      case 'start':
      case 'preamble': return `no boundary delimiter "${boundary}" found (does the body match the content-type's boundary?).`;
      case 'boundary':
      case 'headers': return `the body ended inside the headers of part ${this.#parts}.`;
      default: return `the body ended inside part ${this.#parts}, before the closing boundary "${boundary}--".`;
    }
  }

  #run(): void {
    const dash = this.#dashBoundary;
    const delimiter = this.#delimiter;
    for (;;) {
      const p = this.#pending;
      switch (this.#state) {
        case 'start': {
          // No preamble: the body opens with --boundary. Otherwise a preamble runs until CRLF--boundary.
          const n = Math.min(p.byteLength, dash.byteLength);
          if (!Buffer.from(p.buffer, p.byteOffset, n).equals(dash.subarray(0, n))) { this.#state = 'preamble'; continue; }
          if (n < dash.byteLength) return;
          this.#emit(dash.byteLength);
          this.#state = 'boundary';
          continue;
        }
        case 'preamble':
        case 'body': {
          const i = indexOf(p, delimiter);
          if (i < 0) { this.#emit(Math.max(0, p.byteLength - (delimiter.byteLength - 1))); return; }
          this.#emit(i + delimiter.byteLength);
          this.#state = 'boundary';
          continue;
        }
        case 'boundary': {
          if (p.byteLength < 2) return;
          if (p[0] === DASH && p[1] === DASH) { this.#emit(2); this.#state = 'epilogue'; continue; }
          let j = 0;
          while (j < p.byteLength && (p[j] === SP || p[j] === TAB)) j++;
          if (j > MAX_PADDING) throw new MultipartError(`more than ${MAX_PADDING} bytes of padding after boundary ${this.#parts + 1}.`);
          if (p.byteLength < j + 2) return;
          if (p[j] !== CR || p[j + 1] !== LF) {
            throw new MultipartError(`expected CRLF or "--" after boundary ${this.#parts + 1}, got ${JSON.stringify(lenient.decode(p.subarray(j, j + 8)))}.`);
          }
          this.#emit(j + 2);
          this.#parts++;
          this.#state = 'headers';
          continue;
        }
        case 'headers': {
          if (p.byteLength < 2) return;
          const empty = p[0] === CR && p[1] === LF;
          const end = empty ? 0 : indexOf(p, CRLFCRLF);
          const tooLong = end < 0 ? p.byteLength > this.#maxHeaderBytes + 3 : end > this.#maxHeaderBytes;
          if (tooLong) throw new MultipartError(`the headers of part ${this.#parts} exceed ${this.#maxHeaderBytes} bytes.`);
          if (end < 0) return;
          const name = partName(lenient.decode(p.subarray(0, end)));
          if (name === undefined) throw new MultipartError(`part ${this.#parts} has no Content-Disposition header with a name.`);
          this.#emit(empty ? 2 : end + 4);
          this.#state = name === this.#field.name && this.fieldValue === undefined ? 'field' : 'body';
          continue;
        }
        case 'field': {
          const i = indexOf(p, delimiter);
          const take = i < 0 ? Math.max(0, p.byteLength - (delimiter.byteLength - 1)) : i;
          if (take > 0) {
            this.#held.push(p.subarray(0, take));
            this.#heldBytes += take;
            this.#pending = p.subarray(take);
          }
          if (this.#heldBytes > this.#field.maxBytes) {
            throw new MultipartError(`the "${this.#field.name}" field is longer than ${this.#field.maxBytes} bytes.`);
          }
          if (i < 0) return;
          const bytes = this.#held.length === 1 ? this.#held[0]! : Buffer.concat(this.#held);
          let value: string;
          try { value = utf8.decode(bytes); } catch {
            throw new MultipartError(`the "${this.#field.name}" field is not valid UTF-8.`);
          }
          this.#held = [];
          this.fieldValue = value;
          this.#out.push(encoder.encode(this.#field.rewrite(value)));
          this.#emit(delimiter.byteLength);
          this.#state = 'boundary';
          continue;
        }
        case 'epilogue':
          this.#emit(p.byteLength);
          return;
      }
    }
  }
}
