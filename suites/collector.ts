/**
 * The vitest reporter of a conformance run: prints one progress line per scenario and collects the
 * cases each scenario left in its test meta, for the report model. Harness errors (a suite that
 * failed to load, an unhandled error) are kept apart from check failures.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseRecord } from './scenario.ts';

export class CaseCollector implements Reporter {
  readonly cases: CaseRecord[] = [];
  readonly harnessErrors: string[] = [];

  constructor(private readonly log: (line: string) => void) {}

  onTestCaseResult(test: TestCase): void {
    const records = test.meta().touchstone ?? [];
    const state = test.result().state;
    const failed = records.filter((r) => r.outcome === 'fail').length;
    const mark = state === 'passed' ? 'ok  ' : state === 'skipped' ? 'skip' : 'FAIL';
    this.log(`  ${mark} ${test.fullName}${failed ? `  (${failed} check${failed > 1 ? 's' : ''} failed)` : ''}`);
    if (state === 'failed' && records.length === 0) {
      this.harnessErrors.push(`${test.fullName}: ${test.result().errors?.map((e) => e.message).join('; ') ?? 'failed without a verdict'}`);
    }
    this.cases.push(...records);
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<{ message?: string }>): void {
    for (const m of modules) {
      for (const e of m.errors()) this.harnessErrors.push(`${m.moduleId}: ${e.message}`);
    }
    for (const e of unhandled) this.harnessErrors.push(`unhandled: ${e.message ?? String(e)}`);
  }
}
