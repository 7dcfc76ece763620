/**
 * OpenAI error bodies, byte for byte. api.openai.com answers from two layers that format differently:
 * the older front (auth, unparsable JSON, missing model, unknown argument, unknown model, bad URL)
 * pretty-prints with 4 spaces and a trailing newline; the newer parameter validation pretty-prints
 * with 2 spaces and no trailing newline. One class renders both; factories name each case.
 */
import { bufferedResponse } from '../../lib/serve.ts';

export type ErrorLayout = 'legacy' | 'modern';

export interface OpenAIErrorBody {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

const DEFAULT_ORDER: readonly (keyof OpenAIErrorBody)[] = ['message', 'type', 'param', 'code'];

export class OpenAIError extends Error {
  constructor(
    readonly status: number,
    readonly body: OpenAIErrorBody,
    readonly layout: ErrorLayout = 'modern',
    /** Key order inside `error` (one OpenAI layer sends type, code, message, param). */
    readonly order: readonly (keyof OpenAIErrorBody)[] = DEFAULT_ORDER,
  ) {
    super(body.message);
    this.name = 'OpenAIError';
  }

  /** The exact response text. */
  render(): string {
    const envelope = { error: Object.fromEntries(this.order.map((k) => [k, this.body[k]])) };
    return this.layout === 'legacy' ? `${JSON.stringify(envelope, null, 4)}\n` : JSON.stringify(envelope, null, 2);
  }

  toResponse(headers: Record<string, string> = {}): Response {
    const answer = this.toAnswer(headers);
    return bufferedResponse(answer.body, { status: answer.status, headers: answer.headers });
  }

  /** The same answer as plain data (status, headers, body text). */
  toAnswer(headers: Record<string, string> = {}): { status: number; headers: Record<string, string>; body: string } {
    return { status: this.status, headers: { 'content-type': 'application/json', ...headers }, body: this.render() };
  }
}

const invalid = (status: number, message: string, param: string | null, code: string | null, layout: ErrorLayout) =>
  new OpenAIError(status, { message, type: 'invalid_request_error', param, code }, layout);

export const errors = {
  missingApiKey: () => invalid(401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    null, null, 'legacy'),
  incorrectApiKey: (key: string) => invalid(401,
    `Incorrect API key provided: ${maskApiKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    null, 'invalid_api_key', 'legacy'),
  unparsableJson: () => invalid(400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    null, null, 'legacy'),
  invalidMultipart: () => invalid(400,
    'Invalid multipart/form-data body: expected a multipart/form-data request with the required fields.', null, null, 'legacy'),
  notFound: (kind: string, id: string, param: string | null = null) => invalid(404, `No such ${kind}: '${id}'`, param, null, 'modern'),
  /** Files, batches and fine-tuning jobs answer unknown ids in their own words (no quotes around file ids). */
  fileNotFound: (id: string, param: string | null = 'id') => invalid(404, `No such File object: ${id}`, param, null, 'modern'),
  batchNotFound: (id: string) => invalid(404, `No batch found with id '${id}'.`, null, null, 'modern'),
  fineTuningJobNotFound: (id: string) => invalid(404, `Could not find fine-tuning job: ${id}`, 'fine_tuning_job_id', null, 'modern'),
  /** A 400 whose words and code the caller knows (file formats, lifecycle conflicts). */
  invalidRequest: (message: string, param: string | null = null, code: string | null = null) => invalid(400, message, param, code, 'modern'),
  fileTooLarge: (maxLabel: string) => invalid(413, `File is too large. The maximum file size is ${maxLabel}.`, 'file', 'file_too_large', 'modern'),
  missingModel: () => invalid(400, 'you must provide a model parameter', null, null, 'legacy'),
  unrecognizedArguments: (names: string[]) => invalid(400,
    names.length === 1
      ? `Unrecognized request argument supplied: ${names[0]}`
      : `Unrecognized request arguments supplied: ${[...names].sort().join(', ')}`,
    null, null, 'legacy'),
  modelNotFound: (model: string) => invalid(404,
    `The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found', 'legacy'),
  /** GET /v1/models/{model} for an unknown id. */
  modelDoesNotExist: (model: string) => invalid(404, `The model '${model}' does not exist`, 'model', 'model_not_found', 'legacy'),
  invalidUrl: (method: string, path: string) => invalid(404, `Invalid URL (${method} ${path})`, null, null, 'legacy'),
  unknownUrl: (method: string, path: string) => new OpenAIError(404, {
    message: `Unknown request URL: ${method} ${path}. Please check the URL for typos, or see the docs at https://platform.openai.com/docs/api-reference/.`,
    type: 'invalid_request_error', param: null, code: 'unknown_url',
  }, 'modern', ['type', 'code', 'message', 'param']),
  invalidMethod: (method: string, path: string) => invalid(405, `Invalid method for URL (${method} ${path})`, null, null, 'modern'),

  missingParameter: (param: string) => invalid(400, `Missing required parameter: '${param}'.`, param, 'missing_required_parameter', 'modern'),
  invalidType: (param: string, expected: string, value: unknown) => invalid(400,
    `Invalid type for '${param}': expected ${expected}, but got ${describeType(value)} instead.`, param, 'invalid_type', 'modern'),
  invalidEnum: (param: string, value: unknown, allowed: readonly string[]) => invalid(400,
    `Invalid value: '${String(value)}'. Supported values are: ${listValues(allowed)}.`, param, 'invalid_value', 'modern'),
  emptyArray: (param: string) => invalid(400,
    `Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`, param, 'empty_array', 'modern'),
  arrayTooLong: (param: string, max: number, length: number) => invalid(400,
    `Invalid '${param}': array too long. Expected an array with maximum length ${max}, but got an array with length ${length} instead.`, param, 'array_above_max_length', 'modern'),
  belowMinimum: (param: string, kind: 'integer' | 'decimal', min: number, value: number) => invalid(400,
    `Invalid '${param}': ${kind} below minimum value. Expected a value >= ${min}, but got ${value} instead.`, param, `${kind}_below_min_value`, 'modern'),
  aboveMaximum: (param: string, kind: 'integer' | 'decimal', max: number, value: number) => invalid(400,
    `Invalid '${param}': ${kind} above maximum value. Expected a value <= ${max}, but got ${value} instead.`, param, `${kind}_above_max_value`, 'modern'),
  invalidValue: (param: string | null, message: string) => invalid(400, message, param, 'invalid_value', 'modern'),
  /** Conversation-level rules (tool pairing, empty assistant turn): OpenAI sends no code for these. */
  invalidConversation: (param: string, message: string) => invalid(400, message, param, null, 'modern'),
  streamOptionsWithoutStream: () => invalid(400,
    "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options', null, 'modern'),
  toolChoiceWithoutTools: () => invalid(400,
    "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice', null, 'modern'),
  unsupportedParameter: (param: string, hint: string) => invalid(400,
    `Unsupported parameter: '${param}' is not supported with this model.${hint ? ` ${hint}` : ''}`, param, 'unsupported_parameter', 'modern'),
  unsupportedValue: (param: string, value: unknown, onlyDefault: string) => invalid(400,
    `Unsupported value: '${param}' does not support ${JSON.stringify(value)} with this model. Only the default (${onlyDefault}) value is supported.`,
    param, 'unsupported_value', 'modern'),
  maxTokensTooLarge: (param: string, value: number, max: number) => invalid(400,
    `max_tokens is too large: ${value}. This model supports at most ${max} completion tokens, whereas you provided ${value}.`,
    param, 'invalid_value', 'modern'),
  jsonWordRequired: () => invalid(400,
    "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages', null, 'modern'),
};

/**
 * Mask a key as OpenAI does in "Incorrect API key provided": first 8 characters, one `*` per hidden
 * character, last 4 (e.g. `sk-proj-****…MxYA`); short values are echoed as sent.
 */
export function maskApiKey(key: string): string {
  if (key.length <= 12) return key;
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/** How OpenAI names a JSON value's type in "but got … instead". */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': return 'a string';
    case 'boolean': return 'a boolean';
    case 'number': return Number.isInteger(value) ? 'an integer' : 'a decimal';
    case 'object': return 'an object';
    default: return typeof value;
  }
}

function listValues(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  if (quoted.length <= 2) return quoted.join(' and ');
  return `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}
