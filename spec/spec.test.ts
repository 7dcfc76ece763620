import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as fx from './fixtures.ts';
import {
  getOperation, listOperations, loadSpec, validate, validateEvent, validateRealtimeEvent, validateRequest, validateSchema,
  type OpenAPIDocument, type ResponseObject, type ValidationResult,
} from './index.ts';
import { lintSpec, lintSpecText, REQUIRED_OPERATIONS, type LintIssue } from './lint.ts';
import { findOpenAISpecFile } from '../test/openai-spec.ts';

const clone = (): OpenAPIDocument => structuredClone(loadSpec());
const rules = (issues: LintIssue[]) => issues.map((i) => `${i.rule} ${i.path}`);
/** The violations as "pointer | expected | actual" lines, for readable assertions and failures. */
const lines = (r: ValidationResult) => r.violations.map((v) => `${v.pointer} | ${v.expected} | ${v.actual}`);
const expectOk = (r: ValidationResult) => expect(lines(r)).toEqual([]);

describe('the contract document', () => {
  it('parses, is OpenAPI 3.1 and passes its own lint (every schema compiles)', () => {
    const doc = loadSpec();
    expect(doc.openapi).toBe('3.1.0');
    expect(loadSpec()).toBe(doc); // cached
    expect(lintSpec(doc)).toEqual([]);
  });

  it('keeps seed 004 operationIds and names every required operation', () => {
    const ids = listOperations().map((o) => o.operationId);
    for (const id of ['createChatCompletion', 'createEmbeddings', 'generateImages', 'createSpeech', 'createTranscription', 'listFiles',
      'uploadFile', 'getFile', 'deleteFile', 'createBatch', 'getBatch', 'createModeration', 'listModels', 'rerankDocuments']) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const ops = listOperations().map((o) => `${o.method} ${o.path}`);
    for (const { method, path } of REQUIRED_OPERATIONS) expect(ops).toContain(`${method.toUpperCase()} ${path}`);
  });

  it('describes every operation with statuses, content types and event schemas', () => {
    const chat = getOperation('createChatCompletion');
    expect(chat).toMatchObject({ method: 'POST', path: '/chat/completions', successStatuses: [200], requestContentTypes: ['application/json'], eventSchema: 'CreateChatCompletionStreamResponse' });
    expect(chat.errorStatuses).toEqual(expect.arrayContaining([400, 401, 403, 404, 429, 500, 502, 503]));
    expect(chat.responses.find((r) => r.status === '200')?.contentTypes).toEqual(['application/json', 'text/event-stream']);
    expect(getOperation('createResponse').eventSchema).toBe('ResponseStreamEvent');
    expect(getOperation('uploadFile').requestContentTypes).toEqual(['multipart/form-data']);
    expect(getOperation('connectRealtime')).toMatchObject({ path: '/live/{provider-account}', successStatuses: [101], realtimeEvents: { client: 'RealtimeClientEvent', server: 'RealtimeServerEvent' } });
    for (const op of listOperations()) {
      expect(op.successStatuses.length, op.operationId).toBeGreaterThan(0);
      expect(op.errorStatuses, op.operationId).toEqual(expect.arrayContaining([401, 429]));
    }
  });

  it('documents the x-tfy headers where the user guide uses them', () => {
    const doc = loadSpec();
    const headers = (path: string, method: 'get' | 'post') =>
      [...(doc.paths[path]!.parameters ?? []), ...(doc.paths[path]![method]!.parameters ?? [])].map((p) => ('$ref' in p ? p.$ref.split('/').pop() : p.name));
    expect(headers('/chat/completions', 'post')).toEqual(expect.arrayContaining(['TfyMetadata', 'TfyProviderName']));
    expect(headers('/responses', 'post')).toContain('TfyProviderName');
    expect(headers('/responses/{response_id}', 'get')).toContain('TfyProviderName');
    expect(doc.components.parameters?.TfyMetadata).toMatchObject({ name: 'x-tfy-metadata', in: 'header' });
  });
});

describe('lint reports broken documents by path', () => {
  const structural = (doc: unknown) => lintSpec(doc, { compileSchemas: false });

  it('a dangling $ref', () => {
    const doc = clone();
    doc.paths['/embeddings']!.post!.responses['200'] = { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } };
    expect(rules(structural(doc))).toEqual(['ref-resolves /paths/~1embeddings/post/responses/200/content/application~1json/schema/$ref']);
  });

  it('an operation without error responses, and one without a success response', () => {
    const doc = clone();
    const models = doc.paths['/models']!.get!;
    models.responses = { '200': models.responses['200']! };
    delete doc.paths['/rerank']!.post!.responses['200'];
    expect(rules(structural(doc))).toEqual(['error-response /paths/~1models/get/responses', 'success-response /paths/~1rerank/post/responses']);
  });

  it('an error response that is not the ErrorResponse envelope', () => {
    const doc = clone();
    doc.paths['/embeddings']!.post!.responses['500'] = { description: 'x', content: { 'application/json': { schema: { type: 'object' } } } };
    expect(rules(structural(doc))).toEqual(['error-envelope /paths/~1embeddings/post/responses/500/content/application~1json/schema']);
  });

  it('missing or duplicate operationIds, missing security, missing paths, wrong version', () => {
    const doc = clone();
    delete doc.paths['/batches']!.get!.operationId;
    doc.paths['/models']!.get!.operationId = 'createChatCompletion';
    doc.paths['/files']!.get!.security = [];
    doc.security = [];
    delete doc.paths['/rerank'];
    doc.openapi = '3.0.3';
    expect(rules(structural(doc))).toEqual([
      'openapi-version /openapi',
      'operation-id /paths/~1batches/get',
      'security /paths/~1files/get',
      'operation-id /paths/~1models/get/operationId',
      'required-path /paths/~1rerank/post',
    ]);
  });

  it('a stream without an event schema and a WebSocket operation without event schemas', () => {
    const doc = clone();
    delete (doc.paths['/chat/completions']!.post!.responses['200'] as ResponseObject).content!['text/event-stream']!['x-sse-event-schema'];
    delete doc.paths['/live/{provider-account}']!.get!['x-realtime-events'];
    expect(rules(structural(doc))).toEqual([
      'event-schema /paths/~1chat~1completions/post/responses/200/content/text~1event-stream',
      'event-schema /paths/~1live~1{provider-account}/get',
    ]);
  });

  it('a schema that does not compile, and YAML that does not parse', () => {
    const doc = clone();
    doc.components.schemas.Model = { type: 'object', requried: ['id'] };
    const issues = lintSpec(doc);
    expect(rules(issues)).toEqual(['schema-compiles /components/schemas/Model']);
    expect(issues[0]!.message).toMatch(/requried/);
    expect(rules(lintSpecText('openapi: [3.1.0\n'))).toEqual(['yaml-parse ']);
  });
});

describe('validate() on realistic OpenAI bodies', () => {
  it('accepts real chat completions, errors and other endpoints', () => {
    expectOk(validate('createChatCompletion', 200, 'application/json', fx.chatCompletion()));
    expectOk(validate('createChatCompletion', 200, 'application/json; charset=utf-8', JSON.stringify(fx.chatCompletionToolCalls())));
    expectOk(validate('createChatCompletion', 200, 'text/event-stream; charset=utf-8', 'data: ...'));
    expectOk(validate('createChatCompletion', 401, 'application/json', fx.errorEnvelope()));
    expectOk(validate('createResponse', 200, 'application/json', fx.responseObject()));
    expectOk(validate('getResponse', 200, 'application/json', fx.responseObject()));
    expectOk(validate('deleteResponse', 200, 'application/json', { id: 'resp_1', object: 'response', deleted: true }));
    expectOk(validate('createEmbeddings', 200, 'application/json', fx.embeddingResponse()));
    expectOk(validate('createEmbeddings', 200, 'application/json', fx.embeddingResponse('base64')));
    expectOk(validate('generateImages', 200, 'application/json', { created: 1713833628, data: [{ b64_json: 'iVBORw0KGgo=' }], usage: { total_tokens: 100, input_tokens: 50, output_tokens: 50, input_tokens_details: { text_tokens: 10, image_tokens: 40 } } }));
    expectOk(validate('createImageVariations', 200, 'application/json', { created: 1589478378, data: [{ url: 'https://example.com/a.png' }] }));
    expectOk(validate('createSpeech', 200, 'audio/mpeg', new Uint8Array([0xff, 0xfb, 0x90])));
    expectOk(validate('createTranscription', 200, 'text/plain; charset=utf-8', 'Hello world.'));
    expectOk(validate('createTranscription', 200, 'application/json', { task: 'transcribe', language: 'english', duration: 8.47, text: 'Hi.', segments: [{ id: 0, seek: 0, start: 0, end: 3.3, text: ' Hi.', tokens: [50364, 50530], temperature: 0, avg_logprob: -0.28, compression_ratio: 1.2, no_speech_prob: 0.01 }] }));
    expectOk(validate('createBatch', 200, 'application/json', fx.batchObject()));
    expectOk(validate('listBatches', 200, 'application/json', { object: 'list', data: [fx.batchObject()], first_id: 'batch_abc123', last_id: 'batch_abc123', has_more: false }));
    expectOk(validate('uploadFile', 200, 'application/json', fx.fileObject()));
    expectOk(validate('getFileContent', 200, 'application/octet-stream', new TextEncoder().encode('{"custom_id":"1"}\n')));
    expectOk(validate('deleteFile', 200, 'application/json', { id: 'file-abc123', object: 'file', deleted: true }));
    expectOk(validate('createModeration', 200, 'application/json', fx.moderationResponse()));
    expectOk(validate('createFineTuningJob', 200, 'application/json', fx.fineTuningJob()));
    expectOk(validate('listFineTuningJobEvents', 200, 'application/json', { object: 'list', data: [{ object: 'fine_tuning.job.event', id: 'ft-event-1', created_at: 1721764800, level: 'info', message: 'Job started', type: 'message', data: {} }], has_more: false }));
    expectOk(validate('listModels', 200, 'application/json', { object: 'list', data: [{ id: 'openai-main/gpt-4o-mini', object: 'model', created: 1686935002, owned_by: 'openai' }] }));
    expectOk(validate('rerankDocuments', 200, 'application/json', { id: 'r1', results: [{ index: 1, relevance_score: 0.98 }, { index: 0, relevance_score: 0.12 }], usage: { total_tokens: 12 } }));
    expectOk(validate('connectRealtime', 101, null, undefined));
  });

  it('names the field when a completion or error envelope is broken', () => {
    const body = fx.chatCompletion() as Record<string, any>;
    body.choices[0].finish_reason = 'done';
    body.object = 'chat.completions';
    delete body.id;
    expect(lines(validate('createChatCompletion', 200, 'application/json', body))).toEqual([
      '/id | present | missing',
      '/object | const "chat.completion" | "chat.completions"',
      '/choices/0/finish_reason | one of stop, length, tool_calls, content_filter, function_call | "done"',
    ]);
    expect(lines(validate('createChatCompletion', 400, 'application/json', { message: 'x' }))).toEqual(['/error | present | missing']);
    expect(lines(validate('createChatCompletion', 429, 'application/json', { error: { message: 'slow down', type: 'rate_limit_error', code: 429 } }))).toEqual([
      '/error/param | present | missing',
      '/error/code | string or null | number 429',
    ]);
    expect(lines(validate('createChatCompletion', 200, 'application/json', '{"id": '))).toEqual([' | a JSON document | unparseable text "{\\"id\\": "']);
  });

  it('reports undocumented statuses and content types at pointer ""', () => {
    const status = validate('createChatCompletion', 418, 'application/json', {});
    expect(status.ok).toBe(false);
    expect(status.violations).toEqual([expect.objectContaining({ pointer: '', actual: '418', rule: 'status', expected: 'status one of 200, 400, 401, 403, 404, 429, 500, 502, 503' })]);
    const html = validate('createChatCompletion', 200, 'text/html; charset=utf-8', '<html></html>');
    expect(html.violations).toEqual([expect.objectContaining({ pointer: '', expected: 'content type one of application/json, text/event-stream', actual: 'text/html', rule: 'content-type' })]);
    expect(lines(validate('createChatCompletion', 500, null, ''))).toEqual([' | content type one of application/json | none']);
  });
});

describe('validateEvent() on stream payloads', () => {
  it('accepts real chunks: tool_call deltas, a usage chunk with choices: [], text chunks and [DONE]', () => {
    for (const chunk of [...fx.chatToolCallChunks(), ...fx.chatTextChunks()]) expectOk(validateEvent('createChatCompletion', chunk));
    expectOk(validateEvent('createChatCompletion', JSON.stringify(fx.chatTextChunks()[1])));
    expectOk(validateEvent('createChatCompletion', '[DONE]'));
  });

  it('names the field of a broken chunk', () => {
    const [first] = fx.chatToolCallChunks() as Record<string, any>[];
    const stringDelta = { ...first, choices: [{ index: 0, delta: 'Hello', finish_reason: null }] };
    expect(lines(validateEvent('createChatCompletion', stringDelta))).toEqual(['/choices/0/delta | object | "Hello"']);
    const done = { ...first, choices: [{ index: 0, delta: {}, finish_reason: 'done' }] };
    expect(validateEvent('createChatCompletion', done).violations).toEqual([
      expect.objectContaining({ pointer: '/choices/0/finish_reason', expected: 'one of stop, length, tool_calls, content_filter, function_call, null', actual: '"done"', rule: 'enum' }),
    ]);
    const { id: _id, ...noId } = first!;
    expect(lines(validateEvent('createChatCompletion', noId))).toEqual(['/id | present | missing']);
    const badCall = { ...first, object: 'chat.completion', choices: [{ index: 0, delta: { tool_calls: [{ id: 'c', type: 'tool', function: { arguments: 1 } }] } }] };
    expect(lines(validateEvent('createChatCompletion', badCall))).toEqual([
      '/object | const "chat.completion.chunk" | "chat.completion"',
      '/choices/0/finish_reason | present | missing',
      '/choices/0/delta/tool_calls/0/index | present | missing',
      '/choices/0/delta/tool_calls/0/type | const "function" | "tool"',
      '/choices/0/delta/tool_calls/0/function/arguments | string | number 1',
    ]);
    expect(lines(validateEvent('createChatCompletion', 'data: {'))).toEqual([' | a JSON event payload | "data: {"']);
  });

  it('checks Responses API events strictly by type, each with a sequence_number', () => {
    for (const event of fx.responseStreamEvents()) expectOk(validateEvent('createResponse', event));
    expectOk(validateEvent('createResponse', { type: 'response.web_search_call.searching', sequence_number: 9, output_index: 0, item_id: 'ws_1' }));
    const [, , , , delta] = fx.responseStreamEvents() as Record<string, any>[];
    const { sequence_number: _s, ...noSeq } = delta!;
    expect(lines(validateEvent('createResponse', noSeq))).toEqual(['/sequence_number | present | missing']);
    expect(lines(validateEvent('createResponse', { ...delta, delta: 42 }))).toEqual(['/delta | string | number 42']);
    const completed = fx.responseStreamEvents().at(-1) as Record<string, any>;
    completed.response.output[0].content[0].type = 'text';
    expect(lines(validateEvent('createResponse', completed))).toEqual([
      '/response/output/0/content/0/type | one of output_text, refusal, reasoning_text | "text"',
    ]);
  });

  it('checks realtime WebSocket events in both directions', () => {
    for (const event of fx.realtimeServerEvents()) expectOk(validateRealtimeEvent('server', event));
    for (const event of fx.realtimeClientEvents()) expectOk(validateRealtimeEvent('client', event));
    expectOk(validateEvent('connectRealtime', fx.realtimeServerEvents()[0], 101));
    expect(lines(validateRealtimeEvent('client', { type: 'session.update', session: { type: 'chat' } }))).toEqual([
      '/session/type | one of realtime, transcription | "chat"',
    ]);
    expect(lines(validateRealtimeEvent('client', { type: 'input_audio_buffer.append' }))).toEqual(['/audio | present | missing']);
    expect(lines(validateRealtimeEvent('server', { type: 'response.output_text.delta', response_id: 'r', item_id: 'i', output_index: 0, content_index: 0, delta: 'x' }))).toEqual(['/event_id | present | missing']);
  });
});

describe('validateRequest() and validateSchema()', () => {
  it('accepts a request using every chat parameter the contract names', () => {
    expectOk(validateRequest('createChatCompletion', 'application/json', fx.chatRequest()));
    expectOk(validateRequest('createChatCompletion', 'application/json', JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], tool_choice: 'required', response_format: { type: 'json_object' } })));
  });

  it('narrows role- and type-discriminated unions to one readable violation', () => {
    const base = { model: 'openai-main/gpt-4o-mini' };
    const check = (body: object) => lines(validateRequest('createChatCompletion', 'application/json', { ...base, ...body }));
    expect(check({ messages: [{ role: 'bot', content: 'x' }] })).toEqual(['/messages/0/role | one of developer, system, user, assistant, tool, function | "bot"']);
    expect(check({ messages: [{ role: 'user', content: 5 }] })).toEqual(['/messages/0/content | string or array | number 5']);
    expect(check({ messages: [{ role: 'tool', content: 'x' }] })).toEqual(['/messages/0/tool_call_id | present | missing']);
    expect(check({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: {} }] }] })).toEqual([
      '/messages/0/content/1/image_url/url | present | missing',
    ]);
    expect(check({ messages: [], temperature: 3, tool_choice: 'always', response_format: { type: 'xml' } })).toEqual([
      '/messages | at least 1 item(s) | array []',
      '/tool_choice | one of none, auto, required | "always"',
      '/response_format/type | one of text, json_object, json_schema | "xml"',
      '/temperature | number <= 2 | number 3',
    ]);
    expect(lines(validateRequest('createChatCompletion', 'text/plain', 'hi'))).toEqual([' | content type one of application/json | text/plain']);
  });

  it('validates multipart bodies given as FormData (form fields coerced)', () => {
    const form = new FormData();
    form.append('file', new Blob(['{"a":1}\n']), 'batch.jsonl');
    form.append('purpose', 'batch');
    expectOk(validateRequest('uploadFile', 'multipart/form-data; boundary=abc', form));
    const audio = new FormData();
    audio.append('file', new Blob([new Uint8Array([1, 2])]), 'a.wav');
    audio.append('model', 'whisper-1');
    audio.append('temperature', '0.2');
    audio.append('timestamp_granularities[]', 'word');
    expectOk(validateRequest('createTranscription', 'multipart/form-data', audio));
    expect(lines(validateRequest('uploadFile', 'multipart/form-data', { purpose: 'training' }))).toEqual([
      '/file | present | missing',
      '/purpose | one of assistants, batch, fine-tune, vision, user_data, evals | "training"',
    ]);
  });

  it('validates any components schema by name', () => {
    expectOk(validateSchema('ErrorResponse', fx.errorEnvelope()));
    expectOk(validateSchema('CreateChatCompletionStreamResponse', fx.chatTextChunks()[0]));
    expect(lines(validateSchema('ErrorResponse', { message: 'x' }))).toEqual(['/error | present | missing']);
  });

  it('throws on unknown names, listing close matches', () => {
    expect(() => validate('createChatCompletions', 200, null, {})).toThrow(/unknown operationId "createChatCompletions"; did you mean createChatCompletion/);
    expect(() => validateSchema('ErrorRespons', {})).toThrow(/unknown schema "ErrorRespons"; did you mean ErrorResponse/);
    expect(() => validateEvent('listModels', {})).toThrow(/no event schema/);
  });
});

// OpenAI's published description (kept outside the project as data, found the same way as every other
// test finds it: TOUCHSTONE_OPENAI_SPEC, an ancestor's shared/openai/, /work/shared); skipped when absent.
const OPENAI_SPEC = findOpenAISpecFile() ?? '';

describe('OpenAI examples', () => {
  it.skipIf(!OPENAI_SPEC || !existsSync(OPENAI_SPEC))("validate against our schemas (OpenAI's own x-oaiMeta examples)", () => {
    const openai = JSON.parse(readFileSync(OPENAI_SPEC, 'utf8'));
    // OpenAI operationId -> [ours, example titles to check ("*" = all)]. Left out: examples that predate
    // fields OpenAI's own schema requires (fine-tuning jobs, responses "Functions"/"Streaming").
    const picks: Record<string, [string, string[]]> = {
      createChatCompletion: ['createChatCompletion', ['Default', 'Image input', 'Functions', 'Logprobs', 'Streaming']],
      createResponse: ['createResponse', ['Text input', 'Image input', 'File input', 'Web search', 'File search', 'Reasoning']],
      getResponse: ['getResponse', ['*']],
      deleteResponse: ['deleteResponse', ['*']],
      createImage: ['generateImages', ['Generate image']],
      createTranscription: ['createTranscription', ['Default', 'Logprobs', 'Streaming']],
      createModeration: ['createModeration', ['*']],
      createBatch: ['createBatch', ['*']],
      retrieveFile: ['getFile', ['*']],
      deleteFile: ['deleteFile', ['*']],
      listModels: ['listModels', ['*']],
      listFineTuningEvents: ['listFineTuningJobEvents', ['*']],
    };
    let checked = 0;
    const failures: string[] = [];
    for (const item of Object.values<Record<string, any>>(openai.paths)) {
      for (const op of Object.values<any>(item)) {
        const pick = picks[op?.operationId];
        if (!pick) continue;
        const examples = [op['x-oaiMeta']?.examples ?? []].flat();
        for (const example of examples) {
          if (!pick[1].includes('*') && !pick[1].includes(example.title)) continue;
          const text = String(example.response).replace(/,(\s*[}\]])/g, '$1'); // a few examples have trailing commas
          let results: ValidationResult[];
          try {
            results = [validate(pick[0], 200, 'application/json', JSON.parse(text))];
          } catch {
            const events = text.split('\n').map((l) => l.replace(/^data: /, '').trim()).filter((l) => l.startsWith('{'));
            results = events.map((e) => validateEvent(pick[0], JSON.parse(e)));
          }
          expect(results.length, `${pick[0]} ${example.title}`).toBeGreaterThan(0);
          checked += results.length;
          for (const r of results) if (!r.ok) failures.push(`${pick[0]} ${example.title}: ${lines(r).join('; ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });
});
