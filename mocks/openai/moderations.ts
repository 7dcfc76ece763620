/**
 * POST /v1/moderations. `omni-moderation-latest` (default; answered as `omni-moderation-2024-09-26`)
 * takes a string, strings, or an array of text / image_url parts (one result for the parts together);
 * `text-moderation-latest` / `-stable` (answered as `text-moderation-007`) take text only, report
 * `illicit` and `illicit/violent` as null, and score in float32 as that model does.
 *
 * Scores are deterministic: a small baseline drawn from the hash of each input, raised by a short,
 * documented lexicon (LEXICON below) so suites can send an obviously violent, hateful, harassing,
 * self-harm, sexual or illicit phrase ("I want to kill them.") and see it flagged, and a benign one and
 * see nothing flagged. A category is flagged above 0.5. `category_applied_input_types` lists the input
 * kinds each category was scored on (text-only categories never list "image").
 */
import { Rng, requestHash } from '../determinism.ts';
import { errors } from './errors.ts';
import { jsonResponse, type OpenAIRoute, type OpenAISim, type RouteContext } from './routes.ts';

type Category =
  | 'harassment' | 'harassment/threatening' | 'sexual' | 'hate' | 'hate/threatening' | 'illicit' | 'illicit/violent'
  | 'self-harm/intent' | 'self-harm/instructions' | 'self-harm' | 'sexual/minors' | 'violence' | 'violence/graphic';

/** Key order of omni-moderation answers. */
const OMNI_ORDER: readonly Category[] = [
  'harassment', 'harassment/threatening', 'sexual', 'hate', 'hate/threatening', 'illicit', 'illicit/violent',
  'self-harm/intent', 'self-harm/instructions', 'self-harm', 'sexual/minors', 'violence', 'violence/graphic',
];
/** Key order of text-moderation-007 answers (the two illicit categories, which it lacks, last). */
const TEXT_ORDER: readonly Category[] = [
  'sexual', 'hate', 'harassment', 'self-harm', 'sexual/minors', 'hate/threatening', 'violence/graphic',
  'self-harm/intent', 'self-harm/instructions', 'harassment/threatening', 'violence', 'illicit', 'illicit/violent',
];
/** Categories omni-moderation also scores on images. */
const IMAGE_CATEGORIES = new Set<Category>(['sexual', 'self-harm', 'self-harm/intent', 'self-harm/instructions', 'violence', 'violence/graphic']);

/** Test phrases that raise scores: pattern → category scores it implies. */
const LEXICON: { pattern: RegExp; scores: Partial<Record<Category, number>> }[] = [
  { pattern: /\b(kill|murder|stab|shoot|strangle|hurt|slaughter)\w*\s+(them|him|her|you|everyone|people|someone|somebody|all)\b/i,
    scores: { violence: 0.997, harassment: 0.82, 'harassment/threatening': 0.8 } },
  { pattern: /\b(kill|murder|stab|shoot|massacre|bomb)(ed|ing|s)?\b/i, scores: { violence: 0.74 } },
  { pattern: /\b(dismember\w*|mutilat\w*|disembowel\w*|gore|blood everywhere)\b/i, scores: { violence: 0.93, 'violence/graphic': 0.86 } },
  { pattern: /\b(subhuman|vermin|inferior race|i hate all)\b/i, scores: { hate: 0.91, harassment: 0.7 } },
  { pattern: /\b(exterminate|wipe out|eradicate) (them|all of them|their kind)\b/i, scores: { hate: 0.84, 'hate/threatening': 0.78, violence: 0.9 } },
  { pattern: /\b(you are|you're) (an? )?(idiot|moron|worthless|pathetic|loser|stupid)\b|\bnobody likes you\b/i, scores: { harassment: 0.93 } },
  { pattern: /\b(kill myself|end my life|want to die|hurt myself|cut myself)\b/i, scores: { 'self-harm': 0.95, 'self-harm/intent': 0.91, violence: 0.6 } },
  { pattern: /\bhow (do i|to|can i) (commit suicide|kill myself|cut myself)\b/i, scores: { 'self-harm': 0.93, 'self-harm/instructions': 0.87 } },
  { pattern: /\b(porn\w*|explicit sex|sexual intercourse|nude photos?)\b/i, scores: { sexual: 0.9 } },
  { pattern: /\bhow (do i|to|can i) (shoplift|steal|launder money|make meth|pick a lock|hack into)\b/i, scores: { illicit: 0.9 } },
  { pattern: /\b(build|make) an? (bomb|pipe bomb|explosive|untraceable gun)\b/i, scores: { illicit: 0.91, 'illicit/violent': 0.93, violence: 0.65 } },
];

interface ModerationModel { reported: string; omni: boolean }
const MODELS: Record<string, ModerationModel> = {
  'omni-moderation-latest': { reported: 'omni-moderation-2024-09-26', omni: true },
  'omni-moderation-2024-09-26': { reported: 'omni-moderation-2024-09-26', omni: true },
  'text-moderation-latest': { reported: 'text-moderation-007', omni: false },
  'text-moderation-stable': { reported: 'text-moderation-007', omni: false },
};

/** One thing to classify: its texts and image URLs. */
interface Subject { texts: string[]; images: string[] }

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseInput(input: unknown, model: ModerationModel): Subject[] {
  if (input === undefined || input === null) throw errors.missingParameter('input');
  if (typeof input === 'string') return [{ texts: [input], images: [] }];
  if (!Array.isArray(input)) throw errors.invalidType('input', 'one of a string or array', input);
  if (input.length === 0) throw errors.emptyArray('input');
  if (input.every((s) => typeof s === 'string')) return (input as string[]).map((s) => ({ texts: [s], images: [] }));
  const subject: Subject = { texts: [], images: [] };
  input.forEach((part, i) => {
    const at = `input[${i}]`;
    if (!isObject(part)) throw errors.invalidType(at, 'an object', part);
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw part.text === undefined ? errors.missingParameter(`${at}.text`) : errors.invalidType(`${at}.text`, 'a string', part.text);
      subject.texts.push(part.text);
    } else if (part.type === 'image_url') {
      const url = isObject(part.image_url) ? part.image_url.url : undefined;
      if (typeof url !== 'string') throw errors.missingParameter(`${at}.image_url.url`);
      if (!model.omni) {
        throw errors.invalidValue(`${at}.type`, `Invalid value: 'image_url'. The model '${model.reported}' only supports text inputs; use 'omni-moderation-latest' to classify images.`);
      }
      subject.images.push(url);
    } else if (part.type === undefined) {
      throw errors.missingParameter(`${at}.type`);
    } else {
      throw errors.invalidEnum(`${at}.type`, part.type, ['text', 'image_url']);
    }
  });
  return [subject];
}

function classify(subject: Subject, model: ModerationModel): Record<string, unknown> {
  const text = subject.texts.join('\n');
  const rng = new Rng(requestHash('moderation', [model.omni, subject]), 'scores');
  const scores = {} as Record<Category, number>;
  for (const category of OMNI_ORDER) scores[category] = 10 ** -(2.5 + rng.next() * 4.5);
  for (const { pattern, scores: implied } of LEXICON) {
    if (!pattern.test(text)) continue;
    for (const [category, score] of Object.entries(implied) as [Category, number][]) {
      scores[category] = Math.max(scores[category], score + (1 - score) * rng.next() * 0.05);
    }
  }
  const order = model.omni ? OMNI_ORDER : TEXT_ORDER;
  const hasText = subject.texts.length > 0;
  const applied = (c: Category) => [...(hasText ? ['text'] : []), ...(subject.images.length && IMAGE_CATEGORIES.has(c) ? ['image'] : [])];
  const value = (c: Category) => (model.omni ? scores[c] : c.startsWith('illicit') ? 0 : Math.fround(scores[c]));
  const categories = Object.fromEntries(order.map((c) => [c, !model.omni && c.startsWith('illicit') ? null : value(c) > 0.5]));
  return {
    flagged: Object.values(categories).some((f) => f === true),
    categories,
    category_scores: Object.fromEntries(order.map((c) => [c, value(c)])),
    category_applied_input_types: Object.fromEntries(order.map((c) => [c, model.omni || !c.startsWith('illicit') ? applied(c) : []])),
  };
}

function handleModeration(ctx: RouteContext): Response {
  const body = ctx.json();
  if (!isObject(body)) throw errors.unparsableJson();
  const unknown = Object.keys(body).filter((k) => k !== 'input' && k !== 'model');
  if (unknown.length) throw errors.unrecognizedArguments(unknown);
  const modelId = body.model ?? 'omni-moderation-latest';
  if (typeof modelId !== 'string') throw errors.invalidType('model', 'a string', modelId);
  const model = MODELS[modelId];
  if (!model) throw errors.modelNotFound(modelId);
  const subjects = parseInput(body.input, model);
  const rng = new Rng(requestHash('POST /v1/moderations', body), 'id');
  return jsonResponse({
    id: `modr-${model.omni ? rng.hex(32) : rng.chars(29)}`,
    model: model.reported,
    results: subjects.map((s) => classify(s, model)),
  }, ctx.headers(['moderations', body]));
}

export function moderationsRoutes(_sim: OpenAISim): OpenAIRoute[] {
  return [{ method: 'POST', path: '/v1/moderations', handle: handleModeration }];
}
