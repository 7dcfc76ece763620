/**
 * Independent readers for the image bytes the simulator hands out, for tests and suites: a PNG
 * decoder that checks the signature and every chunk CRC, inflates IDAT and undoes all five filters;
 * and header readers for JPEG (markers up to SOF0, EOI at the end) and WebP (RIFF + VP8L header).
 * Written from the format specifications, not from the encoders beside them.
 */
import { crc32, inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  colorType: number;
  channels: number;
  chunkTypes: string[];
  /** Unfiltered pixel bytes, `height` rows of `width * channels`. */
  pixels: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function decodePng(input: Uint8Array): DecodedPng {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  SIGNATURE.forEach((b, i) => { if (bytes[i] !== b) throw new Error('not a PNG signature'); });
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (bytes.readUInt32BE(at + 8 + length) !== crc32(bytes.subarray(at + 4, at + 8 + length))) throw new Error(`bad CRC in ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
    if (type === 'IEND') { if (at !== bytes.length) throw new Error('bytes after IEND'); break; }
  }
  if (!header || chunkTypes[0] !== 'IHDR' || chunkTypes[chunkTypes.length - 1] !== 'IEND') throw new Error('IHDR first and IEND last required');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const colorType = header[9]!;
  if (header[8] !== 8 || header[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs are read here');
  const channels = CHANNELS[colorType];
  if (!channels) throw new Error(`unsupported colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) throw new Error(`IDAT holds ${raw.length} bytes, expected ${(stride + 1) * height}`);
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    if (filter === 0) { pixels.set(line, out); continue; }
    if (filter === 2 && y > 0) {
      for (let x = 0; x < stride; x++) pixels[out + x] = (line[x]! + pixels[out - stride + x]!) & 0xff;
      continue;
    }
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[out + x - channels]! : 0;
      const b = y > 0 ? pixels[out - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[out - stride + x - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad filter ${filter}`);
      pixels[out + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, colorType, channels, chunkTypes, pixels };
}

/** JPEG: SOI, the frame header's size and component count, EOI as the last two bytes. */
export function readJpegFrame(bytes: Uint8Array): { width: number; height: number; components: number; baseline: boolean } {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('no SOI');
  if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) throw new Error('no EOI');
  for (let at = 2; at < bytes.length;) {
    if (bytes[at] !== 0xff) throw new Error(`marker expected at ${at}`);
    const marker = bytes[at + 1]!;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (marker === 0xc0 || marker === 0xc2) {
      return {
        height: (bytes[at + 5]! << 8) | bytes[at + 6]!, width: (bytes[at + 7]! << 8) | bytes[at + 8]!,
        components: bytes[at + 9]!, baseline: marker === 0xc0,
      };
    }
    at += 2 + length;
  }
  throw new Error('no SOF');
}

/** WebP: the RIFF size matches, and the VP8L header's size and alpha hint. */
export function readWebpHeader(bytes: Uint8Array): { width: number; height: number; alpha: boolean; chunk: string } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') throw new Error('not RIFF/WEBP');
  if (b.readUInt32LE(4) !== b.length - 8) throw new Error('RIFF size mismatch');
  const chunk = b.toString('latin1', 12, 16);
  if (chunk !== 'VP8L' || b[20] !== 0x2f) throw new Error(`expected a VP8L chunk, got ${chunk}`);
  const bits = b.readUInt32LE(21);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1, chunk };
}
