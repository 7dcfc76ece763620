/**
 * Token accounting for Gemini prompts and outputs: a deterministic stand-in tokenizer (roughly one
 * token per short word, digit group or punctuation mark — Gemini's SentencePiece counts land close)
 * and the prompt as a token sequence (tools, system instruction, then contents in order), with a
 * per-modality breakdown for `promptTokensDetails`. The sequence, not just its length, is what the
 * implicit prompt cache compares prefixes of, so media parts contribute tokens that identify their bytes.
 */
import { sha256Hex } from '../determinism.ts';
import { decodeBase64, mediaModality, mediaTokens, type Modality } from './media.ts';
import type { Content, Part, Tool } from './types.ts';

const PIECE = /\s*[A-Za-z]{1,10}|\s*\d{1,3}|\s*[^\sA-Za-z\d]|\s+/gu;

/** The tokens of a text (concatenated, they give the text back). */
export function textTokens(text: string): string[] {
  return text.match(PIECE) ?? [];
}

export const countTextTokens = (text: string): number => textTokens(text).length;

export interface TokenSequence {
  tokens: string[];
  byModality: Map<Modality, number>;
}

function push(seq: TokenSequence, modality: Modality, tokens: string[]): void {
  if (!tokens.length) return;
  seq.tokens.push(...tokens);
  seq.byModality.set(modality, (seq.byModality.get(modality) ?? 0) + tokens.length);
}

function mediaPart(seq: TokenSequence, mimeType: string, data: string | undefined, uri: string | undefined): void {
  const modality = mediaModality(mimeType) ?? 'DOCUMENT';
  if (modality === 'TEXT' && data !== undefined) {
    push(seq, 'TEXT', textTokens(Buffer.from(decodeBase64(data)).toString('utf8')));
    return;
  }
  const count = mediaTokens(modality === 'TEXT' ? 'DOCUMENT' : modality, data === undefined ? undefined : decodeBase64(data));
  const id = sha256Hex(data ?? uri ?? '').slice(0, 12);
  push(seq, modality === 'TEXT' ? 'DOCUMENT' : modality, Array.from({ length: count }, (_, i) => `<${modality}:${id}:${i}>`));
}

export function addPart(seq: TokenSequence, part: Part): void {
  if (part.text !== undefined) push(seq, 'TEXT', textTokens(part.text));
  if (part.inlineData) mediaPart(seq, part.inlineData.mimeType ?? '', part.inlineData.data ?? '', undefined);
  if (part.fileData) mediaPart(seq, part.fileData.mimeType ?? '', undefined, part.fileData.fileUri);
  if (part.functionCall) push(seq, 'TEXT', textTokens(`${part.functionCall.name ?? ''}(${JSON.stringify(part.functionCall.args ?? {})})`));
  if (part.functionResponse) {
    push(seq, 'TEXT', textTokens(`${part.functionResponse.name ?? ''} => ${JSON.stringify(part.functionResponse.response ?? {})}`));
  }
  for (const other of [part.executableCode, part.codeExecutionResult]) if (other !== undefined) push(seq, 'TEXT', textTokens(JSON.stringify(other)));
}

export interface PromptParts {
  tools?: Tool[] | undefined;
  systemInstruction?: Content | undefined;
  contents?: Content[] | undefined;
}

export function promptSequence(prompt: PromptParts, into: TokenSequence = { tokens: [], byModality: new Map() }): TokenSequence {
  const declarations = (prompt.tools ?? []).flatMap((t) => t.functionDeclarations ?? []);
  if (declarations.length) push(into, 'TEXT', textTokens(JSON.stringify(declarations)));
  for (const part of prompt.systemInstruction?.parts ?? []) addPart(into, part);
  for (const content of prompt.contents ?? []) for (const part of content.parts ?? []) addPart(into, part);
  return into;
}

/** `promptTokensDetails` / `cacheTokensDetails`: one entry per modality present, in a fixed order. */
export function modalityDetails(byModality: Map<Modality, number>): { modality: Modality; tokenCount: number }[] {
  const order: Modality[] = ['TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'DOCUMENT'];
  return order.filter((m) => (byModality.get(m) ?? 0) > 0).map((m) => ({ modality: m, tokenCount: byModality.get(m)! }));
}
