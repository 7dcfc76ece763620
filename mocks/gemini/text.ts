/**
 * The words the simulated model writes: deterministic prose drawn from a small vocabulary with a
 * seeded Rng, thought summaries in the bold-heading style Gemini's `includeThoughts` summaries use,
 * and the sentence that answers a function result. Nothing here depends on anything but the Rng.
 */
import type { Rng } from '../determinism.ts';

export const WORDS = [
  'the', 'model', 'answer', 'request', 'simple', 'clear', 'value', 'result', 'signal', 'river', 'window', 'garden',
  'quiet', 'bright', 'careful', 'steady', 'number', 'pattern', 'system', 'method', 'example', 'context', 'detail',
  'summary', 'question', 'reason', 'useful', 'small', 'large', 'early', 'later', 'first', 'second', 'gentle', 'rapid',
  'travel', 'measure', 'compare', 'gather', 'review', 'balance', 'record', 'notice', 'follow', 'support', 'develop',
  'and', 'with', 'from', 'about', 'into', 'over', 'under', 'across', 'between', 'around', 'through', 'before',
  'mountain', 'ocean', 'forest', 'planet', 'lantern', 'harbor', 'meadow', 'orchard', 'compass', 'journey', 'letter',
] as const;

const OPENERS = ['Here is', 'In short,', 'Briefly,', 'To answer,', 'Overall,', 'Put simply,'];

function sentence(rng: Rng, words: number): string {
  const body = Array.from({ length: words }, () => rng.pick(WORDS)).join(' ');
  return `${body.charAt(0).toUpperCase()}${body.slice(1)}.`;
}

/** About `approxWords` words of prose in sentences of 5–12 words. */
export function prose(rng: Rng, approxWords: number): string {
  const sentences = [`${rng.pick(OPENERS)} ${sentence(rng, rng.int(3, 6)).toLowerCase()}`];
  let words = sentences[0]!.split(' ').length;
  while (words < approxWords) {
    const n = rng.int(5, 12);
    sentences.push(sentence(rng, n));
    words += n;
  }
  return sentences.join(' ');
}

/** A short single-phrase value for schema strings. */
export function phrase(rng: Rng, words = rng.int(1, 3)): string {
  return Array.from({ length: words }, () => rng.pick(WORDS)).join(' ');
}

/** A thought summary: a bold heading and one paragraph, as Gemini's thought summaries read. */
export function thoughtSummary(rng: Rng, topic: string): string {
  const heading = rng.pick(['Analyzing the Request', 'Considering the Options', 'Planning the Response', 'Evaluating the Question']);
  const about = topic ? ` about "${topic.slice(0, 60)}"` : '';
  return `**${heading}**\n\nI'm working through the question${about}. ${sentence(rng, rng.int(8, 14))} ${sentence(rng, rng.int(6, 10))}\n\n\n`;
}

/** The answer after function results: names each function and quotes its result. */
export function functionResultText(results: readonly { name: string; response: unknown }[]): string {
  return results
    .map((r) => `The ${r.name} function returned ${JSON.stringify(r.response ?? {})}.`)
    .join(' ');
}
