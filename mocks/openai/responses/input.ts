/**
 * The `input` of a Responses request: a string or a list of items (messages with input_text /
 * input_image / input_file parts, assistant messages, function calls and their outputs, reasoning
 * items passed back), validated with OpenAI's parameter paths (`input[0].content[1].image_url`) and
 * normalised into the item shapes `GET /v1/responses/{id}/input_items` lists. Ids are added later,
 * from the request hash, by `assignIds`. Token counting of the whole context lives here too.
 */
import { errors } from '../errors.ts';
import { countTokens } from '../tokens.ts';
import { responseErrors } from './errors.ts';

export type Json = Record<string, unknown>;

/** An input item without its id (ids are derived from the request hash afterwards). */
export type InputItem = Json & { type: 'message' | 'function_call' | 'function_call_output' | 'reasoning' };
/** An item of a response's context as input_items lists it: always with an id. */
export type ContextItem = InputItem & { id: string };

export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const ROLES = ['assistant', 'system', 'developer', 'user'] as const;
const ITEM_TYPES = ['message', 'function_call', 'function_call_output', 'reasoning'] as const;
const IMAGE_DETAILS = ['low', 'high', 'auto', 'original'] as const;

function requireString(value: unknown, param: string): string {
  if (value === undefined || value === null) throw errors.missingParameter(param);
  if (typeof value !== 'string') throw errors.invalidType(param, 'a string', value);
  return value;
}

/** Validate and normalise `input` (string or item list). */
export function normalizeInput(input: unknown): InputItem[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  if (!Array.isArray(input)) throw errors.invalidType('input', 'a string or an array of input items', input);
  return input.map((item, i) => normalizeItem(item, `input[${i}]`));
}

function normalizeItem(item: unknown, path: string): InputItem {
  if (!isObject(item)) throw errors.invalidType(path, 'an object', item);
  const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
  if (type === undefined) throw errors.missingParameter(`${path}.type`);
  if (type === 'item_reference') throw responseErrors.notSimulated(`${path}.type`, "the 'item_reference' input item");
  if (!(ITEM_TYPES as readonly unknown[]).includes(type)) throw errors.invalidEnum(`${path}.type`, type, ITEM_TYPES);
  switch (type) {
    case 'message': return normalizeMessage(item, path);
    case 'function_call': {
      const call: InputItem = {
        type: 'function_call',
        call_id: requireString(item.call_id, `${path}.call_id`),
        name: requireString(item.name, `${path}.name`),
        arguments: requireString(item.arguments, `${path}.arguments`),
        status: 'completed',
      };
      if (typeof item.id === 'string') call.id = item.id;
      return call;
    }
    case 'function_call_output': {
      const callId = requireString(item.call_id, `${path}.call_id`);
      if (item.output === undefined) throw errors.missingParameter(`${path}.output`);
      if (typeof item.output !== 'string' && !Array.isArray(item.output)) {
        throw errors.invalidType(`${path}.output`, 'a string or an array', item.output);
      }
      return { type: 'function_call_output', call_id: callId, output: item.output, status: 'completed' };
    }
    default: {
      const id = requireString(item.id, `${path}.id`);
      if (!Array.isArray(item.summary)) throw errors.missingParameter(`${path}.summary`);
      return { type: 'reasoning', id, summary: item.summary };
    }
  }
}

function normalizeMessage(item: Json, path: string): InputItem {
  const role = item.role;
  if (role === undefined) throw errors.missingParameter(`${path}.role`);
  if (!(ROLES as readonly unknown[]).includes(role)) throw errors.invalidEnum(`${path}.role`, role, ROLES);
  const raw = item.content;
  if (raw === undefined || raw === null) throw errors.missingParameter(`${path}.content`);
  if (typeof raw !== 'string' && !Array.isArray(raw)) throw errors.invalidType(`${path}.content`, 'a string or an array', raw);
  if (role === 'assistant') {
    const parts = typeof raw === 'string' ? [{ type: 'output_text', text: raw }] : raw;
    const content = parts.map((p, j) => outputPart(p, `${path}.content[${j}]`));
    return { type: 'message', role, content, status: 'completed' };
  }
  const parts = typeof raw === 'string' ? [{ type: 'input_text', text: raw }] : raw;
  return { type: 'message', role, content: parts.map((p, j) => inputPart(p, `${path}.content[${j}]`)) };
}

function outputPart(part: unknown, path: string): Json {
  if (!isObject(part)) throw errors.invalidType(path, 'an object', part);
  if (part.type === 'output_text' || part.type === 'input_text') {
    return { type: 'output_text', text: requireString(part.text, `${path}.text`), annotations: [], logprobs: [] };
  }
  if (part.type === 'refusal') return { type: 'refusal', refusal: requireString(part.refusal, `${path}.refusal`) };
  throw errors.invalidEnum(`${path}.type`, part.type, ['output_text', 'refusal']);
}

const DATA_IMAGE = /^data:image\/(png|jpeg|jpg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/;

function inputPart(part: unknown, path: string): Json {
  if (!isObject(part)) throw errors.invalidType(path, 'an object', part);
  switch (part.type) {
    case 'input_text':
      return { type: 'input_text', text: requireString(part.text, `${path}.text`) };
    case 'input_image': {
      const detail = part.detail ?? 'auto';
      if (!(IMAGE_DETAILS as readonly unknown[]).includes(detail)) throw errors.invalidEnum(`${path}.detail`, detail, IMAGE_DETAILS);
      const url = part.image_url ?? null;
      const fileId = part.file_id ?? null;
      if (url === null && fileId === null) throw errors.missingParameter(`${path}.image_url`);
      if (url !== null) {
        if (typeof url !== 'string') throw errors.invalidType(`${path}.image_url`, 'a string', url);
        if (!/^https?:\/\/\S+$/.test(url) && !DATA_IMAGE.test(url)) {
          throw errors.invalidValue(`${path}.image_url`,
            `Invalid '${path}.image_url'. Expected a valid URL or a base64-encoded data URL with an image MIME type, but got a value with an invalid format.`);
        }
      }
      if (fileId !== null && typeof fileId !== 'string') throw errors.invalidType(`${path}.file_id`, 'a string', fileId);
      return { type: 'input_image', detail, file_id: fileId, image_url: url };
    }
    case 'input_file': {
      const out: Json = { type: 'input_file' };
      for (const key of ['file_id', 'filename', 'file_data', 'file_url'] as const) {
        if (part[key] === undefined || part[key] === null) continue;
        out[key] = requireString(part[key], `${path}.${key}`);
      }
      if (!out.file_id && !out.file_data && !out.file_url) throw errors.missingParameter(`${path}.file_id`);
      if (out.file_data && !out.filename) throw errors.missingParameter(`${path}.filename`);
      return out;
    }
    default:
      if (part.type === undefined) throw errors.missingParameter(`${path}.type`);
      throw errors.invalidEnum(`${path}.type`, part.type, ['input_text', 'input_image', 'input_file']);
  }
}

/** Tokens charged for an image (OpenAI's low-detail base cost) and, as a stand-in, a file without text. */
const IMAGE_TOKENS = 85;
const FILE_TOKENS = 256;

function partTokens(part: Json): number {
  if (typeof part.text === 'string') return countTokens(part.text);
  if (typeof part.refusal === 'string') return countTokens(part.refusal);
  if (part.type === 'input_image') return IMAGE_TOKENS;
  if (part.type === 'input_file') return typeof part.file_data === 'string' ? Math.max(1, Math.ceil(part.file_data.length * 0.75 / 4)) : FILE_TOKENS;
  return 0;
}

/** Input tokens of a context: instructions, every item, the tool definitions and the output schema. */
export function countContextTokens(items: readonly InputItem[], instructions: string | null, extra: unknown[]): number {
  let n = 3;
  if (instructions) n += 4 + countTokens(instructions);
  for (const item of items) {
    n += 3;
    if (item.type === 'message') {
      n += countTokens(String(item.role));
      for (const part of item.content as Json[]) n += partTokens(part);
    } else if (item.type === 'function_call') {
      n += countTokens(`${String(item.name)}${String(item.arguments)}`);
    } else if (item.type === 'function_call_output') {
      n += countTokens(typeof item.output === 'string' ? item.output : JSON.stringify(item.output));
    }
  }
  for (const value of extra) if (value !== undefined && value !== null) n += countTokens(JSON.stringify(value));
  return n;
}

/** The plain text of a message or tool output, for the simulated model to quote. */
export function itemText(item: InputItem): string {
  if (item.type === 'function_call_output') return typeof item.output === 'string' ? item.output : JSON.stringify(item.output);
  if (item.type !== 'message') return '';
  return (item.content as Json[]).map((p) => (typeof p.text === 'string' ? p.text : '')).filter(Boolean).join(' ');
}
