/**
 * f. The wall time of a full in-process conformance run (`node bin/touchstone.js run --report <tmp>`,
 * what `npm start` does), as a separate process; the baseline is the 30 s budget. One run by
 * default (it is long); its exit code is noted (1 = a check failed — still a complete run).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../processes.ts';
import type { Scenario } from '../scenario.ts';

const BUDGET_S = 30;

async function timeRun(): Promise<{ seconds: number; code: number | null; stderrTail: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'touchstone-bench-run-'));
  try {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['bin/touchstone.js', 'run', '--report', dir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr = (stderr + c.toString('utf8')).slice(-2000); });
    const code = await new Promise<number | null>((resolve, reject) => { child.once('error', reject); child.once('exit', (c) => resolve(c)); });
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, code, stderrTail: stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const conformance: Scenario = {
  id: 'conformance',
  title: 'Full in-process conformance run: wall time',
  description: '`node bin/touchstone.js run --report <tmp>` in its own process, wall time to exit.',
  servers: [],
  defaultRepeats: 1,
  async measure(ctx) {
    const run = await timeRun();
    ctx.log(`conformance run: ${run.seconds.toFixed(1)} s, exit code ${run.code}`);
    const notes = run.code === 0 ? [] : run.code === 1
      ? ['conformance run exited 1: some checks failed (the run itself completed)']
      : [`conformance run exited ${run.code}: the run did not complete normally; stderr ends: ${run.stderrTail.trim().split('\n').slice(-3).join(' | ')}`];
    return { values: { 'run.wall_s': run.seconds, 'budget.wall_s': BUDGET_S, 'run.exit_code': run.code ?? -1 }, notes };
  },
  figures: [
    { key: 'run.wall_s', label: 'conformance run wall time', unit: 's', baseline: 'budget.wall_s', target: { on: 'value', op: '<=', limit: BUDGET_S, text: `≤ ${BUDGET_S} s` } },
  ],
};
