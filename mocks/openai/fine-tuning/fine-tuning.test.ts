/**
 * Fine-tuning jobs through the official SDK on a stepped clock: a job to `succeeded` (events newest
 * first, checkpoints at the last three epochs, a results file, the model usable in chat and listed in
 * /v1/models), a dataset that fails validation, cancel, listing and creation errors; every object is
 * checked against OpenAI's published description at the end.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { loadOpenAISpec } from '../../../test/openai-spec.ts';
import { jsonl, SchemaLog, steppedSimulator, upload, type SteppedSim, sdkError } from '../files/testing.ts';

const spec = loadOpenAISpec();
const seen = new SchemaLog();

const example = (i: number) => ({ messages: [
  { role: 'system', content: 'You are Marv, a sarcastic assistant.' },
  { role: 'user', content: `What is ${i} times 2?` },
  { role: 'assistant', content: `It is ${i * 2}. Obviously.` },
] });

async function trainingFile(s: SteppedSim, count = 10) {
  return upload(s.client, 'marv.jsonl', jsonl(Array.from({ length: count }, (_, i) => example(i))), 'fine-tune');
}

describe('a supervised job', () => {
  it('runs validating_files → queued → running → succeeded, then the model chats', async () => {
    const s = steppedSimulator();
    const file = await trainingFile(s);
    const created = await s.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id, suffix: 'marv', seed: 42, metadata: { team: 'qa' } });
    seen.add('FineTuningJob', created, 'created');
    expect(created).toMatchObject({
      object: 'fine_tuning.job', model: 'gpt-4o-mini-2024-07-18', status: 'validating_files', fine_tuned_model: null, finished_at: null,
      result_files: [], trained_tokens: null, error: null, seed: 42, training_file: file.id, validation_file: null,
      hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' } } },
    });
    expect(created.id).toMatch(/^ftjob-[A-Za-z0-9]{24}$/);

    const statuses = [created.status as string];
    let job = created;
    while (!['succeeded', 'failed', 'cancelled'].includes(job.status)) {
      s.advance(500);
      job = await s.client.fineTuning.jobs.retrieve(created.id);
      if (statuses.at(-1) !== job.status) { statuses.push(job.status); seen.add('FineTuningJob', job, job.status); }
    }
    expect(statuses).toEqual(['validating_files', 'queued', 'running', 'succeeded']);
    // 10 examples: 'auto' picks 10 epochs of batch 1, so 100 steps.
    expect(job.hyperparameters).toEqual({ n_epochs: 10, batch_size: 1, learning_rate_multiplier: 2 });
    expect(job.fine_tuned_model).toMatch(/^ft:gpt-4o-mini-2024-07-18:touchstone-sim:marv:[A-Za-z0-9]{8}$/);
    expect(job.trained_tokens).toBeGreaterThan(0);
    expect(job.trained_tokens! % 10).toBe(0);
    expect(job.finished_at).toBe(created.created_at + 13);
    expect(job.result_files).toHaveLength(1);

    const results = await s.client.files.retrieve(job.result_files[0]!);
    seen.add('OpenAIFile', results, 'results file');
    expect(results).toMatchObject({ purpose: 'fine-tune-results', filename: 'step_metrics.csv' });
    const csv = (await (await s.client.files.content(results.id)).text()).trim().split('\n');
    expect(csv[0]).toBe('step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy');
    expect(csv).toHaveLength(101);

    const events = await s.client.fineTuning.jobs.listEvents(job.id, { limit: 5 });
    expect(events.data.map((e) => e.message)).toEqual([
      'The job has successfully completed',
      'Usage policy evaluations completed, model is now enabled for sampling',
      'Evaluating model against our usage policies',
      `New fine-tuned model created: ${job.fine_tuned_model}`,
      'Checkpoint created at step 100',
    ]);
    expect(events.has_more).toBe(true);
    seen.add('ListFineTuningJobEventsResponse', await (await s.client.fineTuning.jobs.listEvents(job.id, { limit: 30 }).asResponse()).json(), 'events');
    const all: OpenAI.FineTuning.Jobs.FineTuningJobEvent[] = [];
    for await (const e of s.client.fineTuning.jobs.listEvents(job.id, { limit: 50 })) all.push(e);
    expect(all.at(-1)!.message).toBe(`Created fine-tuning job: ${job.id}`);
    expect(all.filter((e) => e.type === 'metrics')).toHaveLength(100);
    expect(all.find((e) => e.message.startsWith('Step 50/100'))!.data).toMatchObject({ step: 50, total_steps: 100 });
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.created_at).toBeGreaterThanOrEqual(all[i]!.created_at);

    const checkpoints = await (await s.client.fineTuning.jobs.checkpoints.list(job.id).asResponse()).json();
    seen.add('ListFineTuningJobCheckpointsResponse', checkpoints, 'checkpoints');
    expect(checkpoints.data.map((c: any) => c.step_number)).toEqual([100, 90, 80]);
    expect(checkpoints.data[0].fine_tuned_model_checkpoint).toMatch(/^ft:gpt-4o-mini-2024-07-18:touchstone-sim:marv:[A-Za-z0-9]{8}:ckpt-step-100$/);

    const models = await s.client.models.list();
    expect(models.data.map((m) => m.id)).toContain(job.fine_tuned_model);
    const chat = await s.client.chat.completions.create({ model: job.fine_tuned_model!, messages: [{ role: 'user', content: 'Hi Marv' }] });
    expect(chat.model).toBe(job.fine_tuned_model);
    const fromCheckpoint = await s.client.chat.completions.create({ model: checkpoints.data[1].fine_tuned_model_checkpoint, messages: [{ role: 'user', content: 'Hi' }] });
    expect(fromCheckpoint.object).toBe('chat.completion');
  });

  it('runs a DPO job with a validation file and reports validation metrics', async () => {
    const s = steppedSimulator();
    const pair = (i: number) => ({
      input: { messages: [{ role: 'user', content: `Tell me about ${i}` }] },
      preferred_output: [{ role: 'assistant', content: `${i} is a number.` }],
      non_preferred_output: [{ role: 'assistant', content: 'No.' }],
    });
    const train = await upload(s.client, 'pairs.jsonl', jsonl(Array.from({ length: 12 }, (_, i) => pair(i))), 'fine-tune');
    const valid = await upload(s.client, 'valid.jsonl', jsonl([pair(100), pair(101)]), 'fine-tune');
    const job = await s.client.fineTuning.jobs.create({
      model: 'gpt-4.1-mini-2025-04-14', training_file: train.id, validation_file: valid.id,
      method: { type: 'dpo', dpo: { hyperparameters: { n_epochs: 2, beta: 0.2 } } },
    });
    s.advance(60_000);
    const done = await s.client.fineTuning.jobs.retrieve(job.id);
    seen.add('FineTuningJob', done, 'dpo');
    expect(done).toMatchObject({ status: 'succeeded', hyperparameters: { n_epochs: 2, batch_size: 1, learning_rate_multiplier: 2 } });
    expect(done.method).toEqual({ type: 'dpo', dpo: { hyperparameters: { n_epochs: 2, batch_size: 1, learning_rate_multiplier: 2, beta: 0.2 } } });
    const checkpoints = await s.client.fineTuning.jobs.checkpoints.list(job.id);
    expect(checkpoints.data.map((c) => c.step_number)).toEqual([24, 12]);
    expect(checkpoints.data[0]!.metrics).toHaveProperty('full_valid_loss');
  });
});

describe('failure, cancel and errors', () => {
  it('fails a job whose training file has fewer than 10 examples', async () => {
    const s = steppedSimulator();
    const file = await trainingFile(s, 5);
    const job = await s.client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id });
    s.advance(1_000);
    const failed = await s.client.fineTuning.jobs.retrieve(job.id);
    seen.add('FineTuningJob', failed, 'failed');
    expect(failed).toMatchObject({
      status: 'failed', fine_tuned_model: null, finished_at: job.created_at + 1,
      error: { code: 'invalid_n_examples', message: 'Training file has 5 example(s), but must have at least 10 examples', param: 'training_file' },
    });
    const events = await s.client.fineTuning.jobs.listEvents(job.id);
    expect(events.data[0]).toMatchObject({ level: 'error', message: 'Training file has 5 example(s), but must have at least 10 examples' });
    const noAssistant = await upload(s.client, 'bad.jsonl', jsonl(Array.from({ length: 10 }, () => ({ messages: [{ role: 'user', content: 'hi' }] }))), 'fine-tune');
    const bad = await s.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: noAssistant.id });
    s.advance(1_000);
    expect((await s.client.fineTuning.jobs.retrieve(bad.id)).error).toMatchObject({ code: 'invalid_file_format', param: 'training_file' });
  });

  it('cancels a running job: status cancelled at once, checkpoints so far kept', async () => {
    const s = steppedSimulator();
    const job = await s.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: (await trainingFile(s)).id });
    s.advance(2_000 + 85 * 100); // started at +2 s; 85 of 100 steps done (checkpoint at 80)
    const cancelled = await s.client.fineTuning.jobs.cancel(job.id);
    seen.add('FineTuningJob', cancelled, 'cancelled');
    expect(cancelled).toMatchObject({ status: 'cancelled', fine_tuned_model: null, trained_tokens: null });
    s.advance(60_000);
    expect((await s.client.fineTuning.jobs.retrieve(job.id)).status).toBe('cancelled');
    expect((await s.client.fineTuning.jobs.checkpoints.list(job.id)).data.map((c) => c.step_number)).toEqual([80]);
    expect((await s.client.fineTuning.jobs.listEvents(job.id, { limit: 1 })).data[0]!.message).toBe('Fine-tuning job cancelled');
    const again = await sdkError(s.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: 'file-missing' }));
    expect(again.error).toMatchObject({ param: 'training_file' });
  });

  it('lists jobs newest first, filters on metadata, and rejects bad requests', async () => {
    const s = steppedSimulator();
    const file = await trainingFile(s);
    const a = await s.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id, metadata: { env: 'prod' } });
    s.advance(1_000);
    const b = await s.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id });
    const listed = await (await s.client.fineTuning.jobs.list().asResponse()).json();
    seen.add('ListPaginatedFineTuningJobsResponse', listed, 'list');
    expect(listed.data.map((j: any) => j.id)).toEqual([b.id, a.id]);
    expect((await s.client.fineTuning.jobs.list({ metadata: { env: 'prod' } })).data.map((j) => j.id)).toEqual([a.id]);
    const page = await s.client.fineTuning.jobs.list({ limit: 1, after: b.id });
    expect(page.data.map((j) => j.id)).toEqual([a.id]);

    const model = await sdkError(s.client.fineTuning.jobs.create({ model: 'gpt-4-0613', training_file: file.id }));
    expect(model.error).toMatchObject({ param: 'model', code: 'model_not_available' });
    const epochs = await sdkError(s.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: file.id, method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 0 } } } }));
    expect(epochs.error).toMatchObject({ param: 'method.supervised.hyperparameters.n_epochs', code: 'integer_below_min_value' });
    const batchFile = await upload(s.client, 'b.jsonl', jsonl([example(1)]), 'batch');
    expect((await sdkError(s.client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: batchFile.id }))).error).toMatchObject({ param: 'training_file' });
    expect((await sdkError(s.client.fineTuning.jobs.retrieve('ftjob-nope'))).status).toBe(404);
    s.advance(60_000);
    const finished = await sdkError(s.client.fineTuning.jobs.cancel(a.id));
    expect(finished.status).toBe(400);
  });
});

describe.skipIf(!spec)('conformance to OpenAI\'s published description', () => {
  it('every job, list, event page, checkpoint page and file seen above validates', () => {
    expect(seen.entries.length).toBeGreaterThan(5);
    for (const { schema, value, where } of seen.entries) expect(spec!.validateSchema(schema, value), `${schema} (${where})`).toEqual([]);
  });
});
