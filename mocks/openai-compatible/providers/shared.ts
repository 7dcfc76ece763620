/**
 * Small helpers the provider tables share: id formats and deterministic timings. Provider-neutral.
 */
import type { Rng } from '../../determinism.ts';

/** A version-4 UUID drawn from the request's PRNG. */
export function uuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A duration in seconds between `min` and `max`, with the 6–9 significant digits providers print. */
export function seconds(rng: Rng, min: number, max: number): number {
  return Math.round((min + rng.next() * (max - min)) * 1e9) / 1e9;
}

/** A key rule: a non-empty bearer token starting with `prefix` (any non-empty token when no prefix). */
export function keyWithPrefix(prefix = ''): (key: string) => boolean {
  return (key) => key.length > prefix.length && key.startsWith(prefix);
}

/** The first parameter present in `body` from `names`. */
export function firstPresent(body: Record<string, unknown>, names: readonly string[]): string | undefined {
  return names.find((n) => body[n] !== undefined && body[n] !== null);
}
