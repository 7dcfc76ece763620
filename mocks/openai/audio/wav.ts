/**
 * WAV (RIFF/WAVE, PCM 16-bit mono 24 kHz) with exact chunk sizes, and a LIST/INFO chunk before the
 * data: ISFT names the simulator, ICMT carries the spoken text (`touchstone-tts:` + base64) so that
 * transcription can recover it. `readWav` walks the chunks of any PCM WAV for format, duration and that tag.
 */
import { SAMPLE_RATE } from './voice.ts';

export const TEXT_TAG = 'touchstone-tts:';

function infoEntry(id: string, value: string): Buffer {
  const text = Buffer.from(`${value}\0`, 'latin1');
  const padded = Buffer.alloc(8 + text.length + (text.length & 1));
  padded.write(id, 0, 'latin1');
  padded.writeUInt32LE(text.length, 4);
  text.copy(padded, 8);
  return padded;
}

/** The header: RIFF, fmt, LIST/INFO, and the data chunk header for `totalSamples` samples. */
export function wavHeader(totalSamples: number, text: string): Buffer {
  const info = Buffer.concat([
    Buffer.from('INFO', 'latin1'),
    infoEntry('ISFT', 'Touchstone OpenAI simulator'),
    infoEntry('ICMT', `${TEXT_TAG}${Buffer.from(text, 'utf8').toString('base64')}`),
  ]);
  const dataBytes = totalSamples * 2;
  const head = Buffer.alloc(12 + 24 + 8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + 24 + 8 + info.length + 8 + dataBytes + (dataBytes & 1), 4);
  head.write('WAVE', 8, 'latin1');
  head.write('fmt ', 12, 'latin1');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(SAMPLE_RATE, 24);
  head.writeUInt32LE(SAMPLE_RATE * 2, 28); // byte rate
  head.writeUInt16LE(2, 32); // block align
  head.writeUInt16LE(16, 34); // bits per sample
  head.write('LIST', 36, 'latin1');
  head.writeUInt32LE(info.length, 40);
  const data = Buffer.alloc(8);
  data.write('data', 0, 'latin1');
  data.writeUInt32LE(dataBytes, 4);
  return Buffer.concat([head, info, data]);
}

export function pcmBytes(samples: Int16Array): Uint8Array {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, i * 2);
  return out;
}

export interface WavInfo { sampleRate: number; channels: number; bitsPerSample: number; seconds: number; comment?: string }

export function readWav(bytes: Uint8Array): WavInfo | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 12 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  const info: WavInfo = { sampleRate: 0, channels: 0, bitsPerSample: 0, seconds: 0 };
  for (let at = 12; at + 8 <= b.length;) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ' && size >= 16) {
      info.channels = b.readUInt16LE(body + 2);
      info.sampleRate = b.readUInt32LE(body + 4);
      info.bitsPerSample = b.readUInt16LE(body + 14);
    } else if (id === 'LIST' && b.toString('latin1', body, body + 4) === 'INFO') {
      for (let sub = body + 4; sub + 8 <= Math.min(body + size, b.length);) {
        const subSize = b.readUInt32LE(sub + 4);
        if (b.toString('latin1', sub, sub + 4) === 'ICMT') info.comment = b.toString('latin1', sub + 8, sub + 8 + subSize).replace(/\0+$/, '');
        sub += 8 + subSize + (subSize & 1);
      }
    } else if (id === 'data') {
      const frame = (info.channels * info.bitsPerSample) / 8;
      const available = Math.min(size, b.length - body);
      if (frame > 0 && info.sampleRate > 0) info.seconds = available / frame / info.sampleRate;
      break;
    }
    at = body + size + (size & 1);
  }
  return info;
}
