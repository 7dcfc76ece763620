// The project's own tests (npm test). Conformance suites (suites/**/*.suite.ts) are not listed here:
// they run through `touchstone run`, which provides them a target; test/ drives that end to end.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{spec,mocks,gateway,suites,reports,lib,bin,test}/**/*.test.ts'],
    reporters: ['default', './test/count-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
