// Acceptance: the official openai SDK (v6), pointed at the in-process reference gateway with the
// simulators behind it, uses every endpoint beyond chat the way the user guide's examples do (seed 000;
// responses retrieve/delete, files, batches and fine-tuning with `x-tfy-provider-name`, seed 002).
// Each step checks the answer's content AND the simulator journal — what reached the upstream: the bare
// model, the account's key, never the gateway key, never an `x-tfy-*` header. Then the EU account:
// every endpoint's upstream requests land in the `openai-eu` simulator only.
//
// The simulators get an injected clock, so a batch and a fine-tuning job move through their lifecycle
// when the test steps the clock — no sleeping.
import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashKey } from '../gateway/config.ts';
import type { JournalEntry } from '../mocks/journal.ts';
import { encodePng } from '../mocks/openai/images/png.ts';
import { patternRaster } from '../mocks/openai/images/pattern.ts';
import { FIXED_EPOCH_MS } from '../mocks/types.ts';
import { createGatewayHarness } from './gateway-harness.ts';

const LIMITED_ACCESS = ['openai-main/gpt-4o-mini', 'cohere-main/*'];

/** The shared in-process harness, with a clock the simulators' lifecycles move on and a limited key. */
function createEndpointsHarness() {
  let now = FIXED_EPOCH_MS;
  const limitedKey = generateApiKey();
  const h = createGatewayHarness({
    simulators: { now: () => now },
    editConfig: (file) => { file.keys.push({ name: 'limited', sha256: hashKey(limitedKey), access: { models: LIMITED_ACCESS } }); },
  });
  const accountKey = (name: string) => {
    const ref = h.file.accounts.find((a) => a.name === name)?.api_key;
    if (!ref || !('value' in ref)) throw new Error(`no account "${name}" with an inline key`);
    return ref.value;
  };
  return {
    key: h.key,
    limitedKey,
    file: h.file,
    accountKey,
    client: (headers: Record<string, string> = {}, apiKey = h.key) => h.client({ apiKey, headers: { 'x-tfy-metadata': '{"suite":"endpoints"}', ...headers } }),
    journal: h.journal,
    /** Step the simulators' clock (batches and fine-tuning jobs move on it). */
    advance: (ms: number) => { now += ms; },
  };
}
type Harness = ReturnType<typeof createEndpointsHarness>;

/** The journal entries `run` added to upstream `name`. */
async function upstreamCalls(h: Harness, name: string, run: () => Promise<unknown>): Promise<JournalEntry[]> {
  const before = h.journal(name).entries.length;
  await run();
  return h.journal(name).entries.slice(before);
}

async function modelSentUpstream(entry: JournalEntry): Promise<unknown> {
  const type = entry.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(entry.bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': type } }).formData();
    return form.get('model') ?? undefined;
  }
  return (entry.body as { model?: unknown } | undefined)?.model;
}

/** What reached the upstream: the account's key, no gateway key, no x-tfy-* header, the bare model. */
async function expectUpstream(h: Harness, entries: JournalEntry[], account: string, expected: { paths: string[]; model?: string }) {
  expect(entries.map((e) => `${e.method} ${e.path}`)).toEqual(expected.paths);
  for (const entry of entries) {
    expect(entry.headers.authorization).toBe(`Bearer ${h.accountKey(account)}`);
    for (const [name, value] of Object.entries(entry.headers)) {
      expect(name.startsWith('x-tfy-'), `header ${name} sent upstream`).toBe(false);
      expect(value).not.toContain(h.key);
    }
    expect(Buffer.from(entry.bytes).includes(h.key)).toBe(false);
    if (expected.model !== undefined) expect(await modelSentUpstream(entry)).toBe(expected.model);
  }
}

const png = (size: number, seed: string, transparent = true) => encodePng(patternRaster({ seed, width: size, height: size, transparent }));
const jsonl = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
const isPng = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').subarray(1, 4).toString() === 'PNG';

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try { await promise; } catch (error) { if (error instanceof OpenAI.APIError) return error; throw error; }
  throw new Error('expected the call to fail');
}

const trainingRows = Array.from({ length: 10 }, (_, i) => ({
  messages: [{ role: 'user', content: `What is ${i} + ${i}?` }, { role: 'assistant', content: String(i + i) }],
}));

describe('the openai SDK through the gateway: every endpoint beyond chat', () => {
  const h = createEndpointsHarness();
  const client = h.client();
  const routed = h.client({ 'x-tfy-provider-name': 'openai-main' });

  it('chat (streamed) — the harness at work', async () => {
    const calls = await upstreamCalls(h, 'openai', async () => {
      let text = '';
      for await (const chunk of await client.chat.completions.create({ model: 'openai-main/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi' }], stream: true })) {
        text += chunk.choices[0]?.delta.content ?? '';
      }
      expect(text).toBeTruthy();
    });
    await expectUpstream(h, calls, 'openai-main', { paths: ['POST /v1/chat/completions'], model: 'gpt-4o-mini' });
  });

  it('embeddings: a string and a list', async () => {
    const calls = await upstreamCalls(h, 'openai', async () => {
      const one = await client.embeddings.create({ model: 'openai-main/text-embedding-3-small', input: 'The food was delicious' });
      expect(one.data).toHaveLength(1);
      expect(one.data[0]!.embedding).toHaveLength(1536);
      expect(one.model).toMatch(/^text-embedding-3-small/);
      const many = await client.embeddings.create({ model: 'openai-main/text-embedding-3-small', input: ['first', 'second', 'third'] });
      expect(many.data.map((d) => d.index)).toEqual([0, 1, 2]);
      expect(many.usage.prompt_tokens).toBeGreaterThan(0);
    });
    await expectUpstream(h, calls, 'openai-main', { paths: ['POST /v1/embeddings', 'POST /v1/embeddings'], model: 'text-embedding-3-small' });
    expect((calls[1]!.body as { input: unknown }).input).toEqual(['first', 'second', 'third']);
  });

  it('responses: create, create with an image, stream, retrieve, delete (x-tfy-provider-name)', async () => {
    let id = '';
    const calls = await upstreamCalls(h, 'openai', async () => {
      const created = await routed.responses.create({ model: 'openai-main/gpt-4o-mini', input: [{ role: 'user', content: 'Tell me a three sentence bedtime story.' }] });
      expect(created.status).toBe('completed');
      expect(created.output_text).toBeTruthy();
      id = created.id;
      const image = `data:image/png;base64,${png(64, 'responses-input', false).toString('base64')}`;
      const withImage = await routed.responses.create({
        model: 'openai-main/gpt-4o-mini',
        input: [{ role: 'user', content: 'What is in this image?' }, { role: 'user', content: [{ type: 'input_image', image_url: image, detail: 'auto' }] }],
      });
      expect(withImage.usage!.input_tokens).toBeGreaterThan(created.usage!.input_tokens);
      const events: string[] = [];
      let deltas = '';
      let final = '';
      for await (const event of await routed.responses.create({ model: 'openai-main/gpt-4o-mini', input: 'Count to three.', stream: true })) {
        events.push(event.type);
        if (event.type === 'response.output_text.delta') deltas += event.delta;
        if (event.type === 'response.output_text.done') final = event.text;
      }
      expect(events[0]).toBe('response.created');
      expect(events.at(-1)).toBe('response.completed');
      expect(deltas).toBe(final);
      const retrieved = await routed.responses.retrieve(id);
      expect(retrieved.id).toBe(id);
      expect(retrieved.output_text).toBe(created.output_text);
      await routed.responses.delete(id);
      expect((await rejection(routed.responses.retrieve(id))).status).toBe(404);
    });
    await expectUpstream(h, calls, 'openai-main', {
      paths: ['POST /v1/responses', 'POST /v1/responses', 'POST /v1/responses', `GET /v1/responses/${id}`, `DELETE /v1/responses/${id}`, `GET /v1/responses/${id}`],
    });
    for (const entry of calls.slice(0, 3)) expect(await modelSentUpstream(entry)).toBe('gpt-4o-mini');
  });

  it('images: generate (url and b64_json), edit (gpt-image-1 with two images; dall-e-2 one PNG), variation', async () => {
    const calls = await upstreamCalls(h, 'openai', async () => {
      const urls = await client.images.generate({ model: 'openai-main/dall-e-2', prompt: 'A cute baby sea otter', size: '256x256', response_format: 'url' });
      expect(urls.data![0]!.url).toMatch(/^https:\/\//);
      const b64 = await client.images.generate({ model: 'openai-main/gpt-image-1', prompt: 'A cute baby sea otter', size: '1024x1024', quality: 'low' });
      expect(isPng(b64.data![0]!.b64_json)).toBe(true);
      const two = await client.images.edit({
        model: 'openai-main/gpt-image-1', prompt: 'Put both in one gift basket',
        image: [await toFile(png(64, 'soap', false), 'soap.png', { type: 'image/png' }), await toFile(png(64, 'lotion', false), 'lotion.png', { type: 'image/png' })],
      });
      expect(isPng(two.data![0]!.b64_json)).toBe(true);
      expect(two.usage!.input_tokens_details.image_tokens).toBeGreaterThan(0);
      const square = await toFile(png(256, 'otter'), 'otter.png', { type: 'image/png' });
      const edited = await client.images.edit({ model: 'openai-main/dall-e-2', image: square, prompt: 'Add a hat', size: '256x256' });
      expect(edited.data).toHaveLength(1);
      const variations = await client.images.createVariation({ model: 'openai-main/dall-e-2', image: await toFile(png(256, 'otter'), 'otter.png', { type: 'image/png' }), n: 2, size: '256x256' });
      expect(variations.data).toHaveLength(2);
    });
    await expectUpstream(h, calls.slice(0, 1), 'openai-main', { paths: ['POST /v1/images/generations'], model: 'dall-e-2' });
    await expectUpstream(h, calls.slice(1, 3), 'openai-main', { paths: ['POST /v1/images/generations', 'POST /v1/images/edits'], model: 'gpt-image-1' });
    await expectUpstream(h, calls.slice(3), 'openai-main', { paths: ['POST /v1/images/edits', 'POST /v1/images/variations'], model: 'dall-e-2' });
    const form = await new Response(calls[2]!.bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': calls[2]!.headers['content-type']! } }).formData();
    expect([...form.keys()].filter((k) => k.startsWith('image'))).toHaveLength(2);
    expect(calls[2]!.headers['content-length']).toBeUndefined();
  });

  it('audio: speech streamed in chunks, then transcribed and translated from the WAV it produced', async () => {
    const text = 'Bonjour, comment allez-vous aujourd’hui ?';
    let wav = new Uint8Array();
    const calls = await upstreamCalls(h, 'openai', async () => {
      const speech = await client.audio.speech.create({ model: 'openai-main/tts-1', voice: 'alloy', input: text, response_format: 'wav' });
      expect(speech.headers.get('content-type')).toBe('audio/wav');
      const chunks: Uint8Array[] = [];
      for await (const chunk of speech.body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(1);
      wav = Buffer.concat(chunks);
      expect(Buffer.from(wav.subarray(0, 4)).toString()).toBe('RIFF');
      const transcript = await client.audio.transcriptions.create({ model: 'openai-main/whisper-1', file: await toFile(wav, 'speech.wav', { type: 'audio/wav' }) });
      expect(transcript.text).toBe(text);
      const translation = await client.audio.translations.create({ model: 'openai-main/whisper-1', file: await toFile(wav, 'speech.wav', { type: 'audio/wav' }) });
      expect(translation.text).toBe(text);
    });
    await expectUpstream(h, calls.slice(0, 1), 'openai-main', { paths: ['POST /v1/audio/speech'], model: 'tts-1' });
    await expectUpstream(h, calls.slice(1), 'openai-main', { paths: ['POST /v1/audio/transcriptions', 'POST /v1/audio/translations'], model: 'whisper-1' });
    expect(Buffer.from(calls[1]!.bytes).includes(Buffer.from(wav))).toBe(true);
  });

  it('files: upload, list, retrieve, content, delete', async () => {
    const content = jsonl([{ custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [] } }]);
    let id = '';
    const calls = await upstreamCalls(h, 'openai', async () => {
      const uploaded = await routed.files.create({ file: await toFile(Buffer.from(content), 'requests.jsonl'), purpose: 'batch' });
      expect(uploaded).toMatchObject({ object: 'file', bytes: content.length, filename: 'requests.jsonl', purpose: 'batch' });
      id = uploaded.id;
      const listed = [];
      for await (const f of routed.files.list({ purpose: 'batch' })) listed.push(f.id);
      expect(listed).toContain(id);
      expect((await routed.files.retrieve(id)).bytes).toBe(content.length);
      expect(await (await routed.files.content(id)).text()).toBe(content);
      expect(await routed.files.delete(id)).toMatchObject({ id, deleted: true });
      expect((await rejection(routed.files.retrieve(id))).status).toBe(404);
    });
    await expectUpstream(h, calls, 'openai-main', {
      paths: ['POST /v1/files', 'GET /v1/files', `GET /v1/files/${id}`, `GET /v1/files/${id}/content`, `DELETE /v1/files/${id}`, `GET /v1/files/${id}`],
    });
    expect(calls[1]!.search).toBe('?purpose=batch');
  });

  it('batches: upload JSONL, create, poll until completed, download the output (every custom_id once), cancel another', async () => {
    const ids = ['req-1', 'req-2', 'req-3'];
    const rows = ids.map((custom_id, i) => ({ custom_id, method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Say ${i}` }] } }));
    let batchId = '';
    const calls = await upstreamCalls(h, 'openai', async () => {
      const input = await routed.files.create({ file: await toFile(Buffer.from(jsonl(rows)), 'batch.jsonl'), purpose: 'batch' });
      let batch = await routed.batches.create({ input_file_id: input.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
      batchId = batch.id;
      const seen = new Set([batch.status]);
      for (let step = 0; batch.status !== 'completed' && step < 20; step++) {
        h.advance(500);
        batch = await routed.batches.retrieve(batch.id);
        seen.add(batch.status);
      }
      expect(batch.status).toBe('completed');
      expect([...seen]).toEqual(expect.arrayContaining(['validating', 'in_progress', 'completed']));
      expect(batch.request_counts).toEqual({ total: 3, completed: 3, failed: 0 });
      const output = (await (await routed.files.content(batch.output_file_id!)).text()).trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; response: { status_code: number; body: { model: string } } });
      expect(output.map((o) => o.custom_id).sort()).toEqual(ids);
      for (const o of output) expect(o.response).toMatchObject({ status_code: 200, body: { model: expect.stringMatching(/^gpt-4o-mini/) } });
      const listed = [];
      for await (const b of routed.batches.list({ limit: 10 })) listed.push(b.id);
      expect(listed).toContain(batchId);
      const other = await routed.batches.create({ input_file_id: input.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
      expect((await routed.batches.cancel(other.id)).status).toMatch(/^cancell(ing|ed)$/);
    });
    const external = calls.filter((e) => e.headers['x-touchstone-batch'] === undefined);
    await expectUpstream(h, calls, 'openai-main', { paths: calls.map((e) => `${e.method} ${e.path}`) });
    expect(external.map((e) => `${e.method} ${e.path}`)).toEqual(expect.arrayContaining([
      'POST /v1/files', 'POST /v1/batches', `GET /v1/batches/${batchId}`, 'GET /v1/batches', expect.stringMatching(/^POST \/v1\/batches\/batch_\w+\/cancel$/),
    ]));
    // the lines ran upstream with the models the JSONL names, under the account's key
    expect(calls.filter((e) => e.headers['x-touchstone-batch'] === batchId)).toHaveLength(3);
  });

  it('moderations: no provider header needed', async () => {
    const calls = await upstreamCalls(h, 'openai', async () => {
      const result = await client.moderations.create({ model: 'openai-main/omni-moderation-latest', input: 'I want to kill them.' });
      expect(result.results[0]!.flagged).toBe(true);
      expect(result.results[0]!.categories.violence).toBe(true);
    });
    await expectUpstream(h, calls, 'openai-main', { paths: ['POST /v1/moderations'], model: 'omni-moderation-latest' });
  });

  it('fine-tuning: create, list, retrieve, events, cancel', async () => {
    let jobId = '';
    const calls = await upstreamCalls(h, 'openai', async () => {
      const training = await routed.files.create({ file: await toFile(Buffer.from(jsonl(trainingRows)), 'train.jsonl'), purpose: 'fine-tune' });
      const job = await routed.fineTuning.jobs.create({ model: 'openai-main/gpt-4o-mini', training_file: training.id, suffix: 'math' });
      jobId = job.id;
      expect(job).toMatchObject({ object: 'fine_tuning.job', model: 'gpt-4o-mini-2024-07-18', training_file: training.id });
      const listed = [];
      for await (const j of routed.fineTuning.jobs.list({ limit: 5 })) listed.push(j.id);
      expect(listed).toContain(jobId);
      h.advance(2000);
      expect((await routed.fineTuning.jobs.retrieve(jobId)).id).toBe(jobId);
      const events = [];
      for await (const e of routed.fineTuning.jobs.listEvents(jobId)) events.push(e);
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.object === 'fine_tuning.job.event')).toBe(true);
      expect((await routed.fineTuning.jobs.cancel(jobId)).status).toBe('cancelled');
    });
    await expectUpstream(h, calls, 'openai-main', {
      paths: ['POST /v1/files', 'POST /v1/fine_tuning/jobs', 'GET /v1/fine_tuning/jobs', `GET /v1/fine_tuning/jobs/${jobId}`, `GET /v1/fine_tuning/jobs/${jobId}/events`, `POST /v1/fine_tuning/jobs/${jobId}/cancel`],
    });
    expect((calls[1]!.body as { model: string }).model).toBe('gpt-4o-mini');
  });

  it('models: answered from the config, only what the key may use', async () => {
    const journals = ['openai', 'openai-eu', 'cohere', 'azure-openai'];
    const before = journals.map((n) => h.journal(n).entries.length);
    const ids = async (c: OpenAI) => { const out: string[] = []; for await (const m of c.models.list()) out.push(m.id); return out; };
    const all = h.file.accounts.flatMap((a) => a.models.map((m) => `${a.name}/${m.name}`));
    expect(await ids(client)).toEqual(all);
    const limited = await ids(h.client({}, h.limitedKey));
    expect(limited).toEqual(all.filter((id) => id === 'openai-main/gpt-4o-mini' || id.startsWith('cohere-main/')));
    expect(limited.length).toBeLessThan(all.length);
    expect(journals.map((n) => h.journal(n).entries.length)).toEqual(before);
  });

  it('rerank: Cohere behind POST /rerank', async () => {
    const documents = ['Carson City is the capital city of the American state of Nevada.', 'Washington, D.C. is the capital of the United States.', 'Cats are popular pets.'];
    const calls = await upstreamCalls(h, 'cohere', async () => {
      const ranked = await client.post('/rerank', { body: { model: 'cohere-main/rerank-v3.5', query: 'What is the capital of the United States?', documents, top_n: 2, return_documents: true } }) as { model: string; results: { index: number; relevance_score: number; document: string }[] };
      expect(ranked.model).toBe('cohere-main/rerank-v3.5');
      expect(ranked.results).toHaveLength(2);
      expect(ranked.results[0]).toMatchObject({ index: 1, document: documents[1] });
      expect(ranked.results[0]!.relevance_score).toBeGreaterThan(ranked.results[1]!.relevance_score);
    });
    await expectUpstream(h, calls, 'cohere-main', { paths: ['POST /v2/rerank'], model: 'rerank-v3.5' });
    expect(calls[0]!.body).toEqual({ model: 'rerank-v3.5', query: 'What is the capital of the United States?', documents, top_n: 2 });
  });
});

describe('Azure OpenAI serves embeddings and responses through the same endpoints', () => {
  it('deployment route for embeddings, dated route for responses, with the api-key header', async () => {
    const h = createEndpointsHarness();
    const azure = h.client({ 'x-tfy-provider-name': 'azure-main' });
    const calls = await upstreamCalls(h, 'azure-openai', async () => {
      const embedded = await h.client().embeddings.create({ model: 'azure-main/text-embedding-3-small', input: 'hello' });
      expect(embedded.data[0]!.embedding.length).toBeGreaterThan(0);
      const created = await azure.responses.create({ model: 'gpt-4o-mini', input: 'Say hi' });
      expect(created.output_text).toBeTruthy();
      expect((await azure.responses.retrieve(created.id)).id).toBe(created.id);
      await azure.responses.delete(created.id);
    });
    expect(calls.map((e) => `${e.method} ${e.path}${e.search}`)).toEqual([
      'POST /openai/deployments/text-embedding-3-small/embeddings?api-version=2025-04-01-preview',
      'POST /openai/responses?api-version=2025-04-01-preview',
      expect.stringMatching(/^GET \/openai\/responses\/resp_\w+\?api-version=2025-04-01-preview$/),
      expect.stringMatching(/^DELETE \/openai\/responses\/resp_\w+\?api-version=2025-04-01-preview$/),
    ]);
    for (const entry of calls) {
      expect(entry.headers['api-key']).toBe(h.accountKey('azure-main'));
      expect(entry.headers.authorization).toBeUndefined();
      expect(Object.keys(entry.headers).filter((k) => k.startsWith('x-tfy-'))).toEqual([]);
    }
    expect((calls[1]!.body as { model: string }).model).toBe('gpt-4o-mini');
    expect(h.journal('openai').entries).toEqual([]);
  });
});

describe('the EU account: every endpoint reaches only the openai-eu upstream', () => {
  it('model ids openai-eu/… and x-tfy-provider-name: openai-eu never touch openai-main', async () => {
    const h = createEndpointsHarness();
    const client = h.client();
    const eu = h.client({ 'x-tfy-provider-name': 'openai-eu' });
    await client.embeddings.create({ model: 'openai-eu/text-embedding-3-small', input: ['a', 'b'] });
    const response = await eu.responses.create({ model: 'openai-eu/gpt-4o-mini', input: 'hi' });
    for await (const event of await eu.responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true })) void event;
    await eu.responses.retrieve(response.id);
    await eu.responses.delete(response.id);
    await client.images.generate({ model: 'openai-eu/dall-e-2', prompt: 'otter', size: '256x256' });
    await client.images.edit({ model: 'openai-eu/gpt-image-1', prompt: 'x', image: await toFile(png(32, 'eu', false), 'a.png', { type: 'image/png' }) });
    await client.images.createVariation({ model: 'openai-eu/dall-e-2', image: await toFile(png(256, 'eu'), 'a.png', { type: 'image/png' }), size: '256x256' });
    const speech = new Uint8Array(await (await client.audio.speech.create({ model: 'openai-eu/tts-1', voice: 'alloy', input: 'Guten Tag', response_format: 'wav' })).arrayBuffer());
    await client.audio.transcriptions.create({ model: 'openai-eu/whisper-1', file: await toFile(speech, 'a.wav', { type: 'audio/wav' }) });
    await eu.audio.translations.create({ model: 'whisper-1', file: await toFile(speech, 'a.wav', { type: 'audio/wav' }) });
    const rows = [{ custom_id: 'eu-1', method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] } }];
    const input = await eu.files.create({ file: await toFile(Buffer.from(jsonl(rows)), 'eu.jsonl'), purpose: 'batch' });
    for await (const f of eu.files.list()) void f;
    await eu.files.retrieve(input.id);
    await (await eu.files.content(input.id)).text();
    const batch = await eu.batches.create({ input_file_id: input.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    await eu.batches.retrieve(batch.id);
    for await (const b of eu.batches.list()) void b;
    await eu.batches.cancel(batch.id);
    await eu.files.delete(input.id);
    await client.moderations.create({ model: 'openai-eu/omni-moderation-latest', input: 'hello' });
    const training = await eu.files.create({ file: await toFile(Buffer.from(jsonl(trainingRows)), 'train.jsonl'), purpose: 'fine-tune' });
    const job = await eu.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: training.id });
    for await (const j of eu.fineTuning.jobs.list()) void j;
    await eu.fineTuning.jobs.retrieve(job.id);
    for await (const e of eu.fineTuning.jobs.listEvents(job.id)) void e;
    await eu.fineTuning.jobs.cancel(job.id);

    expect(h.journal('openai').entries).toEqual([]);
    const entries = h.journal('openai-eu').entries;
    expect(entries.every((e) => e.region === 'eu' && e.headers.authorization === `Bearer ${h.accountKey('openai-eu')}`)).toBe(true);
    const template = (path: string) => path.replace(/\/(resp|file|batch|ftjob)[-_][\w-]+/g, '/{$1}');
    expect(new Set(entries.map((e) => `${e.method} ${template(e.path)}`))).toEqual(new Set([
      'POST /v1/embeddings', 'POST /v1/responses', 'GET /v1/responses/{resp}', 'DELETE /v1/responses/{resp}',
      'POST /v1/images/generations', 'POST /v1/images/edits', 'POST /v1/images/variations',
      'POST /v1/audio/speech', 'POST /v1/audio/transcriptions', 'POST /v1/audio/translations',
      'POST /v1/files', 'GET /v1/files', 'GET /v1/files/{file}', 'GET /v1/files/{file}/content', 'DELETE /v1/files/{file}',
      'POST /v1/batches', 'GET /v1/batches', 'GET /v1/batches/{batch}', 'POST /v1/batches/{batch}/cancel',
      'POST /v1/moderations',
      'POST /v1/fine_tuning/jobs', 'GET /v1/fine_tuning/jobs', 'GET /v1/fine_tuning/jobs/{ftjob}', 'GET /v1/fine_tuning/jobs/{ftjob}/events', 'POST /v1/fine_tuning/jobs/{ftjob}/cancel',
    ]));
  });
});
