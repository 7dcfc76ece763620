/**
 * What the simulated model answers, decided from the conversation and the request hash alone (same
 * request, same answer): optional reasoning first, then either a tool call or text — prose, JSON that
 * follows the structured-output schema, or after tool results a reply quoting them — cut by stop
 * sequences and by the output budget. The plan is rendered unchanged by Converse, ConverseStream and
 * the native Anthropic / Nova bodies; `pieces` are the stream's deltas (token groups, never re-split).
 *
 * Tool policy: a named `toolChoice` calls that tool; `any` calls one; `auto` (or none given) calls one
 * when the last message is the user's own words (not tool results), else answers in text. The tool is
 * the first whose name's words (split at `_`, `-`, camelCase; generic verbs ignored) appear in the last
 * user message, else the first tool. Markers in the last user message, with a guardrail attached:
 * `[touchstone-guardrail]` → `guardrail_intervened`; anywhere: `[touchstone-content-filter]` →
 * `content_filtered`.
 */
import { Rng } from '../determinism.ts';
import { blockText, definedTools, thinkingSignature, type Conversation, type ToolDefinition } from './conversation.ts';
import type { BedrockModel } from './models.ts';
import type { CacheUsage } from './prompt-cache.ts';
import { valueForSchema } from './schema-value.ts';
import { tokenize } from './tokens.ts';

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'guardrail_intervened' | 'content_filtered';
export type IdStyle = 'converse' | 'anthropic';

export type PlannedBlock =
  | { kind: 'reasoning'; text: string; signature?: string; pieces: string[] }
  | { kind: 'text'; text: string; pieces: string[] }
  | { kind: 'toolUse'; id: string; name: string; input: unknown; pieces: string[] };

export interface AnswerPlan {
  blocks: PlannedBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  usage: CacheUsage & { outputTokens: number };
  latencyMs: number;
}

const WORDS = ['the', 'river', 'signal', 'library', 'garden', 'engineer', 'quietly', 'carries', 'a', 'bright', 'pattern', 'through',
  'morning', 'harbor', 'steady', 'answer', 'explains', 'each', 'small', 'bridge', 'network', 'clearly', 'follows', 'open', 'question',
  'village', 'careful', 'record', 'measures', 'journey'];
const GENERIC = new Set(['get', 'set', 'list', 'search', 'find', 'fetch', 'create', 'update', 'delete', 'run', 'call', 'do', 'make', 'lookup', 'query']);
export const GUARDRAIL_MESSAGE = 'Sorry, the model cannot answer this question.';

function prose(rng: Rng, sentences: number): string {
  const out: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const words = Array.from({ length: rng.int(6, 12) }, () => rng.pick(WORDS));
    out.push(`${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
  }
  return out.join(' ');
}

function nameWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[\s_-]+/).filter((w) => w && !GENERIC.has(w));
}

function chooseTool(conv: Conversation): ToolDefinition | undefined {
  const tools = definedTools(conv);
  const choice = conv.toolChoice?.kind ?? 'auto';
  if (!tools.length || choice === 'none') return undefined;
  if (conv.toolChoice?.kind === 'tool') { const name = conv.toolChoice.name; return tools.find((t) => t.name === name); }
  const last = conv.messages[conv.messages.length - 1];
  const answered = !last || last.role !== 'user' || last.content.some((b) => b.kind === 'toolResult');
  if (choice === 'auto' && answered) return undefined;
  const text = (last ? blockText(last.content) : '').toLowerCase();
  return tools.find((t) => nameWords(t.name).some((w) => text.includes(w))) ?? tools[0];
}

function toolId(rng: Rng, style: IdStyle): string {
  return style === 'anthropic' ? `toolu_bdrk_01${rng.chars(22)}` : `tooluse_${rng.chars(22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')}`;
}

/** The text the model writes when it does not call a tool. */
function replyText(conv: Conversation, rng: Rng): string {
  if (conv.outputSchema !== null && conv.outputSchema !== undefined) return JSON.stringify(valueForSchema(conv.outputSchema, rng));
  const last = conv.messages[conv.messages.length - 1];
  const results = last?.content.filter((b) => b.kind === 'toolResult') ?? [];
  if (results.length) {
    const quoted = results.map((b) => (b.kind === 'toolResult' ? b.text : '')).join('; ').slice(0, 120);
    return `Based on the tool result (${quoted}), here is the answer. ${prose(rng, 1)}`;
  }
  return prose(rng, rng.int(2, 4));
}

export function planAnswer(conv: Conversation, model: BedrockModel, hash: string, cache: CacheUsage, style: IdStyle): AnswerPlan {
  const rng = new Rng(hash, 'answer');
  const streamRng = new Rng(hash, 'pieces');
  const lastText = blockText(conv.messages[conv.messages.length - 1]?.content ?? []);
  const blocks: PlannedBlock[] = [];
  let budget = conv.maxTokens;
  let stopReason: StopReason = 'end_turn';
  let stopSequence: string | null = null;
  let outputTokens = 0;
  const finish = (reason: StopReason) => ({
    blocks, stopReason: reason, stopSequence,
    usage: { ...cache, outputTokens },
    latencyMs: 180 + outputTokens * 9 + rng.int(0, 120),
  });

  if (conv.guardrail && lastText.includes('[touchstone-guardrail]')) {
    blocks.push({ kind: 'text', text: GUARDRAIL_MESSAGE, pieces: [GUARDRAIL_MESSAGE] });
    return finish('guardrail_intervened');
  }
  if (lastText.includes('[touchstone-content-filter]')) return finish('content_filtered');

  if (conv.reasoning) {
    const full = conv.reasoning.redacted ? '[REDACTED]' : `Let me think about this. ${prose(new Rng(hash, 'reasoning'), rng.int(2, 5))}`;
    const tokens = tokenize(full).slice(0, Math.min(conv.reasoning.budgetTokens, budget));
    const text = tokens.join('');
    outputTokens += tokens.length;
    budget -= tokens.length;
    blocks.push({ kind: 'reasoning', text, ...(model.family === 'anthropic' ? { signature: thinkingSignature(text) } : {}), pieces: streamRng.pieces(tokenize(text), 4) });
    if (budget <= 0) return finish('max_tokens');
  }

  const tool = chooseTool(conv);
  if (tool) {
    if (model.family === 'anthropic') {
      const preface = `I'll use the ${tool.name} tool to help with that.`;
      blocks.push({ kind: 'text', text: preface, pieces: streamRng.pieces(tokenize(preface), 3) });
      outputTokens += tokenize(preface).length;
    }
    const input = valueForSchema(tool.schema, new Rng(hash, `tool-${tool.name}`));
    const json = JSON.stringify(input);
    blocks.push({ kind: 'toolUse', id: toolId(new Rng(hash, 'tool-id'), style), name: tool.name, input, pieces: streamRng.pieces(tokenize(json), 3) });
    outputTokens += 8 + tokenize(json).length;
    return finish('tool_use');
  }

  let text = replyText(conv, rng);
  for (const stop of conv.stopSequences) {
    const at = text.indexOf(stop);
    if (at !== -1) { text = text.slice(0, at); stopSequence = stop; stopReason = 'stop_sequence'; }
  }
  let tokens = tokenize(text);
  if (tokens.length > budget) {
    tokens = tokens.slice(0, budget);
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  text = tokens.join('');
  outputTokens += tokens.length;
  if (text) blocks.push({ kind: 'text', text, pieces: streamRng.pieces(tokenize(text), 3) });
  return finish(stopReason);
}
