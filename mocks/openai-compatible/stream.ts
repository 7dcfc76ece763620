/**
 * The `stream: true` answer in the provider's own style. Per choice: a role delta, reasoning deltas in
 * the table's reasoning field, content deltas (or tool-call deltas: argument pieces, or the whole call
 * in one delta where the provider documents that), and a finish delta; choices interleave by index.
 * Usage goes where and when the table says (`streamUsage`), and the table's `decorateChunk` adds the
 * provider's own fields (Groq's `x_groq`, Perplexity's citations, Cerebras' `time_info`). Chunks are
 * encoded by the one SSE encoder (lib/sse.ts) and handed out one per pull, ending with `data: [DONE]`.
 */
import { encodeSse, encodeSseJson } from '../../lib/sse.ts';
import { Rng } from '../determinism.ts';
import { tokenize } from '../openai/tokens.ts';
import { renderContext, type ChoiceOut, type Completion } from './completion.ts';
import type { ChunkContext, ProviderProfile } from './profile.ts';
import { pullStream } from '../pull-stream.ts';

interface Step {
  index: number;
  delta: Record<string, unknown>;
  finish: string | null;
  /** Completion tokens this delta carries. */
  tokens: number;
  /** Text this delta adds to the choice's visible content. */
  text: string;
}

function choiceSteps(choice: ChoiceOut, profile: ProviderProfile, rng: Rng): Step[] {
  const { index } = choice;
  const steps: Step[] = [{ index, delta: { role: 'assistant', content: '' }, finish: null, tokens: 0, text: '' }];
  for (const piece of rng.groups(choice.reasoningPieces, 3)) {
    steps.push({ index, delta: { [profile.reasoningField]: piece.join('') }, finish: null, tokens: piece.length, text: '' });
  }
  choice.toolCalls.forEach((call, i) => {
    const argTokens = tokenize(call.arguments);
    if (profile.toolCallDeltas === 'whole') {
      const whole = { index: i, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
      steps.push({ index, delta: { tool_calls: [whole] }, finish: null, tokens: argTokens.length, text: '' });
      return;
    }
    const opening = { index: i, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    steps.push({ index, delta: { tool_calls: [opening] }, finish: null, tokens: 0, text: '' });
    for (const piece of rng.groups(argTokens, 2)) {
      steps.push({ index, delta: { tool_calls: [{ index: i, function: { arguments: piece.join('') } }] }, finish: null, tokens: piece.length, text: '' });
    }
  });
  if (!choice.toolCalls.length) {
    for (const piece of rng.groups(choice.contentPieces, 3)) {
      const text = piece.join('');
      steps.push({ index, delta: { content: text }, finish: null, tokens: piece.length, text });
    }
  }
  steps.push({ index, delta: {}, finish: choice.finishReason, tokens: 0, text: '' });
  return steps;
}

/** Every chunk of the stream, in order. */
export function streamChunks(c: Completion, profile: ProviderProfile, body: Record<string, unknown>, includeUsage: boolean): Record<string, unknown>[] {
  const perChoice = c.choices.map((choice) => choiceSteps(choice, profile, new Rng(c.hash, `stream-${choice.index}`)));
  const order: Step[] = [];
  const longest = Math.max(...perChoice.map((s) => s.length));
  for (let i = 0; i < longest; i++) for (const steps of perChoice) if (steps[i]) order.push(steps[i]!);
  const lastFinish = order.length - 1;

  const base = renderContext(c, body);
  const wanted = profile.streamUsage.when === 'always' || includeUsage;
  const { placement } = profile.streamUsage;
  const cumulative = c.choices.map(() => '');
  const nulls = profile.chunkNulls !== false;
  let streamed = 0;
  const chunks: Record<string, unknown>[] = [];
  const envelope = (choices: unknown[]): Record<string, unknown> => ({
    id: c.id, object: profile.chunkObject ?? 'chat.completion.chunk', created: c.created, model: c.model.id, choices,
  });
  const decorate = (chunk: Record<string, unknown>, position: ChunkContext['position']) => {
    profile.decorateChunk?.(chunk, { ...base, position, cumulative: [...cumulative] });
    chunks.push(chunk);
  };

  order.forEach((step, i) => {
    cumulative[step.index] += step.text;
    streamed += step.tokens;
    const choice: Record<string, unknown> = { index: step.index, delta: step.delta };
    if (nulls || step.finish) { choice.logprobs = null; choice.finish_reason = step.finish; }
    const chunk = envelope([choice]);
    const final = i === lastFinish;
    if (wanted && placement === 'every') {
      chunk.usage = final ? c.usage : { ...c.usage, completion_tokens: streamed, total_tokens: c.base.prompt_tokens + streamed };
    }
    if (wanted && final && (placement === 'finish' || placement === 'finish+empty')) chunk.usage = c.usage;
    decorate(chunk, i === 0 ? 'first' : final ? 'finish' : 'middle');
  });
  if (wanted && placement === 'separate') decorate({ ...envelope([]), usage: c.usage }, 'usage');
  if (wanted && placement === 'finish+empty') decorate(envelope([]), 'usage');
  return chunks;
}

export interface StreamOptions {
  chunkDelayMs: number;
  /** Called once: `false` after `[DONE]` was handed over, `true` when the reader cancelled first. */
  onEnd(aborted: boolean): void;
}

/** The chunks as an SSE body, one event per pull (no buffering, no timers unless a delay is configured). */
export function sseBody(chunks: Record<string, unknown>[], options: StreamOptions): ReadableStream<Uint8Array> {
  return pullStream(chunks[Symbol.iterator](), (chunk) => encodeSseJson(chunk), { ...options, end: () => encodeSse('[DONE]') });
}
