/**
 * A transcript and its renderings. The text is the one embedded by the speech endpoint when the file
 * came from there (a round trip), otherwise deterministic English sentences from the file hash, about
 * 2.5 words per second. Segments are sentences, timed by character share of the duration; words use the
 * speech endpoint's own timing. Renders json / text / srt / vtt / verbose_json the way Whisper does.
 */
import { Rng, sha256Hex } from '../../determinism.ts';
import { tokenize } from '../tokens.ts';
import { sentence } from '../vocabulary.ts';
import { wordTimings, type TimedWord } from './voice.ts';

export interface Segment {
  id: number; seek: number; start: number; end: number; text: string; tokens: number[];
  temperature: number; avg_logprob: number; compression_ratio: number; no_speech_prob: number;
}

export interface Transcript {
  text: string;
  duration: number;
  segments: Segment[];
  words: TimedWord[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function inventedText(fileHash: string, seconds: number): string {
  const rng = new Rng(fileHash, 'transcript');
  const target = Math.max(3, Math.round(seconds * 2.5));
  const sentences: string[] = [];
  for (let words = 0; words < target;) {
    const s = sentence(rng);
    sentences.push(s);
    words += s.split(/\s+/).length;
  }
  return sentences.join(' ');
}

/** Whisper-like token ids: timestamp tokens around the text tokens, ids from the token text. */
function tokenIds(text: string, start: number, end: number, seek: number): number[] {
  const offset = seek / 100;
  const stamp = (t: number) => 50364 + Math.max(0, Math.round((t - offset) / 0.02));
  return [stamp(start), ...tokenize(text).map((t) => 220 + (parseInt(sha256Hex(t).slice(0, 6), 16) % 50000)), stamp(end)];
}

export function buildTranscript(text: string, duration: number, temperature: number, seed: string): Transcript {
  const sentences = text.match(/[^.!?]+[.!?]*\s*/g)?.map((s) => s.trim()).filter(Boolean) ?? [];
  const total = sentences.reduce((n, s) => n + s.length, 0) || 1;
  const rng = new Rng(seed, 'segments');
  let at = 0;
  const segments = sentences.map((s, id): Segment => {
    const start = at;
    const end = at + (duration * s.length) / total;
    at = end;
    const seek = Math.floor(start / 30) * 3000;
    return {
      id, seek, start: round2(start), end: round2(end), text: ` ${s}`, tokens: tokenIds(s, start, end, seek), temperature,
      avg_logprob: -(0.1 + rng.next() * 0.3), compression_ratio: 1 + rng.next() * 0.6, no_speech_prob: rng.next() * 0.02,
    };
  });
  const words = wordTimings(text, duration).map((w) => ({ word: w.word.replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, ''), start: round2(w.start), end: round2(w.end) }));
  return { text, duration: round2(duration), segments, words };
}

function timestamp(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

export function toSrt(t: Transcript): string {
  return t.segments.map((s, i) => `${i + 1}\n${timestamp(s.start, ',')} --> ${timestamp(s.end, ',')}\n${s.text.trim()}\n\n`).join('');
}

export function toVtt(t: Transcript): string {
  return `WEBVTT\n\n${t.segments.map((s) => `${timestamp(s.start, '.')} --> ${timestamp(s.end, '.')}\n${s.text.trim()}\n\n`).join('')}`;
}

/** Per-token log probabilities for `include[]=logprobs` (gpt-4o models). */
export function tokenLogprobs(text: string, seed: string): { token: string; logprob: number; bytes: number[] }[] {
  const rng = new Rng(seed, 'logprobs');
  return tokenize(text).map((token) => ({ token, logprob: -rng.next() * 0.2, bytes: [...Buffer.from(token, 'utf8')] }));
}
