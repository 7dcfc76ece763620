/**
 * Azure OpenAI SSE → OpenAI `chat.completion.chunk`s, event by event through one state object.
 * Azure's stream is OpenAI's plus its content filter: it opens with a chunk that has `choices: []`,
 * empty id/model and `prompt_filter_results` (which would break OpenAI's grammar: role first, `choices: []`
 * only on the usage chunk). That chunk is folded: its `prompt_filter_results` ride on the next chunk
 * sent. The translator also enforces the grammar the gateway promises whatever the upstream does:
 * role on the first delta of each choice, tool-call deltas that open once (index, id, type, name,
 * arguments "") and then carry only non-empty argument fragments, distinct indexes per call id,
 * exactly one finish chunk (delta {}) per choice, and — only with include_usage — one final usage chunk.
 * An `{"error":…}` frame throws UpstreamStreamError; a stream without `[DONE]` throws from end().
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatChunk, ChatContext, ChatStreamTranslator, UpstreamFrame } from '../types.ts';
import { UpstreamStreamError } from '../types.ts';
import { azureStreamError } from './errors.ts';
import { mapFinishReason, mapUsage } from './mappings.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

interface OpenToolCall { outIndex: number; id: string }

/** What the translator remembers about one choice. */
interface ChoiceState {
  started: boolean;
  finished: boolean;
  /** Upstream tool-call index → the call opened for it (a new id at a used index opens a new call). */
  tools: Map<number, OpenToolCall>;
  nextToolIndex: number;
}

let generatedIds = 0;
const generatedToolCallId = () => `call_gw${Date.now().toString(36)}${(generatedIds++).toString(36)}`;

export class AzureStreamTranslator implements ChatStreamTranslator {
  readonly #ctx: ChatContext;
  readonly #choices = new Map<number, ChoiceState>();
  #promptFilterResults: unknown[] | undefined;
  #usage: Json | undefined;
  #done = false;

  constructor(ctx: ChatContext) {
    this.#ctx = ctx;
  }

  push(frame: UpstreamFrame): ChatChunk[] {
    if (frame.kind !== 'sse') throw this.#failure('upstream_invalid_response', 'sent a frame that is not a server-sent event');
    if (frame.data === '[DONE]') { this.#done = true; return []; }
    if (this.#done) return [];
    let event: unknown;
    try { event = JSON.parse(frame.data); } catch {
      throw this.#failure('upstream_invalid_response', `sent an event that is not JSON: ${frame.data.slice(0, 120)}`);
    }
    if (!isObject(event)) throw this.#failure('upstream_invalid_response', 'sent an event that is not a JSON object');
    if (frame.event === 'error' || (event.error !== undefined && event.error !== null)) {
      throw new UpstreamStreamError(azureStreamError(event.error ?? event, this.#ctx.account.name));
    }
    if (Array.isArray(event.prompt_filter_results)) {
      this.#promptFilterResults = [...(this.#promptFilterResults ?? []), ...event.prompt_filter_results];
    }
    if (isObject(event.usage)) this.#usage = mapUsage(event.usage);
    const deltas: Json[] = [];
    const finishes: Json[] = [];
    const choices = Array.isArray(event.choices) ? event.choices : [];
    choices.forEach((choice, position) => this.#translateChoice(choice, position, deltas, finishes));
    const out: ChatChunk[] = [];
    if (deltas.length) out.push(this.#chunk(deltas));
    if (finishes.length) out.push(this.#chunk(finishes));
    return out;
  }

  end(): ChatChunk[] {
    if (!this.#done) throw this.#failure('upstream_stream_truncated', 'ended the stream before its terminal [DONE] event');
    const unfinished = [...this.#choices].filter(([, s]) => !s.finished).map(([i]) => i);
    if (this.#choices.size === 0) throw this.#failure('upstream_invalid_response', 'ended the stream without any choice');
    if (unfinished.length) throw this.#failure('upstream_stream_truncated', `ended the stream without a finish_reason for choice ${unfinished.join(', ')}`);
    if (!this.#ctx.includeUsage) return [];
    if (!this.#usage) throw this.#failure('upstream_invalid_response', 'ended the stream without the usage chunk stream_options.include_usage asked for');
    return [{ ...this.#chunk([]), usage: this.#usage }];
  }

  #failure(code: string, what: string): UpstreamStreamError {
    return new UpstreamStreamError(new UpstreamError(502, code, `Upstream "${this.#ctx.account.name}" ${what}.`));
  }

  #state(index: number): ChoiceState {
    let state = this.#choices.get(index);
    if (!state) {
      state = { started: false, finished: false, tools: new Map(), nextToolIndex: 0 };
      this.#choices.set(index, state);
    }
    return state;
  }

  #translateChoice(raw: unknown, position: number, deltas: Json[], finishes: Json[]): void {
    if (!isObject(raw)) return;
    const index = Number.isInteger(raw.index) ? (raw.index as number) : position;
    const state = this.#state(index);
    if (state.finished) return; // Azure's late content-filter annotations: nothing left to say in OpenAI's grammar
    const up = isObject(raw.delta) ? raw.delta : {};
    const delta: Json = {};
    let carries = false;
    if (!state.started) delta.role = 'assistant';
    if (typeof up.content === 'string' && (up.content !== '' || !state.started)) { delta.content = up.content; carries ||= up.content !== ''; }
    if (typeof up.refusal === 'string' && up.refusal !== '') { delta.refusal = up.refusal; carries = true; }
    if (typeof up.reasoning_content === 'string' && up.reasoning_content !== '') { delta.reasoning_content = up.reasoning_content; carries = true; }
    if (isObject(up.function_call)) { delta.function_call = up.function_call; carries = true; }
    const toolDeltas = Array.isArray(up.tool_calls) ? this.#toolDeltas(state, up.tool_calls) : [];
    if (toolDeltas.length) { delta.tool_calls = toolDeltas; carries = true; }
    const finish = raw.finish_reason !== null && raw.finish_reason !== undefined;
    if (!state.started && (carries || finish || 'role' in up)) {
      if (delta.content === undefined && !toolDeltas.length) delta.content = '';
      carries = true;
    }
    const filter = isObject(raw.content_filter_results) && Object.keys(raw.content_filter_results).length ? { content_filter_results: raw.content_filter_results } : {};
    if (carries) {
      deltas.push({ index, delta, logprobs: raw.logprobs ?? null, finish_reason: null, ...filter });
      state.started = true;
    }
    if (finish) {
      finishes.push({ index, delta: {}, logprobs: null, finish_reason: mapFinishReason(raw.finish_reason), ...filter });
      state.finished = true;
    }
  }

  /** OpenAI tool-call deltas for one upstream delta: open each call once, then argument fragments only. */
  #toolDeltas(state: ChoiceState, calls: unknown[]): Json[] {
    const out: Json[] = [];
    calls.forEach((raw, position) => {
      if (!isObject(raw)) return;
      const upstreamIndex = Number.isInteger(raw.index) ? (raw.index as number) : position;
      const fn = isObject(raw.function) ? raw.function : {};
      const args = typeof fn.arguments === 'string' ? fn.arguments : '';
      const id = typeof raw.id === 'string' && raw.id !== '' ? raw.id : undefined;
      const open = state.tools.get(upstreamIndex);
      if (!open || (id !== undefined && id !== open.id)) {
        const call = { outIndex: state.nextToolIndex++, id: id ?? generatedToolCallId() };
        state.tools.set(upstreamIndex, call);
        out.push({ index: call.outIndex, id: call.id, type: 'function', function: { name: typeof fn.name === 'string' ? fn.name : '', arguments: args } });
      } else if (args !== '') {
        out.push({ index: open.outIndex, function: { arguments: args } });
      }
    });
    return out;
  }

  #chunk(choices: Json[]): ChatChunk {
    const chunk: ChatChunk = { id: this.#ctx.completionId, object: 'chat.completion.chunk', created: this.#ctx.created, model: this.#ctx.model, choices };
    if (this.#promptFilterResults) {
      chunk.prompt_filter_results = this.#promptFilterResults;
      this.#promptFilterResults = undefined;
    }
    return chunk;
  }
}
