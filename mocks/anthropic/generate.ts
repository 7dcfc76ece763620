/**
 * What the simulated Claude answers, decided from the validated request and its hash, as an `OutputPlan`
 * that the JSON response and the event stream render unchanged: optional thinking (or redacted thinking),
 * then text or tool calls, cut by `stop_sequences` and `max_tokens` (thinking tokens count toward it).
 *
 * Policy (deterministic):
 * - Thinking when `thinking` is on, except after tool results without interleaved thinking (the
 *   `interleaved-thinking-2025-05-14` beta, or adaptive thinking, which interleaves).
 * - `tool_choice: none` → text; `tool` → that tool; `any` → the tools the last user text mentions (a word
 *   of the tool name), else the first; `auto` → the same, unless the conversation is answering tool results
 *   or continuing an assistant prefill. Several tools → parallel calls unless `disable_parallel_tool_use`.
 *   With `auto` a short sentence precedes the calls; forced choices start with the tool_use block (docs).
 * - A tool call that does not fit the remaining `max_tokens` is not started (stop_reason `max_tokens`).
 * - Text: JSON for the `output_config.format` schema; after tool results a sentence quoting them; prose else.
 */
import { Rng } from '../determinism.ts';
import type { Json, MessagesRequest, Turn } from './request.ts';
import { valueForSchema } from './schema-value.ts';
import { inToolLoop, redactedThinkingData, REDACTED_THINKING_TRIGGER, signThinking } from './thinking.ts';
import { tokenize } from './tokens.ts';
import { paragraph, reasoning } from './vocabulary.ts';

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

export type PlannedBlock =
  | { type: 'thinking'; thinking: string; signature: string; pieces: string[] }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'text'; text: string; pieces: string[] }
  | { type: 'tool_use'; id: string; name: string; input: unknown; json: string; pieces: string[] };

export interface OutputPlan {
  id: string;
  blocks: PlannedBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  outputTokens: number;
  thinkingTokens: number;
}

const ADAPTIVE_THINKING_CAP = 4096;
const REDACTED_TOKENS = 48;

/** The text of the user's last turn (text blocks only). */
export function lastUserText(turns: readonly Turn[]): string {
  const turn = [...turns].reverse().find((t) => t.role === 'user' && t.content.some((b) => b.type === 'text'));
  return turn?.content.filter((b) => b.type === 'text').map((b) => String(b.text)).join(' ') ?? '';
}

const GENERIC = new Set(['get', 'set', 'fetch', 'list', 'create', 'update', 'delete', 'search', 'find', 'lookup', 'call', 'run', 'query', 'the', 'for', 'tool', 'current', 'info', 'data', 'api']);

/** Tools whose name (a word of it, split at `_`, `-` and camelCase) the text mentions, in `tools` order. */
export function mentionedTools(tools: readonly Json[], text: string): Json[] {
  const words = new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  return tools.filter((tool) => String(tool.name).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !GENERIC.has(w))
    .some((w) => words.has(w) || words.has(`${w}s`) || (w.endsWith('s') && words.has(w.slice(0, -1)))));
}

function chooseTools(req: MessagesRequest): Json[] {
  const { tools, toolChoice, turns } = req;
  if (!tools.length || toolChoice.type === 'none') return [];
  if (toolChoice.type === 'tool') return tools.filter((t) => t.name === toolChoice.name);
  const last = turns[turns.length - 1]!;
  if (toolChoice.type === 'auto' && (last.role !== 'user' || inToolLoop(turns))) return [];
  const mentioned = mentionedTools(tools, lastUserText(turns));
  const chosen = mentioned.length ? mentioned : tools.slice(0, 1);
  return toolChoice.disableParallel ? chosen.slice(0, 1) : chosen;
}

function toolNameFor(turns: readonly Turn[], id: unknown): string {
  for (const turn of turns) for (const b of turn.content) if (b.type === 'tool_use' && b.id === id) return String(b.name);
  return 'requested';
}

function resultText(block: Json): string {
  const c = block.content;
  const text = typeof c === 'string' ? c : Array.isArray(c) ? c.map((b) => (b && typeof b === 'object' && 'text' in b ? String(b.text) : '')).join(' ') : '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat || 'an empty result';
}

function replyText(req: MessagesRequest, rng: Rng): string {
  if (req.outputSchema) return JSON.stringify(valueForSchema(req.outputSchema, rng));
  const last = req.turns[req.turns.length - 1]!;
  const result = inToolLoop(req.turns) ? last.content.find((b) => b.type === 'tool_result') : undefined;
  if (result) return `The ${toolNameFor(req.turns, result.tool_use_id)} tool returned ${resultText(result)}. ${paragraph(rng, 1, 2)}`;
  return paragraph(rng);
}

/** The earliest stop sequence in `text`: where it starts and which one. */
function firstStop(text: string, sequences: readonly string[]): { at: number; sequence: string } | null {
  let best: { at: number; sequence: string } | null = null;
  for (const sequence of sequences) {
    const at = text.indexOf(sequence);
    if (at !== -1 && (!best || at < best.at)) best = { at, sequence };
  }
  return best;
}

/**
 * Plan the answer. `hashes.content` seeds what the model says (a hash of the request without the
 * parameters that only cut the output — `max_tokens`, `stop_sequences` — so those cut the same text);
 * `hashes.ids` seeds the message and tool-use ids (the whole request).
 */
export function planOutput(req: MessagesRequest, hashes: { content: string; ids: string }): OutputPlan {
  const hash = hashes.content;
  const ids = new Rng(hashes.ids, 'ids');
  const id = `${req.platform === 'vertex' ? 'msg_vrtx_' : 'msg_'}01${ids.chars(22)}`;
  const plan: OutputPlan = { id, blocks: [], stopReason: 'end_turn', stopSequence: null, outputTokens: 0, thinkingTokens: 0 };
  let budget = req.maxTokens ?? 0;
  const stop = (reason: StopReason) => { plan.stopReason = reason; return plan; };
  if (budget === 0) return stop('max_tokens');

  const interleaved = req.betas.has('interleaved-thinking-2025-05-14') || req.thinking?.type === 'adaptive';
  if (req.thinking && (interleaved || !inToolLoop(req.turns))) {
    if (lastUserText(req.turns).includes(REDACTED_THINKING_TRIGGER)) {
      plan.blocks.push({ type: 'redacted_thinking', data: redactedThinkingData(hash) });
      plan.thinkingTokens = Math.min(REDACTED_TOKENS, budget);
    } else {
      const cap = Math.min(req.thinking.budget ?? ADAPTIVE_THINKING_CAP, budget);
      const pieces = tokenize(reasoning(new Rng(hash, 'thinking'))).slice(0, cap);
      const visible = req.thinking.omitted ? [] : pieces;
      const thinking = visible.join('');
      plan.blocks.push({ type: 'thinking', thinking, signature: signThinking(thinking, hash), pieces: visible });
      plan.thinkingTokens = pieces.length;
    }
    budget -= plan.thinkingTokens;
    plan.outputTokens += plan.thinkingTokens;
    if (budget <= 0) return stop('max_tokens');
  }

  const calls = chooseTools(req);
  if (calls.length) {
    if (req.toolChoice.type === 'auto') {
      const preamble = tokenize(`I'll use the ${String(calls[0]!.name)} tool.`);
      if (preamble.length > budget) return pushText(plan, preamble.slice(0, budget), 'max_tokens');
      plan.blocks.push({ type: 'text', text: preamble.join(''), pieces: preamble });
      plan.outputTokens += preamble.length;
      budget -= preamble.length;
    }
    for (const [i, tool] of calls.entries()) {
      const input = valueForSchema(tool.input_schema, new Rng(hash, `tool-${i}`));
      const json = JSON.stringify(input);
      const pieces = tokenize(json);
      if (pieces.length + 1 > budget) return stop('max_tokens');
      plan.blocks.push({ type: 'tool_use', id: `toolu_01${ids.chars(22)}`, name: String(tool.name), input, json, pieces });
      plan.outputTokens += pieces.length + 1;
      budget -= pieces.length + 1;
    }
    return stop('tool_use');
  }

  let text = replyText(req, new Rng(hash, 'reply'));
  const hit = firstStop(text, req.stopSequences);
  if (hit) { text = text.slice(0, hit.at); plan.stopSequence = hit.sequence; plan.stopReason = 'stop_sequence'; }
  const pieces = tokenize(text);
  if (pieces.length > budget) { plan.stopSequence = null; return pushText(plan, pieces.slice(0, budget), 'max_tokens'); }
  return pushText(plan, pieces, plan.stopReason);
}

function pushText(plan: OutputPlan, pieces: string[], reason: StopReason): OutputPlan {
  if (pieces.length) plan.blocks.push({ type: 'text', text: pieces.join(''), pieces });
  plan.outputTokens += pieces.length;
  plan.stopReason = reason;
  return plan;
}
