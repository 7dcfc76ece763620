/**
 * Extended thinking's integrity rules. Every thinking block the simulator issues carries a `signature`
 * (opaque base64: a version byte, an HMAC of the thinking text, padding from the request hash), and every
 * `redacted_thinking` block opaque `data` that authenticates itself the same way. Blocks sent back are
 * verified: a modified thinking text or signature is a 400, as the API answers. When thinking is on and
 * the conversation ends in a tool-use loop, the last assistant turn must start with a thinking block
 * (the API's own message, typo included). Docs: build-with-claude/extended-thinking.
 *
 * Sending the documented test string `ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_…` with thinking
 * on yields a redacted_thinking block, as on the real API.
 */
import { createHmac } from 'node:crypto';
import { Rng } from '../determinism.ts';
import { invalid } from './errors.ts';
import type { Json, Turn } from './request.ts';

export const REDACTED_THINKING_TRIGGER = 'ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_46C9A13E193C177646C7398A98432ECCCE4C1253';

const SECRET = 'touchstone-anthropic-simulator-thinking-v1';
const SIGNATURE_VERSION = 0x12;
const REDACTED_VERSION = 0x1a;
const MAC_BYTES = 32;

function mac(kind: string, text: string): Buffer {
  return createHmac('sha256', SECRET).update(`${kind}\u0000${text}`).digest();
}

function padding(seed: string, label: string, length: number): Buffer {
  const rng = new Rng(seed, label);
  return Buffer.from(Array.from({ length }, () => rng.int(0, 255)));
}

/** The signature of a thinking text (deterministic for the same text and request). */
export function signThinking(thinking: string, seed: string): string {
  return Buffer.concat([Buffer.from([SIGNATURE_VERSION]), mac('thinking', thinking), padding(seed, 'signature', 96)]).toString('base64');
}

export function verifyThinking(thinking: string, signature: string): boolean {
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length < 1 + MAC_BYTES || bytes[0] !== SIGNATURE_VERSION || bytes.toString('base64') !== signature) return false;
  return bytes.subarray(1, 1 + MAC_BYTES).equals(mac('thinking', thinking));
}

/** Opaque redacted-thinking data: a nonce from the request hash and its MAC. */
export function redactedThinkingData(seed: string): string {
  const nonce = padding(seed, 'redacted-nonce', 24);
  return Buffer.concat([Buffer.from([REDACTED_VERSION]), nonce, mac('redacted', nonce.toString('hex')), padding(seed, 'redacted', 160)]).toString('base64');
}

export function verifyRedactedThinking(data: string): boolean {
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length < 1 + 24 + MAC_BYTES || bytes[0] !== REDACTED_VERSION || bytes.toString('base64') !== data) return false;
  const nonce = bytes.subarray(1, 25);
  return bytes.subarray(25, 25 + MAC_BYTES).equals(mac('redacted', nonce.toString('hex')));
}

/** Check one thinking / redacted_thinking block sent back; `at` is its error path (`messages.1.content.0`). */
export function checkThinkingBlock(block: Json, at: string): void {
  if (block.type === 'thinking' && !verifyThinking(String(block.thinking), String(block.signature))) {
    throw invalid(`${at}: Invalid \`signature\` in \`thinking\` block`);
  }
  if (block.type === 'redacted_thinking' && !verifyRedactedThinking(String(block.data))) {
    throw invalid(`${at}: Invalid \`data\` in \`redacted_thinking\` block`);
  }
}

const isToolResultTurn = (turn: Turn | undefined) => turn?.role === 'user' && turn.content.some((b) => b.type === 'tool_result');

/**
 * With thinking on, a conversation that ends in a tool-use loop (last user turn carries tool results)
 * needs the assistant turn that called the tools to start with a thinking block.
 */
export function checkThinkingTurns(turns: readonly Turn[]): void {
  const last = turns[turns.length - 1];
  if (!isToolResultTurn(last)) return;
  const assistant = turns[turns.length - 2];
  if (assistant?.role !== 'assistant') return;
  const first = assistant.content[0];
  if (first && (first.type === 'thinking' || first.type === 'redacted_thinking')) return;
  throw invalid(`messages.${assistant.index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type ?? 'text')}\`. `
    + 'When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of '
    + '`tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, '
    + 'disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking');
}

/** Whether a conversation ending in tool results is inside a tool-use loop (no new user text). */
export function inToolLoop(turns: readonly Turn[]): boolean {
  return isToolResultTurn(turns[turns.length - 1]);
}
