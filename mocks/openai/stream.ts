/**
 * The `stream: true` answer: the chunk sequence api.openai.com sends for a planned completion, produced
 * lazily (a ReadableStream with `pull`, one SSE event per pull, no buffering, no sleeps unless a
 * per-chunk delay is configured). Per choice: a role delta, content or tool/function-call deltas in
 * small pieces, a `{}` delta carrying `finish_reason`; choices interleave by index when `n` > 1; then
 * the usage chunk (`choices: []`) when `stream_options.include_usage`, then `data: [DONE]`.
 * Every chunk repeats id/created/model/service_tier/system_fingerprint and carries `obfuscation`
 * unless `stream_options.include_obfuscation` is false.
 */
import { encodeSse, encodeSseJson } from '../../lib/sse.ts';
import { Rng } from '../determinism.ts';
import type { CompletionPlan } from './chat.ts';
import type { ChoicePlan, TokenLogprob } from './generate.ts';
import { tokenize } from './tokens.ts';
import type { ChatRequest } from './validate.ts';
import { pullStream } from '../pull-stream.ts';

export interface StreamOptions {
  hash: string;
  chunkDelayMs: number;
  /** Called once: `false` after `[DONE]` was handed over, `true` when the reader cancelled first. */
  onEnd: (aborted: boolean) => void;
}

interface ChoiceDelta {
  delta: Record<string, unknown>;
  logprobs: { content: TokenLogprob[]; refusal: null } | null;
  finish_reason: string | null;
  /** Length of the text this delta carries, for obfuscation padding. */
  size: number;
}

function choiceDeltas(choice: ChoicePlan, rng: Rng): ChoiceDelta[] {
  const wantLogprobs = choice.logprobs !== null;
  const out: ChoiceDelta[] = [];
  const push = (delta: Record<string, unknown>, size: number, logprobs: TokenLogprob[] | null = null) =>
    out.push({ delta, logprobs: wantLogprobs && logprobs ? { content: logprobs, refusal: null } : null, finish_reason: null, size });

  if (choice.functionCall) {
    const fc = choice.functionCall;
    push({ role: 'assistant', content: null, function_call: { name: fc.name, arguments: '' }, refusal: null }, fc.name.length);
    for (const piece of rng.groups(tokenize(fc.arguments), 2)) push({ function_call: { arguments: piece.join('') } }, piece.join('').length);
  } else if (choice.toolCalls.length) {
    choice.toolCalls.forEach((call, index) => {
      const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
      if (index === 0) push({ role: 'assistant', content: null, tool_calls: [opening], refusal: null }, call.name.length);
      else push({ tool_calls: [opening] }, call.name.length);
      for (const piece of rng.groups(tokenize(call.arguments), 2)) {
        push({ tool_calls: [{ index, function: { arguments: piece.join('') } }] }, piece.join('').length);
      }
    });
  } else {
    push({ role: 'assistant', content: '', refusal: null }, 0, []);
    let at = 0;
    for (const piece of rng.groups(choice.contentTokens, 3)) {
      const text = piece.join('');
      push({ content: text }, text.length, choice.logprobs?.slice(at, at + piece.length) ?? null);
      at += piece.length;
    }
  }
  out.push({ delta: {}, logprobs: null, finish_reason: choice.finishReason, size: 0 });
  return out;
}

/** The chunk objects of a stream, in order, produced lazily. */
export function* chunkSequence(plan: CompletionPlan, req: ChatRequest, hash: string): Generator<Record<string, unknown>> {
  const rng = new Rng(hash, 'stream');
  const padTarget = rng.int(6, 16);
  const envelope = (choices: unknown[], size: number, usage: unknown = null): Record<string, unknown> => {
    const chunk: Record<string, unknown> = {
      id: plan.id,
      object: 'chat.completion.chunk',
      created: plan.created,
      model: plan.model,
      service_tier: plan.serviceTier,
      system_fingerprint: plan.systemFingerprint,
      choices,
    };
    if (req.includeUsage) chunk.usage = usage;
    if (req.includeObfuscation) chunk.obfuscation = rng.chars(padTarget - (size % padTarget));
    return chunk;
  };

  const perChoice = plan.choices.map((c) => choiceDeltas(c, new Rng(hash, `stream-choice-${c.index}`)));
  const longest = Math.max(...perChoice.map((d) => d.length));
  for (let step = 0; step < longest; step++) {
    for (const [index, deltas] of perChoice.entries()) {
      const d = deltas[step];
      if (!d) continue;
      yield envelope([{ index, delta: d.delta, logprobs: d.logprobs, finish_reason: d.finish_reason }], d.size);
    }
  }
  if (req.includeUsage) yield envelope([], 0, plan.usage);
}

export function streamCompletion(plan: CompletionPlan, req: ChatRequest, options: StreamOptions): ReadableStream<Uint8Array> {
  return pullStream(chunkSequence(plan, req, options.hash), (chunk) => encodeSseJson(chunk), { ...options, end: () => encodeSse('[DONE]') });
}
