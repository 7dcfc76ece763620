/**
 * The fixed vocabulary simulated replies are built from, and a sentence builder that turns a seeded
 * PRNG into plausible English-like prose. Nothing here depends on the request except through the PRNG.
 */
import type { Rng } from '../determinism.ts';

const ADJECTIVES = [
  'quiet', 'bright', 'careful', 'steady', 'curious', 'simple', 'gentle', 'practical', 'modern', 'early',
  'useful', 'clear', 'patient', 'small', 'remote', 'familiar', 'honest', 'subtle', 'ordinary', 'open',
] as const;

const NOUNS = [
  'garden', 'river', 'engineer', 'library', 'signal', 'harbor', 'teacher', 'network', 'village', 'report',
  'window', 'journey', 'market', 'pattern', 'question', 'answer', 'system', 'morning', 'archive', 'bridge',
  'forecast', 'recipe', 'schedule', 'lantern', 'project', 'letter', 'valley', 'musician', 'compass', 'idea',
] as const;

const VERBS = [
  'follows', 'describes', 'explains', 'supports', 'connects', 'reaches', 'improves', 'reflects', 'shapes', 'guides',
  'records', 'measures', 'protects', 'reveals', 'balances', 'carries', 'invites', 'outlines', 'changes', 'answers',
] as const;

const PLURAL_VERBS = [
  'follow', 'describe', 'share', 'support', 'connect', 'reach', 'improve', 'reflect', 'shape', 'guide',
] as const;

const ADVERBS = [
  'quietly', 'clearly', 'often', 'gradually', 'carefully', 'naturally', 'usually', 'simply', 'slowly', 'openly',
] as const;

const PREPOSITIONS = ['near', 'across', 'beyond', 'inside', 'around', 'through', 'beside', 'under', 'toward', 'within'] as const;

const OPENERS = [
  'In practice', 'For example', 'Over time', 'In most cases', 'At first', 'Even so', 'As a result', 'Meanwhile',
] as const;

const CONNECTORS = ['and', 'while', 'because', 'so', 'although', 'but'] as const;

const DETERMINERS = ['the', 'the', 'a', 'this', 'every', 'each'] as const;

/** Single words for generated string values. */
export const WORDS: readonly string[] = [...ADJECTIVES, ...NOUNS];

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function nounPhrase(rng: Rng, withAdjective: boolean): string {
  const noun = rng.pick(NOUNS);
  const adjective = withAdjective ? rng.pick(ADJECTIVES) : '';
  const head = adjective ? `${adjective} ${noun}` : noun;
  const determiner = rng.pick(DETERMINERS);
  return determiner === 'a' ? `${article(head)} ${head}` : `${determiner} ${head}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function sentence(rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return `${capitalize(nounPhrase(rng, rng.chance(0.6)))} ${rng.pick(VERBS)} ${nounPhrase(rng, false)} ${rng.pick(PREPOSITIONS)} ${nounPhrase(rng, rng.chance(0.5))}.`;
    case 1:
      return `${rng.pick(OPENERS)}, ${nounPhrase(rng, rng.chance(0.5))} ${rng.pick(VERBS)} ${nounPhrase(rng, false)} ${rng.pick(ADVERBS)}.`;
    case 2:
      return `${capitalize(nounPhrase(rng, false))} and ${nounPhrase(rng, false)} ${rng.pick(PLURAL_VERBS)} ${nounPhrase(rng, true)} ${rng.pick(PREPOSITIONS)} ${nounPhrase(rng, false)}.`;
    default:
      return `${capitalize(nounPhrase(rng, true))} ${rng.pick(VERBS)} ${nounPhrase(rng, false)}, ${rng.pick(CONNECTORS)} ${nounPhrase(rng, false)} ${rng.pick(VERBS)} ${nounPhrase(rng, false)} ${rng.pick(ADVERBS)}.`;
  }
}

/** A paragraph of `min`–`max` sentences. */
export function paragraph(rng: Rng, min = 2, max = 4): string {
  const count = rng.int(min, max);
  return Array.from({ length: count }, () => sentence(rng)).join(' ');
}

/** Alternative tokens offered in `top_logprobs`. */
export function alternativeTokens(rng: Rng, count: number): string[] {
  return Array.from({ length: count }, () => ` ${rng.pick(WORDS)}`);
}
