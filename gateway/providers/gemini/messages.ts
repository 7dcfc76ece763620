/**
 * OpenAI chat messages → Gemini `contents` + `systemInstruction`. System and developer messages become
 * the system instruction; user parts become text / inlineData / fileData parts; assistant tool calls
 * become functionCall parts (carrying back their thought signature from
 * `extra_content.google.thought_signature`); consecutive tool results become one user turn of
 * functionResponse parts, named after the call they answer. What has no Gemini equivalent is a 400.
 */
import { BadRequestError } from '../../errors.ts';
import { AUDIO_FORMAT_MIME, IMAGE_DETAIL_RESOLUTION, mimeFromName } from './mappings.ts';

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: { id?: string; name: string; args: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
}
export interface GeminiContent { role: 'user' | 'model'; parts: GeminiPart[] }

export interface TranslatedMessages {
  systemInstruction?: { parts: { text: string }[] };
  contents: GeminiContent[];
  /** A cache_control marker was present (the prompt_caching column applies). */
  usesCacheControl: boolean;
  /** generationConfig.mediaResolution asked for by image_url.detail. */
  mediaResolution?: string;
}

type Json = Record<string, unknown>;
export const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function invalid(param: string, message: string, code = 'invalid_value'): BadRequestError {
  return new BadRequestError(code, message, param);
}

/** Message fields accepted per role (null counts as absent). Anything else is rejected by name. */
export const MESSAGE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  system: ['role', 'content', 'cache_control'],
  developer: ['role', 'content', 'cache_control'],
  user: ['role', 'content', 'cache_control'],
  // reasoning_content and thinking_blocks are echoed back by clients; Gemini takes its thought context
  // back through thought signatures only, so they are accepted and not forwarded.
  assistant: ['role', 'content', 'refusal', 'tool_calls', 'function_call', 'reasoning_content', 'thinking_blocks', 'cache_control'],
  tool: ['role', 'content', 'tool_call_id', 'cache_control'],
  function: ['role', 'content', 'name'],
};

const DATA_URI = /^data:([^;,]+)((?:;[^;,=]+=[^;,]*)*);base64,(.*)$/s;

function parseDataUri(uri: string, param: string): { mimeType: string; data: string } {
  const m = DATA_URI.exec(uri);
  if (!m) throw invalid(param, `${param}: expected a base64 data URI (data:<media type>;base64,<data>).`);
  return { mimeType: m[1]!.toLowerCase(), data: m[3]! };
}

class MessageTranslator {
  readonly system: { text: string }[] = [];
  readonly contents: GeminiContent[] = [];
  usesCacheControl = false;
  mediaResolution: { value: string; param: string } | undefined;
  /** tool_call_id → function name, from the assistant messages seen so far. */
  readonly #callNames = new Map<string, string>();
  /** The last content is a turn of function responses (consecutive tool messages join it). */
  #inToolTurn = false;

  constructor(private readonly label: string) {}

  cacheControl(value: unknown, param: string): void {
    if (value === undefined || value === null) return;
    if (!isRecord(value) || value.type !== 'ephemeral') throw invalid(`${param}.cache_control`, `${param}.cache_control: expected {"type": "ephemeral"}.`);
    this.usesCacheControl = true;
  }

  text(content: unknown, param: string): string[] {
    if (typeof content === 'string') return [content];
    if (!Array.isArray(content) || content.length === 0) throw invalid(`${param}.content`, `${param}.content: expected a string or a non-empty array of text parts.`, 'invalid_type');
    return content.map((part, j) => {
      const at = `${param}.content[${j}]`;
      if (!isRecord(part) || (part.type !== 'text' && part.type !== 'refusal')) throw invalid(`${at}.type`, `${at}: only text parts are accepted in this message.`);
      const value = part.type === 'text' ? part.text : part.refusal;
      if (typeof value !== 'string') throw invalid(at, `${at}: expected a string ${String(part.type)}.`, 'invalid_type');
      this.cacheControl(part.cache_control, at);
      return value;
    });
  }

  userPart(part: unknown, at: string): GeminiPart {
    if (!isRecord(part)) throw invalid(at, `${at}: expected a content part object.`, 'invalid_type');
    this.cacheControl(part.cache_control, at);
    switch (part.type) {
      case 'text':
        if (typeof part.text !== 'string') throw invalid(`${at}.text`, `${at}.text: expected a string.`, 'invalid_type');
        return { text: part.text };
      case 'image_url': {
        const image = part.image_url;
        if (!isRecord(image) || typeof image.url !== 'string' || !image.url) throw invalid(`${at}.image_url.url`, `${at}.image_url.url: expected a URL or data URI.`);
        this.detail(image.detail, `${at}.image_url.detail`);
        const declared = typeof image.mime_type === 'string' ? image.mime_type : undefined;
        if (image.url.startsWith('data:')) {
          const blob = parseDataUri(image.url, `${at}.image_url.url`);
          return { inlineData: { mimeType: declared ?? blob.mimeType, data: blob.data } };
        }
        if (!/^(?:https?|gs):\/\//i.test(image.url)) throw invalid(`${at}.image_url.url`, `${at}.image_url.url: expected an http(s) or gs:// URL, or a data URI.`);
        // fileData needs a media type: the gateway extension image_url.mime_type, else the URL's extension;
        // an image URL without either is sent as image/jpeg (Gemini sniffs image bytes).
        return { fileData: { mimeType: declared ?? mimeFromName(image.url) ?? 'image/jpeg', fileUri: image.url } };
      }
      case 'input_audio': {
        const audio = part.input_audio;
        if (!isRecord(audio) || typeof audio.data !== 'string') throw invalid(`${at}.input_audio.data`, `${at}.input_audio.data: expected base64 audio.`);
        const mimeType = typeof audio.format === 'string' ? AUDIO_FORMAT_MIME[audio.format] : undefined;
        if (!mimeType) throw invalid(`${at}.input_audio.format`, `${at}.input_audio.format: expected one of ${Object.keys(AUDIO_FORMAT_MIME).join(', ')}.`);
        return { inlineData: { mimeType, data: audio.data } };
      }
      case 'file': {
        const file = part.file;
        if (!isRecord(file)) throw invalid(`${at}.file`, `${at}.file: expected an object with file_data or file_id.`);
        if (typeof file.file_data === 'string') return { inlineData: parseDataUri(file.file_data, `${at}.file.file_data`) };
        if (typeof file.file_id === 'string') {
          const mimeType = typeof file.filename === 'string' ? mimeFromName(file.filename) : undefined;
          if (!mimeType) throw invalid(`${at}.file.filename`, `${at}.file: a file_id needs a filename with a known extension so ${this.label} gets its media type.`);
          return { fileData: { mimeType, fileUri: file.file_id } };
        }
        throw invalid(`${at}.file`, `${at}.file: expected file_data (a base64 data URI) or file_id.`);
      }
      default:
        throw invalid(`${at}.type`, `${at}.type: content part type ${JSON.stringify(part.type)} is not supported for ${this.label}.`, 'unsupported_parameter');
    }
  }

  detail(detail: unknown, param: string): void {
    if (detail === undefined || detail === null) return;
    if (typeof detail !== 'string' || !(detail in IMAGE_DETAIL_RESOLUTION)) throw invalid(param, `${param}: expected one of ${Object.keys(IMAGE_DETAIL_RESOLUTION).join(', ')}.`);
    const value = IMAGE_DETAIL_RESOLUTION[detail];
    if (value === undefined) return;
    if (this.mediaResolution && this.mediaResolution.value !== value) {
      throw invalid(param, `${param}: ${this.label} takes one media resolution per request; ${this.mediaResolution.param} asks for a different one.`, 'unsupported_parameter');
    }
    this.mediaResolution ??= { value, param };
  }

  toolCallParts(message: Json, param: string): GeminiPart[] {
    const parts: GeminiPart[] = [];
    if (message.tool_calls !== undefined && message.tool_calls !== null) {
      if (!Array.isArray(message.tool_calls)) throw invalid(`${param}.tool_calls`, `${param}.tool_calls: expected an array.`, 'invalid_type');
      message.tool_calls.forEach((call: unknown, j) => {
        const at = `${param}.tool_calls[${j}]`;
        if (!isRecord(call) || (call.type !== undefined && call.type !== 'function')) throw invalid(`${at}.type`, `${at}: only function tool calls are supported for ${this.label}.`, 'unsupported_parameter');
        if (typeof call.id !== 'string' || !call.id) throw invalid(`${at}.id`, `${at}.id: expected a non-empty string.`);
        const fn = isRecord(call.function) ? call.function : {};
        const part = this.functionCall(fn, call.id, at);
        const signature = isRecord(call.extra_content) && isRecord(call.extra_content.google) ? call.extra_content.google.thought_signature : undefined;
        if (signature !== undefined && signature !== null) {
          if (typeof signature !== 'string') throw invalid(`${at}.extra_content.google.thought_signature`, `${at}.extra_content.google.thought_signature: expected a string.`, 'invalid_type');
          part.thoughtSignature = signature;
        }
        this.#callNames.set(call.id, part.functionCall!.name);
        parts.push(part);
      });
    }
    if (isRecord(message.function_call)) parts.push(this.functionCall(message.function_call, undefined, `${param}.function_call`));
    return parts;
  }

  functionCall(fn: Json, id: string | undefined, at: string): GeminiPart {
    if (typeof fn.name !== 'string' || !fn.name) throw invalid(`${at}.function.name`, `${at}: expected a function name.`);
    let args: unknown = {};
    if (typeof fn.arguments === 'string' && fn.arguments.trim() !== '') {
      try { args = JSON.parse(fn.arguments); } catch {
        throw invalid(`${at}.function.arguments`, `${at}.function.arguments: not valid JSON; ${this.label} takes function call arguments as a JSON object.`);
      }
    }
    if (!isRecord(args)) throw invalid(`${at}.function.arguments`, `${at}.function.arguments: ${this.label} takes function call arguments as a JSON object.`);
    return { functionCall: { ...(id !== undefined ? { id } : {}), name: fn.name, args } };
  }

  functionResponse(part: GeminiPart): void {
    const last = this.contents[this.contents.length - 1];
    if (this.#inToolTurn && last) last.parts.push(part);
    else this.contents.push({ role: 'user', parts: [part] });
    this.#inToolTurn = true;
  }

  push(role: 'user' | 'model', parts: GeminiPart[]): void {
    this.contents.push({ role, parts });
    this.#inToolTurn = false;
  }

  message(message: unknown, i: number): void {
    const param = `messages[${i}]`;
    if (!isRecord(message) || typeof message.role !== 'string') throw invalid(`${param}.role`, `${param}: expected a message object with a role.`, 'invalid_type');
    const allowed = MESSAGE_FIELDS[message.role];
    if (!allowed) throw invalid(`${param}.role`, `${param}.role: ${JSON.stringify(message.role)} is not a chat message role.`);
    for (const [key, value] of Object.entries(message)) {
      if (value === undefined || value === null || allowed.includes(key)) continue;
      const why = key === 'name' ? `${this.label} has no participant names` : `it is not part of a ${message.role} message ${this.label} can take`;
      throw invalid(`${param}.${key}`, `${param}.${key} is not supported for ${this.label}: ${why}.`, 'unsupported_parameter');
    }
    this.cacheControl(message.cache_control, param);
    switch (message.role) {
      case 'system':
      case 'developer':
        for (const text of this.text(message.content, param)) this.system.push({ text });
        return;
      case 'user': {
        const content = message.content;
        const parts = typeof content === 'string' ? [{ text: content }]
          : Array.isArray(content) && content.length > 0 ? content.map((part, j) => this.userPart(part, `${param}.content[${j}]`))
          : undefined;
        if (!parts) throw invalid(`${param}.content`, `${param}.content: expected a string or a non-empty array of content parts.`, 'invalid_type');
        this.push('user', parts);
        return;
      }
      case 'assistant': {
        const parts: GeminiPart[] = [];
        if (message.content !== undefined && message.content !== null) parts.push(...this.text(message.content, param).map((text) => ({ text })));
        if (typeof message.refusal === 'string') parts.push({ text: message.refusal });
        parts.push(...this.toolCallParts(message, param));
        if (parts.length === 0) throw invalid(`${param}.content`, `${param}: an assistant message needs content or tool_calls.`);
        this.push('model', parts);
        return;
      }
      case 'tool': {
        if (typeof message.tool_call_id !== 'string') throw invalid(`${param}.tool_call_id`, `${param}.tool_call_id: expected a string.`);
        const name = this.#callNames.get(message.tool_call_id);
        if (!name) throw invalid(`${param}.tool_call_id`, `${param}.tool_call_id: ${JSON.stringify(message.tool_call_id)} answers no tool call of an earlier assistant message; ${this.label} needs the function name.`);
        this.functionResponse({ functionResponse: { id: message.tool_call_id, name, response: { output: this.text(message.content, param).join('') } } });
        return;
      }
      case 'function': {
        if (typeof message.name !== 'string' || !message.name) throw invalid(`${param}.name`, `${param}.name: a function message needs the function name.`);
        const output = typeof message.content === 'string' ? message.content : '';
        this.functionResponse({ functionResponse: { name: message.name, response: { output } } });
        return;
      }
    }
  }
}

export function translateMessages(messages: unknown, label: string): TranslatedMessages {
  if (!Array.isArray(messages) || messages.length === 0) throw invalid('messages', "'messages' must be a non-empty array.", 'invalid_type');
  const t = new MessageTranslator(label);
  messages.forEach((m, i) => t.message(m, i));
  return {
    ...(t.system.length ? { systemInstruction: { parts: t.system } } : {}),
    contents: t.contents,
    usesCacheControl: t.usesCacheControl,
    ...(t.mediaResolution ? { mediaResolution: t.mediaResolution.value } : {}),
  };
}
