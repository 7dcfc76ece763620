/**
 * The Files API through the official SDK, in-process: upload, retrieve, list (purpose filter, order,
 * cursor pages), the exact bytes back, delete then 404, upload rules (purpose, .jsonl, expires_after,
 * size limits), and every object against OpenAI's published description.
 */
import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { loadOpenAISpec } from '../../../test/openai-spec.ts';
import { MAX_FILE_BYTES, uploadSizeError } from './index.ts';
import { SchemaLog, START_MS, steppedSimulator, upload, sdkError } from './testing.ts';

const spec = loadOpenAISpec();
const seen = new SchemaLog();

describe('files CRUD', () => {
  it('uploads, retrieves, lists, downloads the exact bytes and deletes', async () => {
    const { client, advance } = steppedSimulator();
    const content = '{"messages":[{"role":"user","content":"héllo"}]}\n';
    const created = await upload(client, 'train.jsonl', content, 'fine-tune');
    seen.add('OpenAIFile', created, 'create');
    expect(created).toMatchObject({
      object: 'file', bytes: Buffer.byteLength(content), created_at: START_MS / 1000, expires_at: null,
      filename: 'train.jsonl', purpose: 'fine-tune', status: 'processed', status_details: null,
    });
    expect(created.id).toMatch(/^file-[A-Za-z0-9]{22}$/);

    advance(5000);
    const image = await client.files.create({ file: await toFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]), 'pic.png'), purpose: 'vision' });
    const retrieved = await client.files.retrieve(created.id);
    seen.add('OpenAIFile', retrieved, 'retrieve');
    expect(retrieved).toEqual(created);

    const res = await client.files.content(image.id);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    expect(await (await client.files.content(created.id)).text()).toBe(content);

    const deleted = await client.files.delete(created.id);
    seen.add('DeleteFileResponse', deleted, 'delete');
    expect(deleted).toEqual({ id: created.id, object: 'file', deleted: true });
    const gone = await sdkError(client.files.retrieve(created.id));
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
    expect(gone.error).toEqual({ message: `No such File object: ${created.id}`, type: 'invalid_request_error', param: 'id', code: null });
    expect((await sdkError(client.files.content(created.id))).status).toBe(404);
    expect((await sdkError(client.files.delete(created.id))).status).toBe(404);
  });

  it('lists newest first, filters by purpose, orders and pages with after/limit', async () => {
    const { client, advance } = steppedSimulator();
    const ids: string[] = [];
    for (const [i, purpose] of (['batch', 'fine-tune', 'batch', 'user_data', 'batch'] as const).entries()) {
      ids.push((await upload(client, `f${i}.jsonl`, `{"i":${i}}\n`, purpose)).id);
      advance(1000);
    }
    const all = await client.files.list();
    expect(all.data.map((f) => f.id)).toEqual([...ids].reverse());

    const batchFiles = await client.files.list({ purpose: 'batch' });
    expect(batchFiles.data.map((f) => f.id)).toEqual([ids[4], ids[2], ids[0]]);
    expect(batchFiles.data.every((f) => f.expires_at === f.created_at + 30 * 24 * 3600)).toBe(true);

    const asc = await client.files.list({ order: 'asc', limit: 2 });
    expect(asc.data.map((f) => f.id)).toEqual(ids.slice(0, 2));
    expect(asc.has_more).toBe(true);
    const paged: string[] = [];
    for await (const file of client.files.list({ order: 'asc', limit: 2 })) paged.push(file.id);
    expect(paged).toEqual(ids);

    const raw = await (await client.files.list({ limit: 2 }).asResponse()).json();
    seen.add('ListFilesResponse', raw, 'raw page');
    expect(raw).toMatchObject({ object: 'list', first_id: ids[4], last_id: ids[3], has_more: true });
    expect((await sdkError(client.files.list({ limit: 0 }))).status).toBe(400);
  });

  it('honours expires_after: the file disappears when it expires', async () => {
    const { client, advance } = steppedSimulator();
    const file = await client.files.create({
      file: await toFile(Buffer.from('x'), 'note.txt'), purpose: 'user_data', expires_after: { anchor: 'created_at', seconds: 3600 },
    });
    seen.add('OpenAIFile', file, 'expiring');
    expect(file.expires_at).toBe(file.created_at + 3600);
    advance(3599_000);
    await expect(client.files.retrieve(file.id)).resolves.toMatchObject({ id: file.id });
    advance(1000);
    expect((await sdkError(client.files.retrieve(file.id))).status).toBe(404);
    const empty = await (await client.files.list().asResponse()).json();
    seen.add('ListFilesResponse', empty, 'empty list');
    expect(empty).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });
});

describe('upload rules', () => {
  it('rejects a missing or unknown purpose, a non-.jsonl batch file and a bad expires_after', async () => {
    const { client } = steppedSimulator();
    const file = await toFile(Buffer.from('{}\n'), 'in.jsonl');
    const badPurpose = await sdkError(client.files.create({ file, purpose: 'training' as never }));
    expect(badPurpose.status).toBe(400);
    expect(badPurpose.error).toMatchObject({ param: 'purpose', code: 'invalid_value' });
    expect(badPurpose.message).toContain("Invalid value: 'training'. Supported values are: 'assistants', 'batch', 'fine-tune', 'vision', 'user_data', and 'evals'.");
    expect((await sdkError(client.files.create({ file } as never))).error).toMatchObject({ param: 'purpose', code: 'missing_required_parameter' });

    const csv = await sdkError(client.files.create({ file: await toFile(Buffer.from('a,b'), 'in.csv'), purpose: 'batch' }));
    expect(csv.status).toBe(400);
    expect(csv.message).toContain('Invalid file format for Batch API. Must be .jsonl');

    const short = await sdkError(client.files.create({ file, purpose: 'batch', expires_after: { anchor: 'created_at', seconds: 60 } }));
    expect(short.error).toMatchObject({ param: 'expires_after.seconds', code: 'integer_below_min_value' });
  });

  it('refuses files over 512 MB from the declared size, without allocating them', async () => {
    const { sim } = steppedSimulator();
    const form = new FormData();
    form.append('purpose', 'user_data');
    form.append('file', new Blob(['tiny']), 'big.bin');
    const body = new Response(form);
    const request = new Request('http://sim.test/v1/files', {
      method: 'POST', body: await body.arrayBuffer(),
      headers: { authorization: 'Bearer sk-test', 'content-type': body.headers.get('content-type')!, 'content-length': String(MAX_FILE_BYTES + 1) },
    });
    const res = await sim.fetch(request);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'file_too_large' });
    expect(uploadSizeError(MAX_FILE_BYTES, 'user_data')).toBeNull();
    expect(uploadSizeError(200 * 1024 * 1024 + 1, 'batch')?.status).toBe(413);
    expect(uploadSizeError(200 * 1024 * 1024 + 1, 'fine-tune')).toBeNull();
  });

  it('will not serve the content of assistants files, as OpenAI', async () => {
    const { client } = steppedSimulator();
    const file = await upload(client, 'doc.txt', 'secret', 'assistants');
    const error = await sdkError(client.files.content(file.id));
    expect(error.status).toBe(400);
    expect(error.message).toContain('Not allowed to download files of purpose: assistants');
  });
});

describe.skipIf(!spec)('conformance to OpenAI\'s published description', () => {
  it('every file object and list seen above validates', () => {
    expect(seen.entries.length).toBeGreaterThan(0);
    for (const { schema, value, where } of seen.entries) expect(spec!.validateSchema(schema, value), `${schema} (${where})`).toEqual([]);
  });
});
