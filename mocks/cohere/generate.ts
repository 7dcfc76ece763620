/**
 * Plans one Cohere chat turn from the request hash (same request, same plan): an optional thinking
 * block (reasoning models), then either tool calls (with a `tool_plan`, or the thinking in its place)
 * or text — prose, a reply to tool results, or JSON for `response_format`. Stop sequences cut the text
 * (STOP_SEQUENCE), `max_tokens` and `thinking.token_budget` cap it (MAX_TOKENS). Tool-call ids look like
 * Cohere's (`<tool name>_<12 chars>`), arguments are JSON with Python's separators (`{"day": "…"}`) as
 * Cohere sends them. Usage has Cohere's two views: `billed_units` counts what the caller sent and got,
 * `tokens` adds the prompt template Cohere wraps around it (and tool-call syntax on output).
 */
import { Rng, sha256Hex } from '../determinism.ts';
import { mentionedTools } from '../openai/generate.ts';
import type { FunctionTool } from '../openai/validate-tools.ts';
import { valueForSchema } from '../openai/schema-value.ts';
import { tokenize } from '../openai/tokens.ts';
import { paragraph } from '../openai/vocabulary.ts';
import { cohereUuid } from './errors.ts';
import type { CohereChatRequest } from './validate.ts';

export type FinishReason = 'COMPLETE' | 'STOP_SEQUENCE' | 'MAX_TOKENS' | 'TOOL_CALL';

export interface CohereToolCallPlan { id: string; name: string; arguments: string; argumentTokens: string[] }

export interface CohereUsage {
  billed_units: { input_tokens: number; output_tokens: number };
  tokens: { input_tokens: number; output_tokens: number };
  cached_tokens?: number;
}

export interface LogprobItem { token_ids: number[]; text: string; logprobs: number[] }

export interface CohereTurnPlan {
  id: string;
  /** Thinking tokens, or null when the turn has no thinking block. */
  thinking: string[] | null;
  /** Text tokens, or null when the turn has no text block. */
  text: string[] | null;
  toolPlan: string[] | null;
  toolCalls: CohereToolCallPlan[];
  finishReason: FinishReason;
  usage: CohereUsage;
  /** One item per text token when `logprobs` was requested. */
  logprobs: LogprobItem[] | null;
}

/** Tokens of the prompt template Cohere adds around the conversation (its default preamble). */
const TEMPLATE_TOKENS = 66;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_IMAGE = 256;

/** The prompt as token strings: tools and schema first, then each message with a role marker. */
export function promptTokens(req: CohereChatRequest): string[] {
  const tokens: string[] = [];
  if (req.tools.length) tokens.push(...tokenize(JSON.stringify(req.tools)));
  if (req.responseFormat.type === 'json_object' && req.responseFormat.schema) tokens.push(...tokenize(JSON.stringify(req.responseFormat.schema)));
  for (const doc of req.documents) tokens.push(...tokenize(doc));
  for (const m of req.messages) {
    tokens.push(`<${m.role}>`, ...tokenize(m.text));
    for (const call of m.toolCalls) tokens.push(...tokenize(`${call.name}${call.arguments}`));
    for (let i = 0; i < m.images * TOKENS_PER_IMAGE; i++) tokens.push(`<image:${i}>`);
  }
  return tokens;
}

/** JSON with Python's default separators, as Cohere writes tool-call arguments. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

function chooseTools(req: CohereChatRequest) {
  if (!req.tools.length || req.toolChoice === 'NONE') return [];
  const last = req.messages[req.messages.length - 1];
  if (req.toolChoice === 'AUTO' && last?.role !== 'user') return [];
  const userText = [...req.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
  const mentioned = mentionedTools(req.tools as FunctionTool[], userText).map((t) => t.name);
  const names = mentioned.length ? mentioned : [req.tools[0]!.name];
  return req.tools.filter((t) => names.includes(t.name));
}

function replyText(req: CohereChatRequest, rng: Rng): string {
  if (req.responseFormat.type === 'json_object') {
    return JSON.stringify(req.responseFormat.schema ? valueForSchema(req.responseFormat.schema, rng) : { answer: paragraph(rng, 1, 2) });
  }
  const last = req.messages[req.messages.length - 1]!;
  if (last.role === 'tool') {
    const call = req.messages.flatMap((m) => m.toolCalls).find((c) => c.id === last.toolCallId);
    const result = last.text.replace(/\s+/g, ' ').trim();
    const excerpt = result.length > 120 ? `${result.slice(0, 117)}...` : result || 'an empty result';
    return `The ${call?.name ?? 'requested'} tool returned ${excerpt}. ${paragraph(rng, 1, 2)}`;
  }
  return paragraph(rng);
}

function logprobsFor(tokens: string[], hash: string): LogprobItem[] {
  const rng = new Rng(hash, 'logprobs');
  return tokens.map((token) => ({
    token_ids: [parseInt(sha256Hex(token).slice(0, 8), 16) % 256000],
    text: token,
    logprobs: [Math.round(-(rng.next() ** 3) * 2 * 1e6) / 1e6 || -0.000001],
  }));
}

export function planTurn(req: CohereChatRequest, hash: string, cachedTokens: number | null, prompt = promptTokens(req)): CohereTurnPlan {
  let budget = req.maxTokens ?? Infinity;
  let finish: FinishReason = 'COMPLETE';
  let thinking: string[] | null = null;
  if (req.thinking.enabled) {
    thinking = tokenize(paragraph(new Rng(hash, 'thinking'), 3, 5));
    const cap = Math.min(budget, req.thinking.budget ?? Infinity);
    if (thinking.length > cap) thinking = thinking.slice(0, cap);
    budget -= thinking.length;
  }

  const toolCalls: CohereToolCallPlan[] = [];
  let toolPlan: string[] | null = null;
  let text: string[] | null = null;
  const chosen = budget > 0 ? chooseTools(req) : [];
  if (budget <= 0) {
    finish = 'MAX_TOKENS';
  } else if (chosen.length) {
    finish = 'TOOL_CALL';
    if (!thinking) {
      const names = chosen.map((t) => t.name);
      const list = names.length === 1 ? `the ${names[0]} tool` : `the ${names.slice(0, -1).join(', ')} and ${names.at(-1)} tools`;
      toolPlan = tokenize(`I will use ${list} to answer the user's request.`).slice(0, budget);
      budget -= toolPlan.length;
    }
    for (const [i, tool] of chosen.entries()) {
      const rng = new Rng(hash, `call-${i}`);
      const full = pythonJson(valueForSchema(tool.parameters, rng));
      let argumentTokens = tokenize(full);
      if (argumentTokens.length > budget) { argumentTokens = argumentTokens.slice(0, Math.max(0, budget)); finish = 'MAX_TOKENS'; }
      budget -= argumentTokens.length;
      toolCalls.push({ id: `${tool.name}_${rng.chars(12, 'abcdefghijklmnopqrstuvwxyz0123456789')}`, name: tool.name, arguments: argumentTokens.join(''), argumentTokens });
      if (finish === 'MAX_TOKENS') break;
    }
  } else {
    let reply = replyText(req, new Rng(hash, 'text'));
    for (const stop of req.stopSequences) {
      const at = stop ? reply.indexOf(stop) : -1;
      if (at !== -1) { reply = reply.slice(0, at); finish = 'STOP_SEQUENCE'; }
    }
    text = tokenize(reply);
    if (text.length > budget) { text = text.slice(0, budget); finish = 'MAX_TOKENS'; }
  }

  const billedIn = prompt.filter((t) => !/^<(system|user|assistant|tool)>$/.test(t)).length;
  const billedOut = (thinking?.length ?? 0) + (text?.length ?? 0) + (toolPlan?.length ?? 0)
    + toolCalls.reduce((n, c) => n + c.argumentTokens.length, 0);
  const usage: CohereUsage = {
    billed_units: { input_tokens: billedIn, output_tokens: billedOut },
    tokens: {
      input_tokens: billedIn + TEMPLATE_TOKENS + TOKENS_PER_MESSAGE * req.messages.length,
      output_tokens: billedOut + (toolCalls.length ? 6 + 12 * toolCalls.length : 0),
    },
  };
  if (cachedTokens) usage.cached_tokens = cachedTokens;
  return {
    id: cohereUuid(hash, 'id'),
    thinking,
    text,
    toolPlan,
    toolCalls,
    finishReason: finish,
    usage,
    logprobs: req.logprobs && text ? logprobsFor(text, hash) : null,
  };
}
