/**
 * The vitest reporter of a conformance run: prints one progress line per scenario and collects the
 * cases each scenario left in its test meta, for the report model. Harness errors (a suite that
 * failed to load, an unhandled error) are kept apart from check failures.
 */
import path from 'node:path';
import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node';
import type { CaseRecord } from './scenario.ts';

export class CaseCollector implements Reporter {
  readonly cases: CaseRecord[] = [];
  readonly harnessErrors: string[] = [];

  /** Scenarios left out by --filter. */
  filtered = 0;
  #files = 0;
  #filesDone = 0;
  #casesDone = 0;

  /** `progress`: one line per finished suite file (the CLI sends it to stderr). */
  constructor(private readonly log: (line: string) => void, private readonly progress?: (line: string) => void, private readonly root = process.cwd()) {}

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.#files = specifications.length;
  }

  onTestModuleEnd(module: TestModule): void {
    if (!this.progress) return;
    this.#filesDone++;
    let cases = 0;
    let failed = 0;
    for (const test of module.children.allTests()) {
      const records = test.meta().touchstone ?? [];
      cases += records.length;
      failed += records.filter((r) => r.outcome === 'fail').length;
    }
    this.#casesDone += cases;
    const name = path.relative(this.root, module.moduleId);
    this.progress(`progress: ${this.#filesDone}/${this.#files} suite files, ${this.#casesDone} cases — ${name}: ${cases} cases${failed ? `, ${failed} failed` : ''}`);
  }

  onTestCaseResult(test: TestCase): void {
    if (test.meta().touchstoneFiltered) { this.filtered++; return; }
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
