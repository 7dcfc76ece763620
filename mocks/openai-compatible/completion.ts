/**
 * One completion, planned once and rendered either as the JSON answer or (stream.ts) as chunks.
 * What the model "says" — prose, JSON for response_format, schema-conforming tool calls, token budget —
 * is the OpenAI simulator's planner (mocks/openai/generate.ts). This file adds what differs per
 * provider: the reasoning text and how it is shown (a message field named by the table, `<think>`
 * tags in content, or hidden), the provider's usage object, and its extra top-level fields.
 */
import { Rng } from '../determinism.ts';
import { planChoices, type ChoicePlan, type ToolCallPlan } from '../openai/generate.ts';
import { tokenize } from '../openai/tokens.ts';
import { sentence } from '../openai/vocabulary.ts';
import type { BaseUsage, ModelRow, ProviderProfile, ReasoningDisplay, RenderContext } from './profile.ts';
import type { CompatRequest } from './request.ts';

export interface ChoiceOut {
  index: number;
  /** Reasoning shown in the table's reasoning field (display `field`), else null. */
  reasoning: string | null;
  reasoningPieces: string[];
  /** Visible content, `<think>…</think>` included for display `think`; null for a tool call. */
  content: string | null;
  contentPieces: string[];
  toolCalls: ToolCallPlan[];
  finishReason: string;
  outputTokens: number;
  reasoningTokens: number;
}

export interface Completion {
  id: string;
  created: number;
  hash: string;
  model: ModelRow;
  choices: ChoiceOut[];
  base: BaseUsage;
  usage: Record<string, unknown>;
  cachedTokens: number;
}

export const THINK_OPEN = '<think>\n';
export const THINK_CLOSE = '\n</think>\n\n';

/** Deterministic "thinking" of exactly `count` tokens. */
export function reasoningText(hash: string, index: number, count: number): string {
  const rng = new Rng(hash, `reasoning-text-${index}`);
  const tokens: string[] = [];
  while (tokens.length < count) tokens.push(...tokenize(`${tokens.length ? ' ' : ''}${sentence(rng)}`));
  return tokens.slice(0, count).join('').trim();
}

function toChoice(plan: ChoicePlan, display: ReasoningDisplay | null, hash: string): ChoiceOut {
  const thinking = display && display !== 'hidden' && plan.reasoningTokens > 0 ? reasoningText(hash, plan.index, plan.reasoningTokens) : null;
  const field = display === 'field' ? thinking : null;
  let contentPieces = plan.contentTokens;
  let content = plan.content;
  if (display === 'think' && thinking !== null && content !== null) {
    contentPieces = [THINK_OPEN, ...tokenize(thinking), THINK_CLOSE, ...plan.contentTokens];
    content = contentPieces.join('');
  }
  return {
    index: plan.index,
    reasoning: field,
    reasoningPieces: field === null ? [] : tokenize(field),
    content,
    contentPieces,
    toolCalls: plan.toolCalls,
    finishReason: plan.finishReason,
    outputTokens: plan.outputTokens,
    reasoningTokens: plan.reasoningTokens,
  };
}

export interface PlanInput {
  req: CompatRequest;
  profile: ProviderProfile;
  hash: string;
  created: number;
  cachedTokens: number;
  /** Whether the provider offers caching (matrix) and this model caches. */
  caching: boolean;
}

export function planCompletion({ req, profile, hash, created, cachedTokens, caching }: PlanInput): Completion {
  const choices = planChoices(req.chat, hash).map((p) => toChoice(p, req.display, hash));
  const reasoningTokens = choices.reduce((n, c) => n + c.reasoningTokens, 0);
  const completionTokens = choices.reduce((n, c) => n + c.outputTokens, 0) + reasoningTokens;
  const base: BaseUsage = { prompt_tokens: req.prompt.length, completion_tokens: completionTokens, total_tokens: req.prompt.length + completionTokens };
  const usage = profile.usage(base, { cachedTokens: caching ? cachedTokens : 0, reasoningTokens, caching, model: req.model, rng: new Rng(hash, 'usage') });
  return { id: profile.completionId(new Rng(hash, 'id')), created, hash, model: req.model, choices, base, usage, cachedTokens };
}

export function renderContext(c: Completion, body: Record<string, unknown>): RenderContext {
  return { hash: c.hash, id: c.id, created: c.created, model: c.model, rng: (label) => new Rng(c.hash, label), usage: c.usage, body };
}

export function toolCallsJson(calls: ToolCallPlan[]): Record<string, unknown>[] {
  return calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
}

/** The non-stream answer. */
export function renderCompletion(c: Completion, profile: ProviderProfile, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: c.id,
    object: 'chat.completion',
    created: c.created,
    model: c.model.id,
    choices: c.choices.map((choice) => {
      const message: Record<string, unknown> = { role: 'assistant', content: choice.toolCalls.length ? null : choice.content };
      if (choice.reasoning !== null) message[profile.reasoningField] = choice.reasoning;
      if (choice.toolCalls.length) message.tool_calls = toolCallsJson(choice.toolCalls);
      return { index: choice.index, message, logprobs: null, finish_reason: choice.finishReason };
    }),
    usage: c.usage,
  };
  profile.decorateCompletion?.(out, renderContext(c, body));
  return out;
}
