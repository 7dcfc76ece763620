/**
 * The request catalogue: for every HTTP operation of spec/gateway.yaml (the realtime WebSocket aside),
 * how to build ONE valid request for a target — method, path with real ids (created first: a file
 * uploaded, a response, a batch, a fine-tuning job), a JSON or multipart body (a tiny generated PNG,
 * a tiny generated WAV) and the `x-tfy-provider-name` header where the operation routes by it.
 * An operation whose model the target does not name is `{ unimplemented }`, not a failure.
 *
 * Bodies are kept as plain objects (multipart: string fields and File parts) so the negative and
 * positive generators can mutate them and spec/index.ts validateRequest can check them either way.
 */
import { deflateSync } from 'node:zlib';
import type { Target } from '../target.ts';

export type Fields = Record<string, unknown>;

export interface OpRequest {
  operationId: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path below the target's base URL, ids filled in and URL-encoded. */
  path: string;
  query?: Record<string, string>;
  json?: Fields;
  /** multipart/form-data fields: strings (numbers are sent as their text) and File parts. */
  form?: Fields;
  headers: Record<string, string>;
  /** The path parameter filled in, for the negative generator's id mutations. */
  pathParam?: { name: string; value: string; template: string };
}

export type Built = OpRequest | { unimplemented: string };

/** Send one request (recorded) and read the answer; what requests.ts needs from the suite. */
export type Send = (req: OpRequest) => Promise<{ status: number; json: unknown; text: string }>;

// ------------------------------------------------------------------ tiny media
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A square RGBA PNG (half transparent, so it also serves as an edit without a mask). */
export function tinyPng(size = 64): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x++) raw.set([(x * 4) & 255, (y * 4) & 255, 160, x < size / 2 ? 255 : 0], row + 1 + x * 4);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array())]);
}

/** A quarter second of a 440 Hz tone: RIFF PCM16 mono 16 kHz. */
export function tinyWav(seconds = 0.25, rate = 16_000): Buffer {
  const samples = Math.round(seconds * rate);
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0, 'latin1'); out.writeUInt32LE(36 + samples * 2, 4); out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16); out.writeUInt16LE(1, 20); out.writeUInt16LE(1, 22); out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28); out.writeUInt16LE(2, 32); out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1'); out.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), 44 + i * 2);
  return out;
}

const jsonl = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

// ------------------------------------------------------------------ the catalogue
function routedHeaders(target: Target): Record<string, string> {
  return target.providerAccount ? { 'x-tfy-provider-name': target.providerAccount } : {};
}

/** The bare model name of an `account/model` id (batch lines run upstream under the account). */
function bareModel(id: string): string {
  return id.includes('/') ? id.slice(id.indexOf('/') + 1) : id;
}

const need = (model: string | undefined, api: string): string | { unimplemented: string } =>
  model ?? { unimplemented: `the target names no ${api} model (target.models.${api})` };

/** Ids created on demand for the operations that act on an existing object. */
export class Fixtures {
  constructor(readonly target: Target, readonly send: Send) {}

  async #create(req: OpRequest, what: string): Promise<string> {
    const res = await this.send(req);
    const id = (res.json as { id?: unknown } | undefined)?.id;
    if (res.status !== 200 || typeof id !== 'string') throw new Error(`could not create ${what} for the operation under test: ${req.method} ${req.path} answered ${res.status} ${res.text.slice(0, 200)}`);
    return id;
  }

  uploadFile(purpose: 'batch' | 'fine-tune' = 'batch'): Promise<string> {
    return this.#create(uploadFileRequest(this.target, purpose), `a ${purpose} file`);
  }

  /** Distinct inputs: a simulator may derive ids from the request, and two scenarios must not share one. */
  static #serial = 0;

  async response(): Promise<string> {
    const model = need(this.target.models.responses, 'responses');
    if (typeof model !== 'string') throw new Error(model.unimplemented);
    return this.#create({ operationId: 'createResponse', method: 'POST', path: '/responses', json: { model, input: `Say hi (${++Fixtures.#serial}, ${Date.now()}).`, store: true }, headers: routedHeaders(this.target) }, 'a response');
  }

  async batch(): Promise<string> {
    const input = await this.uploadFile('batch');
    return this.#create({ operationId: 'createBatch', method: 'POST', path: '/batches', json: batchBody(input), headers: routedHeaders(this.target) }, 'a batch');
  }

  async fineTuningJob(): Promise<string> {
    const model = need(this.target.models.fineTuning, 'fineTuning');
    if (typeof model !== 'string') throw new Error(model.unimplemented);
    const training = await this.uploadFile('fine-tune');
    return this.#create({ operationId: 'createFineTuningJob', method: 'POST', path: '/fine_tuning/jobs', json: { model, training_file: training }, headers: routedHeaders(this.target) }, 'a fine-tuning job');
  }
}

function uploadFileRequest(target: Target, purpose: 'batch' | 'fine-tune'): OpRequest {
  const model = bareModel(target.models.chat);
  const rows = purpose === 'batch'
    ? [{ custom_id: 'touchstone-1', method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: 'Say hi.' }], max_tokens: 8 } }]
    : Array.from({ length: 10 }, (_, i) => ({ messages: [{ role: 'user', content: `What is ${i} + ${i}?` }, { role: 'assistant', content: String(i + i) }] }));
  const file = new File([jsonl(rows)], `touchstone-${purpose}.jsonl`, { type: 'application/jsonl' });
  return { operationId: 'uploadFile', method: 'POST', path: '/files', form: { purpose, file }, headers: routedHeaders(target) };
}

function batchBody(inputFileId: string): Fields {
  return { input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h' };
}

function withId(operationId: string, method: OpRequest['method'], template: string, name: string, value: string, target: Target): OpRequest {
  return { operationId, method, path: template.replace(`{${name}}`, encodeURIComponent(value)), headers: routedHeaders(target), pathParam: { name, value, template } };
}

const png = () => new File([new Uint8Array(tinyPng())], 'touchstone.png', { type: 'image/png' });
const wav = () => new File([new Uint8Array(tinyWav())], 'touchstone.wav', { type: 'audio/wav' });

type Builder = (target: Target, fixtures: Fixtures) => Built | Promise<Built>;

/** One valid request per operation id. */
export const BUILDERS: Record<string, Builder> = {
  createChatCompletion: (t) => ({ operationId: 'createChatCompletion', method: 'POST', path: '/chat/completions', json: { model: t.models.chat, messages: [{ role: 'user', content: 'Say hi.' }], max_tokens: 16 }, headers: {} }),
  createEmbeddings: (t) => {
    const model = need(t.models.embeddings, 'embeddings');
    return typeof model === 'string' ? { operationId: 'createEmbeddings', method: 'POST', path: '/embeddings', json: { model, input: 'The food was delicious.' }, headers: {} } : model;
  },
  createResponse: (t) => {
    const model = need(t.models.responses, 'responses');
    return typeof model === 'string' ? { operationId: 'createResponse', method: 'POST', path: '/responses', json: { model, input: 'Say hi.' }, headers: {} } : model;
  },
  getResponse: async (t, f) => {
    const model = need(t.models.responses, 'responses');
    return typeof model === 'string' ? withId('getResponse', 'GET', '/responses/{response_id}', 'response_id', await f.response(), t) : model;
  },
  deleteResponse: async (t, f) => {
    const model = need(t.models.responses, 'responses');
    return typeof model === 'string' ? withId('deleteResponse', 'DELETE', '/responses/{response_id}', 'response_id', await f.response(), t) : model;
  },
  generateImages: (t) => {
    const model = need(t.models.image, 'image');
    return typeof model === 'string' ? { operationId: 'generateImages', method: 'POST', path: '/images/generations', json: { model, prompt: 'A small red square.', n: 1 }, headers: {} } : model;
  },
  editImages: (t) => {
    const model = need(t.models.imageEdit, 'imageEdit');
    return typeof model === 'string' ? { operationId: 'editImages', method: 'POST', path: '/images/edits', form: { model, prompt: 'Add a hat.', image: png(), size: '256x256' }, headers: {} } : model;
  },
  createImageVariations: (t) => {
    const model = need(t.models.imageEdit, 'imageEdit');
    return typeof model === 'string' ? { operationId: 'createImageVariations', method: 'POST', path: '/images/variations', form: { model, image: png(), size: '256x256' }, headers: {} } : model;
  },
  createSpeech: (t) => {
    const model = need(t.models.speech, 'speech');
    return typeof model === 'string' ? { operationId: 'createSpeech', method: 'POST', path: '/audio/speech', json: { model, input: 'Hi.', voice: 'alloy', response_format: 'wav' }, headers: {} } : model;
  },
  createTranscription: (t) => {
    const model = need(t.models.transcription, 'transcription');
    return typeof model === 'string' ? { operationId: 'createTranscription', method: 'POST', path: '/audio/transcriptions', form: { model, file: wav() }, headers: {} } : model;
  },
  createTranslation: (t) => {
    const model = need(t.models.transcription, 'transcription');
    return typeof model === 'string' ? { operationId: 'createTranslation', method: 'POST', path: '/audio/translations', form: { model, file: wav() }, headers: {} } : model;
  },
  listBatches: (t) => ({ operationId: 'listBatches', method: 'GET', path: '/batches', query: { limit: '2' }, headers: routedHeaders(t) }),
  createBatch: async (t, f) => ({ operationId: 'createBatch', method: 'POST', path: '/batches', json: batchBody(await f.uploadFile('batch')), headers: routedHeaders(t) }),
  getBatch: async (t, f) => withId('getBatch', 'GET', '/batches/{batch_id}', 'batch_id', await f.batch(), t),
  cancelBatch: async (t, f) => withId('cancelBatch', 'POST', '/batches/{batch_id}/cancel', 'batch_id', await f.batch(), t),
  listFiles: (t) => ({ operationId: 'listFiles', method: 'GET', path: '/files', query: { limit: '2' }, headers: routedHeaders(t) }),
  uploadFile: (t) => uploadFileRequest(t, 'batch'),
  getFile: async (t, f) => withId('getFile', 'GET', '/files/{file_id}', 'file_id', await f.uploadFile(), t),
  deleteFile: async (t, f) => withId('deleteFile', 'DELETE', '/files/{file_id}', 'file_id', await f.uploadFile(), t),
  getFileContent: async (t, f) => withId('getFileContent', 'GET', '/files/{file_id}/content', 'file_id', await f.uploadFile(), t),
  createModeration: (t) => {
    const model = need(t.models.moderation, 'moderation');
    return typeof model === 'string' ? { operationId: 'createModeration', method: 'POST', path: '/moderations', json: { model, input: 'I like turtles.' }, headers: {} } : model;
  },
  listFineTuningJobs: (t) => ({ operationId: 'listFineTuningJobs', method: 'GET', path: '/fine_tuning/jobs', query: { limit: '2' }, headers: routedHeaders(t) }),
  createFineTuningJob: async (t, f) => {
    const model = need(t.models.fineTuning, 'fineTuning');
    return typeof model === 'string' ? { operationId: 'createFineTuningJob', method: 'POST', path: '/fine_tuning/jobs', json: { model, training_file: await f.uploadFile('fine-tune') }, headers: routedHeaders(t) } : model;
  },
  getFineTuningJob: async (t, f) => (t.models.fineTuning ? withId('getFineTuningJob', 'GET', '/fine_tuning/jobs/{fine_tuning_job_id}', 'fine_tuning_job_id', await f.fineTuningJob(), t) : { unimplemented: 'the target names no fineTuning model (target.models.fineTuning)' }),
  cancelFineTuningJob: async (t, f) => (t.models.fineTuning ? withId('cancelFineTuningJob', 'POST', '/fine_tuning/jobs/{fine_tuning_job_id}/cancel', 'fine_tuning_job_id', await f.fineTuningJob(), t) : { unimplemented: 'the target names no fineTuning model (target.models.fineTuning)' }),
  listFineTuningJobEvents: async (t, f) => (t.models.fineTuning ? withId('listFineTuningJobEvents', 'GET', '/fine_tuning/jobs/{fine_tuning_job_id}/events', 'fine_tuning_job_id', await f.fineTuningJob(), t) : { unimplemented: 'the target names no fineTuning model (target.models.fineTuning)' }),
  listModels: () => ({ operationId: 'listModels', method: 'GET', path: '/models', headers: {} }),
  rerankDocuments: (t) => {
    const model = need(t.models.rerank, 'rerank');
    return typeof model === 'string' ? { operationId: 'rerankDocuments', method: 'POST', path: '/rerank', json: { model, query: 'What is the capital of France?', documents: ['Paris is the capital of France.', 'Cats are pets.'] }, headers: {} } : model;
  },
};

/** Operations this catalogue leaves to other suites (the realtime WebSocket). */
export const NOT_HTTP = new Set(['connectRealtime']);

export function buildRequest(operationId: string, target: Target, fixtures: Fixtures): Promise<Built> {
  const builder = BUILDERS[operationId];
  if (!builder) throw new Error(`no request builder for operation "${operationId}" in suites/operations/requests.ts`);
  return Promise.resolve(builder(target, fixtures));
}
