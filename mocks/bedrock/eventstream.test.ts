/**
 * The event-stream codec against the SDK's own (`EventStreamCodec` from @smithy/core/event-streams,
 * which the Bedrock client decodes streams with): frames round-trip both ways with every header type,
 * the splitter cuts arbitrary chunkings into whole messages, and a corrupted CRC is rejected by both.
 */
import { EventStreamCodec, Int64, type MessageHeaders } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage, encodeMessage, EventStreamError, EventStreamSplitter, eventFrame, exceptionFrame, type EventStreamMessage,
} from './eventstream.ts';

const sdk = new EventStreamCodec(toUtf8, fromUtf8);
const text = (s: string) => new TextEncoder().encode(s);

const everyType: EventStreamMessage = {
  headers: {
    yes: { type: 'boolean', value: true },
    no: { type: 'boolean', value: false },
    b: { type: 'byte', value: -7 },
    s: { type: 'short', value: -300 },
    i: { type: 'integer', value: 123456 },
    l: { type: 'long', value: -5n },
    bin: { type: 'binary', value: Uint8Array.of(1, 2, 3) },
    str: { type: 'string', value: 'héllo' },
    ts: { type: 'timestamp', value: 1735689600000n },
    id: { type: 'uuid', value: '0f8fad5b-d9cb-469f-a165-70867728950e' },
  },
  payload: text('{"a":1}'),
};

describe('event stream codec', () => {
  it('encodes messages the SDK decodes, every header type included', () => {
    const decoded = sdk.decode(encodeMessage(everyType));
    expect(toUtf8(decoded.body)).toBe('{"a":1}');
    const h = decoded.headers;
    expect([h.yes!.value, h.no!.value, h.b!.value, h.s!.value, h.i!.value]).toEqual([true, false, -7, -300, 123456]);
    expect((h.l!.value as Int64).valueOf()).toBe(-5);
    expect([...(h.bin!.value as Uint8Array)]).toEqual([1, 2, 3]);
    expect(h.str!.value).toBe('héllo');
    expect((h.ts!.value as Date).getTime()).toBe(1735689600000);
    expect(h.id!.value).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('decodes messages the SDK encodes, and re-encodes them byte for byte', () => {
    const headers: MessageHeaders = {
      ':event-type': { type: 'string', value: 'chunk' },
      n: { type: 'integer', value: 42 },
      flag: { type: 'boolean', value: true },
    };
    const bytes = sdk.encode({ headers, body: text('payload') });
    const mine = decodeMessage(bytes);
    expect(mine.headers).toEqual({ ':event-type': { type: 'string', value: 'chunk' }, n: { type: 'integer', value: 42 }, flag: { type: 'boolean', value: true } });
    expect(new TextDecoder().decode(mine.payload)).toBe('payload');
    expect(encodeMessage(mine)).toEqual(bytes);
  });

  it("writes Bedrock's event and exception frames", () => {
    const event = sdk.decode(eventFrame('messageStart', { role: 'assistant' }));
    expect(Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k, v.value]))).toEqual({
      ':event-type': 'messageStart', ':content-type': 'application/json', ':message-type': 'event',
    });
    expect(JSON.parse(toUtf8(event.body))).toEqual({ role: 'assistant' });
    const exception = sdk.decode(exceptionFrame('throttlingException', { message: 'slow down' }));
    expect(exception.headers[':message-type']!.value).toBe('exception');
    expect(exception.headers[':exception-type']!.value).toBe('throttlingException');
  });

  it('splits any chunking of a stream into whole messages', () => {
    const frames = [eventFrame('a', { x: 1 }), eventFrame('b', { y: 'two' }), encodeMessage({ headers: {}, payload: new Uint8Array(0) })];
    const all = new Uint8Array(frames.reduce((n, f) => n + f.byteLength, 0));
    let at = 0;
    for (const f of frames) { all.set(f, at); at += f.byteLength; }
    for (const size of [1, 3, 7, 64, all.byteLength]) {
      const splitter = new EventStreamSplitter();
      const out: Uint8Array[] = [];
      for (let i = 0; i < all.byteLength; i += size) out.push(...splitter.push(all.subarray(i, i + size)));
      expect(splitter.end()).toEqual([]);
      expect(out).toEqual(frames);
    }
    const partial = new EventStreamSplitter();
    expect(partial.push(all.subarray(0, 10))).toEqual([]);
    expect(partial.end()).toEqual([all.subarray(0, 10)]);
  });

  it('rejects a corrupted CRC, as the SDK does', () => {
    const frame = eventFrame('contentBlockDelta', { delta: { text: 'hi' }, contentBlockIndex: 0 });
    const badMessage = frame.slice();
    badMessage[badMessage.length - 1]! ^= 0xff;
    expect(() => decodeMessage(badMessage)).toThrow(EventStreamError);
    expect(() => sdk.decode(badMessage)).toThrow(/message checksum/);
    const badPrelude = frame.slice();
    badPrelude[9]! ^= 0x01;
    expect(() => decodeMessage(badPrelude)).toThrow(/prelude CRC32/);
    expect(() => sdk.decode(badPrelude)).toThrow(/prelude checksum/);
  });
});
