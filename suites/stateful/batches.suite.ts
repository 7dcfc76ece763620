/** The stateful suite, batches: upload, create, run to completion, read the output (lifecycle.ts). */
import { describe } from 'vitest';
import { scenario } from '../scenario.ts';
import { CHECK_IDS, batchLifecycle } from './lifecycle.ts';

describe('stateful objects', () => {
  scenario('batches: upload JSONL, create, run to completion, read the output', CHECK_IDS.batchLifecycle, batchLifecycle);
});
