/**
 * What the simulated voice "says": a speech plan (duration from text length and speed, one time slot per
 * word proportional to its length) and the 24 kHz mono PCM16 samples — a short tone per word whose pitch
 * comes from the word and the voice, with 8 ms fades and silence between words. Rendering is pure and by
 * sample range, so encoders can stream it in pieces (and FLAC can take a first pass for its MD5).
 * The same word timing is used by transcription, so a round-tripped file gets matching timestamps.
 */
import { sha256Hex } from '../../determinism.ts';

export const SAMPLE_RATE = 24000;
/** Characters spoken per second at speed 1 (about 150 words a minute). */
const CHARS_PER_SECOND = 15;
const MIN_SECONDS = 0.5;

export interface TimedWord { word: string; start: number; end: number }

export interface SpeechPlan {
  text: string;
  seconds: number;
  totalSamples: number;
  words: TimedWord[];
  /** Seed of the voice (model + voice), shifts every pitch. */
  voiceSeed: string;
}

export function speechDuration(text: string, speed: number): number {
  const seconds = Math.max(MIN_SECONDS, text.length / CHARS_PER_SECOND) / speed;
  return Math.round(seconds * SAMPLE_RATE) / SAMPLE_RATE;
}

/** Words of `text` with start/end seconds spread over `seconds` by length (10% of each slot is pause). */
export function wordTimings(text: string, seconds: number): TimedWord[] {
  const words = text.split(/\s+/).filter(Boolean);
  const weight = words.reduce((n, w) => n + w.length + 1, 0);
  const out: TimedWord[] = [];
  let at = 0;
  for (const word of words) {
    const slot = (seconds * (word.length + 1)) / weight;
    out.push({ word, start: at, end: at + slot * 0.9 });
    at += slot;
  }
  return out;
}

export function planSpeech(text: string, speed: number, voiceSeed: string): SpeechPlan {
  const seconds = speechDuration(text, speed);
  return { text, seconds, totalSamples: Math.round(seconds * SAMPLE_RATE), words: wordTimings(text, seconds), voiceSeed };
}

const FADE = Math.round(0.008 * SAMPLE_RATE);

/** Samples [from, from + count) of the plan as signed 16-bit values. */
export function renderSamples(plan: SpeechPlan, from: number, count: number): Int16Array {
  const out = new Int16Array(Math.max(0, Math.min(count, plan.totalSamples - from)));
  const base = parseInt(sha256Hex(plan.voiceSeed).slice(0, 4), 16) % 120;
  let w = 0;
  for (let i = 0; i < out.length; i++) {
    const n = from + i;
    const t = n / SAMPLE_RATE;
    while (w < plan.words.length && plan.words[w]!.end <= t) w++;
    const word = plan.words[w];
    if (!word || t < word.start) continue;
    const first = Math.round(word.start * SAMPLE_RATE);
    const last = Math.round(word.end * SAMPLE_RATE);
    const frequency = 140 + base + (word.word.charCodeAt(0) * 7 + word.word.length * 13) % 220;
    const envelope = Math.min(1, (n - first) / FADE, (last - n) / FADE);
    out[i] = Math.round(9000 * Math.max(0, envelope) * Math.sin((2 * Math.PI * frequency * (n - first)) / SAMPLE_RATE));
  }
  return out;
}
