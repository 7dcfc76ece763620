/**
 * An OpenAI-compatible SSE stream → OpenAI's chunk grammar, event to event through one state object.
 * What the providers' streams do that OpenAI's grammar forbids, and what is done about it:
 *   - `object: "chat.completion"` (Perplexity), foreign ids/model/system_fingerprint → the gateway's
 *     chat.completion.chunk with ctx id/created/model on every chunk;
 *   - role repeated on every delta (Together, Perplexity) → role on the first delta of a choice only;
 *   - cumulative `message`, `text`, `seed`, `token_id` beside the delta → dropped (the delta has it);
 *   - `reasoning` deltas or `<think>` content → `reasoning_content` deltas;
 *   - usage on the finish chunk, on every chunk (Perplexity), in x_groq.usage, or in its own chunk →
 *     remembered (latest wins) and sent once, after the finish, as `choices: []` + usage — only when
 *     the client asked (stream_options.include_usage); extra empty-choices chunks are not forwarded;
 *   - content arriving with the finish_reason → a content chunk, then the finish chunk (delta {});
 *   - tool-call deltas: the first per call carries index, id, type, name and arguments "", arguments
 *     follow in their own deltas; repeated type/id/name and empty argument fragments are not sent; a
 *     new id at an already used upstream index opens a new call (distinct gateway index).
 * An error frame throws UpstreamStreamError; a stream that ends before `[DONE]` or before every choice
 * finished throws from end() — the driver turns either into an OpenAI error event.
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatChunk, ChatContext, ChatStreamTranslator, UpstreamFrame } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { isErrorFrame, mapStreamError } from './errors.ts';
import { findUsage, mapFinishReason, normalizeUsage, reasoningOf, REASONING_FIELDS, type OpenAIUsage } from './mappings.ts';
import type { ProviderQuirks } from './quirks.ts';
import { extraTopLevelFields, newToolCallId, type TranslateOptions } from './response.ts';
import { ThinkTagSplitter } from './think-tags.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Delta fields the translation owns; any other delta field passes through unchanged. */
const OWNED_DELTA_FIELDS = new Set(['role', 'content', 'tool_calls', ...REASONING_FIELDS]);
/** Delta fields some providers add that duplicate what the delta already says. */
const DROPPED_DELTA_FIELDS = new Set(['token_id']);

interface OpenCall { upstreamIndex: number; id: string; gatewayIndex: number }

/** One choice's progress through the stream. */
class ChoiceState {
  started = false;
  finished = false;
  producedToolCalls = false;
  readonly calls: OpenCall[] = [];
  readonly think: ThinkTagSplitter | undefined;

  constructor(splitThinkTags: boolean) {
    this.think = splitThinkTags ? new ThinkTagSplitter() : undefined;
  }

  /** Upstream tool-call deltas → the OpenAI deltas to send (opening and argument pieces). */
  toolDeltas(raw: unknown[]): Json[] {
    const out: Json[] = [];
    for (const item of raw) {
      if (!isObject(item)) continue;
      const fn = isObject(item.function) ? item.function : {};
      const id = typeof item.id === 'string' && item.id ? item.id : undefined;
      const last = this.calls[this.calls.length - 1];
      const upstreamIndex = Number.isInteger(item.index) ? (item.index as number) : last && !id ? last.upstreamIndex : this.calls.length;
      let call = [...this.calls].reverse().find((c) => c.upstreamIndex === upstreamIndex);
      if (!call || (id !== undefined && id !== call.id)) {
        call = { upstreamIndex, id: id ?? newToolCallId(), gatewayIndex: this.calls.length };
        this.calls.push(call);
        this.producedToolCalls = true;
        out.push({ index: call.gatewayIndex, id: call.id, type: 'function', function: { name: typeof fn.name === 'string' ? fn.name : '', arguments: '' } });
      }
      const args = typeof fn.arguments === 'string' ? fn.arguments : isObject(fn.arguments) ? JSON.stringify(fn.arguments) : '';
      if (args !== '') out.push({ index: call.gatewayIndex, function: { arguments: args } });
    }
    return out;
  }
}

export class OpenAICompatibleStream implements ChatStreamTranslator {
  readonly #choices = new Map<number, ChoiceState>();
  #usage: OpenAIUsage | undefined;
  #done = false;

  constructor(private readonly ctx: ChatContext, private readonly quirks: ProviderQuirks, private readonly options: TranslateOptions) {}

  push(frame: UpstreamFrame): ChatChunk[] {
    if (frame.kind !== 'sse' || this.#done) return [];
    const data = frame.data.trim();
    if (data === '') return [];
    if (data === '[DONE]') { this.#done = true; return []; }
    let json: unknown;
    try { json = JSON.parse(data); } catch {
      throw new UpstreamStreamError(new UpstreamError(502, 'upstream_invalid_response', `Upstream "${this.ctx.account.name}" sent a stream event that is not JSON.`));
    }
    if (!isObject(json)) return [];
    if (frame.event === 'error' || isErrorFrame(json)) throw new UpstreamStreamError(mapStreamError(json, this.ctx.account.name, this.quirks));
    const usage = findUsage(json, this.quirks);
    if (usage) this.#usage = normalizeUsage(usage, this.quirks);
    const extras = extraTopLevelFields(json);
    const out: ChatChunk[] = [];
    const choices = Array.isArray(json.choices) ? json.choices.filter(isObject) : [];
    for (const choice of choices) {
      const index = Number.isInteger(choice.index) ? (choice.index as number) : 0;
      for (const delta of this.#choiceDeltas(index, choice)) out.push(this.#chunk(extras, [delta]));
    }
    return out;
  }

  end(): ChatChunk[] {
    const unfinished = [...this.#choices.entries()].filter(([, s]) => !s.finished).map(([i]) => i);
    if (!this.#done || unfinished.length || this.#choices.size === 0) {
      const what = this.#choices.size === 0 ? 'before any choice' : unfinished.length ? `before choice ${unfinished.join(', ')} finished` : 'without data: [DONE]';
      throw new UpstreamStreamError(new UpstreamError(502, 'upstream_stream_truncated', `Upstream "${this.ctx.account.name}" stream ended ${what}.`));
    }
    if (!this.ctx.includeUsage || !this.#usage) return [];
    return [this.#chunk({}, [], this.#usage)];
  }

  /** The OpenAI choice deltas (with finish_reason) for one upstream choice. */
  #choiceDeltas(index: number, choice: Json): Json[] {
    let state = this.#choices.get(index);
    if (!state) { state = new ChoiceState(this.options.splitThinkTags); this.#choices.set(index, state); }
    if (state.finished) return []; // a provider repeating the final state after the finish
    const delta = isObject(choice.delta) ? choice.delta : {};
    const logprobs = isObject(choice.logprobs) ? choice.logprobs : null;
    const pieces: Json[] = [];
    const text: Json = {};
    for (const [key, value] of Object.entries(delta)) {
      if (!OWNED_DELTA_FIELDS.has(key) && !DROPPED_DELTA_FIELDS.has(key) && value !== undefined) text[key] = value;
    }
    let reasoning = reasoningOf(delta) ?? '';
    let content = typeof delta.content === 'string' ? delta.content : '';
    if (state.think && content) {
      const split = state.think.push(content);
      reasoning += split.reasoning;
      content = split.content;
    }
    const finishing = choice.finish_reason !== null && choice.finish_reason !== undefined;
    if (finishing && state.think) {
      const rest = state.think.flush();
      reasoning += rest.reasoning;
      content += rest.content;
    }
    if (reasoning) text.reasoning_content = reasoning;
    if (content) text.content = content;
    if (Object.keys(text).length) pieces.push(text);
    if (Array.isArray(delta.tool_calls)) for (const call of state.toolDeltas(delta.tool_calls)) pieces.push({ tool_calls: [call] });
    if (!state.started) {
      state.started = true;
      const first = pieces[0] ?? {};
      pieces[0] = { role: 'assistant', ...(first.tool_calls || first.content !== undefined ? {} : { content: '' }), ...first };
    }
    const deltas: Json[] = pieces.map((piece, i) => ({ index, delta: piece, logprobs: i === 0 ? logprobs : null, finish_reason: null }));
    if (finishing) {
      state.finished = true;
      deltas.push({ index, delta: {}, logprobs: null, finish_reason: mapFinishReason(choice.finish_reason, state.producedToolCalls) });
    }
    return deltas;
  }

  #chunk(extras: Json, choices: Json[], usage?: OpenAIUsage): ChatChunk {
    return {
      id: this.ctx.completionId,
      object: 'chat.completion.chunk',
      created: this.ctx.created,
      model: this.ctx.model,
      choices,
      ...(usage ? { usage } : {}),
      ...extras,
    };
  }
}
