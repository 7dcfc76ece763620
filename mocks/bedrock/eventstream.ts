/**
 * The AWS event stream binary framing (`application/vnd.amazon.eventstream`), written from AWS's
 * description of the encoding: each message is
 *
 *   total length (uint32 BE) · headers length (uint32 BE) · prelude CRC32 (of the 8 bytes before it)
 *   · headers · payload · message CRC32 (of every byte before it)
 *
 * and each header is name length (uint8) · name (UTF-8) · value type (uint8) · value, where the value
 * is encoded per type: 0 true / 1 false (no bytes), 2 byte, 3 int16, 4 int32, 5 int64, 6 bytes and
 * 7 string (uint16 BE length + data), 8 timestamp (int64 ms), 9 uuid (16 bytes). Integers are big-endian.
 *
 * `encodeMessage` writes one message; `EventStreamSplitter` cuts a byte stream into whole messages
 * without re-scanning (it keeps only the unfinished tail); `decodeMessage` checks both CRCs and parses.
 * Bedrock's own frames (`eventFrame`, `exceptionFrame`) carry string headers only.
 */
import { crc32 } from 'node:zlib';

export type HeaderValue =
  | { type: 'boolean'; value: boolean }
  | { type: 'byte' | 'short' | 'integer'; value: number }
  | { type: 'long' | 'timestamp'; value: bigint }
  | { type: 'binary'; value: Uint8Array }
  | { type: 'string' | 'uuid'; value: string };

export interface EventStreamMessage {
  headers: Record<string, HeaderValue>;
  payload: Uint8Array;
}

export class EventStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventStreamError';
  }
}

const PRELUDE = 8;
const CRC = 4;
/** The smallest message: prelude, its CRC and the message CRC, with no headers and no payload. */
export const MIN_MESSAGE_LENGTH = PRELUDE + CRC * 2;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

const TYPE_CODES = { byte: 2, short: 3, integer: 4, long: 5, binary: 6, string: 7, timestamp: 8, uuid: 9 } as const;

function encodeHeaderValue(header: HeaderValue): Uint8Array {
  switch (header.type) {
    case 'boolean': return Uint8Array.of(header.value ? 0 : 1);
    case 'byte': return Uint8Array.of(TYPE_CODES.byte, header.value & 0xff);
    case 'short': case 'integer': {
      const size = header.type === 'short' ? 2 : 4;
      const out = new Uint8Array(1 + size);
      const view = new DataView(out.buffer);
      out[0] = TYPE_CODES[header.type];
      if (size === 2) view.setInt16(1, header.value); else view.setInt32(1, header.value);
      return out;
    }
    case 'long': case 'timestamp': {
      const out = new Uint8Array(9);
      out[0] = TYPE_CODES[header.type];
      new DataView(out.buffer).setBigInt64(1, header.value);
      return out;
    }
    case 'binary': case 'string': {
      const data: Uint8Array = typeof header.value === 'string' ? utf8.encode(header.value) : header.value;
      if (data.byteLength > 0xffff) throw new EventStreamError(`header value longer than 65535 bytes (${data.byteLength})`);
      const out = new Uint8Array(3 + data.byteLength);
      out[0] = TYPE_CODES[header.type];
      new DataView(out.buffer).setUint16(1, data.byteLength);
      out.set(data, 3);
      return out;
    }
    case 'uuid': {
      const hex = header.value.replace(/-/g, '');
      if (!/^[0-9a-f]{32}$/i.test(hex)) throw new EventStreamError(`invalid uuid header value ${header.value}`);
      const out = new Uint8Array(17);
      out[0] = TYPE_CODES.uuid;
      for (let i = 0; i < 16; i++) out[1 + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
      return out;
    }
  }
}

export function encodeHeaders(headers: Record<string, HeaderValue>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = utf8.encode(name);
    if (nameBytes.byteLength > 255) throw new EventStreamError(`header name longer than 255 bytes: ${name}`);
    parts.push(Uint8Array.of(nameBytes.byteLength), nameBytes, encodeHeaderValue(value));
  }
  return concat(parts);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
}

/** One message on the wire. */
export function encodeMessage(message: EventStreamMessage): Uint8Array {
  const headers = encodeHeaders(message.headers);
  const total = PRELUDE + CRC + headers.byteLength + message.payload.byteLength + CRC;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headers.byteLength);
  view.setUint32(8, crc32(out.subarray(0, PRELUDE)));
  out.set(headers, PRELUDE + CRC);
  out.set(message.payload, PRELUDE + CRC + headers.byteLength);
  view.setUint32(total - CRC, crc32(out.subarray(0, total - CRC)));
  return out;
}

function decodeHeaders(bytes: Uint8Array): Record<string, HeaderValue> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, HeaderValue> = {};
  let at = 0;
  const need = (n: number) => { if (at + n > bytes.byteLength) throw new EventStreamError('header block truncated'); };
  while (at < bytes.byteLength) {
    const nameLength = view.getUint8(at++);
    need(nameLength + 1);
    const name = fromUtf8.decode(bytes.subarray(at, at + nameLength));
    at += nameLength;
    const type = view.getUint8(at++);
    switch (type) {
      case 0: case 1: out[name] = { type: 'boolean', value: type === 0 }; break;
      case 2: need(1); out[name] = { type: 'byte', value: view.getInt8(at) }; at += 1; break;
      case 3: need(2); out[name] = { type: 'short', value: view.getInt16(at) }; at += 2; break;
      case 4: need(4); out[name] = { type: 'integer', value: view.getInt32(at) }; at += 4; break;
      case 5: case 8: need(8); out[name] = { type: type === 5 ? 'long' : 'timestamp', value: view.getBigInt64(at) }; at += 8; break;
      case 6: case 7: {
        need(2);
        const length = view.getUint16(at);
        at += 2;
        need(length);
        const data = bytes.slice(at, at + length);
        out[name] = type === 6 ? { type: 'binary', value: data } : { type: 'string', value: fromUtf8.decode(data) };
        at += length;
        break;
      }
      case 9: {
        need(16);
        const hex = [...bytes.subarray(at, at + 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
        out[name] = { type: 'uuid', value: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` };
        at += 16;
        break;
      }
      default: throw new EventStreamError(`unknown header value type ${type} for header ${name}`);
    }
  }
  return out;
}

/** Decode exactly one message, verifying its length and both checksums. */
export function decodeMessage(bytes: Uint8Array): EventStreamMessage {
  if (bytes.byteLength < MIN_MESSAGE_LENGTH) throw new EventStreamError(`message of ${bytes.byteLength} bytes is shorter than the minimum ${MIN_MESSAGE_LENGTH}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = view.getUint32(0);
  const headersLength = view.getUint32(4);
  if (total !== bytes.byteLength) throw new EventStreamError(`message length ${total} does not match the ${bytes.byteLength} bytes received`);
  if (view.getUint32(8) !== crc32(bytes.subarray(0, PRELUDE))) throw new EventStreamError('prelude CRC32 mismatch');
  if (view.getUint32(total - CRC) !== crc32(bytes.subarray(0, total - CRC))) throw new EventStreamError('message CRC32 mismatch');
  if (PRELUDE + CRC + headersLength > total - CRC) throw new EventStreamError('headers length exceeds the message');
  const headersEnd = PRELUDE + CRC + headersLength;
  return { headers: decodeHeaders(bytes.subarray(PRELUDE + CRC, headersEnd)), payload: bytes.slice(headersEnd, total - CRC) };
}

/**
 * Cuts a byte stream into whole messages by their length prefix. Only the unfinished tail is kept
 * between pushes; `end()` returns it (a truncated message) when the stream stops mid-message.
 */
export class EventStreamSplitter {
  #tail = new Uint8Array(0);

  push(chunk: Uint8Array): Uint8Array[] {
    const data = this.#tail.byteLength ? concat([this.#tail, chunk]) : chunk;
    const out: Uint8Array[] = [];
    let at = 0;
    while (data.byteLength - at >= 4) {
      const total = new DataView(data.buffer, data.byteOffset + at, 4).getUint32(0);
      if (total < MIN_MESSAGE_LENGTH) throw new EventStreamError(`message length ${total} is shorter than the minimum ${MIN_MESSAGE_LENGTH}`);
      if (data.byteLength - at < total) break;
      out.push(data.slice(at, at + total));
      at += total;
    }
    this.#tail = data.slice(at);
    return out;
  }

  /** The bytes of an unfinished message, if the stream ended inside one. */
  end(): Uint8Array[] {
    const rest = this.#tail;
    this.#tail = new Uint8Array(0);
    return rest.byteLength ? [rest] : [];
  }
}

const str = (value: string): HeaderValue => ({ type: 'string', value });

/** A Bedrock event: `:event-type`, `:content-type` application/json, `:message-type` event. */
export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return encodeMessage({
    headers: { ':event-type': str(eventType), ':content-type': str('application/json'), ':message-type': str('event') },
    payload: utf8.encode(JSON.stringify(payload)),
  });
}

/** A modeled in-stream exception (`throttlingException`, `modelStreamErrorException`, ...). */
export function exceptionFrame(exceptionType: string, payload: Record<string, unknown>): Uint8Array {
  return encodeMessage({
    headers: { ':exception-type': str(exceptionType), ':content-type': str('application/json'), ':message-type': str('exception') },
    payload: utf8.encode(JSON.stringify(payload)),
  });
}
