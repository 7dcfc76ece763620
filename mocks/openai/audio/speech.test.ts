/**
 * POST /v1/audio/speech through the official SDK: every response_format parses as its container (WAV
 * header fields, raw PCM length, MPEG Layer III frame headers, FLAC STREAMINFO, Ogg Opus, ADTS), the body
 * arrives in several chunks with OpenAI's content types, duration follows text length and speed,
 * `stream_format: "sse"` events, the pydantic-style 400s, and byte-identical repeats.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { readSse } from '../../../lib/sse.ts';
import { loadOpenAISpec } from '../../../test/openai-spec.ts';
import { createOpenAISimulator } from '../index.ts';

const spec = loadOpenAISpec();
const TEXT = 'The quick brown fox jumps over the lazy dog, and then it rests in the shade of an old oak tree.';

function setup() {
  const sim = createOpenAISimulator();
  return new OpenAI({ apiKey: 'sk-test', baseURL: 'http://sim.test/v1', fetch: async (url, init) => sim.fetch(new Request(url, init)) });
}

async function readChunks(response: Response): Promise<{ bytes: Buffer; chunks: number }> {
  const reader = response.body!.getReader();
  const parts: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return { bytes: Buffer.concat(parts), chunks: parts.length };
}

type Format = 'mp3' | 'opus' | 'aac' | 'flac' | 'wav' | 'pcm';
async function speak(format: Format, extra: Record<string, unknown> = {}) {
  const response = await setup().audio.speech.create({ model: 'tts-1', voice: 'alloy', input: TEXT, response_format: format, ...extra });
  return { type: response.headers.get('content-type'), ...(await readChunks(response)) };
}

/** RIFF chunks of a WAV file, by id. */
function riffChunks(b: Buffer): Map<string, Buffer> {
  const chunks = new Map<string, Buffer>();
  for (let at = 12; at + 8 <= b.length;) {
    const size = b.readUInt32LE(at + 4);
    chunks.set(b.toString('latin1', at, at + 4), b.subarray(at + 8, at + 8 + size));
    at += 8 + size + (size & 1);
  }
  return chunks;
}

const expectedSeconds = (speed = 1) => Math.max(0.5, TEXT.length / 15) / speed;

describe('audio/speech', () => {
  it('wav: RIFF PCM16 mono 24 kHz with exact sizes, streamed in chunks', async () => {
    const { type, bytes, chunks } = await speak('wav');
    expect(type).toBe('audio/wav');
    expect(chunks).toBeGreaterThanOrEqual(3);
    expect(bytes.toString('latin1', 0, 4)).toBe('RIFF');
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
    expect(bytes.toString('latin1', 8, 12)).toBe('WAVE');
    const fmt = riffChunks(bytes).get('fmt ')!;
    expect([fmt.readUInt16LE(0), fmt.readUInt16LE(2), fmt.readUInt32LE(4), fmt.readUInt32LE(8), fmt.readUInt16LE(12), fmt.readUInt16LE(14)])
      .toEqual([1, 1, 24000, 48000, 2, 16]);
    const data = riffChunks(bytes).get('data')!;
    expect(data.length / 48000).toBeCloseTo(expectedSeconds(), 3);
    expect(data.some((v) => v !== 0)).toBe(true);
  });

  it('pcm: raw 24 kHz s16le, same samples as the wav data; speed shortens it', async () => {
    const pcm = await speak('pcm');
    expect(pcm.type).toBe('audio/pcm');
    const wav = await speak('wav');
    expect(pcm.bytes.equals(riffChunks(wav.bytes).get('data')!)).toBe(true);
    const fast = await speak('pcm', { speed: 2 });
    expect(fast.bytes.length / 48000).toBeCloseTo(expectedSeconds(2), 3);
  });

  it('mp3: ID3 tag then contiguous MPEG Layer III frames, 160 kbit/s at 24 kHz mono', async () => {
    const { type, bytes, chunks } = await speak('mp3');
    expect(type).toBe('audio/mpeg');
    expect(chunks).toBeGreaterThanOrEqual(3);
    expect(bytes.toString('latin1', 0, 3)).toBe('ID3');
    let at = 10 + ((bytes[6]! << 21) | (bytes[7]! << 14) | (bytes[8]! << 7) | bytes[9]!);
    let frames = 0;
    while (at < bytes.length) {
      expect(bytes[at]).toBe(0xff);
      expect(bytes[at + 1]! & 0xe0).toBe(0xe0); // frame sync
      expect((bytes[at + 1]! >> 1) & 3).toBe(1); // Layer III
      expect((bytes[at + 1]! >> 3) & 3).toBe(2); // MPEG-2 (24 kHz is an MPEG-2 rate)
      expect(bytes[at + 2]! >> 4).toBe(14); // 160 kbit/s in the MPEG-2 table
      expect((bytes[at + 2]! >> 2) & 3).toBe(1); // 24000 Hz
      expect(bytes[at + 3]! >> 6).toBe(3); // mono
      at += 480; frames++;
    }
    expect(at).toBe(bytes.length);
    expect((frames * 576) / 24000).toBeCloseTo(expectedSeconds(), 1);
  });

  it('flac: fLaC + STREAMINFO (24 kHz, mono, 16 bit, total samples) + frames', async () => {
    const { type, bytes } = await speak('flac');
    expect(type).toBe('audio/flac');
    expect(bytes.toString('latin1', 0, 4)).toBe('fLaC');
    expect(bytes[4]! & 0x7f).toBe(0); // STREAMINFO first
    expect(bytes.readUIntBE(5, 3)).toBe(34);
    const info = bytes.subarray(8, 42);
    expect((info[10]! << 12) | (info[11]! << 4) | (info[12]! >> 4)).toBe(24000);
    expect(((info[12]! >> 1) & 7) + 1).toBe(1);
    expect((((info[12]! & 1) << 4) | (info[13]! >> 4)) + 1).toBe(16);
    expect(info.readUInt32BE(14) / 24000).toBeCloseTo(expectedSeconds(), 3);
    const vorbisAt = 42;
    const vorbisLength = bytes.readUIntBE(vorbisAt + 1, 3);
    expect(bytes[vorbisAt]).toBe(0x84); // last metadata block, VORBIS_COMMENT
    const firstFrame = vorbisAt + 4 + vorbisLength;
    expect([bytes[firstFrame], bytes[firstFrame + 1]]).toEqual([0xff, 0xf8]);
  });

  it('opus and aac: Ogg Opus pages and ADTS frames with OpenAI content types', async () => {
    const opus = await speak('opus');
    expect(opus.type).toBe('audio/opus');
    expect(opus.bytes.toString('latin1', 0, 4)).toBe('OggS');
    expect(opus.bytes.toString('latin1', 28, 36)).toBe('OpusHead');
    const aac = await speak('aac');
    expect(aac.type).toBe('audio/aac');
    expect(aac.bytes[0]).toBe(0xff);
    expect(aac.bytes[1]! & 0xf6).toBe(0xf0); // ADTS sync, layer 0
    expect((aac.bytes[2]! >> 2) & 0x0f).toBe(6); // 24 kHz
    const frameLength = ((aac.bytes[3]! & 3) << 11) | (aac.bytes[4]! << 3) | (aac.bytes[5]! >> 5);
    expect(aac.bytes.length % frameLength).toBe(0);
  });

  it('every format arrives in several chunks with the content type OpenAI sends', async () => {
    const types: Record<Format, string> = { mp3: 'audio/mpeg', opus: 'audio/opus', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' };
    for (const format of Object.keys(types) as Format[]) {
      const { type, chunks } = await speak(format);
      expect(type, format).toBe(types[format]);
      expect(chunks, format).toBeGreaterThanOrEqual(3);
    }
  });

  it('defaults to mp3 and is byte-identical for the same request', async () => {
    const client = setup();
    const once = async () => readChunks(await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'coral', input: TEXT, instructions: 'Cheerful.' }));
    const [a, b] = [await once(), await once()];
    expect(a.bytes.toString('latin1', 0, 3)).toBe('ID3');
    expect(a.bytes.equals(b.bytes)).toBe(true);
  });

  it('stream_format sse (gpt-4o-mini-tts): speech.audio.delta events carry the same bytes, then speech.audio.done', async () => {
    const client = setup();
    const response = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: TEXT, response_format: 'wav', stream_format: 'sse' });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = [];
    for await (const event of readSse(response.body!)) events.push(JSON.parse(event.data));
    expect(events.length).toBeGreaterThan(2);
    expect(events.at(-1)).toMatchObject({ type: 'speech.audio.done', usage: { input_tokens: expect.any(Number) } });
    const audio = Buffer.concat(events.slice(0, -1).map((e) => Buffer.from(e.audio, 'base64')));
    const direct = await readChunks(await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: TEXT, response_format: 'wav' }));
    expect(audio.equals(direct.bytes)).toBe(true);
  });

  it('rejects what OpenAI rejects', async () => {
    const client = setup();
    const fail = async (body: Record<string, unknown>) => {
      try { await client.audio.speech.create(body as never); } catch (error) { return error as InstanceType<typeof OpenAI.APIError>; }
      throw new Error('expected a rejection');
    };
    const long = await fail({ model: 'tts-1', voice: 'alloy', input: 'a'.repeat(4097) });
    expect(long.status).toBe(400);
    expect(long.error).toMatchObject({ message: expect.stringContaining("'type': 'string_too_long', 'loc': ('body', 'input')") });
    const voice = await fail({ model: 'tts-1', voice: 'robot', input: 'hi' });
    expect(voice.error).toMatchObject({ message: expect.stringContaining("'type': 'enum', 'loc': ('body', 'voice')") });
    expect((await fail({ model: 'tts-1', voice: 'alloy', input: 'hi', speed: 5 })).status).toBe(400);
    expect((await fail({ model: 'tts-1', voice: 'alloy', input: 'hi', response_format: 'ogg' })).status).toBe(400);
    expect(await fail({ model: 'tts-1', voice: 'alloy', input: 'hi', instructions: 'whisper' })).toMatchObject({ status: 400, param: 'instructions' });
    expect(await fail({ model: 'tts-1-hd', voice: 'alloy', input: 'hi', stream_format: 'sse' })).toMatchObject({ status: 400, param: 'stream_format' });
    expect(await fail({ model: 'tts-2', voice: 'alloy', input: 'hi' })).toMatchObject({ status: 404, code: 'model_not_found' });
    await expect(client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'a'.repeat(4096), response_format: 'pcm' })).resolves.toBeDefined();
  });
});

describe.skipIf(!spec)("speech events match OpenAI's published description", () => {
  it('every speech.audio.delta / speech.audio.done event is a CreateSpeechResponseStreamEvent', async () => {
    const response = await setup().audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'verse', input: TEXT, stream_format: 'sse' });
    const types = [];
    for await (const event of readSse(response.body!)) {
      const parsed = JSON.parse(event.data);
      types.push(parsed.type);
      expect(spec!.validateSchema('CreateSpeechResponseStreamEvent', parsed)).toEqual([]);
    }
    expect(types.at(-1)).toBe('speech.audio.done');
  });
});
