/**
 * A minimal baseline JPEG (JFIF) encoder for `output_format: "jpeg"`: 4:4:4 YCbCr, a quantisation
 * table of ones, and only the DC coefficient of each 8×8 block (its mean), so the entropy-coded data is
 * one DC difference plus an end-of-block code per block. The mosaic pattern is flat within 8×8 blocks,
 * so the decoded picture equals the PNG one up to YCbCr rounding. Any decoder (libjpeg, browsers) reads it.
 */
import type { Raster } from './png.ts';

/** ITU T.81 Annex K.3 luminance DC code lengths (counts of codes of length 1..16) and symbols 0..11. */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** An AC table holding only end-of-block (symbol 0x00) as the one-bit code `0`. */
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0x00];

/** Canonical Huffman codes (code, length) per symbol from a DHT-style description. */
function canonicalCodes(bits: number[], values: number[]): Map<number, [number, number]> {
  const codes = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]!; i++) codes.set(values[k++]!, [code++, length]);
    code <<= 1;
  }
  return codes;
}

const DC_CODES = canonicalCodes(DC_BITS, DC_VALUES);

class BitWriter {
  readonly bytes: number[] = [];
  #acc = 0;
  #count = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.#acc = (this.#acc << 1) | ((value >> i) & 1);
      if (++this.#count === 8) this.#flushByte();
    }
  }
  #flushByte(): void {
    this.bytes.push(this.#acc);
    if (this.#acc === 0xff) this.bytes.push(0x00); // byte stuffing
    this.#acc = 0; this.#count = 0;
  }
  finish(): number[] {
    while (this.#count !== 0) this.write(1, 1); // pad with ones
    return this.bytes;
  }
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

export function encodeJpeg(image: Raster): Buffer {
  const { width, height, channels } = image;
  const blocksX = Math.ceil(width / 8);
  const blocksY = Math.ceil(height / 8);
  const writer = new BitWriter();
  const previousDc = [0, 0, 0];
  const sums = new Float64Array(blocksX * 3);
  for (let by = 0; by < blocksY; by++) {
    sums.fill(0);
    for (let dy = 0; dy < 8; dy++) {
      const row = image.row(Math.min(height - 1, by * 8 + dy));
      for (let x = 0; x < blocksX * 8; x++) {
        const at = Math.min(width - 1, x) * channels;
        const b = (x >> 3) * 3;
        sums[b] += row[at]!; sums[b + 1] += row[at + 1]!; sums[b + 2] += row[at + 2]!;
      }
    }
    for (let bx = 0; bx < blocksX; bx++) {
      const r = sums[bx * 3]! / 64, g = sums[bx * 3 + 1]! / 64, b = sums[bx * 3 + 2]! / 64;
      const ycc = [
        0.299 * r + 0.587 * g + 0.114 * b,
        -0.168736 * r - 0.331264 * g + 0.5 * b + 128,
        0.5 * r - 0.418688 * g - 0.081312 * b + 128,
      ];
      for (let c = 0; c < 3; c++) {
        const dc = Math.round(8 * (ycc[c]! - 128)); // F(0,0) of the flat block with quantiser 1
        const diff = dc - previousDc[c]!;
        previousDc[c] = dc;
        const magnitude = Math.abs(diff);
        const category = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude);
        const [code, length] = DC_CODES.get(category)!;
        writer.write(code, length);
        if (category) writer.write(diff >= 0 ? diff : diff + (1 << category) - 1, category);
        writer.write(0, 1); // AC: end of block
      }
    }
  }
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const dqt = [0x00, ...new Array<number>(64).fill(1)];
  const sof = [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
  const dht = [0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES];
  const sos = [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0];
  return Buffer.from([
    0xff, 0xd8,
    ...segment(0xe0, jfif),
    ...segment(0xdb, dqt),
    ...segment(0xc0, sof),
    ...segment(0xc4, dht),
    ...segment(0xda, sos),
    ...writer.finish(),
    0xff, 0xd9,
  ]);
}
