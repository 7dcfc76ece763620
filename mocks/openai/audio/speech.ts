/**
 * POST /v1/audio/speech: pydantic-style validation of the JSON body, then the audio, streamed in
 * chunks (about a quarter second of audio each, one per pull) with the content type OpenAI sends:
 * mp3 (default), opus, aac, flac, wav, pcm — all 24 kHz mono. wav/pcm/flac carry the actual tone-per-word
 * signal; mp3/opus/aac are valid silent streams of the right duration (see mp3.ts, opus-aac.ts).
 * `stream_format: "sse"` (gpt-4o-mini-tts only) sends the same bytes base64 in `speech.audio.delta`
 * events and ends with `speech.audio.done` carrying usage.
 */
import { encodeSseJson } from '../../../lib/sse.ts';
import { requestHash, sha256Hex } from '../../determinism.ts';
import { errors } from '../errors.ts';
import type { RouteContext, OpenAISim } from '../routes.ts';
import { countTokens } from '../tokens.ts';
import { isObject } from '../validate.ts';
import { pydanticChoices, pydanticError, PyFloat, type PydanticIssue } from './audio-errors.ts';
import { FLAC_BLOCK, flacFrame, flacHeader } from './flac.ts';
import { id3Tag, mp3FrameCount, silentFrames } from './mp3.ts';
import { AAC_SAMPLES_PER_FRAME, opusAudioPages, opusHeaderPages, silentAdtsFrame } from './opus-aac.ts';
import { planSpeech, renderSamples, type SpeechPlan } from './voice.ts';
import { pcmBytes, wavHeader } from './wav.ts';

const MODELS = ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts', 'gpt-4o-mini-tts-2025-12-15'];
const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse'];
const GPT_VOICES = [...VOICES, 'marin', 'cedar'];
const FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
type AudioFormat = (typeof FORMATS)[number];
const FIELDS = new Set(['model', 'input', 'instructions', 'voice', 'response_format', 'speed', 'stream_format']);
const MAX_INPUT = 4096;

export const CONTENT_TYPES: Record<AudioFormat, string> = {
  mp3: 'audio/mpeg', opus: 'audio/opus', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm',
};

export interface SpeechRequest { model: string; input: string; voice: string; format: AudioFormat; speed: number; sse: boolean; instructions: string }

export function validateSpeech(body: Record<string, unknown>): SpeechRequest {
  const issues: PydanticIssue[] = [];
  for (const field of ['model', 'input', 'voice']) {
    if (body[field] === undefined) issues.push({ type: 'missing', field, msg: 'Field required', input: body });
  }
  for (const field of ['model', 'input', 'instructions']) {
    const value = body[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') issues.push({ type: 'string_type', field, msg: 'Input should be a valid string', input: value });
    else if (field !== 'model' && value.length > MAX_INPUT) {
      issues.push({ type: 'string_too_long', field, msg: `String should have at most ${MAX_INPUT} characters`, input: value, ctx: { max_length: MAX_INPUT } });
    }
  }
  const voices = typeof body.model === 'string' && body.model.startsWith('gpt-') ? GPT_VOICES : VOICES;
  const voice = body.voice;
  const customVoice = isObject(voice) && typeof voice.id === 'string';
  if (voice !== undefined && !customVoice && (typeof voice !== 'string' || !voices.includes(voice))) {
    issues.push({ type: 'enum', field: 'voice', msg: `Input should be ${pydanticChoices(voices)}`, input: voice, ctx: { expected: pydanticChoices(voices) } });
  }
  const enumIssue = (field: string, allowed: readonly string[]) => {
    const value = body[field];
    if (value !== undefined && !allowed.includes(value as string)) {
      issues.push({ type: 'enum', field, msg: `Input should be ${pydanticChoices(allowed)}`, input: value, ctx: { expected: pydanticChoices(allowed) } });
    }
  };
  enumIssue('response_format', FORMATS);
  enumIssue('stream_format', ['sse', 'audio']);
  if (body.speed !== undefined) {
    const speed = body.speed;
    if (typeof speed !== 'number') issues.push({ type: 'float_type', field: 'speed', msg: 'Input should be a valid number', input: speed });
    else if (speed < 0.25) issues.push({ type: 'greater_than_equal', field: 'speed', msg: 'Input should be greater than or equal to 0.25', input: speed, ctx: { ge: new PyFloat(0.25) } });
    else if (speed > 4) issues.push({ type: 'less_than_equal', field: 'speed', msg: 'Input should be less than or equal to 4.0', input: speed, ctx: { le: new PyFloat(4) } });
  }
  for (const field of Object.keys(body)) {
    if (!FIELDS.has(field)) issues.push({ type: 'extra_forbidden', field, msg: 'Extra inputs are not permitted', input: body[field] });
  }
  if (issues.length) throw pydanticError(issues);

  const model = body.model as string;
  if (!MODELS.includes(model)) throw errors.modelNotFound(model);
  const gpt = model.startsWith('gpt-');
  if (body.instructions !== undefined && !gpt) throw errors.unsupportedParameter('instructions', '');
  if (body.stream_format === 'sse' && !gpt) throw errors.unsupportedValue('stream_format', 'sse', 'audio');
  return {
    model, input: body.input as string, voice: customVoice ? (voice as { id: string }).id : (voice as string),
    format: (body.response_format as AudioFormat | undefined) ?? 'mp3', speed: (body.speed as number | undefined) ?? 1,
    sse: body.stream_format === 'sse', instructions: (body.instructions as string | undefined) ?? '',
  };
}

const CHUNK_SAMPLES = 6000; // a quarter second at 24 kHz

/** The encoded file as a lazy sequence of chunks. */
export function* audioChunks(format: AudioFormat, plan: SpeechPlan): Generator<Uint8Array> {
  const blocks = function* (size: number) {
    for (let at = 0; at < plan.totalSamples; at += size) yield renderSamples(plan, at, size);
  };
  if (format === 'wav' || format === 'pcm') {
    if (format === 'wav') yield wavHeader(plan.totalSamples, plan.text);
    for (const samples of blocks(CHUNK_SAMPLES)) yield pcmBytes(samples);
  } else if (format === 'flac') {
    yield flacHeader(plan);
    let index = 0;
    for (const samples of blocks(FLAC_BLOCK)) yield flacFrame(index++, samples);
  } else if (format === 'mp3') {
    yield id3Tag(plan.text);
    const frames = mp3FrameCount(plan.totalSamples);
    for (let done = 0; done < frames; done += 10) yield silentFrames(Math.min(10, frames - done));
  } else if (format === 'opus') {
    const serial = parseInt(sha256Hex(plan.text).slice(0, 8), 16);
    yield opusHeaderPages(plan.text, serial);
    yield* opusAudioPages(plan.seconds, serial);
  } else {
    const frames = Math.max(1, Math.ceil(plan.totalSamples / AAC_SAMPLES_PER_FRAME));
    const frame = silentAdtsFrame();
    for (let done = 0; done < frames; done += 6) yield Buffer.concat(Array.from({ length: Math.min(6, frames - done) }, () => frame));
  }
}

function pullStream(source: Generator<Uint8Array>, delayMs: number, onEnd: (aborted: boolean) => void): ReadableStream<Uint8Array> {
  let finished = false;
  const finish = (aborted: boolean) => { if (!finished) { finished = true; onEnd(aborted); } };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const next = source.next();
      if (next.done) { controller.close(); finish(false); return; }
      controller.enqueue(next.value);
    },
    cancel() { finish(true); },
  }, { highWaterMark: 0 });
}

function* sseEvents(req: SpeechRequest, plan: SpeechPlan): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  for (const chunk of audioChunks(req.format, plan)) {
    yield encoder.encode(encodeSseJson({ type: 'speech.audio.delta', audio: Buffer.from(chunk).toString('base64') }));
  }
  const input = countTokens(req.input) + countTokens(req.instructions);
  const output = Math.max(1, Math.round(plan.seconds * 20));
  yield encoder.encode(encodeSseJson({ type: 'speech.audio.done', usage: { input_tokens: input, output_tokens: output, total_tokens: input + output } }));
}

export function handleSpeech(ctx: RouteContext, sim: OpenAISim): Response {
  const body = ctx.json();
  if (!isObject(body)) throw errors.unparsableJson();
  const req = validateSpeech(body);
  const headers = ctx.headers(requestHash('POST /v1/audio/speech', body));
  const plan = planSpeech(req.input, req.speed, `${req.model}:${req.voice}`);
  const onEnd = (aborted: boolean) => { if (aborted) ctx.entry.aborted = true; else ctx.entry.completed = true; };
  if (req.sse) {
    return new Response(pullStream(sseEvents(req, plan), sim.chunkDelayMs, onEnd), {
      status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', ...headers },
    });
  }
  return new Response(pullStream(audioChunks(req.format, plan), sim.chunkDelayMs, onEnd), {
    status: 200, headers: { 'content-type': CONTENT_TYPES[req.format], ...headers },
  });
}
