/**
 * Audio for the realtime simulator. Input: how long a buffer of the session's input format lasts
 * (`audio/pcm` = 16-bit little-endian mono at 24 kHz; `audio/pcmu` / `audio/pcma` = G.711 at 8 kHz).
 * Output: deterministic "speech", one short tone per transcript token (pitch from the token's text,
 * with a fade at both ends), as PCM16 at 24 kHz or G.711 µ-law / A-law at 8 kHz. The same token
 * always sounds the same, so a recorded session replays byte for byte.
 */
import type { Json } from './config.ts';

/** Milliseconds of audio per spoken transcript token. */
export const MS_PER_TOKEN = 50;

type FormatType = 'audio/pcm' | 'audio/pcmu' | 'audio/pcma';

const formatType = (format: unknown): FormatType => ((format as Json | null)?.type as FormatType) ?? 'audio/pcm';

/** Bytes per millisecond of audio in `format`. */
export function bytesPerMs(format: unknown): number {
  return formatType(format) === 'audio/pcm' ? 48 : 8;
}

export function durationMs(byteLength: number, format: unknown): number {
  return byteLength / bytesPerMs(format);
}

/** PCM16 samples at 24 kHz for one token. */
function toneSamples(token: string, ms: number): Int16Array {
  let h = 2166136261;
  for (const ch of token) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  const frequency = 140 + (h % 180);
  const count = Math.round((24000 * ms) / 1000);
  const fade = Math.min(120, Math.floor(count / 4));
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const envelope = Math.min(1, i / fade, (count - 1 - i) / fade);
    samples[i] = Math.round(Math.sin((2 * Math.PI * frequency * i) / 24000) * 6000 * envelope);
  }
  return samples;
}

/** The audio bytes for one spoken token in `format`. */
export function speechChunk(token: string, format: unknown, ms = MS_PER_TOKEN): Buffer {
  const samples = toneSamples(token, ms);
  const type = formatType(format);
  if (type === 'audio/pcm') {
    const out = Buffer.alloc(samples.length * 2);
    samples.forEach((s, i) => out.writeInt16LE(s, i * 2));
    return out;
  }
  const encode = type === 'audio/pcmu' ? linearToMulaw : linearToAlaw;
  const out = Buffer.alloc(Math.floor(samples.length / 3));
  for (let i = 0; i < out.length; i++) out[i] = encode(samples[i * 3]!); // 24 kHz → 8 kHz
  return out;
}

/** G.711 µ-law encoding of one 16-bit sample. */
export function linearToMulaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  magnitude = sign | (exponent << 4) | mantissa;
  return ~magnitude & 0xff;
}

const ALAW_SEGMENT_ENDS = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

/** G.711 A-law encoding of one 16-bit sample. */
export function linearToAlaw(sample: number): number {
  let value = sample >> 3;
  let mask = 0xd5;
  if (value < 0) { mask = 0x55; value = -value - 1; }
  const segment = ALAW_SEGMENT_ENDS.findIndex((end) => value <= end);
  if (segment === -1) return 0x7f ^ mask;
  const quantised = segment < 2 ? (value >> 1) & 0x0f : (value >> segment) & 0x0f;
  return ((segment << 4) | quantised) ^ mask;
}
