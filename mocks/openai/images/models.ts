/**
 * The image models as data (OpenAI's API reference and image guide): which endpoint takes which
 * model, sizes, `n` ceiling, prompt length limit, qualities, and the GPT image output-token table
 * (the guide's cost table for gpt-image-1; the mini and 1.5 models reuse it here).
 */

export type ImageFamily = 'dall-e-2' | 'dall-e-3' | 'gpt-image';
export type ImageEndpoint = 'generations' | 'edits' | 'variations';

export interface ImageModel {
  id: string;
  family: ImageFamily;
  sizes: readonly string[];
  maxN: number;
  maxPrompt: number;
  qualities: readonly string[];
}

const GPT_SIZES = ['1024x1024', '1536x1024', '1024x1536', 'auto'] as const;
const gpt = (id: string): ImageModel => ({ id, family: 'gpt-image', sizes: GPT_SIZES, maxN: 10, maxPrompt: 32000, qualities: ['low', 'medium', 'high', 'auto'] });

const MODELS: readonly ImageModel[] = [
  { id: 'dall-e-2', family: 'dall-e-2', sizes: ['256x256', '512x512', '1024x1024'], maxN: 10, maxPrompt: 1000, qualities: ['standard', 'auto'] },
  { id: 'dall-e-3', family: 'dall-e-3', sizes: ['1024x1024', '1792x1024', '1024x1792'], maxN: 1, maxPrompt: 4000, qualities: ['standard', 'hd', 'auto'] },
  gpt('gpt-image-1'),
  gpt('gpt-image-1-mini'),
  gpt('gpt-image-1.5'),
];

/** Which models each endpoint serves, and the default when `model` is omitted. */
export const ENDPOINT_MODELS: Record<ImageEndpoint, { models: readonly string[]; fallback: string }> = {
  generations: { models: ['dall-e-2', 'dall-e-3', 'gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5'], fallback: 'dall-e-2' },
  edits: { models: ['dall-e-2', 'gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5'], fallback: 'gpt-image-1.5' },
  variations: { models: ['dall-e-2'], fallback: 'dall-e-2' },
};

export function findImageModel(id: string): ImageModel | undefined {
  return MODELS.find((m) => m.id === id);
}

/** Arguments only the GPT image models take; sending one without `model` selects gpt-image-1 (generations). */
export const GPT_ONLY_ARGUMENTS = ['background', 'moderation', 'output_format', 'output_compression', 'partial_images', 'stream', 'input_fidelity'] as const;
/** Arguments only the DALL·E models take. */
export const DALLE_ONLY_ARGUMENTS = ['response_format', 'style'] as const;

/** Output tokens of one GPT image by resolved quality and size. */
const OUTPUT_TOKENS: Record<string, Record<string, number>> = {
  low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
  medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
  high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
};

export function imageOutputTokens(quality: string, size: string): number {
  return OUTPUT_TOKENS[quality]?.[size] ?? OUTPUT_TOKENS.high!['1024x1024']!;
}

/**
 * Input tokens of one uploaded image, following OpenAI's vision recipe (fit within 2048×2048, shortest
 * side 768, 85 base + 170 per 512-pixel tile): an approximation, OpenAI does not publish the image one.
 */
export function inputImageTokens(width: number, height: number): number {
  let w = width, h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit; h *= fit;
  const shortest = Math.min(1, 768 / Math.min(w, h));
  w *= shortest; h *= shortest;
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/** The DALL·E sizes by one-character code, so a served image's id carries its dimensions. */
export const SIZE_CODES = ['256x256', '512x512', '1024x1024', '1792x1024', '1024x1792', '1536x1024', '1024x1536'] as const;

export function parseSize(size: string): { width: number; height: number } {
  const [w, h] = size.split('x').map(Number);
  return { width: w!, height: h! };
}
