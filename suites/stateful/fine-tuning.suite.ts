/** The stateful suite, fine-tuning: create, read back, events, run to success, cancel another (lifecycle.ts). */
import { describe } from 'vitest';
import { scenario } from '../scenario.ts';
import { CHECK_IDS, fineTuningLifecycle } from './lifecycle.ts';

describe('stateful objects', () => {
  scenario('fine-tuning: create, read back, events, run to success; cancel another', CHECK_IDS.fineTuningLifecycle, fineTuningLifecycle);
});
