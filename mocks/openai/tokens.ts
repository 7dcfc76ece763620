/**
 * A deterministic stand-in for OpenAI's tokenizer: a token is a run of letters/digits/apostrophes or a
 * single other character, each carrying the whitespace before it (as BPE tokens do). Concatenating the
 * tokens of a text gives the text back, so output can be truncated and streamed on token boundaries.
 *
 * A chat prompt is laid out as a token sequence the way OpenAI renders it: tool definitions and the
 * structured-output schema first, then each message (3 framing tokens, role, content, name; images and
 * PDFs as their token cost from media-tokens.ts), then 3 priming tokens. Its length is `prompt_tokens`;
 * its prefixes are what the prompt cache matches.
 */
import { sha256Hex } from '../determinism.ts';
import { imageSize, imageTokens, parseDataUrl, pdfCost, UNKNOWN_IMAGE_SIZE } from './media-tokens.ts';
import type { ImageCost } from './models.ts';

const TOKEN = /\s*[\p{L}\p{N}']+|\s*[^\s\p{L}\p{N}']|\s+$/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** Image pricing when the caller names no model (gpt-4o's tiles). */
const DEFAULT_IMAGE_COST: ImageCost = { kind: 'tiles', base: 85, tile: 170 };

export interface PromptParts {
  messages: readonly unknown[];
  tools?: unknown;
  functions?: unknown;
  /** The `response_format.json_schema.schema`, when one is given. */
  responseSchema?: unknown;
  images?: ImageCost;
}

const record = (value: unknown): Record<string, unknown> =>
  (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, unknown>;

/** `count` copies of a placeholder token standing for media identified by `source`. */
function mediaTokens(out: string[], source: string, count: number): void {
  const token = `<media:${sha256Hex(source).slice(0, 16)}>`;
  for (let i = 0; i < count; i++) out.push(token);
}

function pushContent(out: string[], content: unknown, images: ImageCost): void {
  if (typeof content === 'string') { out.push(...tokenize(content)); return; }
  if (!Array.isArray(content)) return;
  for (const part of content) {
    const p = record(part);
    if (typeof p.text === 'string') out.push(...tokenize(p.text));
    else if (typeof p.refusal === 'string') out.push(...tokenize(p.refusal));
    else if (p.type === 'image_url') {
      const { url, detail } = record(p.image_url);
      const source = typeof url === 'string' ? url : '';
      const data = parseDataUrl(source);
      const size = (data && imageSize(data.bytes)) ?? UNKNOWN_IMAGE_SIZE;
      mediaTokens(out, source, imageTokens(images, size, typeof detail === 'string' ? detail : 'auto'));
    } else if (p.type === 'file') {
      const file = record(p.file);
      const data = typeof file.file_data === 'string' ? parseDataUrl(file.file_data) : null;
      const cost = pdfCost(images, data?.bytes ?? null);
      mediaTokens(out, String(file.file_data ?? file.file_id ?? ''), cost.imageTokens);
      out.push(...tokenize(cost.text));
    }
  }
}

/** The prompt as the token sequence the model sees (see the header). */
export function promptTokenSequence(parts: PromptParts): string[] {
  const images = parts.images ?? DEFAULT_IMAGE_COST;
  const out: string[] = [];
  if (Array.isArray(parts.tools) && parts.tools.length) out.push(...tokenize(JSON.stringify(parts.tools)));
  if (Array.isArray(parts.functions) && parts.functions.length) out.push(...tokenize(JSON.stringify(parts.functions)));
  if (parts.responseSchema !== undefined) out.push(...tokenize(JSON.stringify(parts.responseSchema)));
  for (const message of parts.messages) {
    const m = record(message);
    out.push('<|start|>');
    if (typeof m.role === 'string') out.push(...tokenize(m.role));
    out.push('<|message|>');
    pushContent(out, m.content, images);
    if (typeof m.name === 'string') out.push('<|name|>', ...tokenize(m.name));
    if (Array.isArray(m.tool_calls)) out.push(...tokenize(JSON.stringify(m.tool_calls)));
    if (m.function_call && typeof m.function_call === 'object') out.push(...tokenize(JSON.stringify(m.function_call)));
    out.push('<|end|>');
  }
  out.push('<|start|>', 'assistant', '<|message|>');
  return out;
}

/** Prompt tokens of a chat request: messages plus the tool/function definitions. */
export function countPromptTokens(messages: readonly unknown[], tools?: unknown, functions?: unknown, images?: ImageCost): number {
  return promptTokenSequence({ messages, tools, functions, ...(images ? { images } : {}) }).length;
}
