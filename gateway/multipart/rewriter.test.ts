// The streaming multipart rewriter on its own: every byte passes unchanged except the `model` value,
// whatever the chunking (fast-check splits bodies at random points and at every byte), parts and
// delimiters straddling chunk boundaries, bodies serialised by undici's own FormData, and the 400s a
// malformed body gets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multipartBoundary } from './boundary.ts';
import { MultipartError, MultipartRewriter, type FieldRewrite } from './rewriter.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

interface Part { name: string; filename?: string; value: Uint8Array }

function build(boundary: string, parts: Part[], { preamble = '', epilogue = '' } = {}): Uint8Array {
  const pieces: Uint8Array[] = [enc.encode(preamble ? `${preamble}\r\n` : '')];
  for (const p of parts) {
    const file = p.filename === undefined ? '' : `; filename="${p.filename}"\r\nContent-Type: application/octet-stream`;
    pieces.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file}\r\n\r\n`), p.value, enc.encode('\r\n'));
  }
  pieces.push(enc.encode(`--${boundary}--\r\n${epilogue}`));
  return Buffer.concat(pieces);
}

const stripAccount: FieldRewrite = { name: 'model', maxBytes: 1024, rewrite: (v) => v.slice(v.indexOf('/') + 1) };

function run(boundary: string, chunks: Uint8Array[], field: FieldRewrite = stripAccount): { out: Uint8Array; rewriter: MultipartRewriter } {
  const rewriter = new MultipartRewriter(boundary, field);
  const out: Uint8Array[] = [];
  for (const c of chunks) out.push(...rewriter.push(c));
  out.push(...rewriter.end());
  return { out: Buffer.concat(out), rewriter };
}

function split(body: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (body.byteLength + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, body.byteLength]) { chunks.push(body.subarray(at, p)); at = p; }
  return chunks;
}

const bytesAt = (body: Uint8Array) => Array.from({ length: body.byteLength }, (_, i) => body.subarray(i, i + 1));

describe('multipart boundary', () => {
  it('reads plain and quoted boundaries', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc123')).toBe('abc123');
    expect(multipartBoundary('Multipart/Form-Data;boundary="a b:c"')).toBe('a b:c');
  });
  it('415 for another media type, 400 naming a missing or invalid boundary', () => {
    expect(() => multipartBoundary('application/json')).toThrow(/Expected content-type multipart\/form-data, got application\/json/);
    expect(() => multipartBoundary(null)).toThrow(/got none/);
    expect(() => multipartBoundary('multipart/form-data')).toThrow(/no boundary parameter/);
    expect(() => multipartBoundary(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toThrow(/is not valid/);
  });
});

describe('multipart rewriter', () => {
  const B = 'XyZ-boundary-42';

  it('rewrites only the model value and passes every other byte through', () => {
    const file = new Uint8Array(3000).map((_, i) => (i * 7) % 256);
    const body = build(B, [{ name: 'file', filename: 'a.wav', value: file }, { name: 'model', value: enc.encode('openai-main/whisper-1') }, { name: 'language', value: enc.encode('fr') }]);
    const expected = build(B, [{ name: 'file', filename: 'a.wav', value: file }, { name: 'model', value: enc.encode('whisper-1') }, { name: 'language', value: enc.encode('fr') }]);
    const { out, rewriter } = run(B, [body]);
    expect(Buffer.from(out).equals(Buffer.from(expected))).toBe(true);
    expect(rewriter.fieldValue).toBe('openai-main/whisper-1');
  });

  it('passes a body serialised by undici FormData through, identical but for the model', async () => {
    const form = new FormData();
    form.append('model', 'openai-main/gpt-image-1');
    form.append('image[]', new File([new Uint8Array(5000).fill(9)], 'a.png', { type: 'image/png' }));
    form.append('prompt', 'a cat — in a hat');
    const response = new Response(form);
    const boundary = multipartBoundary(response.headers.get('content-type'));
    const body = new Uint8Array(await response.arrayBuffer());
    const { out } = run(boundary, split(body, [1, 50, 51, 200, 4000]));
    const parsed = await new Response(out as Uint8Array<ArrayBuffer>, { headers: { 'content-type': response.headers.get('content-type')! } }).formData();
    expect(parsed.get('model')).toBe('gpt-image-1');
    expect(parsed.get('prompt')).toBe('a cat — in a hat');
    expect((parsed.get('image[]') as File).size).toBe(5000);
    expect(out.byteLength).toBe(body.byteLength - 'openai-main/'.length);
  });

  it('a delimiter or header block straddling chunks at every split point gives the same bytes', () => {
    const body = build(B, [{ name: 'file', filename: 'x.bin', value: enc.encode(`\r\n--${B.slice(0, 5)} not a boundary \r\n-`) }, { name: 'model', value: enc.encode('acct/m') }]);
    const whole = run(B, [body]).out;
    for (let i = 0; i <= body.byteLength; i++) {
      for (const j of [i + 1, i + 7, i + B.length + 4]) {
        expect(Buffer.from(run(B, split(body, [i, j])).out).equals(Buffer.from(whole))).toBe(true);
      }
    }
  });

  it('property: any chunking (and byte-at-a-time) yields the expected body', () => {
    // Values never contain CRLF--boundary itself (a client picks a boundary its data lacks), but may hold any prefix of it.
    const tricky = fc.constantFrom('\r\n', '--', `\r\n--${B.slice(0, 6)}`, `\r\n--${B.slice(0, -1)}`, `-${B}`, '\r', '\n\n', 'model');
    const value = fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), tricky.map((s) => enc.encode(s))), { maxLength: 6 }).map((xs) => Buffer.concat(xs))
      .filter((v) => !Buffer.concat([enc.encode('\r\n'), v]).includes(`\r\n--${B}`));
    const part = fc.record({ name: fc.constantFrom('file', 'prompt', 'n', 'image[]'), filename: fc.option(fc.constant('f.bin'), { nil: undefined }), value });
    fc.assert(fc.property(
      fc.array(part, { maxLength: 4 }), fc.option(fc.nat(4), { nil: undefined }), fc.string({ minLength: 1, maxLength: 30 }),
      fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom('', 'preamble text'), fc.constantFrom('', 'epilogue'),
      (parts, modelAt, modelName, cuts, preamble, epilogue) => {
        const withModel = (v: string) => {
          const list: Part[] = parts.map((p) => ({ ...p }));
          if (modelAt !== undefined) list.splice(Math.min(modelAt, list.length), 0, { name: 'model', filename: undefined, value: enc.encode(v) });
          return list;
        };
        const body = build(B, withModel(`acct/${modelName}`), { preamble, epilogue });
        const expected = build(B, withModel(modelName), { preamble, epilogue });
        const chunked = run(B, split(body, cuts));
        expect(Buffer.from(chunked.out).equals(Buffer.from(expected))).toBe(true);
        expect(chunked.rewriter.fieldValue).toBe(modelAt === undefined ? undefined : `acct/${modelName}`);
        expect(Buffer.from(run(B, bytesAt(body)).out).equals(Buffer.from(expected))).toBe(true);
      },
    ), { numRuns: 150 });
  });

  it('passes bytes on as they arrive: only a boundary-length tail is held', () => {
    const rewriter = new MultipartRewriter(B, stripAccount);
    const head = enc.encode(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="big"\r\n\r\n`);
    const forwarded = Buffer.concat(rewriter.push(head)).byteLength;
    expect(forwarded).toBe(head.byteLength);
    const data = new Uint8Array(100_000).fill(65);
    const out = Buffer.concat(rewriter.push(data)).byteLength;
    expect(out).toBe(data.byteLength - (`\r\n--${B}`.length - 1));
  });

  it('rejects malformed bodies with 400 invalid_multipart saying what was wrong', () => {
    const fail = (body: string | Uint8Array, field: FieldRewrite = stripAccount): MultipartError => {
      try { run(B, [typeof body === 'string' ? enc.encode(body) : body], field); } catch (error) {
        expect(error).toBeInstanceOf(MultipartError);
        const e = error as MultipartError;
        expect(e.status).toBe(400);
        expect(e.code).toBe('invalid_multipart');
        return e;
      }
      throw new Error('expected the body to be rejected');
    };
    expect(fail('no boundary here').message).toMatch(new RegExp(`no boundary delimiter "--${B}" found`));
    expect(fail(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue`).message).toMatch(/ended inside part 1, before the closing boundary/);
    expect(fail(`--${B}\r\nContent-Type: text/plain\r\n\r\nv\r\n--${B}--`).message).toMatch(/part 1 has no Content-Disposition header with a name/);
    expect(fail(`--${B}xx\r\n`).message).toMatch(/expected CRLF or "--" after boundary 1/);
    expect(fail(`--${B}\r\nContent-Disposition: form-data; name="a"`).message).toMatch(/ended inside the headers of part 1/);
    expect(fail(`--${B}\r\nX: ${'h'.repeat(17_000)}\r\n\r\n`).message).toMatch(/headers of part 1 exceed 16384 bytes/);
    expect(fail(build(B, [{ name: 'model', value: enc.encode('a/'.repeat(600)) }])).message).toMatch(/"model" field is longer than 1024 bytes/);
    expect(fail(build(B, [{ name: 'model', value: new Uint8Array([0x61, 0xff, 0x62]) }])).message).toMatch(/"model" field is not valid UTF-8/);
  });

  it('an error thrown by rewrite propagates (the gateway refuses the model)', () => {
    const refuse: FieldRewrite = { name: 'model', maxBytes: 64, rewrite: () => { throw new Error('no such account'); } };
    expect(() => run(B, [build(B, [{ name: 'model', value: enc.encode('x/y') }])], refuse)).toThrow('no such account');
    expect(dec.decode(run(B, [build(B, [{ name: 'prompt', value: enc.encode('x/y') }])], refuse).out)).toContain('x/y');
  });
});
