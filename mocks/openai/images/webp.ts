/**
 * A minimal lossless WebP (VP8L) encoder for `output_format: "webp"`: no transforms, no colour cache,
 * one group of fixed canonical prefix codes (8/9-bit literals, 5/6-bit distances), and LZ77 backward
 * references with linear distances only — "same as the row above" (distance = width) and runs
 * (distance 1). The mosaic is flat in cells, so a picture costs a few kilobytes and is exact.
 * Bit order follows the VP8L specification: LSB-first, prefix codes sent most significant bit first.
 */
import type { Raster } from './png.ts';

class BitWriter {
  readonly bytes: number[] = [];
  #acc = 0;
  #count = 0;
  /** `value` in `length` bits, least significant first. */
  bits(value: number, length: number): void {
    for (let i = 0; i < length; i++) {
      this.#acc |= ((value >>> i) & 1) << this.#count;
      if (++this.#count === 8) { this.bytes.push(this.#acc); this.#acc = 0; this.#count = 0; }
    }
  }
  /** A prefix code: its bits from the most significant one. */
  code([code, length]: [number, number]): void {
    for (let i = length - 1; i >= 0; i--) this.bits((code >>> i) & 1, 1);
  }
  finish(): number[] {
    if (this.#count) { this.bytes.push(this.#acc); this.#acc = 0; this.#count = 0; }
    return this.bytes;
  }
}

/** Canonical codes from code lengths (ordered by length, then symbol). */
function canonical(lengths: number[]): [number, number][] {
  const codes: [number, number][] = lengths.map(() => [0, 0]);
  let code = 0;
  for (let length = 1; length <= 15; length++) {
    lengths.forEach((l, symbol) => { if (l === length) codes[symbol] = [code++, length]; });
    code <<= 1;
  }
  return codes;
}

const GREEN_LENGTHS = Array.from({ length: 280 }, (_, s) => (s < 232 ? 8 : 9)); // 256 literals + 24 length prefixes
const BYTE_LENGTHS = new Array<number>(256).fill(8);
const DISTANCE_LENGTHS = Array.from({ length: 40 }, (_, s) => (s < 24 ? 5 : 6));
/** The code-length code: lengths 5, 6, 8 and 9 as 2-bit codes. */
const CLC_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const CLC_LENGTHS = Array.from({ length: 19 }, (_, s) => ([5, 6, 8, 9].includes(s) ? 2 : 0));
const CLC_CODES = canonical(CLC_LENGTHS);
const GREEN = canonical(GREEN_LENGTHS);
const BYTE = canonical(BYTE_LENGTHS);
const DISTANCE = canonical(DISTANCE_LENGTHS);

function writeNormalCode(w: BitWriter, lengths: number[]): void {
  w.bits(0, 1); // not a simple code
  w.bits(13 - 4, 4); // 13 code-length-code lengths (up to symbol 9 in CLC_ORDER)
  for (let i = 0; i < 13; i++) w.bits(CLC_LENGTHS[CLC_ORDER[i]!]!, 3);
  w.bits(0, 1); // lengths for every symbol follow
  for (const length of lengths) w.code(CLC_CODES[length]!);
}

/** VP8L prefix coding of a length or distance value >= 1: [symbol, extra bit count, extra bits]. */
function prefixOf(value: number): [number, number, number] {
  if (value <= 4) return [value - 1, 0, 0];
  const d = value - 1;
  const high = 31 - Math.clz32(d);
  const second = (d >>> (high - 1)) & 1;
  return [2 * high + second, high - 1, d & ((1 << (high - 1)) - 1)];
}

function backReference(w: BitWriter, length: number, distance: number): void {
  const [lengthSymbol, lengthBits, lengthExtra] = prefixOf(length);
  w.code(GREEN[256 + lengthSymbol]!);
  w.bits(lengthExtra, lengthBits);
  const [distanceSymbol, distanceBits, distanceExtra] = prefixOf(distance + 120); // linear distance code
  w.code(DISTANCE[distanceSymbol]!);
  w.bits(distanceExtra, distanceBits);
}

const MAX_COPY = 4096;

export function encodeWebp(image: Raster): Buffer {
  const { width, height, channels } = image;
  const alpha = channels === 4;
  const w = new BitWriter();
  w.bits(0x2f, 8);
  w.bits(width - 1, 14);
  w.bits(height - 1, 14);
  w.bits(alpha ? 1 : 0, 1);
  w.bits(0, 3); // version
  w.bits(0, 1); // no transform
  w.bits(0, 1); // no colour cache
  w.bits(0, 1); // no meta prefix codes
  writeNormalCode(w, GREEN_LENGTHS);
  writeNormalCode(w, BYTE_LENGTHS); // red
  writeNormalCode(w, BYTE_LENGTHS); // blue
  if (alpha) writeNormalCode(w, BYTE_LENGTHS);
  else { w.bits(1, 1); w.bits(0, 1); w.bits(1, 1); w.bits(255, 8); } // simple code: the one symbol 255
  writeNormalCode(w, DISTANCE_LENGTHS);

  let previous: Uint8Array | undefined;
  for (let y = 0; y < height; y++) {
    const row = image.row(y);
    if (row === previous) {
      for (let left = width; left > 0; left -= MAX_COPY) backReference(w, Math.min(left, MAX_COPY), width);
      continue;
    }
    previous = row;
    for (let x = 0; x < width;) {
      const at = x * channels;
      w.code(GREEN[row[at + 1]!]!);
      w.code(BYTE[row[at]!]!);
      w.code(BYTE[row[at + 2]!]!);
      if (alpha) w.code(BYTE[row[at + 3]!]!);
      let run = 1;
      while (x + run < width && samePixelAs(row, x, x + run, channels)) run++;
      x += run;
      for (let left = run - 1; left > 0; left -= MAX_COPY) backReference(w, Math.min(left, MAX_COPY), 1);
    }
  }
  const data = w.finish();
  const padded = data.length + (data.length & 1);
  const out = Buffer.alloc(20 + padded);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(12 + padded, 4);
  out.write('WEBPVP8L', 8, 'latin1');
  out.writeUInt32LE(data.length, 16);
  out.set(data, 20);
  return out;
}

function samePixelAs(row: Uint8Array, a: number, b: number, channels: number): boolean {
  for (let c = 0; c < channels; c++) if (row[a * channels + c] !== row[b * channels + c]) return false;
  return true;
}
