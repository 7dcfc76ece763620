/**
 * Decoder for AWS's binary event stream framing (`application/vnd.amazon.eventstream`), which
 * ConverseStream answers with: each message is a 12-byte prelude (total length, headers length, CRC32
 * of those 8 bytes), typed headers, the payload, and a CRC32 of everything before it. Incremental: bytes
 * are kept only until a whole message is there; a bad checksum or impossible length is a 502 stream error.
 */
import { UpstreamError } from '../../errors.ts';
import type { UpstreamFrame } from '../types.ts';

const PRELUDE_LENGTH = 12;
const CRC_LENGTH = 4;
const MIN_MESSAGE_LENGTH = PRELUDE_LENGTH + CRC_LENGTH;
/** AWS caps a message at 16 MiB (headers at 128 KiB). */
const MAX_MESSAGE_LENGTH = 16 * 1024 * 1024;
const MAX_HEADERS_LENGTH = 128 * 1024;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, the zlib polynomial) of `bytes`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export interface EventStreamMessage {
  headers: Record<string, string>;
  payload: Uint8Array;
}

function streamError(message: string): UpstreamError {
  return new UpstreamError(502, 'upstream_stream_error', `Bedrock event stream is corrupt: ${message}`);
}

const utf8 = new TextDecoder('utf-8');

/** Header values rendered as strings (the only headers ConverseStream sends are strings). */
function decodeHeaders(bytes: Uint8Array, view: DataView, start: number, end: number): Record<string, string> {
  const headers: Record<string, string> = {};
  let at = start;
  const need = (n: number) => { if (at + n > end) throw streamError('a header runs past the headers section'); };
  while (at < end) {
    need(1);
    const nameLength = bytes[at++]!;
    need(nameLength + 1);
    const name = utf8.decode(bytes.subarray(at, at + nameLength));
    at += nameLength;
    const type = bytes[at++]!;
    let value: string;
    switch (type) {
      case 0: value = 'true'; break;
      case 1: value = 'false'; break;
      case 2: need(1); value = String(view.getInt8(at)); at += 1; break;
      case 3: need(2); value = String(view.getInt16(at)); at += 2; break;
      case 4: need(4); value = String(view.getInt32(at)); at += 4; break;
      case 5: need(8); value = String(view.getBigInt64(at)); at += 8; break;
      case 6: case 7: {
        need(2);
        const length = view.getUint16(at);
        at += 2;
        need(length);
        const raw = bytes.subarray(at, at + length);
        value = type === 7 ? utf8.decode(raw) : Buffer.from(raw).toString('base64');
        at += length;
        break;
      }
      case 8: need(8); value = new Date(Number(view.getBigInt64(at))).toISOString(); at += 8; break;
      case 9: {
        need(16);
        const hex = Buffer.from(bytes.subarray(at, at + 16)).toString('hex');
        value = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
        at += 16;
        break;
      }
      default: throw streamError(`unknown header value type ${type} for header "${name}"`);
    }
    headers[name] = value;
  }
  return headers;
}

/** Decode one complete message (exactly `total` bytes, checksums verified). */
export function decodeMessage(bytes: Uint8Array): EventStreamMessage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < MIN_MESSAGE_LENGTH) throw streamError(`a message of ${bytes.byteLength} bytes is shorter than the ${MIN_MESSAGE_LENGTH}-byte minimum`);
  const total = view.getUint32(0);
  const headersLength = view.getUint32(4);
  if (total !== bytes.byteLength) throw streamError(`the prelude announces ${total} bytes, the message has ${bytes.byteLength}`);
  if (view.getUint32(8) !== crc32(bytes, 0, 8)) throw streamError('prelude CRC32 mismatch');
  if (view.getUint32(total - CRC_LENGTH) !== crc32(bytes, 0, total - CRC_LENGTH)) throw streamError('message CRC32 mismatch');
  if (PRELUDE_LENGTH + headersLength > total - CRC_LENGTH) throw streamError(`headers length ${headersLength} exceeds the message`);
  const headers = decodeHeaders(bytes, view, PRELUDE_LENGTH, PRELUDE_LENGTH + headersLength);
  return { headers, payload: bytes.slice(PRELUDE_LENGTH + headersLength, total - CRC_LENGTH) };
}

/**
 * Splits a byte stream into messages. Chunks are queued as they arrive and joined only once the
 * queued bytes hold a whole message, so no buffer is re-scanned as it grows.
 */
export class EventStreamDecoder {
  #chunks: Uint8Array[] = [];
  #queued = 0;
  #needed = 0; // total length of the message being assembled (0 = prelude not read yet)

  push(chunk: Uint8Array): EventStreamMessage[] {
    const out: EventStreamMessage[] = [];
    if (chunk.byteLength) { this.#chunks.push(chunk); this.#queued += chunk.byteLength; }
    for (;;) {
      if (this.#needed === 0) {
        if (this.#queued < PRELUDE_LENGTH) return out;
        const prelude = this.#peek(PRELUDE_LENGTH);
        const view = new DataView(prelude.buffer, prelude.byteOffset, PRELUDE_LENGTH);
        if (view.getUint32(8) !== crc32(prelude, 0, 8)) throw streamError('prelude CRC32 mismatch');
        const total = view.getUint32(0);
        const headersLength = view.getUint32(4);
        if (total < MIN_MESSAGE_LENGTH || total > MAX_MESSAGE_LENGTH) throw streamError(`impossible message length ${total}`);
        if (headersLength > MAX_HEADERS_LENGTH || headersLength > total - MIN_MESSAGE_LENGTH) throw streamError(`impossible headers length ${headersLength}`);
        this.#needed = total;
      }
      if (this.#queued < this.#needed) return out;
      out.push(decodeMessage(this.#take(this.#needed)));
      this.#needed = 0;
    }
  }

  /** Bytes received but not yet part of a whole message (a non-zero value at the end means truncation). */
  get pending(): number {
    return this.#queued;
  }

  #peek(n: number): Uint8Array {
    const first = this.#chunks[0]!;
    if (first.byteLength >= n) return first.subarray(0, n);
    return this.#join(n, false);
  }

  #take(n: number): Uint8Array {
    return this.#join(n, true);
  }

  #join(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let i = 0;
    while (filled < n) {
      const chunk = this.#chunks[i]!;
      const use = Math.min(chunk.byteLength, n - filled);
      out.set(chunk.subarray(0, use), filled);
      filled += use;
      if (consume) {
        if (use === chunk.byteLength) this.#chunks.shift();
        else this.#chunks[0] = chunk.subarray(use);
      } else i++;
    }
    if (consume) this.#queued -= n;
    return out;
  }
}

/** The translator's `frames()`: the response body as eventstream frames; a cut mid-message is an error. */
export async function* eventStreamFrames(body: ReadableStream<Uint8Array>): AsyncIterable<UpstreamFrame> {
  const decoder = new EventStreamDecoder();
  const reader = body.getReader();
  let drained = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) { drained = true; break; }
      for (const message of decoder.push(value)) yield { kind: 'eventstream', headers: message.headers, payload: message.payload };
    }
  } finally {
    // Stopped early (client went away, or a corrupt frame): stop the upstream body too.
    if (!drained) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  if (decoder.pending > 0) throw streamError(`the stream ended inside a message (${decoder.pending} bytes left over)`);
}
