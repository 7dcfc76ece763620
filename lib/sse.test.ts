import { describe, expect, it } from 'vitest';
import { encodeSse, encodeSseJson, readSse, SseParser } from './sse.ts';

describe('SSE', () => {
  it('encodes data and named events, multi-line data as several data lines', () => {
    expect(encodeSseJson({ a: 1 })).toBe('data: {"a":1}\n\n');
    expect(encodeSse('x', 'ping')).toBe('event: ping\ndata: x\n\n');
    expect(encodeSse('a\nb')).toBe('data: a\ndata: b\n\n');
  });

  it('parses across arbitrary chunk boundaries, CRLF/CR/LF, comments, and reports a partial tail', () => {
    const text = ': comment\r\nevent: e\r\ndata: 1\r\n\r\ndata: a\ndata: b\n\ndata:no-space\r\rdata: tail';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new SseParser();
      const events = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(events.map((e) => [e.event, e.data]), `cut at ${cut}`).toEqual([['e', '1'], [undefined, 'a\nb'], [undefined, 'no-space']]);
      expect(p.end()?.data).toBe('tail');
    }
  });

  it('reads a byte stream with multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: héllo ✓\n\n');
    const chunks = [bytes.slice(0, 9), bytes.slice(9, 15), bytes.slice(15)];
    const got: string[] = [];
    for await (const ev of readSse((async function* () { yield* chunks; })())) got.push(ev.data);
    expect(got).toEqual(['héllo ✓']);
  });
});
