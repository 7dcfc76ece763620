/**
 * A deterministic stand-in for Claude's tokenizer and the prompt as the model sees it. A token is a run of
 * letters/digits/apostrophes or one other character, with the whitespace before it; concatenating the
 * tokens of a text gives it back, so output can be cut and streamed on token boundaries.
 *
 * The prompt is laid out in the order prompt caching documents (tools → system → messages) as segments,
 * one per tool definition / system block / content block, each with its token cost and the canonical JSON
 * that identifies it, and the cache breakpoint it carries. Images cost width × height / 750, PDFs a fixed
 * amount per page (media.ts); requests with tools pay the tool-use system prompt (models.ts). Thinking
 * blocks of earlier assistant turns are stripped and cost nothing (extended thinking docs), only the last
 * assistant turn's count.
 */
import { canonicalJson } from '../determinism.ts';
import { decodeBase64, imageSize, imageTokens, PDF_PAGE_TOKENS, pdfPageCount, UNKNOWN_IMAGE_TOKENS } from './media.ts';
import { cacheTtl, isObject, type CacheTtl, type Json, type MessagesRequest } from './request.ts';

const TOKEN = /\s*[\p{L}\p{N}']+|\s*[^\s\p{L}\p{N}']|\s+$/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** Framing tokens around each message (role marker and separators) and before the answer. */
const TURN_TOKENS = 3;
const PRIMING_TOKENS = 3;

export interface Segment {
  /** Canonical JSON identifying the content (cache keys chain these). */
  key: string;
  tokens: number;
  /** The cache breakpoint this segment carries, if any. */
  breakpoint: CacheTtl | null;
}

function imageCost(source: unknown): number {
  if (!isObject(source) || source.type !== 'base64' || typeof source.data !== 'string') return UNKNOWN_IMAGE_TOKENS;
  const bytes = decodeBase64(source.data);
  return bytes ? imageTokens(imageSize(bytes)) : UNKNOWN_IMAGE_TOKENS;
}

function documentCost(block: Json): number {
  const source = isObject(block.source) ? block.source : {};
  const extra = countTokens(`${String(block.title ?? '')} ${String(block.context ?? '')}`);
  if (source.type === 'text') return extra + countTokens(String(source.data ?? ''));
  if (source.type === 'content') return extra + contentCost(source.content);
  if (source.type === 'base64' && typeof source.data === 'string') {
    const bytes = decodeBase64(source.data);
    return extra + (bytes ? pdfPageCount(bytes) : 1) * PDF_PAGE_TOKENS;
  }
  return extra + PDF_PAGE_TOKENS;
}

function contentCost(content: unknown): number {
  if (typeof content === 'string') return countTokens(content);
  if (!Array.isArray(content)) return 0;
  return content.reduce((sum: number, block) => sum + (isObject(block) ? blockCost(block) : 0), 0);
}

/** Token cost of one content block. */
export function blockCost(block: Json): number {
  switch (block.type) {
    case 'text': return countTokens(String(block.text));
    case 'image': return imageCost(block.source);
    case 'document': return documentCost(block);
    case 'search_result': return countTokens(`${String(block.title)} ${String(block.source)}`) + contentCost(block.content);
    case 'tool_use': return countTokens(`${String(block.name)} ${JSON.stringify(block.input)}`);
    case 'tool_result': return 2 + contentCost(block.content);
    case 'thinking': return countTokens(String(block.thinking));
    case 'redacted_thinking': return Math.ceil(String(block.data).length / 8);
    default: return countTokens(JSON.stringify(block));
  }
}

/** Blocks identity for caching: the block without its cache_control. */
function keyOf(value: Json): string {
  const { cache_control: _cc, ...rest } = value;
  return canonicalJson(rest);
}

/** The prompt as ordered segments (see the header). */
export function promptSegments(req: MessagesRequest): Segment[] {
  const segments: Segment[] = [];
  if (req.tools.length) {
    const forced = req.toolChoice.type === 'any' || req.toolChoice.type === 'tool';
    segments.push({ key: `tool-prompt:${forced}`, tokens: req.model.toolPromptTokens[forced ? 1 : 0], breakpoint: null });
    for (const tool of req.tools) segments.push({ key: keyOf(tool), tokens: countTokens(keyOf(tool)), breakpoint: cacheTtl(tool) });
  }
  if (req.outputSchema) segments.push({ key: `format:${canonicalJson(req.outputSchema)}`, tokens: countTokens(JSON.stringify(req.outputSchema)), breakpoint: null });
  for (const block of req.system) segments.push({ key: `system:${keyOf(block)}`, tokens: blockCost(block), breakpoint: cacheTtl(block) });
  const lastAssistant = req.turns.map((t) => t.role).lastIndexOf('assistant');
  req.turns.forEach((turn, t) => {
    segments.push({ key: `turn:${turn.role}`, tokens: TURN_TOKENS, breakpoint: null });
    for (const block of turn.content) {
      const stripped = (block.type === 'thinking' || block.type === 'redacted_thinking') && t !== lastAssistant;
      segments.push({ key: keyOf(block), tokens: stripped ? 0 : blockCost(block), breakpoint: cacheTtl(block) });
    }
  });
  if (req.autoCache) {
    const last = segments.findLastIndex((s) => s.tokens > 0 && !s.key.startsWith('turn:'));
    if (last !== -1 && !segments[last]!.breakpoint) segments[last] = { ...segments[last]!, breakpoint: req.autoCache };
  }
  segments.push({ key: 'priming', tokens: PRIMING_TOKENS, breakpoint: null });
  return segments;
}

export function promptTokens(segments: readonly Segment[]): number {
  return segments.reduce((sum, s) => sum + s.tokens, 0);
}
