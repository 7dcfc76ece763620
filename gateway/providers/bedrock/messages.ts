/**
 * OpenAI chat messages → Converse `system` blocks and alternating user/assistant `messages`:
 * system/developer text is hoisted into `system` in order; user parts become text / image / document /
 * audio blocks; assistant tool calls become toolUse blocks (thinking blocks first, as reasoningContent);
 * tool results become toolResult blocks in a user turn. Consecutive turns of one role are merged because
 * Converse requires alternation. cache_control on a part, message or tool adds a cachePoint after it.
 */
import { BadRequestError } from '../../errors.ts';
import { AUDIO_FORMATS, CACHE_TTLS, DOCUMENT_FORMATS, IMAGE_FORMATS, lookup } from './mappings.ts';

export type Block = Record<string, unknown>;
export interface ConverseMessage { role: 'user' | 'assistant'; content: Block[] }
export interface TranslatedMessages {
  system: Block[];
  messages: ConverseMessage[];
  /** Whether any toolUse / toolResult block is present (Converse then requires a toolConfig). */
  hasToolBlocks: boolean;
  /** Whether any cache_control marker was translated. */
  usesCache: boolean;
}

type Json = Record<string, unknown>;
export const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function invalid(param: string, message: string, code = 'invalid_value'): BadRequestError {
  return new BadRequestError(code, message, param);
}

/** `{cachePoint}` for a cache_control value, or undefined when there is none. */
export function cachePoint(control: unknown, param: string): Block | undefined {
  if (control === undefined || control === null) return undefined;
  if (!isRecord(control) || control.type !== 'ephemeral') {
    throw invalid(param, `Unsupported ${param}: only {"type": "ephemeral"} maps to a Bedrock cachePoint.`);
  }
  if (control.ttl === undefined) return { cachePoint: { type: 'default' } };
  const ttl = lookup(CACHE_TTLS, control.ttl);
  if (!ttl) throw invalid(`${param}.ttl`, `Unsupported ${param}.ttl ${JSON.stringify(control.ttl)}: Bedrock cachePoint ttl is one of ${Object.keys(CACHE_TTLS).join(', ')}.`);
  return { cachePoint: { type: 'default', ttl } };
}

const DATA_URI = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w.+-]+=[^;,]*)*;base64,([A-Za-z0-9+/]*={0,2})$/;

function dataUri(url: unknown, param: string): { mime: string; data: string } | undefined {
  if (typeof url !== 'string') throw invalid(param, `Invalid type for '${param}': expected a string.`, 'invalid_type');
  if (!url.startsWith('data:')) return undefined;
  const m = DATA_URI.exec(url);
  if (!m) throw invalid(param, `Invalid '${param}': expected a base64 data URI (data:<media type>;base64,<data>).`);
  return { mime: m[1]!.toLowerCase(), data: m[2]! };
}

const S3_EXTENSION_FORMATS: Readonly<Record<string, string>> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', gif: 'gif', webp: 'webp' };

function imageBlock(part: Json, param: string): Block {
  const image = part.image_url;
  if (!isRecord(image)) throw invalid(`${param}.image_url`, `Invalid '${param}.image_url': expected an object with a url.`, 'invalid_type');
  if (image.detail !== undefined && image.detail !== null && image.detail !== 'auto') {
    throw invalid(`${param}.image_url.detail`, `Unsupported '${param}.image_url.detail' ${JSON.stringify(image.detail)}: Bedrock Converse has no image detail control (only "auto").`, 'unsupported_parameter');
  }
  const uri = dataUri(image.url, `${param}.image_url.url`);
  if (uri) {
    const format = lookup(IMAGE_FORMATS, uri.mime);
    if (!format) throw invalid(`${param}.image_url.url`, `Unsupported image type ${uri.mime}: Bedrock Converse takes ${Object.keys(IMAGE_FORMATS).join(', ')}.`);
    return { image: { format, source: { bytes: uri.data } } };
  }
  const url = image.url as string;
  if (url.startsWith('s3://')) {
    const ext = /\.([a-z0-9]+)$/i.exec(url)?.[1]?.toLowerCase();
    const format = lookup(S3_EXTENSION_FORMATS, ext);
    if (!format) throw invalid(`${param}.image_url.url`, `Cannot tell the image format of ${url}: expected a .png, .jpg, .jpeg, .gif or .webp object.`);
    return { image: { format, source: { s3Location: { uri: url } } } };
  }
  throw invalid(`${param}.image_url.url`, `Unsupported image URL in '${param}.image_url.url': Bedrock Converse takes image bytes (send a base64 data URI) or an s3:// location; the gateway does not download web URLs.`, 'unsupported_parameter');
}

/** Converse document names allow letters, digits, single spaces, hyphens, parentheses and brackets. */
function documentName(filename: unknown, used: Set<string>): string {
  const base = typeof filename === 'string' ? filename.replace(/\.[A-Za-z0-9]{1,5}$/, '') : '';
  let name = base.replace(/[^A-Za-z0-9\s\-()[\]]+/g, '-').replace(/\s+/g, ' ').trim() || 'document';
  for (let n = 2; used.has(name); n++) name = `${name.replace(/ \(\d+\)$/, '')} (${n})`;
  used.add(name);
  return name;
}

function fileBlock(part: Json, param: string, names: Set<string>): Block {
  const file = part.file;
  if (!isRecord(file)) throw invalid(`${param}.file`, `Invalid '${param}.file': expected an object with file_data.`, 'invalid_type');
  if (file.file_id !== undefined && file.file_id !== null) {
    throw invalid(`${param}.file.file_id`, `Unsupported '${param}.file.file_id': Bedrock Converse has no Files API; send the document inline as file_data (a base64 data URI).`, 'unsupported_parameter');
  }
  const uri = dataUri(file.file_data, `${param}.file.file_data`);
  if (!uri) throw invalid(`${param}.file.file_data`, `Invalid '${param}.file.file_data': expected a base64 data URI (data:application/pdf;base64,...).`);
  const format = lookup(DOCUMENT_FORMATS, uri.mime);
  if (!format) throw invalid(`${param}.file.file_data`, `Unsupported document type ${uri.mime}: Bedrock Converse takes ${Object.keys(DOCUMENT_FORMATS).join(', ')}.`);
  return { document: { format, name: documentName(file.filename, names), source: { bytes: uri.data } } };
}

function audioBlock(part: Json, param: string): Block {
  const audio = part.input_audio;
  if (!isRecord(audio) || typeof audio.data !== 'string') throw invalid(`${param}.input_audio`, `Invalid '${param}.input_audio': expected {data, format}.`, 'invalid_type');
  const format = lookup(AUDIO_FORMATS, audio.format);
  if (!format) throw invalid(`${param}.input_audio.format`, `Unsupported '${param}.input_audio.format' ${JSON.stringify(audio.format)}: expected one of ${Object.keys(AUDIO_FORMATS).join(', ')}.`);
  return { audio: { format, source: { bytes: audio.data } } };
}

interface Ctx { names: Set<string>; usesCache: boolean }

/** Content (string or parts) → blocks. `allowed` lists the part types this role may carry. */
function contentBlocks(content: unknown, param: string, allowed: readonly string[], ctx: Ctx): Block[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ text: content }];
  if (!Array.isArray(content)) throw invalid(param, `Invalid type for '${param}': expected a string or an array of content parts.`, 'invalid_type');
  const blocks: Block[] = [];
  content.forEach((part: unknown, j) => {
    const at = `${param}[${j}]`;
    if (!isRecord(part) || typeof part.type !== 'string') throw invalid(at, `Invalid '${at}': expected a content part with a type.`, 'invalid_type');
    if (!allowed.includes(part.type)) throw invalid(`${at}.type`, `Unsupported content part type "${part.type}" in '${at}' for Bedrock Converse (allowed here: ${allowed.join(', ')}).`, 'unsupported_parameter');
    switch (part.type) {
      case 'text':
        if (typeof part.text !== 'string') throw invalid(`${at}.text`, `Invalid type for '${at}.text': expected a string.`, 'invalid_type');
        blocks.push({ text: part.text }); break;
      case 'refusal':
        if (typeof part.refusal !== 'string') throw invalid(`${at}.refusal`, `Invalid type for '${at}.refusal': expected a string.`, 'invalid_type');
        blocks.push({ text: part.refusal }); break;
      case 'image_url': blocks.push(imageBlock(part, at)); break;
      case 'file': blocks.push(fileBlock(part, at, ctx.names)); break;
      case 'input_audio': blocks.push(audioBlock(part, at)); break;
    }
    const point = cachePoint(part.cache_control, `${at}.cache_control`);
    if (point) { blocks.push(point); ctx.usesCache = true; }
  });
  return blocks;
}

function toolUseBlocks(toolCalls: unknown, param: string): Block[] {
  if (toolCalls === undefined || toolCalls === null) return [];
  if (!Array.isArray(toolCalls)) throw invalid(param, `Invalid type for '${param}': expected an array.`, 'invalid_type');
  return toolCalls.map((call: unknown, k) => {
    const at = `${param}[${k}]`;
    if (!isRecord(call) || !isRecord(call.function) || typeof call.id !== 'string' || typeof call.function.name !== 'string') {
      throw invalid(at, `Invalid '${at}': expected {id, type: "function", function: {name, arguments}}.`, 'invalid_type');
    }
    if (call.type !== undefined && call.type !== 'function') throw invalid(`${at}.type`, `Unsupported tool call type ${JSON.stringify(call.type)} in '${at}': Bedrock takes function calls only.`, 'unsupported_parameter');
    const args = call.function.arguments ?? '';
    if (typeof args !== 'string') throw invalid(`${at}.function.arguments`, `Invalid type for '${at}.function.arguments': expected a JSON string.`, 'invalid_type');
    let input: unknown = {};
    if (args.trim() !== '') {
      try { input = JSON.parse(args); } catch { throw invalid(`${at}.function.arguments`, `Invalid '${at}.function.arguments': not valid JSON.`); }
    }
    if (!isRecord(input)) throw invalid(`${at}.function.arguments`, `Invalid '${at}.function.arguments': Bedrock toolUse input must be a JSON object.`);
    return { toolUse: { toolUseId: call.id, name: call.function.name, input } };
  });
}

/** thinking_blocks (Anthropic shape) → reasoningContent blocks, passed back unmodified. */
function reasoningBlocks(thinking: unknown, param: string): Block[] {
  if (thinking === undefined || thinking === null) return [];
  if (!Array.isArray(thinking)) throw invalid(param, `Invalid type for '${param}': expected an array.`, 'invalid_type');
  return thinking.map((block: unknown, k) => {
    const at = `${param}[${k}]`;
    if (isRecord(block) && block.type === 'thinking' && typeof block.thinking === 'string') {
      const signature = typeof block.signature === 'string' && block.signature !== '' ? { signature: block.signature } : {};
      return { reasoningContent: { reasoningText: { text: block.thinking, ...signature } } };
    }
    if (isRecord(block) && block.type === 'redacted_thinking' && typeof block.data === 'string') {
      return { reasoningContent: { redactedContent: block.data } };
    }
    throw invalid(at, `Invalid '${at}': expected {type: "thinking", thinking, signature} or {type: "redacted_thinking", data}.`, 'invalid_type');
  });
}

function rejectField(message: Json, field: string, at: string, why: string): void {
  const v = message[field];
  if (v !== undefined && v !== null && v !== '') throw invalid(`${at}.${field}`, `Unsupported '${at}.${field}': ${why}.`, 'unsupported_parameter');
}

export function translateMessages(messages: unknown): TranslatedMessages {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid('messages', "Invalid 'messages': expected a non-empty array of messages.", 'invalid_type');
  }
  const ctx: Ctx = { names: new Set(), usesCache: false };
  const system: Block[] = [];
  const turns: ConverseMessage[] = [];
  let hasToolBlocks = false;
  const append = (role: 'user' | 'assistant', blocks: Block[]) => {
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  messages.forEach((message: unknown, i) => {
    const at = `messages[${i}]`;
    if (!isRecord(message)) throw invalid(at, `Invalid '${at}': expected an object.`, 'invalid_type');
    rejectField(message, 'name', at, 'Bedrock Converse messages carry no participant name');
    const tail = (blocks: Block[]) => {
      const point = cachePoint(message.cache_control, `${at}.cache_control`);
      if (point) { blocks.push(point); ctx.usesCache = true; }
      return blocks;
    };
    switch (message.role) {
      case 'system': case 'developer':
        system.push(...tail(contentBlocks(message.content, `${at}.content`, ['text'], ctx)));
        break;
      case 'user':
        append('user', tail(contentBlocks(message.content, `${at}.content`, ['text', 'image_url', 'file', 'input_audio'], ctx)));
        break;
      case 'assistant': {
        rejectField(message, 'audio', at, 'Bedrock Converse has no audio output to refer back to');
        rejectField(message, 'function_call', at, 'the deprecated function_call is not translated (use tool_calls)');
        const calls = toolUseBlocks(message.tool_calls, `${at}.tool_calls`);
        if (calls.length) hasToolBlocks = true;
        const text = contentBlocks(message.content, `${at}.content`, ['text', 'refusal'], ctx)
          .filter((b) => !(calls.length && b.text === '')); // an empty text beside tool calls is no content
        const refusal = typeof message.refusal === 'string' && message.refusal !== '' ? [{ text: message.refusal }] : [];
        append('assistant', tail([...reasoningBlocks(message.thinking_blocks, `${at}.thinking_blocks`), ...text, ...refusal, ...calls]));
        break;
      }
      case 'tool': {
        if (typeof message.tool_call_id !== 'string' || message.tool_call_id === '') {
          throw invalid(`${at}.tool_call_id`, `Missing required parameter: '${at}.tool_call_id'.`, 'missing_required_parameter');
        }
        const inner = contentBlocks(message.content, `${at}.content`, ['text'], ctx);
        const texts = inner.filter((b) => 'text' in b);
        // A cachePoint cannot sit inside a toolResult: a marked part caches through the end of the result.
        const point = inner.find((b) => 'cachePoint' in b);
        hasToolBlocks = true;
        const result = { toolResult: { toolUseId: message.tool_call_id, content: texts.length ? texts : [{ text: '' }] } };
        append('user', tail(point ? [result, point] : [result]));
        break;
      }
      case 'function':
        throw invalid(`${at}.role`, `Unsupported '${at}.role' "function": the deprecated function role is not translated (use tool messages).`, 'unsupported_parameter');
      default:
        throw invalid(`${at}.role`, `Invalid '${at}.role' ${JSON.stringify(message.role)}: expected system, developer, user, assistant or tool.`);
    }
  });
  return { system, messages: turns, hasToolBlocks, usesCache: ctx.usesCache };
}
