/**
 * The stateful suite, files and stored responses (scenario bodies in lifecycle.ts, checks in checks.ts).
 * Batches and fine-tuning jobs, which run on the upstream's clock for seconds, have suite files of their
 * own so that vitest runs them beside the other files instead of after these scenarios.
 */
import { describe } from 'vitest';
import { scenario } from '../scenario.ts';
import { CHECK_IDS, filesLifecycle, responsesLifecycle } from './lifecycle.ts';

describe('stateful objects', () => {
  scenario('files: upload, read back, list, delete', CHECK_IDS.filesLifecycle, filesLifecycle);
  scenario('responses: create, retrieve, delete', CHECK_IDS.responsesLifecycle, responsesLifecycle);
});
