/**
 * One conversation shape for every request format the simulator reads (Converse, Anthropic's native
 * Messages body, Nova's native body), and the checks the model behind Bedrock applies to any of them:
 * the first message comes from the user, roles alternate, every tool result answers a tool use of the
 * previous turn, and a thinking block handed back keeps the signature the model gave it.
 * Generation (plan.ts), token counting and the prompt cache (tokens.ts) read only this shape.
 */
import { createHmac } from 'node:crypto';
import { errors, type BedrockError } from './errors.ts';

export type CacheTtl = '5m' | '1h';

export type Block =
  | { kind: 'text'; text: string }
  | { kind: 'image'; format: string; size: number }
  | { kind: 'document'; format: string; name: string; size: number }
  | { kind: 'toolUse'; id: string; name: string; input: unknown }
  | { kind: 'toolResult'; id: string; text: string; status?: string }
  | { kind: 'reasoning'; text: string; signature?: string; redacted?: boolean }
  | { kind: 'cachePoint'; ttl: CacheTtl };

export interface Message {
  role: 'user' | 'assistant';
  content: Block[];
}

export interface ToolDefinition {
  name: string;
  description: string;
  schema: unknown;
  strict: boolean;
}

export type ToolChoice = { kind: 'auto' } | { kind: 'any' } | { kind: 'tool'; name: string } | { kind: 'none' };

export interface Conversation {
  /** Tool definitions in prompt order; a `cachePoint` entry marks a cache checkpoint after the tools before it. */
  tools: (ToolDefinition | { kind: 'cachePoint'; ttl: CacheTtl })[];
  toolChoice: ToolChoice | null;
  system: Block[];
  messages: Message[];
  /** Effective output budget (the request's, or the model's default). */
  maxTokens: number;
  stopSequences: string[];
  /** Extended thinking budget when enabled; `'redacted'` for models whose reasoning text is withheld. */
  reasoning: { budgetTokens: number; redacted: boolean } | null;
  /** Schema the text answer must follow (structured outputs). */
  outputSchema: unknown;
  /** A guardrail is attached to the request. */
  guardrail: boolean;
}

export function definedTools(conv: Conversation): ToolDefinition[] {
  return conv.tools.filter((t): t is ToolDefinition => !('kind' in t));
}

/** Text of the blocks a person would read (tool results included), for markers and tool selection. */
export function blockText(blocks: readonly Block[]): string {
  return blocks.map((b) => (b.kind === 'text' ? b.text : b.kind === 'toolResult' ? b.text : '')).filter(Boolean).join('\n');
}

// ------------------------------------------------------------------ thinking signatures

const SIGNATURE_KEY = 'touchstone-bedrock-simulator-thinking';

/**
 * A thinking block's signature: deterministic, long and opaque like the real ones, and verifiable, so
 * a client that alters the thinking text (or the signature) on the way back is refused as the model
 * refuses it.
 */
export function thinkingSignature(text: string): string {
  const mac = createHmac('sha256', SIGNATURE_KEY).update(text).digest();
  const filler = createHmac('sha256', SIGNATURE_KEY).update(`filler:${text}`).digest();
  return Buffer.concat([Buffer.from([0x12, 0x8a, 0x01]), mac, filler, mac.subarray(0, 16)]).toString('base64');
}

// ------------------------------------------------------------------ semantic checks

export interface ConversationRules {
  /** Verify thinking signatures (Anthropic models do). */
  verifySignatures: boolean;
  /** Wording of the alternation / tool pairing errors: Converse's, or the model's own (native bodies). */
  style: 'converse' | 'anthropic';
}

/** The first problem Bedrock (or the model behind it) reports for this message list, if any. */
export function checkConversation(messages: readonly Message[], rules: ConversationRules): BedrockError | null {
  const converse = rules.style === 'converse';
  if (messages.length && messages[0]!.role !== 'user') {
    return errors.validation(converse ? 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'
      : 'messages: first message must use the "user" role');
  }
  for (let i = 1; i < messages.length; i++) {
    if (messages[i]!.role === messages[i - 1]!.role) {
      return errors.validation(converse
        ? 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.'
        : `messages: roles must alternate between "user" and "assistant", but found multiple "${messages[i]!.role}" roles in a row`);
    }
  }
  for (const [i, message] of messages.entries()) {
    const results = message.content.filter((b) => b.kind === 'toolResult');
    if (results.length === 0) continue;
    const previous = i > 0 ? messages[i - 1]!.content.filter((b) => b.kind === 'toolUse') : [];
    if (converse && results.length > previous.length) {
      return errors.validation(`The number of toolResult blocks at messages.${i}.content exceeds the number of toolUse blocks of previous turn.`);
    }
    const ids = new Set(previous.map((b) => (b as { id: string }).id));
    const stray = results.map((b) => (b as { id: string }).id).filter((id) => !ids.has(id));
    if (stray.length) {
      return errors.validation(`messages.${i}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray.join(', ')}. `
        + 'Each `tool_result` block must have a corresponding `tool_use` block in the previous message.');
    }
  }
  if (rules.verifySignatures) {
    for (const [i, message] of messages.entries()) {
      for (const [j, block] of message.content.entries()) {
        if (block.kind !== 'reasoning' || block.redacted || message.role !== 'assistant') continue;
        if (!block.signature) return errors.validation(`messages.${i}.content.${j}.thinking.signature: Field required`);
        if (block.signature !== thinkingSignature(block.text)) return errors.validation(`messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
      }
    }
  }
  return null;
}
