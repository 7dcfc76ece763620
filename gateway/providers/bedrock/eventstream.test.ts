// The eventstream decoder on hand-built messages (prelude, typed headers, payload, CRC32s as AWS's
// event stream encoding describes them): whole and byte-by-byte delivery, every header type, and the
// 502 stream errors for bad checksums, impossible lengths and a body cut inside a message.
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.ts';
import { crc32, decodeMessage, EventStreamDecoder, eventStreamFrames } from './eventstream.ts';
import { encodeMessage, eventHeaders } from './test-fixtures.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};
function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({ start(c) { for (const chunk of chunks) c.enqueue(chunk); c.close(); } });
}
async function collect(body: ReadableStream<Uint8Array>) {
  const out = [];
  for await (const f of eventStreamFrames(body)) out.push(f);
  return out;
}
async function failure(body: ReadableStream<Uint8Array>): Promise<GatewayError> {
  try { await collect(body); } catch (error) { return error as GatewayError; }
  throw new Error('expected a stream error');
}

describe('bedrock eventstream decoder', () => {
  it('crc32 is the IEEE/zlib CRC', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('decodes a message: headers and payload', () => {
    const m = decodeMessage(encodeMessage(eventHeaders('contentBlockDelta'), '{"contentBlockIndex":0,"delta":{"text":"hi"}}'));
    expect(m.headers).toEqual({ ':event-type': 'contentBlockDelta', ':content-type': 'application/json', ':message-type': 'event' });
    expect(JSON.parse(text(m.payload))).toEqual({ contentBlockIndex: 0, delta: { text: 'hi' } });
  });

  it('decodes every header value type', () => {
    const headers = new Uint8Array([
      1, 0x61, 0, // a: true
      1, 0x62, 1, // b: false
      1, 0x63, 2, 0xff, // c: byte -1
      1, 0x64, 3, 0x01, 0x00, // d: short 256
      1, 0x65, 4, 0x00, 0x01, 0x00, 0x00, // e: int 65536
      1, 0x66, 5, 0, 0, 0, 0, 0, 0, 0, 7, // f: long 7
      1, 0x67, 6, 0, 2, 0xde, 0xad, // g: bytes
      1, 0x68, 8, 0, 0, 0x01, 0x94, 0x24, 0x7e, 0x10, 0x00, // h: timestamp (ms)
      1, 0x69, 9, ...Array.from({ length: 16 }, (_, i) => i), // i: uuid
    ]);
    const total = 12 + headers.length + 4;
    const bytes = new Uint8Array(total);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, total); view.setUint32(4, headers.length); view.setUint32(8, crc32(bytes, 0, 8));
    bytes.set(headers, 12);
    view.setUint32(total - 4, crc32(bytes, 0, total - 4));
    const m = decodeMessage(bytes);
    expect(m.headers).toEqual({
      a: 'true', b: 'false', c: '-1', d: '256', e: '65536', f: '7', g: '3q0=',
      h: new Date(0x194247e1000).toISOString(), i: '00010203-0405-0607-0809-0a0b0c0d0e0f',
    });
    expect(m.payload.length).toBe(0);
  });

  it('reassembles messages delivered one byte at a time and several per chunk', async () => {
    const a = encodeMessage(eventHeaders('messageStart'), '{"role":"assistant"}');
    const b = encodeMessage(eventHeaders('messageStop'), '{"stopReason":"end_turn"}');
    const all = concat(a, b);
    const decoder = new EventStreamDecoder();
    const seen = [];
    for (let i = 0; i < all.length; i++) seen.push(...decoder.push(all.subarray(i, i + 1)));
    expect(seen.map((m) => m.headers[':event-type'])).toEqual(['messageStart', 'messageStop']);
    expect(decoder.pending).toBe(0);
    const frames = await collect(bodyOf([concat(a, b.subarray(0, 5)), b.subarray(5)]));
    expect(frames.map((f) => f.kind === 'eventstream' && f.headers[':event-type'])).toEqual(['messageStart', 'messageStop']);
  });

  it('rejects a bad prelude CRC with a 502 stream error', async () => {
    const m = encodeMessage(eventHeaders('messageStart'), '{}');
    m[9] = m[9]! ^ 0xff;
    const error = await failure(bodyOf([m]));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('upstream_stream_error');
    expect(error.message).toMatch(/prelude CRC32/);
  });

  it('rejects a bad message CRC (payload corrupted) with a 502 stream error', async () => {
    const m = encodeMessage(eventHeaders('messageStart'), '{"role":"assistant"}');
    m[m.length - 6] = m[m.length - 6]! ^ 0x01;
    const error = await failure(bodyOf([m]));
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/message CRC32/);
  });

  it('rejects impossible lengths and a body cut inside a message', async () => {
    const tiny = new Uint8Array(12);
    new DataView(tiny.buffer).setUint32(0, 8);
    new DataView(tiny.buffer).setUint32(8, crc32(tiny, 0, 8));
    expect((await failure(bodyOf([tiny]))).message).toMatch(/impossible message length/);
    const m = encodeMessage(eventHeaders('messageStart'), '{}');
    const cut = await failure(bodyOf([m.subarray(0, m.length - 3)]));
    expect(cut.status).toBe(502);
    expect(cut.message).toMatch(/ended inside a message/);
  });
});
