/**
 * The stateful suite: files, stored responses, batches and fine-tuning jobs through the gateway
 * (scenario bodies in lifecycle.ts, checks in checks.ts).
 */
import { describe } from 'vitest';
import { scenario } from '../scenario.ts';
import { CHECK_IDS, batchLifecycle, filesLifecycle, fineTuningLifecycle, responsesLifecycle } from './lifecycle.ts';

describe('stateful objects', () => {
  scenario('files: upload, read back, list, delete', CHECK_IDS.filesLifecycle, filesLifecycle);
  scenario('responses: create, retrieve, delete', CHECK_IDS.responsesLifecycle, responsesLifecycle);
  scenario('batches: upload JSONL, create, run to completion, read the output', CHECK_IDS.batchLifecycle, batchLifecycle);
  scenario('fine-tuning: create, read back, events, run to success; cancel another', CHECK_IDS.fineTuningLifecycle, fineTuningLifecycle);
});
