// Multipart uploads through the whole gateway, against a scripted upstream fetch: a 20 MB file streams
// through with bounded memory, the upstream sees the file's first bytes before the client has finished
// sending (header-routed and read-ahead alike), the read-ahead is bounded, and a body that turns out
// malformed mid-stream is a 400, not a 502.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../app.ts';
import { hashKey, resolveConfig } from '../config.ts';

const KEY = 'ts-upload-test-key';
const ACCOUNT_KEY = 'sk-upload-account-key';
const B = 'gw-test-boundary-7f3a';
const enc = new TextEncoder();

function configWith(maxBodyBytes?: number) {
  return resolveConfig({
    ...(maxBodyBytes ? { server: { max_body_bytes: maxBodyBytes } } : {}),
    accounts: [
      { name: 'openai-main', provider: 'openai', base_url: 'http://upstream.test/v1', api_key: { value: ACCOUNT_KEY }, models: [{ name: 'whisper-1' }] },
      { name: 'openai-eu', provider: 'openai', base_url: 'http://eu.upstream.test/v1', api_key: { value: 'sk-eu' }, models: [{ name: 'whisper-1' }] },
    ],
    keys: [{ name: 'demo', sha256: hashKey(KEY), access: { models: ['*'] } }],
  }, 'upload test');
}

interface Upstream { url: string; headers: Headers; body: ReadableStream<Uint8Array> }
type Script = (up: Upstream) => Promise<Response>;

function gatewayWith(script: Script, maxBodyBytes?: number) {
  const calls: Upstream[] = [];
  const gateway = createGateway(configWith(maxBodyBytes), {
    onLog: () => {},
    fetch: async (input, init) => {
      const up = { url: String(input), headers: new Headers(init?.headers), body: init!.body as ReadableStream<Uint8Array> };
      calls.push(up);
      return script(up);
    },
  });
  return { gateway, calls };
}

function upload(path: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request(`http://gw.test/api/llm${path}`, {
    method: 'POST', body, duplex: 'half',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': `multipart/form-data; boundary=${B}`, ...headers },
  } as RequestInit);
}

const partHead = (name: string, filename?: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n`;
const field = (name: string, value: string) => `${partHead(name)}${value}\r\n`;
const closing = `--${B}--\r\n`;
/** The rewriter holds back a boundary's length of a part's last bytes (they could begin a delimiter). */
const PAST_BOUNDARY_TAIL = '.'.repeat(B.length + 4);

/** A client body the test feeds by hand: `send` chunks, then `end`. */
function manualBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => { controller = c; } });
  let ended = false;
  return {
    stream,
    send: (text: string | Uint8Array) => controller.enqueue(typeof text === 'string' ? enc.encode(text) : text),
    end: () => { ended = true; controller.close(); },
    get ended() { return ended; },
  };
}

/** Read `body` until `marker` has been seen; returns the bytes read so far and the reader to go on with. */
async function readUntil(body: ReadableStream<Uint8Array>, marker: string) {
  const reader = body.getReader();
  let seen = Buffer.alloc(0);
  while (!seen.includes(marker)) {
    const next = await reader.read();
    if (next.done) throw new Error(`upstream body ended before "${marker}"`);
    seen = Buffer.concat([seen, next.value]);
  }
  return { seen, reader };
}

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, seen: Buffer): Promise<Buffer> {
  const parts = [seen];
  for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(Buffer.from(next.value));
  return Buffer.concat(parts);
}

describe('multipart uploads stream through the gateway', () => {
  it('a 20 MB file passes with bounded memory, byte for byte, chunked, with the account key', async () => {
    const CHUNK = 64 * 1024;
    const FILE_BYTES = 20 * 1024 * 1024;
    const head = enc.encode(field('purpose', 'batch') + partHead('file', 'big.jsonl'));
    const tail = enc.encode(`\r\n${closing}`);
    const sent = createHash('sha256');
    let produced = 0;
    let consumed = 0;
    let maxInFlight = 0;
    let fileSent = 0;
    const client = new ReadableStream<Uint8Array>({
      pull(controller) {
        let chunk: Uint8Array;
        if (produced === 0) chunk = head;
        else if (fileSent < FILE_BYTES) {
          chunk = new Uint8Array(Math.min(CHUNK, FILE_BYTES - fileSent)).fill(97 + ((fileSent / CHUNK) % 26));
          fileSent += chunk.byteLength;
        } else if (produced < head.byteLength + FILE_BYTES + tail.byteLength) chunk = tail;
        else { controller.close(); return; }
        produced += chunk.byteLength;
        sent.update(chunk);
        controller.enqueue(chunk);
      },
    });
    const received = createHash('sha256');
    const { gateway, calls } = gatewayWith(async ({ body }) => {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        consumed += chunk.byteLength;
        received.update(chunk);
        maxInFlight = Math.max(maxInFlight, produced - consumed);
      }
      return Response.json({ id: 'file-big', object: 'file', bytes: FILE_BYTES });
    });
    const res = await gateway.fetch(upload('/files', client, { 'x-tfy-provider-name': 'openai-main' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'file-big' });
    expect(consumed).toBe(head.byteLength + FILE_BYTES + tail.byteLength);
    expect(received.digest('hex')).toBe(sent.digest('hex'));
    expect(maxInFlight).toBeLessThan(512 * 1024);
    const up = calls[0]!;
    expect(up.url).toBe('http://upstream.test/v1/files');
    expect(up.headers.get('content-type')).toBe(`multipart/form-data; boundary=${B}`);
    expect(up.headers.get('content-length')).toBeNull();
    expect(up.headers.get('authorization')).toBe(`Bearer ${ACCOUNT_KEY}`);
    expect(up.headers.get('x-tfy-provider-name')).toBeNull();
  });

  it('header-routed: the upstream receives the first file bytes before the client has finished', async () => {
    const client = manualBody();
    let upstreamSawFile!: () => void;
    const sawFile = new Promise<void>((resolve) => { upstreamSawFile = resolve; });
    const { gateway } = gatewayWith(async ({ body }) => {
      const { seen, reader } = await readUntil(body, 'FIRST-FILE-BYTES');
      upstreamSawFile();
      const all = await drain(reader, seen);
      return Response.json({ id: 'file-1', bytes: all.byteLength });
    });
    client.send(field('purpose', 'fine-tune') + partHead('file', 'train.jsonl') + 'FIRST-FILE-BYTES' + PAST_BOUNDARY_TAIL);
    const answer = gateway.fetch(upload('/files', client.stream, { 'x-tfy-provider-name': 'openai-main' }));
    await sawFile;
    expect(client.ended).toBe(false);
    client.send('the rest of the file');
    client.send(`\r\n${closing}`);
    client.end();
    expect((await answer).status).toBe(200);
  });

  it('read ahead (no header, model first): the model is rewritten and the file still streams', async () => {
    const client = manualBody();
    let upstreamSawFile!: (seen: Buffer) => void;
    const sawFile = new Promise<Buffer>((resolve) => { upstreamSawFile = resolve; });
    const { gateway, calls } = gatewayWith(async ({ body }) => {
      const { seen, reader } = await readUntil(body, 'RIFF-start');
      upstreamSawFile(seen);
      await drain(reader, seen);
      return Response.json({ text: 'hello', usage: { type: 'duration', seconds: 3 } });
    });
    client.send(field('model', 'openai-main/whisper-1') + partHead('file', 'a.wav') + 'RIFF-start' + PAST_BOUNDARY_TAIL);
    const answer = gateway.fetch(upload('/audio/transcriptions', client.stream));
    const seen = await sawFile;
    expect(client.ended).toBe(false);
    expect(seen.toString()).toContain(`name="model"\r\n\r\nwhisper-1\r\n--${B}`);
    expect(seen.toString()).not.toContain('openai-main/');
    client.send(`...more audio\r\n${closing}`);
    client.end();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(calls[0]!.url).toBe('http://upstream.test/v1/audio/transcriptions');
  });

  it('a model after the file is found by reading ahead, within max_body_bytes; beyond it a 413', async () => {
    const file = 'x'.repeat(20_000);
    const body = () => new Response(field('prompt', 'hi') + partHead('file', 'a.wav') + file + '\r\n' + field('model', 'openai-main/whisper-1') + closing).body!;
    const { gateway, calls } = gatewayWith(async ({ body: b }) => {
      const text = Buffer.from(await new Response(b).arrayBuffer()).toString();
      expect(text).toContain(`${file}\r\n--${B}\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n--${B}--`);
      return Response.json({ text: 'ok' });
    });
    expect((await gateway.fetch(upload('/audio/translations', body()))).status).toBe(200);
    expect(calls).toHaveLength(1);
    const small = gatewayWith(async () => Response.json({}), 8 * 1024);
    const res = await small.gateway.fetch(upload('/audio/translations', body()));
    expect(res.status).toBe(413);
    expect((await res.json() as { error: { code: string } }).error.code).toBe('request_too_large');
    expect(small.calls).toHaveLength(0);
  });

  it('a body found malformed after forwarding began is a 400 invalid_multipart, not a 502', async () => {
    const { gateway, calls } = gatewayWith(async ({ body }) => {
      await new Response(body).arrayBuffer(); // errors when the gateway finds the body malformed
      return Response.json({ id: 'never' });
    });
    const client = new Response(`${field('purpose', 'batch') + partHead('file', 'a.jsonl')}{"a":1}\r\n--${B}junk`).body!;
    const res = await gateway.fetch(upload('/files', client, { 'x-tfy-provider-name': 'openai-main' }));
    expect(res.status).toBe(400);
    const { error } = await res.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_multipart');
    expect(error.message).toMatch(/expected CRLF or "--" after boundary 3/);
    expect(calls).toHaveLength(1);
  });

  it('a model naming another account than the header is a 400 naming both, before any upstream call', async () => {
    const { gateway, calls } = gatewayWith(async () => Response.json({}));
    const body = new Response(field('model', 'openai-eu/whisper-1') + partHead('file', 'a.wav') + 'abc\r\n' + closing).body!;
    const res = await gateway.fetch(upload('/audio/transcriptions', body, { 'x-tfy-provider-name': 'openai-main' }));
    expect(res.status).toBe(400);
    const { error } = await res.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('provider_mismatch');
    expect(error.message).toContain('"openai-eu"');
    expect(error.message).toContain('"openai-main"');
    expect(calls).toHaveLength(0);
  });
});
