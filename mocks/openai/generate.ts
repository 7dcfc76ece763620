/**
 * What the simulated model "says", decided from the request and its hash: prose, JSON for
 * `response_format`, or tool calls with schema-conforming arguments; then cut by `stop`, by the token
 * budget (`max_completion_tokens` / `max_tokens`, after reasoning tokens), with optional logprobs.
 * The resulting `ChoicePlan`s are rendered unchanged by the JSON response and by the stream.
 *
 * Tool policy (deterministic; `parallel_tool_calls` defaults to true as on OpenAI):
 * - `tool_choice: "none"` → text; a named function → exactly that one.
 * - `"auto"` → no call unless the last message is from the user (after a tool result the model answers
 *   in text that names the tool and quotes its result); `"required"` → always a call.
 * - Which tools: those the last user message mentions (a word of the tool's name, split at `_`, `-`
 *   and camelCase, ignoring generic verbs like get/list/search, appears in the text), in `tools` order;
 *   none mentioned → the first tool. Several mentioned → several parallel calls, one `index` each,
 *   unless `parallel_tool_calls: false` (then only the first). Legacy `functions` → one call.
 */
import { Rng } from '../determinism.ts';
import { valueForSchema } from './schema-value.ts';
import { countTokens, tokenize } from './tokens.ts';
import type { ChatRequest, FunctionTool } from './validate.ts';
import { alternativeTokens, paragraph } from './vocabulary.ts';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'function_call';

export interface ToolCallPlan { id: string; name: string; arguments: string }

export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}

export interface ChoicePlan {
  index: number;
  /** Visible text split into tokens (empty for a call). Their concatenation is the content. */
  contentTokens: string[];
  /** `null` when the choice is a tool or function call. */
  content: string | null;
  toolCalls: ToolCallPlan[];
  functionCall: { name: string; arguments: string } | null;
  finishReason: FinishReason;
  /** Visible output tokens (content or call arguments). */
  outputTokens: number;
  reasoningTokens: number;
  /** One entry per content token when `logprobs` was requested, else `null`. */
  logprobs: TokenLogprob[] | null;
}

const REASONING_BASE: Record<string, number> = { none: 0, minimal: 0, low: 64, medium: 192, high: 512, xhigh: 1024, max: 1024 };

export function planChoices(req: ChatRequest, hash: string): ChoicePlan[] {
  return Array.from({ length: req.n }, (_, index) => planChoice(req, hash, index));
}

function planChoice(req: ChatRequest, hash: string, index: number): ChoicePlan {
  const rng = new Rng(hash, `choice-${index}`);
  let reasoningTokens = 0;
  if (req.model.reasoning) {
    const base = REASONING_BASE[req.reasoningEffort ?? 'medium'] ?? 192;
    reasoningTokens = base === 0 ? 0 : base + new Rng(hash, `reasoning-${index}`).int(0, base / 2);
  }
  let budget = req.maxTokens === null ? Infinity : req.maxTokens;
  if (reasoningTokens >= budget) {
    // The whole budget went to reasoning: OpenAI answers with empty content and "length".
    return textChoice(index, [], 'length', budget, null);
  }
  budget -= reasoningTokens;

  const calls = chooseCalls(req);
  if (calls.length) return callChoice(req, hash, index, calls, budget, reasoningTokens);

  const text = replyText(req, rng);
  let finish: FinishReason = 'stop';
  let cut = text;
  for (const stop of req.stop) {
    const at = stop ? cut.indexOf(stop) : -1;
    if (at !== -1) cut = cut.slice(0, at);
  }
  let tokens = tokenize(cut);
  if (tokens.length > budget) { tokens = tokens.slice(0, budget); finish = 'length'; }
  const logprobs = req.logprobs ? tokenLogprobs(tokens, req.topLogprobs, new Rng(hash, `logprobs-${index}`)) : null;
  return textChoice(index, tokens, finish, reasoningTokens, logprobs);
}

function textChoice(index: number, tokens: string[], finish: FinishReason, reasoningTokens: number, logprobs: TokenLogprob[] | null): ChoicePlan {
  return {
    index, contentTokens: tokens, content: tokens.join(''), toolCalls: [], functionCall: null,
    finishReason: finish, outputTokens: tokens.length, reasoningTokens, logprobs,
  };
}

function chooseCalls(req: ChatRequest): FunctionTool[] {
  const { tools, toolChoice } = req;
  if (!tools.length || toolChoice === 'none') return [];
  if (typeof toolChoice === 'object') return tools.filter((t) => t.name === toolChoice.name).slice(0, 1);
  const last = req.messages[req.messages.length - 1];
  if (toolChoice === 'auto' && last?.role !== 'user') return [];
  const userText = [...req.messages].reverse().find((m) => m.role === 'user')?.content;
  const mentioned = mentionedTools(tools, textOf(userText));
  const chosen = mentioned.length ? mentioned : tools.slice(0, 1);
  return req.parallelToolCalls === false || req.legacyFunctions ? chosen.slice(0, 1) : chosen;
}

/** Words of a tool name that say nothing about what it is for. */
const GENERIC_WORDS = new Set([
  'get', 'set', 'fetch', 'list', 'create', 'update', 'delete', 'search', 'find', 'lookup', 'look', 'call', 'run', 'make',
  'query', 'the', 'for', 'and', 'tool', 'function', 'current', 'info', 'data', 'by', 'to', 'of', 'api',
]);

/** The tools whose name the text mentions (see the header), in `tools` order. */
export function mentionedTools(tools: FunctionTool[], text: string): FunctionTool[] {
  const words = new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []));
  return tools.filter((tool) => tool.name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !GENERIC_WORDS.has(w))
    .some((w) => words.has(w) || words.has(`${w}s`) || (w.endsWith('s') && words.has(w.slice(0, -1)))));
}

function callChoice(req: ChatRequest, hash: string, index: number, tools: FunctionTool[], budget: number, reasoningTokens: number): ChoicePlan {
  const calls: ToolCallPlan[] = [];
  let finish: FinishReason = req.legacyFunctions ? 'function_call' : 'tool_calls';
  let used = 0;
  for (const [i, tool] of tools.entries()) {
    const rng = new Rng(hash, `call-${index}-${i}`);
    const id = `call_${rng.chars(24)}`;
    const args = JSON.stringify(valueForSchema(tool.parameters ?? { type: 'object', properties: {} }, rng));
    let tokens = tokenize(args);
    if (used + tokens.length > budget) {
      tokens = tokens.slice(0, Math.max(0, budget - used));
      finish = 'length';
    }
    used += tokens.length;
    calls.push({ id, name: tool.name, arguments: tokens.join('') });
    if (finish === 'length') break;
  }
  return {
    index,
    contentTokens: [],
    content: null,
    toolCalls: req.legacyFunctions ? [] : calls,
    functionCall: req.legacyFunctions ? { name: calls[0]!.name, arguments: calls[0]!.arguments } : null,
    finishReason: finish,
    outputTokens: used,
    reasoningTokens,
    logprobs: null,
  };
}

function replyText(req: ChatRequest, rng: Rng): string {
  if (req.responseFormat.type === 'json_schema') return JSON.stringify(valueForSchema(req.responseFormat.schema, rng));
  if (req.responseFormat.type === 'json_object') return JSON.stringify({ answer: paragraph(rng, 1, 2) });
  const last = req.messages[req.messages.length - 1]!;
  if (last.role === 'tool' || last.role === 'function') {
    const name = last.role === 'function' ? String(last.name) : toolNameFor(req.messages, last.tool_call_id);
    return `The ${name} tool returned ${excerpt(textOf(last.content))}. ${paragraph(rng, 1, 2)}`;
  }
  return paragraph(rng);
}

function toolNameFor(messages: Record<string, unknown>[], callId: unknown): string {
  for (const m of messages) {
    if (!Array.isArray(m.tool_calls)) continue;
    for (const call of m.tool_calls as Record<string, unknown>[]) {
      const fn = call?.function as Record<string, unknown> | undefined;
      if (call?.id === callId && typeof fn?.name === 'string') return fn.name;
    }
  }
  return 'requested';
}

/** The text of a message's content, string or parts. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join(' ');
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat || 'an empty result';
}

const encoder = new TextEncoder();

function tokenLogprobs(tokens: string[], top: number, rng: Rng): TokenLogprob[] {
  return tokens.map((token) => {
    const logprob = roundLogprob(-(rng.next() ** 3) * 2);
    const alternatives = alternativeTokens(rng, Math.max(0, top - 1))
      .map((alt, i) => ({ token: alt, logprob: roundLogprob(logprob - 1 - i - rng.next() * 3), bytes: [...encoder.encode(alt)] }));
    const bytes = [...encoder.encode(token)];
    return {
      token,
      logprob,
      bytes,
      top_logprobs: top > 0 ? [{ token, logprob, bytes }, ...alternatives] : [],
    };
  });
}

function roundLogprob(value: number): number {
  const rounded = Math.round(value * 1e8) / 1e8;
  return rounded === 0 ? -1e-8 : rounded;
}

/** Tokens of a predicted output (`prediction.content`), all counted as rejected. */
export function predictionTokens(prediction: unknown): number {
  if (!prediction || typeof prediction !== 'object') return 0;
  return countTokens(textOf((prediction as { content?: unknown }).content));
}
