/**
 * Ends `npm test` with one machine-readable line, alone on its line, after vitest's own summary:
 * `tests: N passed, N failed` (plus `, N skipped` when any were skipped). CI greps for it.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class CountReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else if (state === 'skipped') skipped++;
      }
      // A test file that failed to load counts as a failure even though it holds no tests.
      if (m.errors().length > 0 && !m.children.size) failed++;
    }
    failed += unhandled.length;
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
