/**
 * FLAC: `fLaC`, STREAMINFO (block size 4096, 24 kHz, mono, 16 bits, total samples, MD5 of the samples),
 * a VORBIS_COMMENT block (ENCODER, TOUCHSTONE_TTS = the spoken text in base64), then fixed-blocksize
 * frames with one VERBATIM subframe each, CRC-8 over every frame header and CRC-16 over every frame.
 * `readFlac` reads STREAMINFO and the Vorbis comments back (duration and the embedded text).
 */
import { createHash } from 'node:crypto';
import { renderSamples, SAMPLE_RATE, type SpeechPlan } from './voice.ts';

export const FLAC_BLOCK = 4096;

function crc8(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

const CRC16_TABLE = Array.from({ length: 256 }, (_, i) => {
  let crc = i << 8;
  for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  return crc;
});

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[(crc >> 8) ^ byte]!;
  return crc;
}

/** FLAC's UTF-8-like coding of the frame number. */
function codedNumber(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x800) return [0xc0 | (n >> 6), 0x80 | (n & 0x3f)];
  if (n < 0x10000) return [0xe0 | (n >> 12), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)];
  return [0xf0 | (n >> 18), 0x80 | ((n >> 12) & 0x3f), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)];
}

function metadataBlock(type: number, last: boolean, body: Buffer): Buffer {
  const head = Buffer.from([(last ? 0x80 : 0) | type, (body.length >> 16) & 0xff, (body.length >> 8) & 0xff, body.length & 0xff]);
  return Buffer.concat([head, body]);
}

/** MD5 of all samples as signed 16-bit little-endian, computed in a first pass over the plan. */
function samplesMd5(plan: SpeechPlan): Buffer {
  const md5 = createHash('md5');
  for (let at = 0; at < plan.totalSamples; at += FLAC_BLOCK) {
    const s = renderSamples(plan, at, FLAC_BLOCK);
    md5.update(new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
  }
  return md5.digest();
}

export function flacHeader(plan: SpeechPlan): Buffer {
  const info = Buffer.alloc(34);
  info.writeUInt16BE(FLAC_BLOCK, 0);
  info.writeUInt16BE(FLAC_BLOCK, 2); // min/max frame size (bytes 4-9) left 0: unknown
  const total = plan.totalSamples;
  // 20 bits sample rate | 3 bits channels-1 | 5 bits bps-1 | 36 bits total samples
  info[10] = (SAMPLE_RATE >> 12) & 0xff;
  info[11] = (SAMPLE_RATE >> 4) & 0xff;
  info[12] = ((SAMPLE_RATE & 0x0f) << 4) | (0 << 1) | (15 >> 4);
  info[13] = ((15 & 0x0f) << 4) | Math.floor(total / 2 ** 32) & 0x0f;
  info.writeUInt32BE(total >>> 0, 14);
  samplesMd5(plan).copy(info, 18);
  const vendor = Buffer.from('Touchstone OpenAI simulator', 'utf8');
  const comments = ['ENCODER=Touchstone OpenAI simulator', `TOUCHSTONE_TTS=${Buffer.from(plan.text, 'utf8').toString('base64')}`]
    .map((c) => Buffer.from(c, 'utf8'));
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
  const vorbis = Buffer.concat([u32(vendor.length), vendor, u32(comments.length), ...comments.flatMap((c) => [u32(c.length), c])]);
  return Buffer.concat([Buffer.from('fLaC', 'latin1'), metadataBlock(0, false, info), metadataBlock(4, true, vorbis)]);
}

/** Frame number `index` holding `samples`. */
export function flacFrame(index: number, samples: Int16Array): Buffer {
  const full = samples.length === FLAC_BLOCK;
  const header = [0xff, 0xf8, (full ? 0b1100 : 0b0111) << 4 | 0b0111, 0b0000_100_0, ...codedNumber(index)];
  if (!full) header.push(((samples.length - 1) >> 8) & 0xff, (samples.length - 1) & 0xff);
  header.push(crc8(Uint8Array.from(header)));
  const frame = Buffer.alloc(header.length + 1 + samples.length * 2 + 2);
  frame.set(header, 0);
  frame[header.length] = 0b0000_0010; // VERBATIM subframe, no wasted bits
  for (let i = 0; i < samples.length; i++) frame.writeInt16BE(samples[i]!, header.length + 1 + i * 2);
  frame.writeUInt16BE(crc16(frame.subarray(0, frame.length - 2)), frame.length - 2);
  return frame;
}

export interface FlacInfo { sampleRate: number; channels: number; bitsPerSample: number; totalSamples: number; seconds: number; comments: Record<string, string> }

export function readFlac(bytes: Uint8Array): FlacInfo | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.toString('latin1', 0, 4) !== 'fLaC') return undefined;
  const info: FlacInfo = { sampleRate: 0, channels: 0, bitsPerSample: 0, totalSamples: 0, seconds: 0, comments: {} };
  for (let at = 4; at + 4 <= b.length;) {
    const type = b[at]! & 0x7f;
    const last = (b[at]! & 0x80) !== 0;
    const length = (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
    const body = b.subarray(at + 4, at + 4 + length);
    if (type === 0 && body.length >= 18) {
      info.sampleRate = (body[10]! << 12) | (body[11]! << 4) | (body[12]! >> 4);
      info.channels = ((body[12]! >> 1) & 7) + 1;
      info.bitsPerSample = (((body[12]! & 1) << 4) | (body[13]! >> 4)) + 1;
      info.totalSamples = (body[13]! & 0x0f) * 2 ** 32 + body.readUInt32BE(14);
      info.seconds = info.sampleRate ? info.totalSamples / info.sampleRate : 0;
    } else if (type === 4 && body.length >= 8) {
      let p = 4 + body.readUInt32LE(0);
      const count = body.readUInt32LE(p); p += 4;
      for (let i = 0; i < count && p + 4 <= body.length; i++) {
        const len = body.readUInt32LE(p);
        const comment = body.toString('utf8', p + 4, p + 4 + len);
        const eq = comment.indexOf('=');
        if (eq > 0) info.comments[comment.slice(0, eq).toUpperCase()] = comment.slice(eq + 1);
        p += 4 + len;
      }
    }
    at += 4 + length;
    if (last) break;
  }
  return info;
}
