/**
 * A deterministic stand-in for the models' tokenizers, and the prompt laid out as the model reads it:
 * tool definitions first, then the system prompt, then the messages (each with a few framing tokens).
 * A token is a run of letters/digits/apostrophes or a single other character, with the whitespace
 * before it, so concatenating a text's tokens gives the text back (streams split on token boundaries).
 * The layout's length is the input token count; its cache checkpoints (after each `cachePoint`) carry
 * the prefix length and a key chained over everything before them, which the prompt cache matches.
 */
import { canonicalJson, sha256Hex } from '../determinism.ts';
import { definedTools, type Block, type CacheTtl, type Conversation } from './conversation.ts';

const TOKEN = /\s*[\p{L}\p{N}']+|\s*[^\s\p{L}\p{N}']|\s+$/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  return tokenize(text).length;
}

/** Tokens a tool-use preamble costs when tools are defined (the models' hidden tool instructions). */
const TOOL_PREAMBLE = 300;
const MESSAGE_FRAMING = 3;

/** Image tokens: Anthropic's (width × height) / 750 is unknowable without decoding, so size stands in for area. */
function imageTokens(size: number): number {
  return Math.min(1600, 85 + Math.ceil(size / 750));
}

export function blockTokens(block: Block): number {
  switch (block.kind) {
    case 'text': return countTokens(block.text);
    case 'image': return imageTokens(block.size);
    case 'document': return 10 + Math.ceil(block.size / 4);
    case 'toolUse': return 4 + countTokens(block.name) + countTokens(JSON.stringify(block.input));
    case 'toolResult': return 4 + countTokens(block.text);
    case 'reasoning': return countTokens(block.text);
    case 'cachePoint': return 0;
  }
}

export interface CacheCheckpoint {
  /** Prompt tokens before the checkpoint. */
  tokens: number;
  /** Key of that prefix (model and content). */
  key: string;
  ttl: CacheTtl;
}

export interface PromptLayout {
  total: number;
  checkpoints: CacheCheckpoint[];
}

/** The prompt of `conv` for `modelId`: its length and cache checkpoints. */
export function promptLayout(conv: Conversation, modelId: string): PromptLayout {
  let total = 0;
  let chain = sha256Hex(`bedrock-prompt:${modelId}`);
  const checkpoints: CacheCheckpoint[] = [];
  const add = (tokens: number, content: unknown) => {
    total += tokens;
    chain = sha256Hex(`${chain}\u0000${canonicalJson(content)}`);
  };
  const checkpoint = (ttl: CacheTtl) => checkpoints.push({ tokens: total, key: chain, ttl });

  if (definedTools(conv).length) add(TOOL_PREAMBLE, 'tools');
  for (const tool of conv.tools) {
    if ('kind' in tool) { checkpoint(tool.ttl); continue; }
    add(countTokens(`${tool.name} ${tool.description} ${JSON.stringify(tool.schema)}`), tool);
  }
  for (const block of conv.system) {
    if (block.kind === 'cachePoint') checkpoint(block.ttl); else add(blockTokens(block), block);
  }
  for (const message of conv.messages) {
    add(MESSAGE_FRAMING, message.role);
    for (const block of message.content) {
      if (block.kind === 'cachePoint') checkpoint(block.ttl); else add(blockTokens(block), block);
    }
  }
  return { total: total + MESSAGE_FRAMING, checkpoints };
}
