/**
 * How many fast-check cases a property runs, and from which seed. Inside `npm test`: the given base
 * count from a fixed seed, so CI is reproducible (a red run is red again on a rerun). Long mode
 * (`TOUCHSTONE_LONG=1`): 10× the cases from a fresh random seed, to explore. `TOUCHSTONE_SEED=N` pins
 * the seed in either mode; fast-check prints the seed and the shrunk counterexample on failure.
 */
export const LONG_MODE = process.env.TOUCHSTONE_LONG === '1';
const DEFAULT_SEED = 20261123;

export function runs(base = 200): number {
  return LONG_MODE ? base * 10 : base;
}

export function propertyParams(base = 200): { numRuns: number; seed?: number } {
  const pinned = process.env.TOUCHSTONE_SEED === undefined ? undefined : Number(process.env.TOUCHSTONE_SEED);
  const seed = pinned !== undefined && Number.isFinite(pinned) ? pinned : LONG_MODE ? undefined : DEFAULT_SEED;
  return { numRuns: runs(base), ...(seed !== undefined ? { seed } : {}) };
}
