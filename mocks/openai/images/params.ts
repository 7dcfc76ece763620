/**
 * Argument validation shared by the three image endpoints, in OpenAI's order: model (with the default
 * rule), unknown arguments (DALL·E-only ones sent to a GPT image model and vice versa are unknown too),
 * prompt, n, size, quality, then the family's own arguments. JSON bodies and multipart fields go through
 * the same code: form values arrive as strings and are read as integers/booleans where the API expects them.
 * DALL·E models answer with the DALL·E-layer messages, GPT image models with the modern ones.
 */
import { errors, type OpenAIError } from '../errors.ts';
import { imageErrors } from './image-errors.ts';
import {
  DALLE_ONLY_ARGUMENTS, ENDPOINT_MODELS, findImageModel, GPT_ONLY_ARGUMENTS, type ImageEndpoint, type ImageModel,
} from './models.ts';

export interface ImageRequest {
  endpoint: ImageEndpoint;
  model: ImageModel;
  prompt: string;
  n: number;
  /** As requested (`auto` possible). */
  size: string;
  /** As requested (`auto` possible). */
  quality: string;
  responseFormat: 'url' | 'b64_json';
  outputFormat: 'png' | 'jpeg' | 'webp';
  background: 'transparent' | 'opaque' | 'auto';
  stream: boolean;
  partialImages: number;
  style: string | null;
}

const KNOWN: Record<ImageEndpoint, ReadonlySet<string>> = {
  generations: new Set(['prompt', 'model', 'n', 'quality', 'response_format', 'output_format', 'output_compression', 'stream',
    'partial_images', 'size', 'moderation', 'background', 'style', 'user']),
  edits: new Set(['image', 'image[]', 'prompt', 'mask', 'background', 'model', 'n', 'size', 'response_format', 'output_format',
    'output_compression', 'user', 'input_fidelity', 'stream', 'partial_images', 'quality']),
  variations: new Set(['image', 'model', 'n', 'response_format', 'size', 'user']),
};

const present = (value: unknown) => value !== undefined && value !== null;

/** Read an argument that may be a form string as the JSON type the API expects. */
function coerce(value: unknown, kind: 'integer' | 'boolean', fromForm: boolean): unknown {
  if (!fromForm || typeof value !== 'string') return value;
  if (kind === 'integer' && /^-?\d+$/.test(value.trim())) return Number(value);
  if (kind === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function chooseModel(raw: Record<string, unknown>, endpoint: ImageEndpoint): ImageModel {
  const { models, fallback } = ENDPOINT_MODELS[endpoint];
  if (!present(raw.model) || raw.model === '') {
    const gptOnly = GPT_ONLY_ARGUMENTS.some((a) => present(raw[a]) && raw[a] !== false && raw[a] !== 'false')
      || ['low', 'medium', 'high'].includes(raw.quality as string);
    return findImageModel(endpoint === 'generations' && gptOnly ? 'gpt-image-1' : fallback)!;
  }
  if (typeof raw.model !== 'string') throw errors.invalidType('model', 'a string', raw.model);
  if (!models.includes(raw.model)) throw errors.invalidEnum('model', raw.model, models);
  return findImageModel(raw.model)!;
}

export function validateImageArguments(raw: Record<string, unknown>, endpoint: ImageEndpoint, fromForm: boolean): ImageRequest {
  const model = chooseModel(raw, endpoint);
  const gpt = model.family === 'gpt-image';
  const known = KNOWN[endpoint];
  const unknown = Object.keys(raw).find((k) => !known.has(k));
  if (unknown) throw imageErrors.unknownParameter(unknown);
  const foreign: readonly string[] = gpt ? DALLE_ONLY_ARGUMENTS : GPT_ONLY_ARGUMENTS;
  const misplaced = foreign.find((a) => present(raw[a]) && !(a === 'stream' && coerce(raw[a], 'boolean', fromForm) === false));
  if (misplaced) throw imageErrors.unknownParameter(misplaced);

  const enumError = (param: string, value: unknown, allowed: readonly string[]): OpenAIError =>
    gpt ? errors.invalidEnum(param, value, allowed) : imageErrors.notOneOf(value, allowed, param);
  const pick = <T extends string>(param: string, fallback: T, allowed: readonly T[]): T => {
    const value = raw[param];
    if (!present(value)) return fallback;
    if (typeof value !== 'string') throw gpt ? errors.invalidType(param, 'a string', value) : imageErrors.notOfType(value, 'string', param);
    if (!allowed.includes(value as T)) throw enumError(param, value, allowed);
    return value as T;
  };
  const integer = (param: string, fallback: number, min: number, max: number): number => {
    const value = coerce(raw[param], 'integer', fromForm);
    if (!present(value)) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw gpt ? errors.invalidType(param, 'an integer', value) : imageErrors.notOfType(value, 'integer', param);
    }
    if (value < min) throw gpt ? errors.belowMinimum(param, 'integer', min, value) : imageErrors.lessThanMinimum(value, min, param);
    if (value > max) throw gpt ? errors.aboveMaximum(param, 'integer', max, value) : imageErrors.greaterThanMaximum(value, max, param);
    return value;
  };

  let prompt = '';
  if (endpoint !== 'variations') {
    if (!present(raw.prompt)) throw errors.missingParameter('prompt');
    if (typeof raw.prompt !== 'string') throw errors.invalidType('prompt', 'a string', raw.prompt);
    if (raw.prompt.length === 0) throw imageErrors.emptyString('prompt');
    if (raw.prompt.length > model.maxPrompt) throw imageErrors.stringTooLong('prompt', model.maxPrompt, raw.prompt.length);
    prompt = raw.prompt;
  }

  const n = integer('n', 1, 1, 10);
  if (n > model.maxN) throw imageErrors.onlyOneImage();

  const defaultSize = gpt && endpoint === 'generations' ? 'auto' : '1024x1024';
  if (model.family === 'dall-e-3' && typeof raw.size === 'string' && !model.sizes.includes(raw.size)) throw imageErrors.sizeNotSupported();
  const size = pick('size', defaultSize, model.sizes);
  const quality = pick('quality', gpt ? 'auto' : 'standard', model.qualities);
  const responseFormat = pick('response_format', 'url', ['url', 'b64_json'] as const);
  const style = model.family === 'dall-e-3' ? pick('style', 'vivid', ['vivid', 'natural']) : null;

  const outputFormat = pick('output_format', 'png', ['png', 'jpeg', 'webp'] as const);
  integer('output_compression', 100, 0, 100);
  const background = pick('background', 'auto', ['transparent', 'opaque', 'auto'] as const);
  pick('moderation', 'auto', ['low', 'auto']);
  pick('input_fidelity', 'low', ['high', 'low']);
  const partialImages = integer('partial_images', 0, 0, 3);
  const stream = coerce(raw.stream, 'boolean', fromForm);
  if (present(stream) && typeof stream !== 'boolean') throw errors.invalidType('stream', 'a boolean', stream);
  if (present(raw.user) && typeof raw.user !== 'string') throw errors.invalidType('user', 'a string', raw.user);
  if (background === 'transparent' && outputFormat === 'jpeg') throw imageErrors.transparencyNeedsAlphaFormat(outputFormat);

  return {
    endpoint, model, prompt, n, size, quality,
    responseFormat: gpt ? 'b64_json' : responseFormat,
    outputFormat, background, stream: stream === true, partialImages, style,
  };
}
