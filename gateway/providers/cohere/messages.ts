/**
 * OpenAI chat messages → Cohere v2 messages, in order. system/developer become Cohere system turns;
 * user parts are text and image_url (http(s) URL or data URI); assistant turns carry tool_calls, with
 * their text as Cohere's `tool_plan`, and earlier reasoning (reasoning_content / thinking_blocks) as
 * thinking content so multi-turn tool use with a reasoning model keeps its thoughts; tool results keep
 * their tool_call_id. What Cohere cannot take (audio, files, names, cache markers) is refused by name.
 */
import { BadRequestError } from '../../errors.ts';
import { IMAGE_DETAILS, MESSAGE_ROLES } from './mappings.ts';
import { requireCapability } from './params.ts';
import type { CohereImageContent, CohereMessage, CohereTextContent, CohereThinkingContent, CohereToolCall } from './wire.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Fields each role may carry besides `role` and `content` (null/absent values of others are fine). */
const MESSAGE_FIELDS: Record<keyof typeof MESSAGE_ROLES, readonly string[]> = {
  system: [],
  developer: [],
  user: [],
  assistant: ['tool_calls', 'reasoning_content', 'thinking_blocks', 'refusal'],
  tool: ['tool_call_id'],
};

function invalid(message: string, param: string): never {
  throw new BadRequestError('invalid_value', message, param);
}

function unsupported(message: string, param: string): never {
  throw new BadRequestError('unsupported_parameter', message, param);
}

function checkFields(msg: Json, role: keyof typeof MESSAGE_ROLES, at: string): void {
  for (const [key, value] of Object.entries(msg)) {
    if (key === 'role' || key === 'content' || MESSAGE_FIELDS[role].includes(key)) continue;
    if (key === 'cache_control') requireCapability('prompt_caching', `${at}.cache_control`);
    if (value === null || value === undefined) continue;
    if (key === 'name') unsupported(`Unsupported parameter '${at}.name': Cohere messages carry no participant name.`, `${at}.name`);
    unsupported(`Unsupported parameter '${at}.${key}' on a ${role} message for provider cohere.`, `${at}.${key}`);
  }
}

/** Text parts (and, for assistants, refusal parts) of a content array, in order. */
function textParts(content: unknown[], at: string, allowRefusal: boolean): CohereTextContent[] {
  return content.map((part, j) => {
    const where = `${at}.content[${j}]`;
    if (!isObject(part)) invalid(`Invalid content part at '${where}': expected an object.`, where);
    if (part.cache_control !== undefined) requireCapability('prompt_caching', `${where}.cache_control`);
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text };
    if (allowRefusal && part.type === 'refusal' && typeof part.refusal === 'string') return { type: 'text', text: part.refusal };
    return unsupported(`Unsupported content part type ${JSON.stringify(part.type)} at '${where}' for provider cohere (this message takes text only).`, where);
  });
}

function imagePart(part: Json, where: string): CohereImageContent {
  const image = part.image_url;
  if (!isObject(image) || typeof image.url !== 'string' || image.url === '') invalid(`Invalid image part at '${where}': image_url.url must be a non-empty string.`, `${where}.image_url.url`);
  if (!/^(https?:|data:image\/)/i.test(image.url)) {
    unsupported(`Unsupported image URL at '${where}': Cohere takes http(s) URLs and base64 data:image/... URIs.`, `${where}.image_url.url`);
  }
  if (image.mime_type !== undefined && !(typeof image.mime_type === 'string' && image.mime_type.startsWith('image/'))) {
    unsupported(`Unsupported mime_type at '${where}': Cohere chat takes images only.`, `${where}.image_url.mime_type`);
  }
  const out: CohereImageContent = { type: 'image_url', image_url: { url: image.url } };
  if (image.detail !== undefined) {
    if (!IMAGE_DETAILS.includes(image.detail as never)) invalid(`Invalid image detail at '${where}': expected one of ${IMAGE_DETAILS.join(', ')}.`, `${where}.image_url.detail`);
    out.image_url.detail = image.detail as CohereImageContent['image_url']['detail'];
  }
  return out;
}

function userContent(content: unknown, at: string): string | (CohereTextContent | CohereImageContent)[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) invalid(`Invalid '${at}.content': expected a string or an array of content parts.`, `${at}.content`);
  return content.map((part, j) => {
    const where = `${at}.content[${j}]`;
    if (!isObject(part)) invalid(`Invalid content part at '${where}': expected an object.`, where);
    if (part.cache_control !== undefined) requireCapability('prompt_caching', `${where}.cache_control`);
    if (part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: part.text } as CohereTextContent;
    if (part.type === 'image_url') return imagePart(part, where);
    if (part.type === 'input_audio') unsupported(`Unsupported content part at '${where}': Cohere chat does not take audio input.`, where);
    if (part.type === 'file') unsupported(`Unsupported content part at '${where}': Cohere chat does not take files (PDF); send the text instead.`, where);
    return invalid(`Invalid content part type ${JSON.stringify(part.type)} at '${where}'.`, where);
  });
}

function plainContent(content: unknown, at: string): string | CohereTextContent[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) invalid(`Invalid '${at}.content': expected a string or an array of text parts.`, `${at}.content`);
  return textParts(content, at, false);
}

function toolCalls(value: unknown, at: string): CohereToolCall[] {
  if (!Array.isArray(value)) invalid(`Invalid '${at}.tool_calls': expected an array.`, `${at}.tool_calls`);
  return value.map((call, k) => {
    const where = `${at}.tool_calls[${k}]`;
    const fn = isObject(call) ? call.function : undefined;
    if (!isObject(call) || (call.type !== undefined && call.type !== 'function') || !isObject(fn) || typeof fn.name !== 'string' || typeof call.id !== 'string') {
      invalid(`Invalid tool call at '${where}': expected {id, type: "function", function: {name, arguments}}.`, where);
    }
    const args = typeof fn.arguments === 'string' ? fn.arguments : '{}';
    return { id: call.id, type: 'function', function: { name: fn.name, arguments: args } };
  });
}

/** Earlier reasoning of an assistant turn: thinking_blocks when given (they are the exact blocks), else reasoning_content. */
function thinkingContent(msg: Json, at: string): CohereThinkingContent[] {
  if (Array.isArray(msg.thinking_blocks)) {
    return msg.thinking_blocks.map((block, k) => {
      const where = `${at}.thinking_blocks[${k}]`;
      if (isObject(block) && block.type === 'thinking' && typeof block.thinking === 'string') return { type: 'thinking', thinking: block.thinking };
      if (isObject(block) && block.type === 'redacted_thinking') unsupported(`Unsupported '${where}': Cohere cannot take redacted (encrypted) thinking.`, where);
      return invalid(`Invalid thinking block at '${where}': expected {type: "thinking", thinking}.`, where);
    });
  }
  if (msg.thinking_blocks !== undefined && msg.thinking_blocks !== null) invalid(`Invalid '${at}.thinking_blocks': expected an array.`, `${at}.thinking_blocks`);
  if (typeof msg.reasoning_content === 'string' && msg.reasoning_content !== '') return [{ type: 'thinking', thinking: msg.reasoning_content }];
  return [];
}

function assistantMessage(msg: Json, at: string): CohereMessage {
  if (typeof msg.refusal === 'string' && msg.content == null) msg = { ...msg, content: msg.refusal };
  const text: CohereTextContent[] = msg.content == null ? []
    : typeof msg.content === 'string' ? (msg.content === '' ? [] : [{ type: 'text', text: msg.content }])
    : Array.isArray(msg.content) ? textParts(msg.content, at, true)
    : invalid(`Invalid '${at}.content': expected a string, an array of text parts or null.`, `${at}.content`);
  const thinking = thinkingContent(msg, at);
  const calls = msg.tool_calls == null ? [] : toolCalls(msg.tool_calls, at);
  const out: CohereMessage & { role: 'assistant' } = { role: 'assistant' };
  if (calls.length) {
    // Cohere's text beside tool calls is the tool plan; it comes back as `content` (response.ts), so it round-trips.
    const plan = text.map((t) => t.text).join('');
    if (plan) out.tool_plan = plan;
    if (thinking.length) out.content = thinking;
    out.tool_calls = calls;
  } else if (thinking.length) {
    out.content = [...thinking, ...text];
  } else {
    out.content = typeof msg.content === 'string' ? msg.content : text;
  }
  return out;
}

/** Translate the `messages` array; every problem names its place (`messages[2].content[1]`). */
export function translateMessages(messages: unknown): CohereMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) invalid("Invalid 'messages': expected a non-empty array.", 'messages');
  return messages.map((msg, i): CohereMessage => {
    const at = `messages[${i}]`;
    if (!isObject(msg)) invalid(`Invalid '${at}': expected an object.`, at);
    const role = msg.role;
    if (typeof role !== 'string' || !Object.hasOwn(MESSAGE_ROLES, role)) {
      if (role === 'function') unsupported(`Unsupported '${at}.role' "function": deprecated by OpenAI; use tool messages.`, `${at}.role`);
      invalid(`Invalid '${at}.role': ${JSON.stringify(role)}.`, `${at}.role`);
    }
    const openaiRole = role as keyof typeof MESSAGE_ROLES;
    checkFields(msg, openaiRole, at);
    switch (MESSAGE_ROLES[openaiRole]) {
      case 'system': return { role: 'system', content: plainContent(msg.content, at) };
      case 'user': return { role: 'user', content: userContent(msg.content, at) };
      case 'assistant': return assistantMessage(msg, at);
      case 'tool':
        if (typeof msg.tool_call_id !== 'string' || msg.tool_call_id === '') invalid(`Invalid '${at}.tool_call_id': expected the id of the tool call answered.`, `${at}.tool_call_id`);
        return { role: 'tool', tool_call_id: msg.tool_call_id, content: plainContent(msg.content, at) };
    }
  });
}
