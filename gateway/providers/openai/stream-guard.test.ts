import { describe, expect, it } from 'vitest';
import { guardOpenAIStream } from './stream-guard.ts';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { ignoreBOM: true });

function bodyOf(parts: (string | Uint8Array | Error)[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[i++];
      if (part === undefined) controller.close();
      else if (part instanceof Error) controller.error(part);
      else controller.enqueue(typeof part === 'string' ? enc.encode(part) : part);
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; reads: string[] }> {
  const reads: string[] = [];
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) { chunks.push(chunk); reads.push(dec.decode(chunk)); }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  return { bytes, reads };
}

const signal = new AbortController().signal;
const event = (n: number) => `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"é${n} ✓"},"finish_reason":null}]}\n\n`;
const complete = `${event(1)}${event(2)}data: [DONE]\n\n`;

describe('guardOpenAIStream', () => {
  it('passes a complete stream through byte for byte, whatever the chunking (multi-byte characters split too)', async () => {
    const bytes = enc.encode(complete);
    for (const size of [1, 2, 3, 7, 50, bytes.length]) {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) parts.push(bytes.slice(i, i + size));
      const out = await readAll(guardOpenAIStream(bodyOf(parts), 'openai-main', signal));
      expect(out.bytes).toEqual(bytes);
    }
  });

  it('keeps a BOM and CRLF framing as sent', async () => {
    const text = `\uFEFFdata: {"a":1}\r\n\r\ndata: [DONE]\r\n\r\n`;
    const out = await readAll(guardOpenAIStream(bodyOf([text]), 'openai-main', signal));
    expect(out.bytes).toEqual(enc.encode(text));
  });

  it('forwards each event as soon as its blank line arrives', async () => {
    const out = await readAll(guardOpenAIStream(bodyOf([event(1), event(2).slice(0, 20), event(2).slice(20), 'data: [DONE]\n\n']), 'openai-main', signal));
    expect(out.reads).toEqual([event(1), event(2), 'data: [DONE]\n\n']);
  });

  it('regression: a stream cut before [DONE] ends with an OpenAI error event, not a silent close; a fragment is not forwarded', async () => {
    const out = await readAll(guardOpenAIStream(bodyOf([event(1), event(2).slice(0, 30)]), 'openai-main', signal));
    const text = dec.decode(out.bytes);
    expect(text.startsWith(event(1))).toBe(true);
    expect(text.slice(event(1).length).startsWith('data: {"error":')).toBe(true);
    const last = JSON.parse(text.slice(event(1).length).replace(/^data: /, '').trim()) as { error: Record<string, unknown> };
    expect(last.error).toMatchObject({ type: 'upstream_error', code: 'upstream_stream_truncated' });
    expect(last.error.message).toContain('openai-main');
  });

  it('a connection reset mid-body ends with an error event', async () => {
    const text = dec.decode((await readAll(guardOpenAIStream(bodyOf([event(1), new Error('socket hang up')]), 'openai-main', signal))).bytes);
    expect(text).toContain('"code":"upstream_stream_error"');
    expect(text).toContain('socket hang up');
  });

  it('OpenAI\'s own error event is the end: passed through, nothing added', async () => {
    const errorEvent = 'data: {"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}\n\n';
    const out = await readAll(guardOpenAIStream(bodyOf([event(1), errorEvent]), 'openai-main', signal));
    expect(dec.decode(out.bytes)).toBe(event(1) + errorEvent);
  });
});
