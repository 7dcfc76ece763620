/**
 * How many fast-check cases a property runs: the given base inside `npm test`, 10× in long mode
 * (`TOUCHSTONE_LONG=1`). The seed is fixed per property unless TOUCHSTONE_SEED is set, so a failure
 * reproduces; fast-check prints the seed and the shrunk counterexample.
 */
export const LONG_MODE = process.env.TOUCHSTONE_LONG === '1';

export function runs(base = 200): number {
  return LONG_MODE ? base * 10 : base;
}

export function propertyParams(base = 200): { numRuns: number; seed?: number } {
  const seed = process.env.TOUCHSTONE_SEED === undefined ? undefined : Number(process.env.TOUCHSTONE_SEED);
  return { numRuns: runs(base), ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}) };
}
