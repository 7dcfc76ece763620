/**
 * Reading the Converse API's content blocks (ContentBlock, SystemContentBlock, ToolResultContentBlock)
 * through the shape checker into the simulator's `Block`s. Each block is a union: exactly one of
 * `text`, `image`, `document`, `toolUse`, `toolResult`, `reasoningContent`, `cachePoint`, ... is set.
 * Bytes arrive base64-encoded in JSON (the SDK encodes `Uint8Array`s that way).
 * Blocks no simulated model accepts (video, audio, ...) are reported by name so the caller can refuse them.
 */
import type { Block, CacheTtl } from './conversation.ts';
import { ShapeChecker, type JsonObject } from './shape.ts';

const CONTENT_MEMBERS = ['text', 'image', 'document', 'video', 'audio', 'toolUse', 'toolResult', 'guardContent', 'cachePoint',
  'reasoningContent', 'citationsContent', 'searchResult'] as const;
const SYSTEM_MEMBERS = ['text', 'guardContent', 'cachePoint'] as const;
const RESULT_MEMBERS = ['text', 'json', 'image', 'document', 'video', 'searchResult'] as const;
const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'] as const;
const DOCUMENT_FORMATS = ['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md'] as const;
const ID_PATTERN = /^[a-zA-Z0-9_-]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What reading blocks found besides the blocks themselves. */
export interface BlockNotes {
  /** Union members no simulated model accepts (`video`, `audio`, ...), first one first. */
  unsupported: string[];
}

const item = ShapeChecker.item;

function bytesSize(c: ShapeChecker, source: JsonObject | undefined, path: string, members: readonly string[]): number {
  const member = c.union(source, path, members);
  if (member === 'bytes') {
    const b64 = c.string(source!.bytes) ?? '';
    if (!BASE64.test(b64) || b64.length % 4 === 1) c.violation(`${path}.bytes`, '***', 'Member must be valid base64-encoded binary data');
    return Math.floor((b64.length * 3) / 4);
  }
  if (member === 'text') return (c.string(source!.text) ?? '').length;
  return 0;
}

export function readCachePoint(c: ShapeChecker, raw: unknown, path: string): Block {
  const point = c.object(raw) ?? {};
  const type = c.string(point.type);
  const ttl = c.string(point.ttl);
  if (c.required(type, `${path}.type`)) c.oneOf(type, `${path}.type`, ['default']);
  c.oneOf(ttl, `${path}.ttl`, ['5m', '1h']);
  return { kind: 'cachePoint', ttl: (ttl as CacheTtl | undefined) ?? '5m' };
}

function readImage(c: ShapeChecker, raw: unknown, path: string): Block {
  const image = c.object(raw) ?? {};
  const format = c.string(image.format);
  if (c.required(format, `${path}.format`)) c.oneOf(format, `${path}.format`, IMAGE_FORMATS);
  const source = c.object(image.source);
  const size = c.required(source, `${path}.source`) ? bytesSize(c, source, `${path}.source`, ['bytes', 's3Location']) : 0;
  return { kind: 'image', format: format ?? '', size };
}

function readDocument(c: ShapeChecker, raw: unknown, path: string): Block {
  const doc = c.object(raw) ?? {};
  const format = c.string(doc.format);
  const name = c.string(doc.name);
  c.oneOf(format, `${path}.format`, DOCUMENT_FORMATS);
  if (c.required(name, `${path}.name`)) c.length(name, `${path}.name`, 1, 200);
  const source = c.object(doc.source);
  const size = c.required(source, `${path}.source`) ? bytesSize(c, source, `${path}.source`, ['bytes', 's3Location', 'text', 'content']) : 0;
  return { kind: 'document', format: format ?? 'txt', name: name ?? '', size };
}

function readToolResult(c: ShapeChecker, raw: unknown, path: string): Block {
  const result = c.object(raw) ?? {};
  const id = c.string(result.toolUseId);
  if (c.required(id, `${path}.toolUseId`)) { c.length(id, `${path}.toolUseId`, 1, 64); c.pattern(id, `${path}.toolUseId`, ID_PATTERN, '[a-zA-Z0-9_-]+'); }
  const status = c.string(result.status);
  c.oneOf(status, `${path}.status`, ['success', 'error']);
  const parts: string[] = [];
  const content = c.list(result.content);
  if (c.required(content, `${path}.content`)) {
    content!.forEach((entry, i) => {
      const at = item(`${path}.content`, i);
      const part = c.object(entry);
      const member = c.union(part, at, RESULT_MEMBERS);
      if (member === 'text') parts.push(c.string(part!.text) ?? '');
      else if (member === 'json') parts.push(JSON.stringify(part!.json));
      else if (member === 'image') readImage(c, part!.image, `${at}.image`);
      else if (member === 'document') readDocument(c, part!.document, `${at}.document`);
    });
  }
  return { kind: 'toolResult', id: id ?? '', text: parts.join('\n'), ...(status ? { status } : {}) };
}

function readToolUse(c: ShapeChecker, raw: unknown, path: string): Block {
  const use = c.object(raw) ?? {};
  const id = c.string(use.toolUseId);
  const name = c.string(use.name);
  for (const [value, field] of [[id, 'toolUseId'], [name, 'name']] as const) {
    if (c.required(value, `${path}.${field}`)) { c.length(value, `${path}.${field}`, 1, 64); c.pattern(value, `${path}.${field}`, ID_PATTERN, '[a-zA-Z0-9_-]+'); }
  }
  c.required(use.input, `${path}.input`);
  return { kind: 'toolUse', id: id ?? '', name: name ?? '', input: use.input ?? {} };
}

function readReasoning(c: ShapeChecker, raw: unknown, path: string): Block {
  const reasoning = c.object(raw);
  const member = c.union(reasoning, path, ['reasoningText', 'redactedContent']);
  if (member === 'redactedContent') return { kind: 'reasoning', text: c.string(reasoning!.redactedContent) ?? '', redacted: true };
  const rt = c.object(reasoning?.reasoningText) ?? {};
  const text = c.string(rt.text);
  c.required(text, `${path}.reasoningText.text`);
  const signature = c.string(rt.signature);
  return { kind: 'reasoning', text: text ?? '', ...(signature !== undefined ? { signature } : {}) };
}

/** One message ContentBlock. */
export function readContentBlock(c: ShapeChecker, raw: unknown, path: string, notes: BlockNotes): Block | undefined {
  const block = c.object(raw);
  const member = c.union(block, path, CONTENT_MEMBERS);
  switch (member) {
    case 'text': return { kind: 'text', text: c.string(block!.text) ?? '' };
    case 'guardContent': return { kind: 'text', text: c.string(c.object(c.object(block!.guardContent)?.text)?.text) ?? '' };
    case 'image': return readImage(c, block!.image, `${path}.image`);
    case 'document': return readDocument(c, block!.document, `${path}.document`);
    case 'toolUse': return readToolUse(c, block!.toolUse, `${path}.toolUse`);
    case 'toolResult': return readToolResult(c, block!.toolResult, `${path}.toolResult`);
    case 'reasoningContent': return readReasoning(c, block!.reasoningContent, `${path}.reasoningContent`);
    case 'cachePoint': return readCachePoint(c, block!.cachePoint, `${path}.cachePoint`);
    case undefined: return undefined;
    default: notes.unsupported.push(member); return undefined;
  }
}

/** One SystemContentBlock. */
export function readSystemBlock(c: ShapeChecker, raw: unknown, path: string): Block | undefined {
  const block = c.object(raw);
  const member = c.union(block, path, SYSTEM_MEMBERS);
  if (member === 'text') return { kind: 'text', text: c.string(block!.text) ?? '' };
  if (member === 'guardContent') return { kind: 'text', text: c.string(c.object(c.object(block!.guardContent)?.text)?.text) ?? '' };
  if (member === 'cachePoint') return readCachePoint(c, block!.cachePoint, `${path}.cachePoint`);
  return undefined;
}

/** Bedrock's rule for document names (checked after the framework's validation). */
export function documentNameProblem(name: string): string | null {
  if (/^[A-Za-z0-9\s\-()[\]]+$/.test(name) && !/\s{2,}/.test(name)) return null;
  return 'The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. '
    + "The name can't contain more than one consecutive whitespace character.";
}
