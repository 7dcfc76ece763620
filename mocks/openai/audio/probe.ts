/**
 * What the transcription endpoints learn from an uploaded file without decoding audio: the container
 * (by magic bytes), its duration from the header where parseable (WAV data size, MP3 frames, FLAC
 * STREAMINFO, Ogg Opus granule position; otherwise an estimate from the size at 128 kbit/s), and the
 * text the simulator's own speech endpoint embedded (RIFF INFO ICMT, ID3 TXXX, Vorbis/Opus comment).
 */
import { readFlac } from './flac.ts';
import { readMp3 } from './mp3.ts';
import { readOggOpus } from './opus-aac.ts';
import { readWav, TEXT_TAG } from './wav.ts';

export type Container = 'wav' | 'mp3' | 'flac' | 'ogg' | 'mp4' | 'webm' | 'unknown';

export interface AudioProbe {
  container: Container;
  seconds: number;
  /** The spoken text, when the file came from the simulator's speech endpoint. */
  text?: string;
}

const ascii = (b: Uint8Array, start: number, end: number) => String.fromCharCode(...b.subarray(start, end));

export function sniffContainer(b: Uint8Array): Container {
  if (b.length < 12) return 'unknown';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE') return 'wav';
  if (ascii(b, 0, 4) === 'fLaC') return 'flac';
  if (ascii(b, 0, 4) === 'OggS') return 'ogg';
  if (ascii(b, 4, 8) === 'ftyp') return 'mp4';
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'webm';
  if (ascii(b, 0, 3) === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0)) return 'mp3';
  return 'unknown';
}

const decodeTag = (value: string | undefined) => (value === undefined ? undefined : Buffer.from(value, 'base64').toString('utf8'));

export function probeAudio(bytes: Uint8Array): AudioProbe {
  const container = sniffContainer(bytes);
  const estimate = Math.max(1, (bytes.length * 8) / 128_000);
  const withText = (seconds: number, text: string | undefined): AudioProbe =>
    ({ container, seconds: seconds > 0 ? seconds : estimate, ...(text !== undefined ? { text } : {}) });
  switch (container) {
    case 'wav': {
      const info = readWav(bytes);
      const comment = info?.comment?.startsWith(TEXT_TAG) ? info.comment.slice(TEXT_TAG.length) : undefined;
      return withText(info?.seconds ?? 0, decodeTag(comment));
    }
    case 'mp3': {
      const info = readMp3(bytes);
      return withText(info?.seconds ?? 0, info?.text);
    }
    case 'flac': {
      const info = readFlac(bytes);
      return withText(info?.seconds ?? 0, decodeTag(info?.comments.TOUCHSTONE_TTS));
    }
    case 'ogg': {
      const info = readOggOpus(bytes);
      return withText(info?.seconds ?? 0, decodeTag(info?.comments.TOUCHSTONE_TTS));
    }
    default:
      return withText(0, undefined);
  }
}
