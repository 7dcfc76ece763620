/**
 * The Audio API's own errors. /v1/audio/speech validates its JSON body with pydantic and answers with
 * the list of validation errors rendered as Python repr in `message` (type invalid_request_error, param
 * and code null — as reported from real responses, e.g. "[{'type': 'enum', 'loc': ('body', 'voice'),
 * 'msg': \"Input should be 'nova', …\", …}]"). Transcription/translation errors quoted from real
 * responses: the supported-format list, gpt-4o response_format incompatibility, the 413 content limit.
 */
import { OpenAIError } from '../errors.ts';

/** Python's repr of a JSON value (dicts keep insertion order; tuples for `loc`). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'nan';
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value instanceof PyTuple) return `(${value.items.map(pyRepr).join(', ')}${value.items.length === 1 ? ',' : ''})`;
  if (value instanceof PyFloat) return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

export class PyTuple { constructor(readonly items: unknown[]) {} }
export class PyFloat { constructor(readonly value: number) {} }

export interface PydanticIssue {
  type: string;
  field: string;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** One 400 carrying every issue, in pydantic's error-list shape. */
export function pydanticError(issues: PydanticIssue[]): OpenAIError {
  const list = issues.map((i) => ({
    type: i.type, loc: new PyTuple(['body', i.field]), msg: i.msg, input: i.input, ...(i.ctx ? { ctx: i.ctx } : {}),
  }));
  return new OpenAIError(400, { message: pyRepr(list), type: 'invalid_request_error', param: null, code: null });
}

/** "'a', 'b' or 'c'" as pydantic lists the members of an enum. */
export function pydanticChoices(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

export const SUPPORTED_AUDIO_FORMATS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'] as const;

const invalid = (message: string, param: string | null, code: string | null) =>
  new OpenAIError(400, { message, type: 'invalid_request_error', param, code });

export const audioErrors = {
  invalidFileFormat: () => invalid(`Invalid file format. Supported formats: [${SUPPORTED_AUDIO_FORMATS.map((f) => `'${f}'`).join(', ')}]`, null, null),
  corruptedFile: () => invalid('Audio file might be corrupted or unsupported', 'file', 'invalid_value'),
  /** 413 from the front: whole request body over 25 MiB. */
  contentTooLarge: (bytes: number) => new OpenAIError(413, {
    message: `Maximum content size limit (26214400) exceeded (${bytes} bytes read)`, type: 'server_error', param: null, code: null,
  }),
  /** OpenAI names its internal model id here; the simulator names the requested one. */
  formatNotForModel: (format: string, model: string) => new OpenAIError(400, {
    message: `response_format '${format}' is not compatible with model '${model}'. Use 'json' or 'text' instead.`,
    type: 'invalid_request_error', param: 'response_format', code: 'unsupported_value',
  }),
  invalidLanguage: (language: string) => invalid(`Invalid language '${language}'. Language parameter must be specified in ISO-639-1 format.`, 'language', 'invalid_value'),
  /** Unconfirmed wording. */
  granularitiesNeedVerbose: () => invalid("timestamp_granularities is only supported with response_format 'verbose_json'.", 'timestamp_granularities', 'invalid_value'),
  /** Unconfirmed wording. */
  logprobsUnsupported: () => invalid("include[]=logprobs is only supported with response_format 'json' and the gpt-4o transcription models.", 'include', 'invalid_value'),
};
