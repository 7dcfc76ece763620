/**
 * What the simulated model produces for a Responses request, decided from the request hash and the
 * conversation context: an optional reasoning item (o-series / gpt-5), then either function calls with
 * schema-conforming arguments or one assistant message (prose, JSON for `text.format`, or a reply that
 * quotes a function's output), cut by `max_output_tokens` (reasoning tokens count against it first).
 * The JSON object and the event stream both render this one plan.
 *
 * Tool policy (as the chat simulator's): "none" → text; a named function → that one; "required" → the
 * first tool; "auto" → the first tool when the last context item is a user message, else text. With
 * `parallel_tool_calls: true` set explicitly and several tools, "required"/"auto" call every tool once.
 */
import { Rng } from '../../determinism.ts';
import { valueForSchema } from '../schema-value.ts';
import { countTokens, tokenize } from '../tokens.ts';
import { paragraph } from '../vocabulary.ts';
import { itemText, type ContextItem } from './input.ts';
import type { FunctionToolDef, ResponseRequest } from './request.ts';

export interface ReasoningPlan { type: 'reasoning'; id: string; summary: string[]; encrypted: string | null }
export interface MessagePlan { type: 'message'; id: string; tokens: string[]; text: string; status: 'completed' | 'incomplete' }
export interface CallPlan {
  type: 'function_call'; id: string; callId: string; name: string; tokens: string[]; arguments: string; status: 'completed' | 'incomplete';
}
export type ItemPlan = ReasoningPlan | MessagePlan | CallPlan;

export interface Usage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface OutputPlan {
  items: ItemPlan[];
  status: 'completed' | 'incomplete';
  usage: Usage;
}

const REASONING_BASE: Record<string, number> = { none: 0, minimal: 16, low: 64, medium: 192, high: 512, xhigh: 1024 };
const SUMMARY_TITLES = ['Considering the request', 'Planning the answer', 'Weighing the options', 'Checking the details'] as const;
const VERBOSITY: Record<string, [number, number]> = { low: [1, 2], medium: [2, 4], high: [4, 6] };

/**
 * Ids as api.openai.com shapes them: prefix, 8 hex digits of the creation time, 24 hex digits of the
 * item, and 16 hex digits shared by every id of one response.
 */
export class IdFactory {
  readonly #time: string;
  readonly #suffix: string;
  constructor(readonly hash: string, createdAt: number) {
    this.#time = (createdAt >>> 0).toString(16).padStart(8, '0');
    this.#suffix = new Rng(hash, 'id-suffix').hex(16);
  }

  make(prefix: string, label: string): string {
    return `${prefix}_${this.#time}${new Rng(this.hash, `id-${label}`).hex(24)}${this.#suffix}`;
  }
}

function chooseCalls(req: ResponseRequest, context: readonly ContextItem[]): FunctionToolDef[] {
  const { tools, toolChoice } = req;
  if (!tools.length || toolChoice === 'none') return [];
  if (typeof toolChoice === 'object') return tools.filter((t) => t.name === toolChoice.name).slice(0, 1);
  const last = context[context.length - 1];
  if (toolChoice === 'auto' && !(last?.type === 'message' && last.role === 'user')) return [];
  return req.body.parallel_tool_calls === true ? tools : tools.slice(0, 1);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat || 'an empty result';
}

function replyText(req: ResponseRequest, context: readonly ContextItem[], rng: Rng): string {
  const [min, max] = VERBOSITY[req.verbosity] ?? [2, 4];
  if (req.format.type === 'json_schema') return JSON.stringify(valueForSchema(req.format.schema, rng));
  if (req.format.type === 'json_object') return JSON.stringify({ answer: paragraph(rng, 1, 2) });
  const last = context[context.length - 1];
  if (last?.type === 'function_call_output') {
    const call = context.find((item) => item.type === 'function_call' && item.call_id === last.call_id);
    return `The ${String(call?.name ?? 'requested')} tool returned ${excerpt(itemText(last))}. ${paragraph(rng, 1, 2)}`;
  }
  return paragraph(rng, min, max);
}

/** Cut `tokens` to what is left of the budget; returns the kept tokens and whether they were cut. */
function fit(tokens: string[], budget: { left: number }): [string[], boolean] {
  if (tokens.length <= budget.left) { budget.left -= tokens.length; return [tokens, false]; }
  const kept = tokens.slice(0, Math.max(0, budget.left));
  budget.left = 0;
  return [kept, true];
}

export function planOutput(req: ResponseRequest, context: readonly ContextItem[], ids: IdFactory, inputTokens: number): OutputPlan {
  const { hash } = ids;
  const items: ItemPlan[] = [];
  const budget = { left: req.maxOutputTokens ?? Infinity };
  let reasoningTokens = 0;
  let incomplete = false;

  const effort = req.reasoning.effort;
  if (req.model.reasoning && effort !== 'none') {
    const rng = new Rng(hash, 'reasoning');
    const base = REASONING_BASE[effort ?? 'medium'] ?? 192;
    const summary = req.reasoning.summary ? [`**${rng.pick(SUMMARY_TITLES)}**\n\n${paragraph(rng, 1, 2)}`] : [];
    reasoningTokens = Math.max(base + rng.int(0, base / 2), summary.reduce((n, s) => n + countTokens(s), 0));
    if (reasoningTokens >= budget.left) { reasoningTokens = budget.left; incomplete = true; }
    budget.left -= reasoningTokens;
    const encrypted = req.include.includes('reasoning.encrypted_content') ? `gAAAAA${rng.chars(172)}==` : null;
    items.push({ type: 'reasoning', id: ids.make('rs', 'reasoning'), summary, encrypted });
  }

  let visible = 0;
  if (!incomplete) {
    const calls = chooseCalls(req, context);
    if (calls.length) {
      for (const [i, tool] of calls.entries()) {
        const rng = new Rng(hash, `call-${i}`);
        const callId = `call_${rng.chars(24)}`;
        const args = JSON.stringify(valueForSchema(tool.parameters ?? { type: 'object', properties: {} }, rng));
        const [tokens, cut] = fit(tokenize(args), budget);
        visible += tokens.length;
        items.push({
          type: 'function_call', id: ids.make('fc', `call-${i}`), callId, name: tool.name, tokens,
          arguments: tokens.join(''), status: cut ? 'incomplete' : 'completed',
        });
        if (cut) { incomplete = true; break; }
      }
    } else {
      const [tokens, cut] = fit(tokenize(replyText(req, context, new Rng(hash, 'text'))), budget);
      visible = tokens.length;
      incomplete = cut;
      items.push({ type: 'message', id: ids.make('msg', 'message'), tokens, text: tokens.join(''), status: cut ? 'incomplete' : 'completed' });
    }
  }

  const output = visible + reasoningTokens;
  return {
    items,
    status: incomplete ? 'incomplete' : 'completed',
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: output,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: inputTokens + output,
    },
  };
}
