/**
 * Validation of `system` and `messages` content as the Messages API does it, with its error paths
 * (`messages.1.content.0.image.source.base64.media_type: …`, the block type named in the path) and its
 * messages: roles, non-empty content, content block shapes per role (text, image, document, tool_use,
 * tool_result, thinking, redacted_thinking), image and PDF sources, `cache_control`, signatures of thinking
 * blocks sent back, tool_use ↔ tool_result pairing, and the 2026-10-21 version's rules (no document in an
 * assistant turn, no citations on user text). Consecutive same-role messages are merged into one turn.
 */
import { extraInput, fieldRequired, invalid } from './errors.ts';
import { decodeBase64, IMAGE_MEDIA_TYPES, imageSize, MAX_IMAGE_BYTES, MAX_IMAGE_EDGE, sniffImageType } from './media.ts';
import { describeType, isObject, type ApiVersion, type Json, type Platform, type Turn } from './request.ts';
import { checkThinkingBlock } from './thinking.ts';

export interface ContentContext { version: ApiVersion; platform: Platform }

const TOOL_ID = /^[a-zA-Z0-9_-]+$/;
const USER_BLOCKS = ['text', 'image', 'document', 'tool_result', 'search_result'];
const ASSISTANT_BLOCKS = ['text', 'tool_use', 'thinking', 'redacted_thinking', 'document'];
/** Fields each block type takes besides `type` (anything else is an extra input). */
const BLOCK_FIELDS: Record<string, readonly string[]> = {
  text: ['text', 'cache_control', 'citations'],
  image: ['source', 'cache_control'],
  document: ['source', 'title', 'context', 'citations', 'cache_control'],
  search_result: ['source', 'title', 'content', 'citations', 'cache_control'],
  tool_use: ['id', 'name', 'input', 'cache_control', 'caller', 'toolset_name'],
  tool_result: ['tool_use_id', 'content', 'is_error', 'cache_control', 'toolset_name'],
  thinking: ['thinking', 'signature'],
  redacted_thinking: ['data'],
};

function expectString(value: unknown, path: string): string {
  if (value === undefined) throw fieldRequired(path);
  if (typeof value !== 'string') throw invalid(`${path}: Input should be a valid string`);
  return value;
}

function tagError(at: string, tag: unknown, allowed: readonly string[]): Error {
  const expected = allowed.map((t) => `'${t}'`).join(', ');
  return tag === undefined
    ? invalid(`${at}: Unable to extract tag using discriminator 'type'`)
    : invalid(`${at}: Input tag '${String(tag)}' found using 'type' does not match any of the expected tags: ${expected}`);
}

export function checkCacheControl(value: unknown, path: string): void {
  if (value === undefined || value === null) return;
  if (!isObject(value) || value.type !== 'ephemeral') throw invalid(`${path}.type: Input should be 'ephemeral'`);
  for (const key of Object.keys(value)) if (key !== 'type' && key !== 'ttl') throw extraInput(`${path}.ephemeral.${key}`);
  if (value.ttl !== undefined && value.ttl !== '5m' && value.ttl !== '1h') throw invalid(`${path}.ephemeral.ttl: Input should be '5m' or '1h'`);
}

function checkImageSource(source: unknown, at: string): void {
  if (!isObject(source)) throw fieldRequired(`${at}.source`);
  if (source.type === 'url') { expectString(source.url, `${at}.source.url.url`); return; }
  if (source.type === 'file') { expectString(source.file_id, `${at}.source.file.file_id`); return; }
  if (source.type !== 'base64') throw tagError(`${at}.source`, source.type, ['base64', 'url', 'file']);
  const path = `${at}.source.base64`;
  const mediaType = source.media_type;
  if (!(IMAGE_MEDIA_TYPES as readonly unknown[]).includes(mediaType)) {
    throw invalid(`${path}.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`);
  }
  const bytes = decodeBase64(expectString(source.data, `${path}.data`));
  if (!bytes) throw invalid(`${path}.data: The image data is not valid base64.`);
  if (bytes.length > MAX_IMAGE_BYTES) throw invalid(`${path}: image exceeds 5 MB maximum: ${bytes.length} bytes > ${MAX_IMAGE_BYTES} bytes`);
  const actual = sniffImageType(bytes);
  if (!actual) throw invalid(`${path}.data: Could not process image`);
  if (actual !== mediaType) {
    throw invalid(`${path}.data: The image was specified using the ${String(mediaType)} media type, but the image appears to be a ${actual} image`);
  }
  const size = imageSize(bytes);
  if (size && Math.max(size.width, size.height) > MAX_IMAGE_EDGE) throw invalid(`${at}.source.base64: image dimensions exceed max allowed size: ${MAX_IMAGE_EDGE} pixels`);
}

function checkDocumentSource(source: unknown, at: string, ctx: ContentContext): void {
  if (!isObject(source)) throw fieldRequired(`${at}.source`);
  switch (source.type) {
    case 'base64': {
      if (source.media_type !== 'application/pdf') throw invalid(`${at}.source.base64.media_type: Input should be 'application/pdf'`);
      const bytes = decodeBase64(expectString(source.data, `${at}.source.base64.data`));
      if (!bytes || new TextDecoder('latin1').decode(bytes.subarray(0, 5)) !== '%PDF-') throw invalid('The PDF specified was not valid.');
      return;
    }
    case 'text':
      if (source.media_type !== 'text/plain') throw invalid(`${at}.source.text.media_type: Input should be 'text/plain'`);
      expectString(source.data, `${at}.source.text.data`);
      return;
    case 'url':
      if (ctx.platform === 'vertex') throw invalid(`${at}.source: URL sources are not supported for document content blocks on Vertex AI.`);
      expectString(source.url, `${at}.source.url.url`);
      return;
    case 'content':
      if (typeof source.content !== 'string' && !Array.isArray(source.content)) throw fieldRequired(`${at}.source.content.content`);
      return;
    case 'file': expectString(source.file_id, `${at}.source.file.file_id`); return;
    default: throw tagError(`${at}.source`, source.type, ['base64', 'text', 'content', 'url', 'file']);
  }
}

function checkToolResultContent(content: unknown, at: string, ctx: ContentContext): void {
  if (content === undefined || typeof content === 'string') return;
  if (!Array.isArray(content)) throw invalid(`${at}.content: Input should be a valid list`);
  content.forEach((block, i) => checkBlock(block, `${at}.content.${i}`, ['text', 'image', 'document', 'search_result'], 'user', ctx));
}

/** Validate one content block of a message in `role`; `allowed` are the block types it may be. */
export function checkBlock(block: unknown, at: string, allowed: readonly string[], role: string, ctx: ContentContext): Json {
  if (!isObject(block)) throw invalid(`${at}: Input should be a valid dictionary or object to extract fields from`);
  const type = block.type;
  if (typeof type !== 'string' || !allowed.includes(type)) throw tagError(at, type, allowed);
  const path = `${at}.${type}`;
  for (const key of Object.keys(block)) if (key !== 'type' && !BLOCK_FIELDS[type]!.includes(key)) throw extraInput(`${path}.${key}`);
  checkCacheControl(block.cache_control, `${path}.cache_control`);
  switch (type) {
    case 'text':
      if (expectString(block.text, `${path}.text`) === '') throw invalid('messages: text content blocks must be non-empty');
      if (ctx.version === '2026-10-21' && role === 'user' && Array.isArray(block.citations) && block.citations.length) {
        throw invalid(`${path}.citations: citations are not allowed on text blocks in \`user\` messages`);
      }
      break;
    case 'image': checkImageSource(block.source, path); break;
    case 'document':
      if (ctx.version === '2026-10-21' && role === 'assistant') throw invalid(`${at}: \`document\` blocks are not allowed in \`assistant\` messages`);
      checkDocumentSource(block.source, path, ctx);
      break;
    case 'tool_use':
      if (!TOOL_ID.test(expectString(block.id, `${path}.id`))) throw invalid(`${path}.id: String should match pattern '^[a-zA-Z0-9_-]+$'`);
      expectString(block.name, `${path}.name`);
      if (!isObject(block.input)) throw invalid(`${path}.input: Input should be a valid dictionary`);
      break;
    case 'tool_result':
      if (!TOOL_ID.test(expectString(block.tool_use_id, `${path}.tool_use_id`))) throw invalid(`${path}.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'`);
      if (block.is_error !== undefined && typeof block.is_error !== 'boolean') throw invalid(`${path}.is_error: Input should be a valid boolean`);
      checkToolResultContent(block.content, path, ctx);
      break;
    case 'thinking':
      expectString(block.thinking, `${path}.thinking`);
      expectString(block.signature, `${path}.signature`);
      checkThinkingBlock(block, at);
      break;
    case 'redacted_thinking':
      expectString(block.data, `${path}.data`);
      checkThinkingBlock(block, at);
      break;
    default: break;
  }
  return block;
}

/** `system`: a string or a list of text blocks. */
export function checkSystem(system: unknown, ctx: ContentContext): Json[] {
  if (system === undefined || system === null) return [];
  if (typeof system === 'string') return system ? [{ type: 'text', text: system }] : [];
  if (!Array.isArray(system)) throw invalid(`system: Input should be a valid string`);
  return system.map((block, i) => checkBlock(block, `system.${i}`, ['text'], 'system', ctx));
}

function blocksOf(message: Json, i: number, ctx: ContentContext, last: boolean): Json[] {
  const role = String(message.role);
  const content = message.content;
  if (content === undefined) throw fieldRequired(`messages.${i}.content`);
  const empty = () => invalid(`messages.${i}: all messages must have non-empty content except for the optional final assistant message`);
  if (typeof content === 'string') {
    if (content === '' && !(last && role === 'assistant')) throw empty();
    return content === '' ? [] : [{ type: 'text', text: content }];
  }
  if (!Array.isArray(content)) throw invalid(`messages.${i}.content: Input should be a valid list`);
  if (content.length === 0 && !(last && role === 'assistant')) throw empty();
  const allowed = role === 'user' ? USER_BLOCKS : role === 'assistant' ? ASSISTANT_BLOCKS : ['text'];
  return content.map((block, j) => checkBlock(block, `messages.${i}.content.${j}`, allowed, role, ctx));
}

/** Validate `messages`, merge consecutive same-role messages, and check tool_use ↔ tool_result pairing. */
export function checkMessages(messages: unknown, ctx: ContentContext): Turn[] {
  if (messages === undefined) throw fieldRequired('messages');
  if (!Array.isArray(messages)) throw invalid(`messages: Input should be a valid list`);
  if (messages.length === 0) throw invalid('messages: at least one message is required');
  const turns: Turn[] = [];
  messages.forEach((message, i) => {
    if (!isObject(message)) throw invalid(`messages.${i}: Input should be a valid dictionary or object to extract fields from, got ${describeType(message)}`);
    for (const key of Object.keys(message)) if (key !== 'role' && key !== 'content') throw extraInput(`messages.${i}.${key}`);
    if (message.role === undefined) throw fieldRequired(`messages.${i}.role`);
    if (message.role !== 'user' && message.role !== 'assistant' && message.role !== 'system') {
      throw invalid(`messages.${i}.role: Input should be 'user', 'assistant' or 'system'`);
    }
    const content = blocksOf(message, i, ctx, i === messages.length - 1);
    const previous = turns[turns.length - 1];
    if (previous && previous.role === message.role) previous.content.push(...content);
    else turns.push({ role: message.role, index: i, content });
  });
  if (turns[0]!.role !== 'user') throw invalid('messages: first message must use the "user" role');
  checkPairing(turns);
  const final = turns[turns.length - 1]!;
  const tail = final.content[final.content.length - 1];
  if (final.role === 'assistant' && tail?.type === 'text' && /\s$/.test(String(tail.text))) {
    throw invalid('messages: final assistant content cannot end with trailing whitespace');
  }
  return turns;
}

function checkPairing(turns: readonly Turn[]): void {
  const dialogue = turns.filter((t) => t.role !== 'system');
  dialogue.forEach((turn, k) => {
    const next = dialogue[k + 1];
    if (turn.role === 'assistant') {
      const ids = turn.content.filter((b) => b.type === 'tool_use').map((b) => String(b.id));
      const answered = new Set(next?.content.filter((b) => b.type === 'tool_result').map((b) => String(b.tool_use_id)) ?? []);
      const missing = ids.filter((id) => !answered.has(id));
      if (missing.length && next) {
        throw invalid(`messages.${turn.index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. `
          + 'Each `tool_use` block must have a corresponding `tool_result` block in the next message.');
      }
    } else {
      const previous = dialogue[k - 1];
      const called = new Set(previous?.role === 'assistant' ? previous.content.filter((b) => b.type === 'tool_use').map((b) => String(b.id)) : []);
      turn.content.forEach((block, j) => {
        if (block.type === 'tool_result' && !called.has(String(block.tool_use_id))) {
          throw invalid(`messages.${turn.index}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. `
            + 'Each `tool_result` block must have a corresponding `tool_use` block in the previous message.');
        }
      });
    }
  });
}
