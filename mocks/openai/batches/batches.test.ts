/**
 * The Batch API through the official SDK on a stepped clock: a 1,000-line chat batch (with lines the
 * endpoint rejects) run to completion state by state, an embeddings batch, input files that fail
 * validation, cancel, expiry, listing and creation errors; every batch object, list and output body is
 * checked against OpenAI's published description at the end.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { loadOpenAISpec } from '../../../test/openai-spec.ts';
import { sdkClient } from '../test-kit.ts';
import { jsonl, parseJsonl, SchemaLog, steppedSimulator, upload, type SteppedSim, sdkError } from '../files/testing.ts';

const spec = loadOpenAISpec();
const seen = new SchemaLog();

const chatLine = (i: number, body: Record<string, unknown> = {}) => ({
  custom_id: `req-${i}`, method: 'POST', url: '/v1/chat/completions',
  body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Question ${i}: what is ${i} + 1?` }], ...body },
});

async function createBatch(s: SteppedSim, rows: unknown[], endpoint: OpenAI.BatchCreateParams['endpoint'] = '/v1/chat/completions', metadata?: Record<string, string>) {
  const file = await upload(s.client, 'input.jsonl', jsonl(rows), 'batch');
  const batch = await s.client.batches.create({ input_file_id: file.id, endpoint, completion_window: '24h', ...(metadata ? { metadata } : {}) });
  seen.add('Batch', batch, 'created');
  return batch;
}

async function fileLines(client: OpenAI, id: string | null | undefined): Promise<any[]> {
  if (!id) return [];
  return parseJsonl(await (await client.files.content(id)).text());
}

describe('a 1,000-line chat batch', () => {
  it('runs validating → in_progress → finalizing → completed with every line accounted for', async () => {
    const cpuBefore = process.cpuUsage();
    const s = steppedSimulator();
    const rejected = new Set([17, 333, 640, 999]);
    const rows = Array.from({ length: 1000 }, (_, i) => chatLine(i, rejected.has(i) ? { temperature: 5 } : {}));
    const created = await createBatch(s, rows, '/v1/chat/completions', { job: 'nightly' });
    expect(created).toMatchObject({ object: 'batch', status: 'validating', endpoint: '/v1/chat/completions', completion_window: '24h',
      output_file_id: null, error_file_id: null, in_progress_at: null, request_counts: { total: 0, completed: 0, failed: 0 }, metadata: { job: 'nightly' } });
    expect(created.id).toMatch(/^batch_[0-9a-f]{32}$/);
    expect(created.expires_at).toBe(created.created_at + 86400);

    const statuses: string[] = [created.status];
    let last = created;
    let previousDone = 0;
    while (!['completed', 'failed', 'expired', 'cancelled'].includes(last.status)) {
      s.advance(900);
      last = await s.client.batches.retrieve(created.id);
      if (statuses.at(-1) !== last.status) { statuses.push(last.status); seen.add('Batch', last, last.status); }
      const counts = last.request_counts!;
      expect(counts.completed + counts.failed).toBeGreaterThanOrEqual(previousDone);
      previousDone = counts.completed + counts.failed;
      if (last.status === 'in_progress') expect(counts.total).toBe(1000);
    }
    expect(statuses).toEqual(['validating', 'in_progress', 'finalizing', 'completed']);
    expect(last.request_counts).toEqual({ total: 1000, completed: 996, failed: 4 });
    expect(last.model).toBe('gpt-4o-mini-2024-07-18');
    expect(last.in_progress_at).toBe(created.created_at + 1);
    expect(last.finalizing_at).toBe(created.created_at + 101);
    expect(last.completed_at).toBe(created.created_at + 102);
    expect(last.usage!.input_tokens).toBeGreaterThan(0);
    expect(last.usage!.total_tokens).toBe(last.usage!.input_tokens + last.usage!.output_tokens);

    const output = await fileLines(s.client, last.output_file_id);
    const errorLines = await fileLines(s.client, last.error_file_id);
    const ids = [...output, ...errorLines].map((l) => l.custom_id).sort();
    expect(ids).toEqual(rows.map((r) => r.custom_id).sort());
    expect(new Set([...output, ...errorLines].map((l) => l.id)).size).toBe(1000);
    expect(output).toHaveLength(996);
    for (const line of output) {
      expect(Object.keys(line)).toEqual(['id', 'custom_id', 'response', 'error']);
      expect(line.id).toMatch(/^batch_req_[0-9a-f]{32}$/);
      expect(line.response.status_code).toBe(200);
      expect(line.response.request_id).toMatch(/^req_/);
      expect(line.error).toBeNull();
    }
    for (const line of output.slice(0, 25)) seen.add('CreateChatCompletionResponse', line.response.body, line.custom_id);
    expect(errorLines.map((l) => l.custom_id)).toEqual(['req-17', 'req-333', 'req-640', 'req-999']);
    for (const line of errorLines) {
      expect(line.response.status_code).toBe(400);
      expect(line.response.body.error).toMatchObject({ type: 'invalid_request_error', param: 'temperature' });
      expect(line.error).toBeNull();
    }

    const outputFile = await s.client.files.retrieve(last.output_file_id!);
    seen.add('OpenAIFile', outputFile, 'output file');
    expect(outputFile).toMatchObject({ purpose: 'batch_output', filename: `batch_${created.id}_output.jsonl`, created_at: last.finalizing_at });
    // CPU time of this worker, so a busy machine running other suites in parallel cannot fail it.
    const cpu = process.cpuUsage(cpuBefore);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(3000);
  });
});

describe('other endpoints and input errors', () => {
  it('runs an embeddings batch; 2xx lines go to the output file, others to the error file', async () => {
    const s = steppedSimulator();
    const rows = [0, 1, 2].map((i) => ({ custom_id: `emb-${i}`, method: 'POST', url: '/v1/embeddings', body: { model: 'text-embedding-3-small', input: `text ${i}` } }));
    const batch = await createBatch(s, rows, '/v1/embeddings');
    s.advance(10_000);
    const done = await s.client.batches.retrieve(batch.id);
    expect(done.status).toBe('completed');
    const output = await fileLines(s.client, done.output_file_id);
    const errorLines = await fileLines(s.client, done.error_file_id);
    expect([...output, ...errorLines].map((l) => l.custom_id).sort()).toEqual(['emb-0', 'emb-1', 'emb-2']);
    expect(done.request_counts).toEqual({ total: 3, completed: output.length, failed: errorLines.length });
    for (const line of output) seen.add('CreateEmbeddingResponse', line.response.body, line.custom_id);
    for (const line of errorLines) expect(line.response.status_code).toBeGreaterThanOrEqual(400);
  });

  it('fails a batch whose lines are invalid, with line-numbered errors', async () => {
    const s = steppedSimulator();
    const text = [
      JSON.stringify(chatLine(1)),
      '{"custom_id": "broken", ',
      JSON.stringify({ ...chatLine(3), custom_id: undefined }),
      JSON.stringify({ ...chatLine(1) }),
      JSON.stringify({ ...chatLine(5), url: '/v1/embeddings' }),
      JSON.stringify(chatLine(6, { model: 'gpt-4o' })),
    ].join('\n');
    const file = await upload(s.client, 'bad.jsonl', text, 'batch');
    const batch = await s.client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    s.advance(1_000);
    const failed = await s.client.batches.retrieve(batch.id);
    seen.add('Batch', failed, 'failed');
    expect(failed).toMatchObject({ status: 'failed', failed_at: batch.created_at + 1, in_progress_at: null, output_file_id: null, request_counts: { total: 0, completed: 0, failed: 0 } });
    expect(failed.errors!.data!.map((e) => [e.code, e.line, e.param])).toEqual([
      ['invalid_json_line', 2, null],
      ['missing_required_parameter', 3, 'custom_id'],
      ['duplicate_custom_id', 4, 'custom_id'],
      ['url_mismatch', 5, 'url'],
      ['model_mismatch', 6, 'body.model'],
    ]);
    expect(failed.errors!.data![0]!.message).toBe('This line is not parseable as valid JSON.');
    s.advance(100_000);
    expect((await s.client.batches.retrieve(batch.id)).status).toBe('failed');

    const empty = await createBatch(s, []);
    s.advance(1_000);
    expect((await s.client.batches.retrieve(empty.id)).errors!.data).toEqual([{ code: 'empty_file', line: null, message: 'The batch input file is empty.', param: null }]);
  });

  it('rejects bad creation parameters at once', async () => {
    const s = steppedSimulator();
    const input = await upload(s.client, 'in.jsonl', jsonl([chatLine(0)]), 'batch');
    const tune = await upload(s.client, 'tune.jsonl', jsonl([chatLine(0)]), 'fine-tune');
    const missing = await sdkError(s.client.batches.create({ endpoint: '/v1/chat/completions', completion_window: '24h' } as never));
    expect(missing.error).toMatchObject({ param: 'input_file_id', code: 'missing_required_parameter' });
    const window = await sdkError(s.client.batches.create({ input_file_id: input.id, endpoint: '/v1/chat/completions', completion_window: '1h' as never }));
    expect(window.error).toMatchObject({ param: 'completion_window', code: 'invalid_value' });
    const endpoint = await sdkError(s.client.batches.create({ input_file_id: input.id, endpoint: '/v1/audio/speech' as never, completion_window: '24h' }));
    expect(endpoint.error).toMatchObject({ param: 'endpoint', code: 'invalid_value' });
    const purpose = await sdkError(s.client.batches.create({ input_file_id: tune.id, endpoint: '/v1/chat/completions', completion_window: '24h' }));
    expect(purpose.error).toMatchObject({ param: 'input_file_id', code: 'invalid_value' });
    const unknown = await sdkError(s.client.batches.create({ input_file_id: 'file-nope', endpoint: '/v1/chat/completions', completion_window: '24h' }));
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((await sdkError(s.client.batches.retrieve('batch_nope'))).status).toBe(404);
  });
});

describe('cancel, expiry and listing', () => {
  it('cancels mid-run: cancelling → cancelled, counts frozen, partial output', async () => {
    const s = steppedSimulator();
    const batch = await createBatch(s, Array.from({ length: 100 }, (_, i) => chatLine(i)));
    s.advance(3_050); // validated at +1s, then one line per 100 ms: 20 lines done
    const cancelling = await s.client.batches.cancel(batch.id);
    seen.add('Batch', cancelling, 'cancelling');
    expect(cancelling).toMatchObject({ status: 'cancelling', cancelling_at: batch.created_at + 3, request_counts: { total: 100, completed: 20, failed: 0 }, output_file_id: null });
    expect((await s.client.batches.cancel(batch.id)).status).toBe('cancelling');
    s.advance(60_000);
    const cancelled = await s.client.batches.retrieve(batch.id);
    seen.add('Batch', cancelled, 'cancelled');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled_at: batch.created_at + 4, request_counts: { total: 100, completed: 20, failed: 0 }, error_file_id: null, finalizing_at: null });
    expect((await fileLines(s.client, cancelled.output_file_id)).map((l) => l.custom_id)).toEqual(Array.from({ length: 20 }, (_, i) => `req-${i}`));

    const finished = await createBatch(s, [chatLine(0)]);
    s.advance(5_000);
    const refused = await sdkError(s.client.batches.cancel(finished.id));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain("Cannot cancel a batch with status 'completed'.");
  });

  it('expires after 24 hours: unfinished lines go to the error file as batch_expired', async () => {
    const s = steppedSimulator();
    const rows = Array.from({ length: 30 }, (_, i) => chatLine(i));
    const batch = await createBatch(s, rows, '/v1/chat/completions', { touchstone_lines_per_second: '0.0002' }); // one line per 5,000 s
    s.advance(12 * 3600_000);
    const halfway = await s.client.batches.retrieve(batch.id);
    expect(halfway).toMatchObject({ status: 'in_progress', request_counts: { total: 30, completed: 8, failed: 0 } });
    s.advance(13 * 3600_000);
    const expired = await s.client.batches.retrieve(batch.id);
    seen.add('Batch', expired, 'expired');
    expect(expired).toMatchObject({ status: 'expired', expired_at: batch.expires_at, request_counts: { total: 30, completed: 17, failed: 13 } });
    const output = await fileLines(s.client, expired.output_file_id);
    const errorLines = await fileLines(s.client, expired.error_file_id);
    expect(output).toHaveLength(17);
    expect(errorLines).toHaveLength(13);
    expect(errorLines[0]).toMatchObject({ custom_id: 'req-17', response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } });
  });

  it('runs lines under the key that created the batch when the simulator checks keys', async () => {
    const s = steppedSimulator({ apiKeys: ['sk-only-this-key'] });
    const client = sdkClient(s.sim, 'sk-only-this-key');
    const file = await upload(client, 'in.jsonl', jsonl([chatLine(0), chatLine(1)]), 'batch');
    const batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    s.advance(5_000);
    const done = await client.batches.retrieve(batch.id);
    expect(done.request_counts).toEqual({ total: 2, completed: 2, failed: 0 });
    const lineRequests = s.sim.journal.entries.filter((e) => e.headers['x-touchstone-batch'] === batch.id);
    expect(lineRequests.map((e) => [e.path, e.headers.authorization, e.status])).toEqual([
      ['/v1/chat/completions', 'Bearer sk-only-this-key', 200], ['/v1/chat/completions', 'Bearer sk-only-this-key', 200],
    ]);
  });

  it('lists batches newest first with limit/after', async () => {
    const s = steppedSimulator();
    const empty = await (await s.client.batches.list().asResponse()).json();
    seen.add('ListBatchesResponse', empty, 'empty list');
    expect(empty).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) { ids.push((await createBatch(s, [chatLine(i)])).id); s.advance(1_000); }
    const page = await s.client.batches.list({ limit: 2 });
    expect(page.data.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(page.has_more).toBe(true);
    const raw = await (await s.client.batches.list({ limit: 2 }).asResponse()).json();
    seen.add('ListBatchesResponse', raw, 'list');
    expect(raw).toMatchObject({ object: 'list', first_id: ids[2], last_id: ids[1], has_more: true });
    const all: string[] = [];
    for await (const b of s.client.batches.list({ limit: 1 })) all.push(b.id);
    expect(all).toEqual([...ids].reverse());
  });
});

describe.skipIf(!spec)('conformance to OpenAI\'s published description', () => {
  it('every batch, list, file and output body seen above validates', () => {
    expect(seen.entries.length).toBeGreaterThan(10);
    for (const { schema, value, where } of seen.entries) expect(spec!.validateSchema(schema, value), `${schema} (${where})`).toEqual([]);
  });
});
