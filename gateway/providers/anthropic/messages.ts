/**
 * OpenAI chat messages → Anthropic `system` + `messages`. System and developer messages become the
 * top-level system prompt (in order); user parts become text / image / document blocks; assistant
 * messages become thinking blocks (passed back from `thinking_blocks`), text and `tool_use` blocks; tool
 * messages become `tool_result` blocks in a user turn. Consecutive turns of one role are merged, which
 * Anthropic does anyway, so that all tool results of a turn sit in one user message.
 * `cache_control` on a part, a message or a tool marks an Anthropic cache breakpoint.
 */
import {
  array, invalidType, invalidValue, isRecord, record, requireCapability, string, unsupported,
  type Json, type ProviderLabel,
} from './checks.ts';
import { CACHE_TTLS, DOCUMENT_MEDIA_TYPES, IMAGE_MEDIA_TYPES } from './mappings.ts';

export interface AnthropicMessage { role: 'user' | 'assistant'; content: Json[] | string }
export interface TranslatedMessages { system: Json[]; messages: AnthropicMessage[] }

/** `cache_control: {type: "ephemeral", ttl?}` → the same Anthropic breakpoint (validated). */
export function cacheControlOf(value: unknown, param: string, who: ProviderLabel): Json | undefined {
  if (value === undefined || value === null) return undefined;
  const cc = record(value, param);
  if (cc.type !== 'ephemeral') throw invalidValue(`${param}.type`, `Anthropic cache breakpoints are {"type": "ephemeral"}, got ${JSON.stringify(cc.type)}.`);
  for (const key of Object.keys(cc)) if (key !== 'type' && key !== 'ttl') throw invalidValue(`${param}.${key}`, 'unknown field of cache_control (known: type, ttl).');
  if (cc.ttl !== undefined && !CACHE_TTLS.includes(cc.ttl as string)) throw invalidValue(`${param}.ttl`, `expected one of ${CACHE_TTLS.join(', ')}.`);
  requireCapability('prompt_caching', param, 'prompt caching', who);
  return cc.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: cc.ttl };
}

const withCache = (block: Json, cc: Json | undefined): Json => (cc ? { ...block, cache_control: cc } : block);

const DATA_URI = /^data:([^;,]+)((?:;[^;,=]+=[^;,]*)*);base64,(.*)$/s;

export function parseDataUri(uri: string, param: string): { mediaType: string; data: string } {
  const m = DATA_URI.exec(uri);
  if (!m) throw invalidValue(param, 'expected a base64 data URI (data:<media type>;base64,<data>).');
  return { mediaType: m[1]!.toLowerCase(), data: m[3]! };
}

function noName(message: Json, at: string, who: ProviderLabel): void {
  if (message.name !== undefined && message.name !== null) {
    throw unsupported(`${at}.name`, `${who.label} has no participant names on messages; '${at}.name' cannot be forwarded.`);
  }
}

/** Text parts (system, developer, tool, assistant text): string or array of {type: "text", text}. */
function textBlocks(content: unknown, at: string, who: ProviderLabel, allowRefusal = false): Json[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return array(content, `${at}.content`).flatMap((raw, j) => {
    const part = record(raw, `${at}.content[${j}]`);
    const p = `${at}.content[${j}]`;
    const cc = cacheControlOf(part.cache_control, `${p}.cache_control`, who);
    if (part.type === 'text') {
      const text = string(part.text, `${p}.text`);
      return text === '' && !cc ? [] : [withCache({ type: 'text', text }, cc)];
    }
    if (allowRefusal && part.type === 'refusal') return [withCache({ type: 'text', text: string(part.refusal, `${p}.refusal`) }, cc)];
    throw invalidValue(`${p}.type`, `expected "text"${allowRefusal ? ' or "refusal"' : ''}, got ${JSON.stringify(part.type)}.`);
  });
}

function imageBlock(part: Json, p: string, who: ProviderLabel): Json {
  const image = record(part.image_url, `${p}.image_url`);
  const url = string(image.url, `${p}.image_url.url`);
  if (image.detail !== undefined && image.detail !== null && image.detail !== 'auto') {
    throw unsupported(`${p}.image_url.detail`, `${who.label} has no image detail setting; only "auto" can be honoured.`);
  }
  if (image.mime_type !== undefined) throw unsupported(`${p}.image_url.mime_type`, `${who.label} takes the media type from the data URI or the URL itself.`);
  if (url.startsWith('data:')) {
    const { mediaType, data } = parseDataUri(url, `${p}.image_url.url`);
    if (mediaType === 'application/pdf') return { type: 'document', source: { type: 'base64', media_type: mediaType, data } };
    if (!IMAGE_MEDIA_TYPES.includes(mediaType)) throw invalidValue(`${p}.image_url.url`, `${who.label} accepts images of type ${IMAGE_MEDIA_TYPES.join(', ')}, got ${mediaType}.`);
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw invalidValue(`${p}.image_url.url`, 'expected an http(s) URL or a base64 data URI.');
}

function documentBlock(part: Json, p: string, who: ProviderLabel): Json {
  const file = record(part.file, `${p}.file`);
  if (file.file_id !== undefined) throw unsupported(`${p}.file.file_id`, `${who.label} cannot read files uploaded to this gateway by id; send the content as file_data.`);
  const filename = file.filename === undefined ? undefined : string(file.filename, `${p}.file.filename`);
  const raw = string(file.file_data, `${p}.file.file_data`);
  const parsed = raw.startsWith('data:') ? parseDataUri(raw, `${p}.file.file_data`)
    : filename?.toLowerCase().endsWith('.pdf') ? { mediaType: 'application/pdf', data: raw }
    : undefined;
  if (!parsed) throw invalidValue(`${p}.file.file_data`, 'expected a base64 data URI (data:application/pdf;base64,...) or a .pdf filename with raw base64.');
  if (!DOCUMENT_MEDIA_TYPES.includes(parsed.mediaType)) {
    throw invalidValue(`${p}.file.file_data`, `${who.label} accepts documents of type ${DOCUMENT_MEDIA_TYPES.join(', ')}, got ${parsed.mediaType}.`);
  }
  const source = parsed.mediaType === 'text/plain'
    ? { type: 'text', media_type: 'text/plain', data: Buffer.from(parsed.data, 'base64').toString('utf8') }
    : { type: 'base64', media_type: parsed.mediaType, data: parsed.data };
  return { type: 'document', source, ...(filename ? { title: filename } : {}) };
}

function userBlocks(content: unknown, at: string, who: ProviderLabel): Json[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return array(content, `${at}.content`).flatMap((raw, j) => {
    const p = `${at}.content[${j}]`;
    const part = record(raw, p);
    const cc = cacheControlOf(part.cache_control, `${p}.cache_control`, who);
    switch (part.type) {
      case 'text': {
        const text = string(part.text, `${p}.text`);
        return text === '' && !cc ? [] : [withCache({ type: 'text', text }, cc)];
      }
      case 'image_url': return [withCache(imageBlock(part, p, who), cc)];
      case 'file': return [withCache(documentBlock(part, p, who), cc)];
      case 'input_audio': throw unsupported(p, `${who.label} does not accept audio input.`);
      default: throw invalidValue(`${p}.type`, `expected text, image_url or file, got ${JSON.stringify(part.type)}.`);
    }
  });
}

/** `thinking_blocks` returned by this gateway on an earlier assistant message, passed back verbatim. */
function thinkingBlocks(value: unknown, at: string): Json[] {
  if (value === undefined || value === null) return [];
  return array(value, `${at}.thinking_blocks`).map((raw, k) => {
    const p = `${at}.thinking_blocks[${k}]`;
    const block = record(raw, p);
    if (block.type === 'thinking') return { type: 'thinking', thinking: string(block.thinking, `${p}.thinking`), signature: string(block.signature, `${p}.signature`) };
    if (block.type === 'redacted_thinking') return { type: 'redacted_thinking', data: string(block.data, `${p}.data`) };
    throw invalidValue(`${p}.type`, `expected "thinking" or "redacted_thinking", got ${JSON.stringify(block.type)}.`);
  });
}

function toolUseBlocks(value: unknown, at: string): Json[] {
  if (value === undefined || value === null) return [];
  return array(value, `${at}.tool_calls`).map((raw, k) => {
    const p = `${at}.tool_calls[${k}]`;
    const call = record(raw, p);
    if (call.type !== undefined && call.type !== 'function') throw invalidValue(`${p}.type`, `expected "function", got ${JSON.stringify(call.type)}.`);
    const fn = record(call.function, `${p}.function`);
    const args = string(fn.arguments ?? '', `${p}.function.arguments`);
    let input: unknown;
    try { input = args.trim() === '' ? {} : JSON.parse(args); } catch {
      throw invalidValue(`${p}.function.arguments`, 'expected a JSON object (Anthropic takes tool input as an object).');
    }
    if (!isRecord(input)) throw invalidValue(`${p}.function.arguments`, 'expected a JSON object (Anthropic takes tool input as an object).');
    return { type: 'tool_use', id: string(call.id, `${p}.id`), name: string(fn.name, `${p}.function.name`), input };
  });
}

function assistantBlocks(message: Json, at: string, who: ProviderLabel): Json[] {
  for (const field of ['function_call', 'audio'] as const) {
    if (message[field] !== undefined && message[field] !== null) throw unsupported(`${at}.${field}`, `${who.label} cannot take '${field}' on an assistant message.`);
  }
  // `reasoning_content` is this gateway's readable view of `thinking_blocks`; only the signed blocks go back.
  const text = message.content === undefined || message.content === null ? [] : textBlocks(message.content, at, who, true);
  const refusal = typeof message.refusal === 'string' && message.refusal !== '' ? [{ type: 'text', text: message.refusal }] : [];
  return [...thinkingBlocks(message.thinking_blocks, at), ...text, ...refusal, ...toolUseBlocks(message.tool_calls, at)];
}

function toolResultBlock(message: Json, at: string, who: ProviderLabel): Json {
  const id = string(message.tool_call_id, `${at}.tool_call_id`);
  const content = typeof message.content === 'string' ? message.content : textBlocks(message.content, at, who);
  return { type: 'tool_result', tool_use_id: id, content };
}

/** Put a message-level breakpoint on the last block the message produced. */
function markLast(blocks: Json[], cc: Json | undefined): Json[] {
  if (!cc || blocks.length === 0) return blocks;
  return [...blocks.slice(0, -1), { ...blocks[blocks.length - 1]!, cache_control: cc }];
}

export function translateMessages(value: unknown, who: ProviderLabel): TranslatedMessages {
  const list = array(value, 'messages');
  if (list.length === 0) throw invalidValue('messages', 'expected at least one message.');
  const system: Json[] = [];
  const messages: AnthropicMessage[] = [];
  const push = (role: 'user' | 'assistant', blocks: Json[]) => {
    const last = messages[messages.length - 1];
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  list.forEach((raw, i) => {
    const at = `messages[${i}]`;
    const message = record(raw, at);
    const cc = cacheControlOf(message.cache_control, `${at}.cache_control`, who);
    switch (message.role) {
      case 'system':
      case 'developer':
        noName(message, at, who);
        if (typeof message.content !== 'string' && !Array.isArray(message.content)) throw invalidType(`${at}.content`, 'a string or an array of text parts', message.content);
        system.push(...markLast(textBlocks(message.content, at, who), cc));
        return;
      case 'user':
        noName(message, at, who);
        if (typeof message.content !== 'string' && !Array.isArray(message.content)) throw invalidType(`${at}.content`, 'a string or an array of content parts', message.content);
        push('user', markLast(userBlocks(message.content, at, who), cc));
        return;
      case 'assistant':
        noName(message, at, who);
        push('assistant', markLast(assistantBlocks(message, at, who), cc));
        return;
      case 'tool':
        push('user', markLast([toolResultBlock(message, at, who)], cc));
        return;
      case 'function':
        throw unsupported(`${at}.role`, `The deprecated "function" role is not translated to ${who.label}; use tool messages.`);
      default:
        throw invalidValue(`${at}.role`, `expected system, developer, user, assistant or tool, got ${JSON.stringify(message.role)}.`);
    }
  });
  // A turn left without blocks (only empty text) is sent as "" for the upstream to judge, not dropped.
  for (const m of messages) if (Array.isArray(m.content) && m.content.length === 0) m.content = '';
  return { system, messages };
}
