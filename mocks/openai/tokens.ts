/**
 * A deterministic stand-in for OpenAI's tokenizer: a token is a run of letters/digits/apostrophes or a
 * single other character, each carrying the whitespace before it (as BPE tokens do). Concatenating the
 * tokens of a text gives the text back, so output can be truncated and streamed on token boundaries.
 * Prompt counting follows OpenAI's published recipe (3 tokens per message, +1 per name, +3 priming).
 */

const TOKEN = /\s*[\p{L}\p{N}']+|\s*[^\s\p{L}\p{N}']|\s+$/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** Tokens charged for an image part: OpenAI's low-detail base cost. */
const IMAGE_TOKENS = 85;

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return countTokens(content);
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const part of content) {
    if (!part || typeof part !== 'object') continue;
    const p = part as Record<string, unknown>;
    if (typeof p.text === 'string') n += countTokens(p.text);
    else if (typeof p.refusal === 'string') n += countTokens(p.refusal);
    else if (p.type === 'image_url') n += IMAGE_TOKENS;
  }
  return n;
}

/** Prompt tokens of a chat request: messages plus the tool/function definitions. */
export function countPromptTokens(messages: readonly unknown[], tools?: unknown, functions?: unknown): number {
  let n = 3;
  for (const message of messages) {
    const m = (message ?? {}) as Record<string, unknown>;
    n += 3;
    if (typeof m.role === 'string') n += countTokens(m.role);
    n += contentTokens(m.content);
    if (typeof m.name === 'string') n += 1 + countTokens(m.name);
    if (Array.isArray(m.tool_calls)) n += countTokens(JSON.stringify(m.tool_calls));
    if (m.function_call && typeof m.function_call === 'object') n += countTokens(JSON.stringify(m.function_call));
  }
  if (Array.isArray(tools) && tools.length) n += countTokens(JSON.stringify(tools));
  if (Array.isArray(functions) && functions.length) n += countTokens(JSON.stringify(functions));
  return n;
}
