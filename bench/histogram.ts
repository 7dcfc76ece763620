/**
 * A small HDR-style latency histogram: values in nanoseconds go into log-linear buckets (64 sub-buckets
 * per power of two, so any percentile is within 1.6% of the true sample), with exact count, min, max
 * and mean kept beside. Fixed memory whatever the sample count, mergeable (the load generator keeps one
 * per worker), and serialisable as its non-empty buckets so the parent process can plot a curve.
 */

const SUB_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BITS; // 64
/** Values up to 2^44 ns (about 4.9 hours) are bucketed; larger ones land in the last bucket. */
const MAX_EXPONENT = 44;
const BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB_BUCKETS;

/** Bucket of a non-negative integer value: exact below 64, then 64 buckets per octave. */
function bucketOf(value: number): number {
  if (value < SUB_BUCKETS) return value;
  const exponent = Math.min(Math.floor(Math.log2(value)), MAX_EXPONENT);
  const shift = exponent - SUB_BITS;
  const sub = Math.min(Math.floor(value / 2 ** shift), 2 * SUB_BUCKETS - 1) - SUB_BUCKETS;
  return Math.min((shift + 1) * SUB_BUCKETS + sub, BUCKETS - 1);
}

/** The middle of a bucket's value range (its representative value). */
function valueOf(bucket: number): number {
  if (bucket < SUB_BUCKETS) return bucket;
  const shift = Math.floor(bucket / SUB_BUCKETS) - 1;
  const sub = (bucket % SUB_BUCKETS) + SUB_BUCKETS;
  return shift === 0 ? sub : (sub + 0.5) * 2 ** shift;
}

/** The serialised form: `[bucket, count]` pairs of the non-empty buckets plus the exact extremes. */
export interface HistogramData {
  count: number;
  min: number;
  max: number;
  sum: number;
  buckets: [number, number][];
}

export class Histogram {
  #counts = new Float64Array(BUCKETS);
  count = 0;
  min = Infinity;
  max = 0;
  sum = 0;

  /** Record one value in nanoseconds (negative values are a caller's bug and throw). */
  record(ns: number): void {
    if (!(ns >= 0)) throw new RangeError(`histogram: expected a non-negative duration in ns, got ${ns}`);
    const value = Math.round(ns);
    this.#counts[bucketOf(value)]!++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** The value at percentile `p` (0–100), clamped to the exact min/max; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    if (p <= 0) return this.min;
    if (p >= 100) return this.max;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.#counts[b]!;
      if (seen >= rank) return Math.min(Math.max(valueOf(b), this.min), this.max);
    }
    return this.max;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  merge(other: Histogram): this {
    const data = other.toJSON();
    for (const [bucket, n] of data.buckets) this.#counts[bucket]! += n;
    this.count += data.count;
    this.sum += data.sum;
    if (data.count) {
      this.min = Math.min(this.min, data.min);
      this.max = Math.max(this.max, data.max);
    }
    return this;
  }

  toJSON(): HistogramData {
    const buckets: [number, number][] = [];
    for (let b = 0; b < BUCKETS; b++) if (this.#counts[b]) buckets.push([b, this.#counts[b]!]);
    return { count: this.count, min: this.count ? this.min : 0, max: this.max, sum: this.sum, buckets };
  }

  static from(data: HistogramData): Histogram {
    const h = new Histogram();
    for (const [bucket, n] of data.buckets) h.#counts[bucket] = n;
    h.count = data.count;
    h.sum = data.sum;
    h.min = data.count ? data.min : Infinity;
    h.max = data.max;
    return h;
  }
}
