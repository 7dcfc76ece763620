/**
 * The words simulated Claude replies are made of, and sentence builders that turn a seeded PRNG into
 * plausible prose (replies) and first-person reasoning (thinking blocks). Nothing here reads the request
 * except through the PRNG, so the same request hash always yields the same text.
 */
import type { Rng } from '../determinism.ts';

const SUBJECTS = ['the report', 'this approach', 'the garden', 'a careful plan', 'the library', 'the river', 'each signal', 'the schedule', 'our team', 'the answer'] as const;
const VERBS = ['explains', 'supports', 'connects', 'improves', 'reflects', 'guides', 'measures', 'balances', 'outlines', 'reveals'] as const;
const OBJECTS = ['the main idea', 'a simple pattern', 'the next step', 'several details', 'the bigger picture', 'a useful example', 'the open question', 'each part'] as const;
const TAILS = ['in practice', 'over time', 'for most readers', 'without much effort', 'in a clear way', 'at every stage'] as const;
const THOUGHTS = [
  'Let me think about what is being asked', 'The key point here is', 'I should consider', 'One way to approach this is',
  'It helps to break this down', 'I want to check', 'A good answer should mention',
] as const;

/** Single words for generated string values. */
export const WORDS: readonly string[] = ['garden', 'river', 'signal', 'harbor', 'network', 'valley', 'lantern', 'compass', 'archive', 'bridge', 'quiet', 'bright', 'steady', 'simple'];

function sentence(rng: Rng): string {
  const text = `${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} ${rng.pick(TAILS)}.`;
  return text[0]!.toUpperCase() + text.slice(1);
}

/** `min`–`max` sentences of prose. */
export function paragraph(rng: Rng, min = 2, max = 4): string {
  return Array.from({ length: rng.int(min, max) }, () => sentence(rng)).join(' ');
}

/** A short run of first-person reasoning, as a thinking block reads. */
export function reasoning(rng: Rng, min = 2, max = 4): string {
  return Array.from({ length: rng.int(min, max) }, () => `${rng.pick(THOUGHTS)} ${rng.pick(OBJECTS)} and how ${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} it.`).join(' ');
}
