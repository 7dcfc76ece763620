/**
 * One content part of a chat message, checked as OpenAI does: the part types each role may send,
 * the shape of text / image_url / file / input_audio parts, whether an image data URL is really a PNG,
 * JPEG, GIF or WebP image, whether a file's `file_data` is a PDF data URL, and whether the model takes
 * images and files at all ("Invalid content type. image_url is only supported by certain models.").
 * An https image URL is accepted without being fetched. No model of the table takes audio input.
 */
import { errors } from './errors.ts';
import { imageSize, parseDataUrl } from './media-tokens.ts';
import type { ModelInfo } from './models.ts';

/** The part types each role may send, in the order OpenAI lists them. */
export const PART_TYPES = {
  system: ['text'],
  developer: ['text'],
  user: ['text', 'image_url', 'input_audio', 'file'],
  assistant: ['text', 'refusal'],
  tool: ['text'],
} as const;

export interface PartContext {
  /** e.g. `messages[0].content[1]` */
  param: string;
  role: keyof typeof PART_TYPES;
  model: ModelInfo | undefined;
  message: number;
  part: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const IMAGE_MIME = /^image\/(png|jpeg|jpg|gif|webp)$/;

function requireString(value: unknown, param: string): string {
  if (value === undefined) throw errors.missingParameter(param);
  if (typeof value !== 'string') throw errors.invalidType(param, 'a string', value);
  return value;
}

function requireObject(value: unknown, param: string): Record<string, unknown> {
  if (value === undefined) throw errors.missingParameter(param);
  if (!isObject(value)) throw errors.invalidType(param, 'an object', value);
  return value;
}

function onlyCertainModels(ctx: PartContext, type: string) {
  return errors.invalidConversation(`messages.[${ctx.message}].content.[${ctx.part}].type`,
    `Invalid content type. ${type} is only supported by certain models.`);
}

export function checkPart(part: Record<string, unknown>, ctx: PartContext): void {
  const allowed: readonly string[] = PART_TYPES[ctx.role];
  if (!allowed.includes(part.type as string)) throw errors.invalidEnum(`${ctx.param}.type`, part.type, allowed);
  switch (part.type) {
    case 'text': requireString(part.text, `${ctx.param}.text`); return;
    case 'refusal': requireString(part.refusal, `${ctx.param}.refusal`); return;
    case 'image_url': checkImage(part, ctx); return;
    case 'file': checkFile(part, ctx); return;
    case 'input_audio': {
      const audio = requireObject(part.input_audio, `${ctx.param}.input_audio`);
      requireString(audio.data, `${ctx.param}.input_audio.data`);
      const format = requireString(audio.format, `${ctx.param}.input_audio.format`);
      if (format !== 'wav' && format !== 'mp3') throw errors.invalidEnum(`${ctx.param}.input_audio.format`, format, ['wav', 'mp3']);
      throw onlyCertainModels(ctx, 'input_audio');
    }
  }
}

function checkImage(part: Record<string, unknown>, ctx: PartContext): void {
  const image = requireObject(part.image_url, `${ctx.param}.image_url`);
  const urlParam = `${ctx.param}.image_url.url`;
  const url = requireString(image.url, urlParam);
  if (image.detail != null) {
    const detail = requireString(image.detail, `${ctx.param}.image_url.detail`);
    if (!['auto', 'low', 'high'].includes(detail)) throw errors.invalidEnum(`${ctx.param}.image_url.detail`, detail, ['auto', 'low', 'high']);
  }
  if (ctx.model?.images.kind === 'none') throw onlyCertainModels(ctx, 'image_url');
  if (/^https?:\/\/[^\s/]+/i.test(url)) return;
  const data = parseDataUrl(url);
  if (!data) {
    throw errors.invalidValue(urlParam,
      `Invalid image URL: '${urlParam}'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value with an invalid format.`);
  }
  if (!data.mime.startsWith('image/')) {
    throw errors.invalidRequest('Invalid MIME type. Only image types are supported.', null, 'invalid_image_format');
  }
  if (!IMAGE_MIME.test(data.mime) || !imageSize(data.bytes)) {
    throw errors.invalidRequest(
      "You uploaded an unsupported image. Please make sure your image has of one the following formats: ['png', 'jpeg', 'gif', 'webp'].",
      null, 'invalid_image_format');
  }
}

function checkFile(part: Record<string, unknown>, ctx: PartContext): void {
  const file = requireObject(part.file, `${ctx.param}.file`);
  if (file.file_data === undefined && file.file_id === undefined) {
    throw errors.invalidValue(`${ctx.param}.file`,
      `Invalid value for '${ctx.param}.file': one of 'file_id' or 'file_data' must be provided.`);
  }
  if (file.filename !== undefined) requireString(file.filename, `${ctx.param}.file.filename`);
  if (file.file_id !== undefined) requireString(file.file_id, `${ctx.param}.file.file_id`);
  if (ctx.model?.images.kind === 'none') throw onlyCertainModels(ctx, 'file');
  if (file.file_data === undefined) return;
  const dataParam = `${ctx.param}.file.file_data`;
  const data = parseDataUrl(requireString(file.file_data, dataParam));
  const expected = `Invalid file data: '${dataParam}'. Expected a base64-encoded data URL with an application/pdf MIME type (e.g. 'data:application/pdf;base64,SGVsbG8sIFdvcmxkIQ==')`;
  if (!data) throw errors.invalidValue(dataParam, `${expected}, but got a value without the 'data:' prefix.`);
  if (data.mime !== 'application/pdf') throw errors.invalidValue(dataParam, `${expected}, but got unsupported MIME type '${data.mime}'.`);
}
