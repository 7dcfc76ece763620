/**
 * PNG, both ways, with node:zlib only: `encodePng` writes signature, IHDR, one zlib IDAT and IEND with
 * correct CRCs; `readPngHeader` reads what an upload check needs (signature, IHDR size and colour type).
 * Rows are supplied by the caller; a row that is the very same array as the previous one is written
 * with filter "Up" (all zeros), so large blocky images deflate in a few milliseconds.
 */
import { crc32, deflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A raster in 8-bit RGB or RGBA, handed out one row at a time. */
export interface Raster {
  width: number;
  height: number;
  channels: 3 | 4;
  /** Row `y` as `width * channels` bytes. Returning the same array for consecutive rows is encouraged. */
  row(y: number): Uint8Array;
}

/** One chunk: length, type, data, CRC over type + data. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function encodePng(image: Raster, level = 6): Buffer {
  const { width, height, channels } = image;
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  let previous: Uint8Array | undefined;
  for (let y = 0; y < height; y++) {
    const row = image.row(y);
    const at = y * (stride + 1);
    if (row === previous) {
      raw[at] = 2; // Up filter: identical row, all differences zero (Buffer.alloc already zeroed them)
    } else {
      raw[at] = 0;
      raw.set(row, at + 1);
    }
    previous = row;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 4 ? 6 : 2; // colour type: RGBA or RGB
  ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // deflate, adaptive filtering, no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level })),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** PIL's mode names for PNG colour types, as OpenAI's errors quote them. */
const COLOR_MODES: Record<number, string> = { 0: 'L', 2: 'RGB', 3: 'P', 4: 'LA', 6: 'RGBA' };

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  /** `RGBA`, `RGB`, `LA`, `L` or `P`. */
  mode: string;
}

/** The IHDR of a PNG, or undefined when the bytes are not one (bad signature, no IHDR first, bad CRC). */
export function readPngHeader(bytes: Uint8Array): PngHeader | undefined {
  if (bytes.length < 33) return undefined;
  for (let i = 0; i < 8; i++) if (bytes[i] !== PNG_SIGNATURE[i]) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  if (view.getUint32(29) !== crc32(bytes.subarray(12, 29))) return undefined;
  const colorType = bytes[25]!;
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24]!, colorType, mode: COLOR_MODES[colorType] ?? 'unknown' };
}
