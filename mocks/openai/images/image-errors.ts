/**
 * The Images API's own 400s. Two layers answer there, as observed in reports of real responses:
 * the DALL·E validation (JSON-schema style "'x' is not one of [...] - 'size'", "The size is not
 * supported by this model." with code `invalid_size`, keys in alphabetical order: code, message, param,
 * type) and the newer parameter validation shared with the rest of the API (errors.ts, `unknown_parameter`
 * for `response_format` sent to a GPT image model). Wording not confirmed by a captured response is
 * marked "(unconfirmed wording)"; its status, type and param follow the neighbouring confirmed cases.
 */
import { OpenAIError } from '../errors.ts';

const ALPHABETICAL = ['code', 'message', 'param', 'type'] as const;

/** A DALL·E-layer error: `invalid_request_error`, keys code/message/param/type. */
export function dalleError(message: string, code: string | null = null, param: string | null = null): OpenAIError {
  return new OpenAIError(400, { message, type: 'invalid_request_error', param, code }, 'modern', ALPHABETICAL);
}

/** Python's repr of a string, as jsonschema messages quote values. */
function pyRepr(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  if (value.includes("'") && !value.includes('"')) return `"${value}"`;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export const imageErrors = {
  /** Confirmed: "'1024x1536' is not one of ['256x256', '512x512', '1024x1024'] - 'size'". */
  notOneOf: (value: unknown, allowed: readonly string[], param: string) =>
    dalleError(`${pyRepr(value)} is not one of [${allowed.map(pyRepr).join(', ')}] - '${param}'`),
  notOfType: (value: unknown, type: 'integer' | 'string' | 'boolean', param: string) =>
    dalleError(`${pyRepr(value)} is not of type '${type}' - '${param}'`),
  lessThanMinimum: (value: number, min: number, param: string) => dalleError(`${value} is less than the minimum of ${min} - '${param}'`),
  greaterThanMaximum: (value: number, max: number, param: string) => dalleError(`${value} is greater than the maximum of ${max} - '${param}'`),
  /** Confirmed (dall-e-3 with a DALL·E 2 size). */
  sizeNotSupported: () => dalleError('The size is not supported by this model.', 'invalid_size'),
  /** dall-e-3 accepts only n=1 (unconfirmed wording). */
  onlyOneImage: () => dalleError('You must provide n=1 for this model.'),
  /** Confirmed for DALL·E 2 edits and variations. */
  notPngUnder4MB: (what: 'image' | 'mask') => dalleError(`Uploaded ${what} must be a PNG and less than 4 MB.`),
  /** Unconfirmed wording. */
  notSquare: (width: number, height: number) => dalleError(`Invalid input image - image must be square, got ${width}x${height}.`),
  /** Confirmed: an edit without a mask needs an image with transparency. */
  needsTransparency: (mode: string) => dalleError(`Invalid input image - format must be in ['RGBA', 'LA', 'L'], got ${mode}.`),
  /** Unconfirmed wording. */
  maskSizeMismatch: (mask: string, image: string) =>
    dalleError(`Invalid mask image - mask size (${mask}) must match image size (${image}).`, null, 'mask'),

  /** Confirmed: `response_format` (and other DALL·E-only arguments) sent to a GPT image model. */
  unknownParameter: (param: string) => new OpenAIError(400,
    { message: `Unknown parameter: '${param}'.`, type: 'invalid_request_error', param, code: 'unknown_parameter' }),
  stringTooLong: (param: string, max: number, length: number) => new OpenAIError(400, {
    message: `Invalid '${param}': string too long. Expected a string with maximum length ${max}, but got a string with length ${length} instead.`,
    type: 'invalid_request_error', param, code: 'string_above_max_length',
  }),
  emptyString: (param: string) => new OpenAIError(400, {
    message: `Invalid '${param}': empty string. Expected a string with minimum length 1, but got an empty string instead.`,
    type: 'invalid_request_error', param, code: 'empty_string',
  }),
  /** Upload of a type the GPT image models do not take. */
  unsupportedMimetype: (param: string, mimetype: string) => new OpenAIError(400, {
    message: `Invalid file '${param}': unsupported mimetype ('${mimetype}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`,
    type: 'invalid_request_error', param, code: 'unsupported_file',
  }),
  /** Unconfirmed wording. */
  fileTooLarge: (param: string, size: number, max: number) => new OpenAIError(400, {
    message: `Invalid file '${param}': file too large (${size} bytes). Maximum size is ${max} bytes.`,
    type: 'invalid_request_error', param, code: 'file_too_large',
  }),
  /** Unconfirmed wording. */
  transparencyNeedsAlphaFormat: (format: string) => new OpenAIError(400, {
    message: `Transparent background is not supported for output_format '${format}'. Use 'png' or 'webp'.`,
    type: 'invalid_request_error', param: 'background', code: 'invalid_value',
  }),
};
