/**
 * Stateful objects through the gateway: files, stored responses, batches and fine-tuning jobs are
 * readable right after creation and answer 404 once deleted; batch and fine-tuning lifecycles reach
 * their terminal states with consistent counts, and a batch's output holds every custom_id once.
 * Lifecycles run on the upstream's clock (in-process: a 3-line batch completes ~2.3 s after creation, a
 * 10-step fine-tuning job ~4 s), so the suite polls with a growing delay and a deadline.
 */
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import { contractViolations, envelopeViolations, prefixed, statusViolations } from '../assertions.ts';
import type { HttpResult } from '../recorder.ts';
import type { ScenarioContext } from '../scenario.ts';
import { asObject, bareModel, multipartText, pollUntil, providerHeaders, readJsonl, sameFields, type Json } from './kit.ts';

const LIFECYCLE_DEADLINE_MS = 20_000;

/** The checks each scenario gives a verdict on. */
export const CHECK_IDS = {
  filesLifecycle: ['stateful.files.read-after-create', 'stateful.files.content', 'stateful.files.listed', 'stateful.files.deleted'],
  responsesLifecycle: ['stateful.responses.read-after-create', 'stateful.responses.deleted'],
  batchLifecycle: ['stateful.batches.read-after-create', 'stateful.batches.lifecycle', 'stateful.batches.custom-ids'],
  fineTuningLifecycle: ['stateful.fine-tuning.read-after-create', 'stateful.fine-tuning.events', 'stateful.fine-tuning.lifecycle', 'stateful.fine-tuning.cancel'],
} as const;

/** A response as a step's evidence: status and contract, under `/<step>`. */
function stepViolations(step: string, operationId: string, res: HttpResult, status = 200): Violation[] {
  const out = statusViolations(res, status);
  return prefixed(`/${step}`, out.length ? out : contractViolations(operationId, res));
}

async function upload(s: ScenarioContext, filename: string, purpose: string, content: string): Promise<HttpResult> {
  const body = multipartText({ purpose }, { field: 'file', filename, type: 'application/jsonl', content });
  return s.recorder.send('POST', '/files', { raw: body.raw, headers: { ...providerHeaders(s.target), 'content-type': body.contentType } });
}

/** Statuses seen while polling, each counted once, with a violation when one goes back in `order`. */
function statusTrail(trail: string[], order: readonly string[], pointer: string): Violation[] {
  const out: Violation[] = [];
  for (let i = 1; i < trail.length; i++) {
    const before = order.indexOf(trail[i - 1]!);
    const now = order.indexOf(trail[i]!);
    if (now === -1) out.push(violation(pointer, `one of ${order.join(', ')}`, describeValue(trail[i]), 'lifecycle.status'));
    else if (now < before) out.push(violation(pointer, `no status after ${trail[i - 1]} that comes before it (${order.join(' → ')})`, `${trail[i - 1]} → ${trail[i]}`, 'lifecycle.backwards'));
  }
  return out;
}

function pushDistinct(trail: string[], status: unknown): void {
  if (typeof status === 'string' && trail.at(-1) !== status) trail.push(status);
}

const chatLine = (customId: string, model: string, text: string) => ({
  custom_id: customId, method: 'POST', url: '/v1/chat/completions', body: { model, messages: [{ role: 'user', content: text }], max_tokens: 16 },
});

const trainingLine = (i: number) => ({
  messages: [
    { role: 'system', content: 'You answer arithmetic questions with the number only.' },
    { role: 'user', content: `What is ${i} + ${i}?` },
    { role: 'assistant', content: String(2 * i) },
  ],
});

export async function filesLifecycle(s: ScenarioContext): Promise<void> {
  const nonce = `touchstone-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const content = `${JSON.stringify(chatLine(`${nonce}-1`, bareModel(s.target, s.target.models.chat), 'Hello'))}\n`;
  const headers = providerHeaders(s.target);
  const created = await upload(s, `${nonce}.jsonl`, 'batch', content);
  const createViolations = stepViolations('upload', 'uploadFile', created);
  if (createViolations.length) {
    for (const id of CHECK_IDS.filesLifecycle) s.verdict(id, createViolations);
    return;
  }
  const file = asObject(created.json);
  const expected = { id: file.id, bytes: Buffer.byteLength(content), purpose: 'batch', filename: `${nonce}.jsonl` };
  const uploadFields = sameFields('/upload/body', file, expected, ['bytes', 'purpose', 'filename'], 'files.upload-fields');

  const read = await s.recorder.send('GET', `/files/${file.id}`, { headers });
  const readViolations = stepViolations('retrieve', 'getFile', read);
  s.verdict('stateful.files.read-after-create', [...uploadFields, ...readViolations, ...(readViolations.length ? [] : sameFields('/retrieve/body', asObject(read.json), expected, ['id', 'bytes', 'purpose', 'filename'], 'files.same-object'))],
    { expected: `id ${file.id}, ${expected.bytes} bytes, purpose batch` });

  const body = await s.recorder.send('GET', `/files/${file.id}/content`, { headers });
  s.verdict('stateful.files.content', [...prefixed('/content', statusViolations(body, 200)),
    ...(body.status === 200 && body.text !== content ? [violation('/content/body', `the ${expected.bytes} uploaded bytes`, describeValue(body.text.slice(0, 200)), 'files.content-equal')] : [])]);

  const list = await s.recorder.send('GET', '/files?limit=10000', { headers });
  const listViolations = stepViolations('list', 'listFiles', list);
  const ids = (asObject(list.json).data as Json[] | undefined ?? []).map((f) => f?.id);
  if (!listViolations.length && !ids.includes(file.id)) listViolations.push(violation('/list/body/data', `an entry with id ${file.id}`, `${ids.length} other files`, 'files.listed'));
  s.verdict('stateful.files.listed', listViolations);

  const deleted = await s.recorder.send('DELETE', `/files/${file.id}`, { headers });
  const out = stepViolations('delete', 'deleteFile', deleted);
  if (!out.length) out.push(...sameFields('/delete/body', asObject(deleted.json), { id: file.id, object: 'file', deleted: true }, ['id', 'object', 'deleted'], 'files.deleted'));
  const gone = await s.recorder.send('GET', `/files/${file.id}`, { headers });
  out.push(...prefixed('/retrieve-deleted', envelopeViolations('getFile', gone, 404)));
  s.verdict('stateful.files.deleted', out);
}

export async function responsesLifecycle(s: ScenarioContext): Promise<void> {
  const model = s.target.models.responses;
  if (!model) {
    for (const id of CHECK_IDS.responsesLifecycle) s.unimplemented(id, 'the target names no Responses model');
    return;
  }
  const headers = providerHeaders(s.target);
  const created = await s.recorder.send('POST', '/responses', { body: { model, input: 'Name three colours.', max_output_tokens: 32 } });
  const createViolations = stepViolations('create', 'createResponse', created);
  if (createViolations.length) {
    s.verdict('stateful.responses.read-after-create', createViolations);
    s.verdict('stateful.responses.deleted', createViolations);
    return;
  }
  const response = asObject(created.json);
  const read = await s.recorder.send('GET', `/responses/${response.id}`, { headers });
  const readViolations = stepViolations('retrieve', 'getResponse', read);
  const again = asObject(read.json);
  if (!readViolations.length) {
    readViolations.push(...sameFields('/retrieve/body', again, response, ['id', 'status', 'model'], 'responses.same-object'));
    if (outputText(again) !== outputText(response)) readViolations.push(violation('/retrieve/body/output', `the created output text ${describeValue(outputText(response))}`, describeValue(outputText(again)), 'responses.same-output'));
  }
  s.verdict('stateful.responses.read-after-create', readViolations, { observed: outputText(again) });

  const deleted = await s.recorder.send('DELETE', `/responses/${response.id}`, { headers });
  const out = stepViolations('delete', 'deleteResponse', deleted);
  if (!out.length) out.push(...sameFields('/delete/body', asObject(deleted.json), { id: response.id, deleted: true }, ['id', 'deleted'], 'responses.deleted'));
  const gone = await s.recorder.send('GET', `/responses/${response.id}`, { headers });
  out.push(...prefixed('/retrieve-deleted', envelopeViolations('getResponse', gone, 404)));
  s.verdict('stateful.responses.deleted', out);
}

export async function batchLifecycle(s: ScenarioContext): Promise<void> {
  const headers = providerHeaders(s.target);
  const model = bareModel(s.target, s.target.models.chat);
  const customIds = ['alpha', 'beta', 'gamma'].map((name, i) => `${name}-${i}-${Math.random().toString(36).slice(2, 8)}`);
  const content = customIds.map((id, i) => JSON.stringify(chatLine(id, model, `Say the number ${i + 1}.`))).join('\n') + '\n';
  const all = CHECK_IDS.batchLifecycle;
  const input = await upload(s, 'batch-input.jsonl', 'batch', content);
  const uploadViolations = stepViolations('upload', 'uploadFile', input);
  if (uploadViolations.length) { for (const id of all) s.verdict(id, uploadViolations); return; }
  const inputFileId = asObject(input.json).id;
  const created = await s.recorder.send('POST', '/batches', { headers, body: { input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h' } });
  const createViolations = stepViolations('create', 'createBatch', created);
  if (createViolations.length) { for (const id of all) s.verdict(id, createViolations); return; }
  const batch = asObject(created.json);
  const expected = { id: batch.id, input_file_id: inputFileId, endpoint: '/v1/chat/completions' };

  const trail: string[] = [];
  pushDistinct(trail, batch.status);
  const read = await s.recorder.send('GET', `/batches/${batch.id}`, { headers });
  const readViolations = stepViolations('retrieve', 'getBatch', read);
  if (!readViolations.length) readViolations.push(...sameFields('/retrieve/body', asObject(read.json), expected, ['id', 'input_file_id', 'endpoint'], 'batches.same-object'));
  s.verdict('stateful.batches.read-after-create', [...sameFields('/create/body', batch, expected, ['input_file_id', 'endpoint'], 'batches.create-fields'), ...readViolations]);
  pushDistinct(trail, asObject(read.json).status);

  const TERMINAL = ['completed', 'failed', 'expired', 'cancelled'];
  const polled = await pollUntil(async () => {
    const res = await s.recorder.send('GET', `/batches/${batch.id}`, { headers });
    pushDistinct(trail, asObject(res.json).status);
    return res;
  }, (res) => res.status !== 200 || TERMINAL.includes(asObject(res.json).status), LIFECYCLE_DEADLINE_MS);
  const final = asObject(polled.value.json);
  const notes = [`statuses seen: ${trail.join(' → ')} (${polled.polls} polls)`];
  const life = [...stepViolations('poll', 'getBatch', polled.value), ...statusTrail(trail, ['validating', 'in_progress', 'finalizing', 'completed'], '/poll/body/status')];
  if (polled.timedOut) life.push(violation('/poll/body/status', `"completed" within ${LIFECYCLE_DEADLINE_MS} ms`, describeValue(final.status), 'batches.deadline'));
  else if (final.status !== 'completed') life.push(violation('/poll/body/status', '"completed"', describeValue(final.status), 'batches.terminal'));
  const counts = asObject(final.request_counts);
  if (final.status === 'completed') {
    if (counts.total !== customIds.length) life.push(violation('/poll/body/request_counts/total', `${customIds.length} (the input lines)`, describeValue(counts.total), 'batches.count-total'));
    if (counts.total !== counts.completed + counts.failed) life.push(violation('/poll/body/request_counts', 'total = completed + failed', describeValue(counts), 'batches.count-sum'));
    if (typeof final.output_file_id !== 'string') life.push(violation('/poll/body/output_file_id', 'a file id', describeValue(final.output_file_id), 'batches.output-file'));
  }
  s.verdict('stateful.batches.lifecycle', life, { observed: `${String(final.status)}, request_counts ${JSON.stringify(counts)}`, notes });
  if (final.status !== 'completed') { s.verdict('stateful.batches.custom-ids', [violation('/poll/body/status', '"completed" (to read the output)', describeValue(final.status), 'batches.terminal')]); return; }

  const seen = new Map<string, number>();
  const out: Violation[] = [];
  for (const [kind, fileId] of [['output', final.output_file_id], ['error', final.error_file_id]] as const) {
    if (typeof fileId !== 'string') continue;
    const res = await s.recorder.send('GET', `/files/${fileId}/content`, { headers });
    out.push(...prefixed(`/${kind}-file`, statusViolations(res, 200)));
    const { rows, violations } = readJsonl(res.text, `/${kind}-file/lines`);
    out.push(...violations);
    for (const row of rows) seen.set(String(row.custom_id), (seen.get(String(row.custom_id)) ?? 0) + 1);
  }
  for (const id of customIds) {
    const n = seen.get(id) ?? 0;
    if (n !== 1) out.push(violation(`/custom_id/${id}`, 'exactly once across the output and error files', `${n} times`, 'batches.custom-id-once'));
  }
  for (const id of seen.keys()) if (!customIds.includes(id)) out.push(violation(`/custom_id/${id}`, `one of the input custom_ids (${customIds.join(', ')})`, describeValue(id), 'batches.custom-id-unknown'));
  s.verdict('stateful.batches.custom-ids', out, { observed: [...seen].map(([id, n]) => `${id}×${n}`).join(', ') });
}

export async function fineTuningLifecycle(s: ScenarioContext): Promise<void> {
  const all = CHECK_IDS.fineTuningLifecycle;
  const model = s.target.models.fineTuning;
  if (!model) { for (const id of all) s.unimplemented(id, 'the target names no fine-tuning base model'); return; }
  const headers = providerHeaders(s.target);
  const training = await upload(s, 'train.jsonl', 'fine-tune', Array.from({ length: 10 }, (_, i) => JSON.stringify(trainingLine(i + 1))).join('\n') + '\n');
  const uploadViolations = stepViolations('upload', 'uploadFile', training);
  if (uploadViolations.length) { for (const id of all) s.verdict(id, uploadViolations); return; }
  const trainingFile = asObject(training.json).id;
  const createJob = (epochs: number) => s.recorder.send('POST', '/fine_tuning/jobs', {
    headers, body: { model, training_file: trainingFile, suffix: 'touchstone', method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: epochs, batch_size: 1 } } } },
  });

  const created = await createJob(1);
  const createViolations = stepViolations('create', 'createFineTuningJob', created);
  if (createViolations.length) { for (const id of all) s.verdict(id, createViolations); return; }
  const job = asObject(created.json);
  const trail: string[] = [];
  pushDistinct(trail, job.status);
  const read = await s.recorder.send('GET', `/fine_tuning/jobs/${job.id}`, { headers });
  const readViolations = stepViolations('retrieve', 'getFineTuningJob', read);
  if (!readViolations.length) readViolations.push(...sameFields('/retrieve/body', asObject(read.json), job, ['id', 'model', 'training_file', 'created_at'], 'fine-tuning.same-object'));
  s.verdict('stateful.fine-tuning.read-after-create', [...sameFields('/create/body', job, { training_file: trainingFile }, ['training_file'], 'fine-tuning.create-fields'), ...readViolations]);
  pushDistinct(trail, asObject(read.json).status);

  // The second job (50 epochs: far from done) is cancelled while the first one runs.
  const other = await createJob(50);
  const cancelViolations = stepViolations('create-other', 'createFineTuningJob', other);
  if (!cancelViolations.length) {
    const otherId = asObject(other.json).id;
    const cancelled = await s.recorder.send('POST', `/fine_tuning/jobs/${otherId}/cancel`, { headers });
    cancelViolations.push(...stepViolations('cancel', 'cancelFineTuningJob', cancelled));
    if (!cancelViolations.length) cancelViolations.push(...sameFields('/cancel/body', asObject(cancelled.json), { id: otherId, status: 'cancelled' }, ['id', 'status'], 'fine-tuning.cancelled'));
    const later = await s.recorder.send('GET', `/fine_tuning/jobs/${otherId}`, { headers });
    const laterViolations = stepViolations('retrieve-cancelled', 'getFineTuningJob', later);
    if (!laterViolations.length) laterViolations.push(...sameFields('/retrieve-cancelled/body', asObject(later.json), { status: 'cancelled', fine_tuned_model: null }, ['status', 'fine_tuned_model'], 'fine-tuning.stays-cancelled'));
    cancelViolations.push(...laterViolations);
  }
  s.verdict('stateful.fine-tuning.cancel', cancelViolations);

  const TERMINAL = ['succeeded', 'failed', 'cancelled'];
  const polled = await pollUntil(async () => {
    const res = await s.recorder.send('GET', `/fine_tuning/jobs/${job.id}`, { headers });
    pushDistinct(trail, asObject(res.json).status);
    return res;
  }, (res) => res.status !== 200 || TERMINAL.includes(asObject(res.json).status), LIFECYCLE_DEADLINE_MS);
  const final = asObject(polled.value.json);
  const life = [...stepViolations('poll', 'getFineTuningJob', polled.value), ...statusTrail(trail, ['validating_files', 'queued', 'running', 'succeeded'], '/poll/body/status')];
  if (polled.timedOut) life.push(violation('/poll/body/status', `"succeeded" within ${LIFECYCLE_DEADLINE_MS} ms`, describeValue(final.status), 'fine-tuning.deadline'));
  else if (final.status !== 'succeeded') life.push(violation('/poll/body/status', '"succeeded"', describeValue(final.status), 'fine-tuning.terminal'));
  else {
    if (typeof final.fine_tuned_model !== 'string' || !final.fine_tuned_model) life.push(violation('/poll/body/fine_tuned_model', 'the fine-tuned model id', describeValue(final.fine_tuned_model), 'fine-tuning.model'));
    if (typeof final.finished_at !== 'number' || final.finished_at < final.created_at) life.push(violation('/poll/body/finished_at', `a time not before created_at ${final.created_at}`, describeValue(final.finished_at), 'fine-tuning.finished-at'));
    if (typeof final.trained_tokens !== 'number' || final.trained_tokens <= 0) life.push(violation('/poll/body/trained_tokens', 'a positive number', describeValue(final.trained_tokens), 'fine-tuning.trained-tokens'));
    if (final.error !== null && final.error !== undefined) life.push(violation('/poll/body/error', 'null', describeValue(final.error), 'fine-tuning.error'));
  }
  s.verdict('stateful.fine-tuning.lifecycle', life, { observed: `${String(final.status)}: ${String(final.fine_tuned_model)}`, notes: [`statuses seen: ${trail.join(' → ')} (${polled.polls} polls)`] });

  const events = await s.recorder.send('GET', `/fine_tuning/jobs/${job.id}/events?limit=100`, { headers });
  const eventViolations = stepViolations('events', 'listFineTuningJobEvents', events);
  const data = asObject(events.json).data as Json[] | undefined;
  if (!eventViolations.length) {
    if (!Array.isArray(data) || data.length === 0) eventViolations.push(violation('/events/body/data', 'at least one event of the finished job', describeValue(data), 'fine-tuning.events'));
    else data.forEach((e, i) => { if (e?.object !== 'fine_tuning.job.event') eventViolations.push(violation(`/events/body/data/${i}/object`, '"fine_tuning.job.event"', describeValue(e?.object), 'fine-tuning.event-object')); });
  }
  s.verdict('stateful.fine-tuning.events', eventViolations, { observed: `${data?.length ?? 0} events` });
}

/** The text of a response's output_text parts, concatenated. */
function outputText(response: Json): string {
  const items = Array.isArray(response.output) ? response.output as Json[] : [];
  return items.flatMap((item) => (Array.isArray(item?.content) ? item.content as Json[] : []))
    .filter((part) => part?.type === 'output_text').map((part) => String(part.text)).join('');
}
