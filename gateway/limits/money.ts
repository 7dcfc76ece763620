/**
 * Money as integer nano-dollars (1e-9 USD) so budget counters add exactly — in memory and with Redis
 * INCRBY alike. Conversion happens at the edges: config limits and recorded costs come in as USD numbers,
 * messages show USD again. Exact while counters stay below 2^53 nano-dollars (about 9 million USD).
 */

/**
 * USD → nano-dollars, rounding half up at the ninth decimal of the number as written (its shortest
 * decimal form), so `0.0000000015` is 2 and `0.1 + 0.2` is 300000000 — no binary-fraction surprises.
 */
export function toNanoUsd(usd: number): number {
  if (!Number.isFinite(usd) || usd < 0) throw new RangeError(`expected a finite amount of USD >= 0, got ${usd}`);
  const [mantissa, exponentText] = String(usd).split('e');
  const exponent = Number(exponentText ?? 0);
  const [whole, fraction = ''] = mantissa!.split('.');
  const digits = whole! + fraction;
  // the value is 0.digits * 10^point, i.e. `digits` with the decimal point after `point` digits
  const point = whole!.length + exponent;
  // nano-dollars = digits shifted so that 9 fraction digits stay left of the point
  const keep = point + 9;
  if (keep < 0) return 0;
  const padded = digits.padEnd(keep + 1, '0');
  const kept = Number(padded.slice(0, keep));
  return padded[keep]! >= '5' ? kept + 1 : kept;
}

/** Nano-dollars → a USD string with at least 2 and at most 9 decimals: `5.00`, `0.000003`, `1.25`. */
export function formatUsd(nano: number): string {
  const whole = Math.trunc(nano / 1e9);
  const fraction = String(nano - whole * 1e9).padStart(9, '0').replace(/0+$/, '').padEnd(2, '0');
  return `${whole}.${fraction}`;
}
