/**
 * MP3 as the simulator writes it: an ID3v2.4 tag (TSSE encoder, TXXX "touchstone-tts" = the spoken text
 * in base64) followed by constant-bitrate MPEG-2 Layer III frames, 24 kHz mono 160 kbit/s — the 24 kHz
 * of every OpenAI speech format (MPEG-1 has no 24 kHz rate, hence MPEG-2 "LSF" frames). Every frame carries
 * zeroed side information and main data: part2_3_length 0, i.e. a valid, decodable silent frame.
 * `readMp3` skips an ID3 tag, walks frame headers (either MPEG version, Layer III) and sums durations.
 */
import { SAMPLE_RATE } from './voice.ts';

export const MP3_BITRATE = 160_000;
export const MP3_SAMPLES_PER_FRAME = 576; // MPEG-2 Layer III
export const MP3_FRAME_BYTES = (72 * MP3_BITRATE) / SAMPLE_RATE; // 480, no padding needed
/** Sync, MPEG-2, Layer III, no CRC | 160 kbit/s, 24 kHz, no padding | mono. */
const FRAME_HEADER = [0xff, 0xf3, 0xe4, 0xc0];

const syncsafe = (n: number) => [(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f];

function id3Frame(id: string, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id, 'latin1'), Buffer.from(syncsafe(content.length)), Buffer.from([0, 0]), content]);
}

export function id3Tag(text: string): Buffer {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const frames = Buffer.concat([
    id3Frame('TSSE', Buffer.concat([Buffer.from([3]), utf8('Touchstone OpenAI simulator')])),
    id3Frame('TXXX', Buffer.concat([Buffer.from([3]), utf8('touchstone-tts\0'), utf8(Buffer.from(text, 'utf8').toString('base64'))])),
  ]);
  return Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0]), Buffer.from(syncsafe(frames.length)), frames]);
}

/** `count` silent frames. */
export function silentFrames(count: number): Buffer {
  const out = Buffer.alloc(count * MP3_FRAME_BYTES);
  for (let i = 0; i < count; i++) out.set(FRAME_HEADER, i * MP3_FRAME_BYTES);
  return out;
}

export function mp3FrameCount(totalSamples: number): number {
  return Math.max(1, Math.ceil(totalSamples / MP3_SAMPLES_PER_FRAME));
}

const BITRATES: Record<string, number[]> = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export interface Mp3FrameHeader { version: 1 | 2 | 2.5; bitrate: number; sampleRate: number; padding: number; mono: boolean; length: number; samples: number }

export function parseMp3FrameHeader(b: Uint8Array, at: number): Mp3FrameHeader | undefined {
  if (b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b[at + 1]! >> 3) & 3;
  const layer = (b[at + 1]! >> 1) & 3;
  if (versionBits === 1 || layer !== 1) return undefined; // reserved version, or not Layer III
  const bitrate = (versionBits === 3 ? BITRATES.v1! : BITRATES.v2!)[b[at + 2]! >> 4];
  const sampleRate = RATES[versionBits]?.[(b[at + 2]! >> 2) & 3];
  if (!bitrate || !sampleRate) return undefined;
  const padding = (b[at + 2]! >> 1) & 1;
  const samples = versionBits === 3 ? 1152 : 576;
  const length = Math.floor(((samples / 8) * bitrate * 1000) / sampleRate) + padding;
  return {
    version: versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5, bitrate: bitrate * 1000, sampleRate, padding,
    mono: (b[at + 3]! >> 6) === 3, length, samples,
  };
}

export interface Mp3Info { seconds: number; frames: number; sampleRate: number; bitrate: number; text?: string }

export function readMp3(bytes: Uint8Array): Mp3Info | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let text: string | undefined;
  if (b.toString('latin1', 0, 3) === 'ID3' && b.length >= 10) {
    const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
    const tag = b.subarray(10, 10 + size);
    const marker = tag.indexOf('touchstone-tts\0');
    if (marker >= 0) {
      const start = marker + 'touchstone-tts\0'.length;
      const end = tag.indexOf(0, start);
      text = Buffer.from(tag.toString('latin1', start, end < 0 ? tag.length : end), 'base64').toString('utf8');
    }
    at = 10 + size;
  }
  let frames = 0, seconds = 0, sampleRate = 0, bitrate = 0;
  while (at + 4 <= b.length) {
    const frame = parseMp3FrameHeader(b, at);
    if (!frame) { if (frames === 0 && at < 4096 + 10) { at++; continue; } break; }
    frames++;
    seconds += frame.samples / frame.sampleRate;
    sampleRate = frame.sampleRate; bitrate = frame.bitrate;
    at += frame.length;
  }
  if (frames === 0) return undefined;
  return { seconds, frames, sampleRate, bitrate, ...(text !== undefined ? { text } : {}) };
}
