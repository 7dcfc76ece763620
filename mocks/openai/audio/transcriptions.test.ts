/**
 * POST /v1/audio/transcriptions and /v1/audio/translations with the SDK and `toFile`: the TTS text
 * round-trips through wav / mp3 / flac / ogg, every response_format renders (SRT and VTT cue syntax,
 * verbose_json segments and words), gpt-4o models' json/text-only rule and token usage, streaming
 * events, OpenAI's file checks (format list, 25 MiB), English translations, and the published shapes.
 */
import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { loadOpenAISpec } from '../../../test/openai-spec.ts';
import { createOpenAISimulator } from '../index.ts';

const spec = loadOpenAISpec();
const TEXT = 'Touchstone checks gateways. Every answer is deterministic! Does the round trip work?';

function setup() {
  const sim = createOpenAISimulator();
  return new OpenAI({ apiKey: 'sk-test', baseURL: 'http://sim.test/v1', fetch: async (url, init) => sim.fetch(new Request(url, init)) });
}

async function speech(client: OpenAI, format: 'wav' | 'mp3' | 'flac' | 'opus', input = TEXT): Promise<Buffer> {
  return Buffer.from(await (await client.audio.speech.create({ model: 'tts-1', voice: 'nova', input, response_format: format })).arrayBuffer());
}

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try { await promise; } catch (error) { if (error instanceof OpenAI.APIError) return error; throw error; }
  throw new Error('expected the request to fail');
}

const SRT_CUE = /^(\d+)\n(\d{2}):(\d{2}):(\d{2}),(\d{3}) --> (\d{2}):(\d{2}):(\d{2}),(\d{3})\n.+$/;
const VTT_CUE = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})\n.+$/;

describe('audio/transcriptions', () => {
  it('round-trips the speech text through wav, mp3, flac and ogg', async () => {
    const client = setup();
    for (const [format, name] of [['wav', 'a.wav'], ['mp3', 'a.mp3'], ['flac', 'a.flac'], ['opus', 'a.ogg']] as const) {
      const audio = await speech(client, format);
      const res = await client.audio.transcriptions.create({ file: await toFile(audio, name), model: 'whisper-1' });
      expect(res.text, format).toBe(TEXT);
      expect(res.usage).toEqual({ type: 'duration', seconds: Math.ceil(TEXT.length / 15) });
    }
  });

  it('renders text, srt and vtt with correct cue syntax', async () => {
    const client = setup();
    const file = await toFile(await speech(client, 'wav'), 'speech.wav');
    expect(await client.audio.transcriptions.create({ file, model: 'whisper-1', response_format: 'text' })).toBe(`${TEXT}\n`);

    const srt = await client.audio.transcriptions.create({ file, model: 'whisper-1', response_format: 'srt' });
    const cues = srt.trimEnd().split('\n\n');
    expect(cues).toHaveLength(3);
    cues.forEach((cue, i) => {
      const m = SRT_CUE.exec(cue);
      expect(m, cue).not.toBeNull();
      expect(Number(m![1])).toBe(i + 1);
    });
    expect(srt.endsWith('\n\n')).toBe(true);
    expect(cues[0]).toContain('Touchstone checks gateways.');

    const vtt = await client.audio.transcriptions.create({ file, model: 'whisper-1', response_format: 'vtt' });
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    const vttCues = vtt.slice('WEBVTT\n\n'.length).trimEnd().split('\n\n');
    expect(vttCues.every((c) => VTT_CUE.test(c))).toBe(true);
    const last = VTT_CUE.exec(vttCues.at(-1)!)!;
    expect(Number(last[7]) + Number(last[8]) / 1000).toBeCloseTo(TEXT.length / 15, 1);
  });

  it('verbose_json: language, duration from the header, segments and words', async () => {
    const client = setup();
    const file = await toFile(await speech(client, 'flac'), 'speech.flac');
    const res = await client.audio.transcriptions.create({
      file, model: 'whisper-1', response_format: 'verbose_json', timestamp_granularities: ['word', 'segment'], language: 'en',
    });
    expect(res).toMatchObject({ language: 'english', text: TEXT });
    expect(res.duration).toBeCloseTo(TEXT.length / 15, 2);
    expect(res.segments!.map((s) => s.text.trim())).toEqual(['Touchstone checks gateways.', 'Every answer is deterministic!', 'Does the round trip work?']);
    expect(res.words!.map((w) => w.word)).toEqual(TEXT.split(' ').map((w) => w.replace(/[.!?]$/, '')));
    expect(res.words!.every((w, i, all) => w.start <= w.end && (i === 0 || all[i - 1]!.end <= w.start))).toBe(true);
    const segmentsOnly = await client.audio.transcriptions.create({ file, model: 'whisper-1', response_format: 'verbose_json' });
    expect(segmentsOnly.words).toBeUndefined();
  });

  it('gpt-4o models: json/text only, token usage, logprobs, streaming', async () => {
    const client = setup();
    const file = await toFile(await speech(client, 'mp3'), 'speech.mp3');
    const res = await client.audio.transcriptions.create({ file, model: 'gpt-4o-transcribe', include: ['logprobs'] });
    expect(res.text).toBe(TEXT);
    expect(res.usage).toMatchObject({ type: 'tokens', input_token_details: { audio_tokens: expect.any(Number) } });
    expect(res.logprobs!.map((l) => l.token).join('')).toBe(TEXT);
    const srt = await rejection(client.audio.transcriptions.create({ file, model: 'gpt-4o-mini-transcribe', response_format: 'srt' }));
    expect(srt).toMatchObject({ status: 400, param: 'response_format', code: 'unsupported_value' });
    expect(srt.error).toMatchObject({ message: "response_format 'srt' is not compatible with model 'gpt-4o-mini-transcribe'. Use 'json' or 'text' instead." });

    const stream = await client.audio.transcriptions.create({ file, model: 'gpt-4o-mini-transcribe', stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.at(-1)).toMatchObject({ type: 'transcript.text.done', text: TEXT });
    expect(events.slice(0, -1).map((e) => (e.type === 'transcript.text.delta' ? e.delta : '')).join('')).toBe(TEXT);
  });

  it('other audio gets deterministic invented text of a plausible length', async () => {
    const client = setup();
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'latin1'); header.writeUInt32LE(36 + 96000, 4); header.write('WAVEfmt ', 8, 'latin1');
    header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(1, 22); header.writeUInt32LE(16000, 24);
    header.writeUInt32LE(32000, 28); header.writeUInt16LE(2, 32); header.writeUInt16LE(16, 34); header.write('data', 36, 'latin1'); header.writeUInt32LE(96000, 40);
    const wav = Buffer.concat([header, Buffer.alloc(96000, 7)]); // 3 s of 16 kHz audio
    const once = async () => client.audio.transcriptions.create({ file: await toFile(wav, 'rec.wav'), model: 'whisper-1', response_format: 'verbose_json' });
    const [a, b] = [await once(), await once()];
    expect(a).toEqual(b);
    expect(a.duration).toBe(3);
    expect(a.text.split(' ').length).toBeGreaterThanOrEqual(5);
  });

  it('checks the file as OpenAI does', async () => {
    const client = setup();
    const txt = await rejection(client.audio.transcriptions.create({ file: await toFile(Buffer.from('hello'), 'notes.txt'), model: 'whisper-1' }));
    expect(txt.error).toMatchObject({ message: "Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']" });
    const garbage = await rejection(client.audio.transcriptions.create({ file: await toFile(Buffer.from('not audio at all'), 'x.wav'), model: 'whisper-1' }));
    expect(garbage.status).toBe(400);
    const big = await rejection(client.audio.transcriptions.create({ file: await toFile(Buffer.alloc(26 * 1024 * 1024), 'big.wav'), model: 'whisper-1' }));
    expect(big.status).toBe(413);
    const language = await rejection(client.audio.transcriptions.create({ file: await toFile(await speech(client, 'wav'), 'a.wav'), model: 'whisper-1', language: 'english' }));
    expect(language).toMatchObject({ status: 400, param: 'language' });
  });
});

describe('audio/translations', () => {
  it('answers in English in every format, the round-tripped text as the translation', async () => {
    const client = setup();
    const file = await toFile(await speech(client, 'wav', 'Bonjour tout le monde. Comment allez-vous?'), 'fr.wav');
    const json = await client.audio.translations.create({ file, model: 'whisper-1' });
    expect(json).toEqual({ text: 'Bonjour tout le monde. Comment allez-vous?' });
    // The SDK types translations.create's answer as Translation whatever the format: name the real shapes.
    const verbose = await client.audio.translations.create({ file, model: 'whisper-1', response_format: 'verbose_json' }) as unknown as OpenAI.Audio.TranslationVerbose;
    const asText = async (format: 'text' | 'srt' | 'vtt') => (await client.audio.translations.create({ file, model: 'whisper-1', response_format: format })) as unknown as string;
    expect(verbose).toMatchObject({ task: 'translate', language: 'english' });
    expect(verbose.segments).toHaveLength(2);
    expect(await asText('text')).toBe('Bonjour tout le monde. Comment allez-vous?\n');
    expect(SRT_CUE.test((await asText('srt')).split('\n\n')[0]!)).toBe(true);
    expect((await asText('vtt')).startsWith('WEBVTT\n\n00:00:00.000 --> ')).toBe(true);
    expect(await rejection(client.audio.translations.create({ file, model: 'gpt-4o-transcribe' }))).toMatchObject({ status: 400, param: 'model' });
  });
});

describe.skipIf(!spec)("transcription and translation bodies match OpenAI's published description", () => {
  it('json, verbose_json, stream events, translations', async () => {
    const client = setup();
    const file = await toFile(await speech(client, 'wav'), 'speech.wav');
    const check = (name: string, body: unknown) => expect(spec!.validateSchema(name, body), name).toEqual([]);
    check('CreateTranscriptionResponseJson', await client.audio.transcriptions.create({ file, model: 'whisper-1' }));
    check('CreateTranscriptionResponseJson', await client.audio.transcriptions.create({ file, model: 'gpt-4o-transcribe', include: ['logprobs'] }));
    check('CreateTranscriptionResponseVerboseJson', await client.audio.transcriptions.create({
      file, model: 'whisper-1', response_format: 'verbose_json', timestamp_granularities: ['word', 'segment'],
    }));
    const stream = await client.audio.transcriptions.create({ file, model: 'gpt-4o-transcribe', stream: true, include: ['logprobs'] });
    for await (const event of stream) check('CreateTranscriptionResponseStreamEvent', event);
    check('CreateTranslationResponseJson', await client.audio.translations.create({ file, model: 'whisper-1' }));
    check('CreateTranslationResponseVerboseJson', await client.audio.translations.create({ file, model: 'whisper-1', response_format: 'verbose_json' }));
  });
});
