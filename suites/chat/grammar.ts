/**
 * The chat-completions stream grammar as pure functions over the received SSE events: each returns
 * the violations of one check. Pointers index the stream: "/3/choices/0/delta/role" is a field of the
 * fourth event. Kept free of I/O so broken streams can be checked in unit tests.
 */
import type { SseEvent } from '../../lib/sse.ts';
import { describeValue, violation, type Violation } from '../../spec/violation.ts';

type Json = Record<string, unknown>;

export interface ParsedStream {
  events: SseEvent[];
  /** Parsed JSON of each event (undefined for [DONE] or unparseable data). */
  chunks: (Json | undefined)[];
  /** An unterminated event at the end of the body, if any. */
  partial?: SseEvent;
}

export function parseStream(events: SseEvent[], partial?: SseEvent): ParsedStream {
  const chunks = events.map((e) => {
    if (e.data === '[DONE]') return undefined;
    try {
      const v = JSON.parse(e.data) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
    } catch { return undefined; }
  });
  return { events, chunks, ...(partial ? { partial } : {}) };
}

function choicesOf(chunk: Json | undefined): Json[] {
  return Array.isArray(chunk?.choices) ? (chunk.choices as unknown[]).filter((c): c is Json => typeof c === 'object' && c !== null) : [];
}
function deltaOf(choice: Json): Json | undefined {
  return typeof choice.delta === 'object' && choice.delta !== null ? (choice.delta as Json) : undefined;
}

export function checkFraming(s: ParsedStream): Violation[] {
  const out: Violation[] = [];
  s.events.forEach((e, i) => {
    if (e.event !== undefined && e.event !== 'message') out.push(violation(`/${i}`, 'a data-only event (no `event:` name)', `event: ${e.event}`, 'sse.event-name'));
    if (e.data !== '[DONE]' && s.chunks[i] === undefined) out.push(violation(`/${i}`, 'data holding one JSON object', describeValue(e.data), 'sse.json'));
  });
  if (s.partial) out.push(violation(`/${s.events.length}`, 'every event terminated by a blank line', `unterminated ${describeValue(s.partial.raw)}`, 'sse.partial'));
  if (s.events.length === 0) out.push(violation('', 'at least one event', 'an empty stream', 'sse.empty'));
  return out;
}

export function checkRoleFirst(s: ParsedStream): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<unknown>();
  s.chunks.forEach((chunk, i) => {
    choicesOf(chunk).forEach((choice, j) => {
      const delta = deltaOf(choice);
      const ptr = `/${i}/choices/${j}/delta/role`;
      if (!seen.has(choice.index)) {
        seen.add(choice.index);
        if (delta?.role !== 'assistant') out.push(violation(ptr, '"assistant" in the first delta of the choice', describeValue(delta?.role), 'chat.role-first'));
      } else if (delta && delta.role !== undefined && delta.role !== null && delta.role !== 'assistant') {
        out.push(violation(ptr, 'no role change after the first delta', describeValue(delta.role), 'chat.role-change'));
      }
    });
  });
  return out;
}

export function checkStableId(s: ParsedStream): Violation[] {
  const out: Violation[] = [];
  const firstIndex = s.chunks.findIndex((c) => c !== undefined);
  if (firstIndex === -1) return [violation('', 'at least one JSON chunk', 'none', 'chat.no-chunks')];
  const first = s.chunks[firstIndex]!;
  for (const field of ['id', 'created', 'model'] as const) {
    s.chunks.forEach((chunk, i) => {
      if (chunk && chunk[field] !== first[field]) {
        out.push(violation(`/${i}/${field}`, `${describeValue(first[field])} as in event ${firstIndex}`, describeValue(chunk[field]), 'chat.stable-id'));
      }
    });
  }
  return out;
}

export function checkOneFinish(s: ParsedStream): Violation[] {
  const out: Violation[] = [];
  const finishedAt = new Map<unknown, number>();
  const indices = new Set<unknown>();
  s.chunks.forEach((chunk, i) => {
    choicesOf(chunk).forEach((choice, j) => {
      indices.add(choice.index);
      const delta = deltaOf(choice);
      const done = finishedAt.get(choice.index);
      if (done !== undefined) {
        const carries = delta && ((typeof delta.content === 'string' && delta.content !== '') || Array.isArray(delta.tool_calls));
        if (carries) out.push(violation(`/${i}/choices/${j}/delta`, `no delta after finish_reason (event ${done})`, describeValue(delta), 'chat.after-finish'));
        if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
          out.push(violation(`/${i}/choices/${j}/finish_reason`, `exactly one finish_reason (already at event ${done})`, describeValue(choice.finish_reason), 'chat.double-finish'));
        }
      } else if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        finishedAt.set(choice.index, i);
      }
    });
  });
  for (const index of indices) {
    if (!finishedAt.has(index)) out.push(violation('', `a finish_reason for choice ${String(index)}`, 'none', 'chat.no-finish'));
  }
  if (indices.size === 0) out.push(violation('', 'at least one choice', 'none', 'chat.no-choices'));
  return out;
}

export function checkUsageChunk(s: ParsedStream, includeUsage: boolean): Violation[] {
  const out: Violation[] = [];
  const withUsage: number[] = [];
  s.chunks.forEach((chunk, i) => {
    if (chunk && chunk.usage !== undefined && chunk.usage !== null) withUsage.push(i);
  });
  if (!includeUsage) {
    for (const i of withUsage) out.push(violation(`/${i}/usage`, 'no usage (stream_options.include_usage not set)', describeValue(s.chunks[i]!.usage), 'chat.usage-unrequested'));
    return out;
  }
  if (withUsage.length !== 1) {
    out.push(violation('', 'exactly one chunk with usage', `${withUsage.length} (events ${withUsage.join(', ') || 'none'})`, 'chat.usage-count'));
    if (withUsage.length === 0) return out;
  }
  const at = withUsage[withUsage.length - 1]!;
  const chunk = s.chunks[at]!;
  if (!Array.isArray(chunk.choices) || chunk.choices.length !== 0) out.push(violation(`/${at}/choices`, 'an empty array [] on the usage chunk', describeValue(chunk.choices), 'chat.usage-choices'));
  const lastData = s.chunks.reduce<number>((last, c, i) => (c ? i : last), -1);
  if (at !== lastData) out.push(violation(`/${at}`, 'the usage chunk last before [DONE]', `followed by event ${lastData}`, 'chat.usage-last'));
  const usage = chunk.usage as Json;
  for (const f of ['prompt_tokens', 'completion_tokens', 'total_tokens']) {
    if (!Number.isInteger(usage[f])) out.push(violation(`/${at}/usage/${f}`, 'integer', describeValue(usage[f]), 'chat.usage-fields'));
  }
  for (const i of withUsage) {
    if (i !== at) out.push(violation(`/${i}/usage`, 'null (only the final chunk carries usage)', describeValue(s.chunks[i]!.usage), 'chat.usage-null'));
  }
  return out;
}

export function checkDoneLast(s: ParsedStream): Violation[] {
  const out: Violation[] = [];
  const done = s.events.flatMap((e, i) => (e.data === '[DONE]' ? [i] : []));
  if (done.length === 0) out.push(violation(`/${s.events.length}`, 'a final `data: [DONE]` event', 'the stream ended without it', 'chat.done-missing'));
  else {
    if (done.length > 1) out.push(violation(`/${done[1]}`, 'exactly one [DONE]', `${done.length}`, 'chat.done-repeated'));
    if (done[0] !== s.events.length - 1) out.push(violation(`/${done[0]! + 1}`, 'nothing after [DONE]', describeValue(s.events[done[0]! + 1]?.data), 'chat.after-done'));
  }
  if (s.partial) out.push(violation(`/${s.events.length}`, 'nothing after [DONE]', `unterminated ${describeValue(s.partial.raw)}`, 'chat.after-done'));
  return out;
}

export interface AssembledToolCall { index: number; id?: unknown; type?: unknown; name?: unknown; arguments: string }

/** Reassemble streamed tool calls of choice 0 and check the delta rules. */
export function checkToolDeltas(s: ParsedStream, declared: string[]): { violations: Violation[]; calls: AssembledToolCall[] } {
  const out: Violation[] = [];
  const calls = new Map<number, AssembledToolCall>();
  let finish: unknown;
  s.chunks.forEach((chunk, i) => {
    choicesOf(chunk).forEach((choice, j) => {
      if (choice.index !== 0) return;
      if (choice.finish_reason) finish = choice.finish_reason;
      const toolCalls = deltaOf(choice)?.tool_calls;
      if (toolCalls === undefined || toolCalls === null) return;
      if (!Array.isArray(toolCalls)) { out.push(violation(`/${i}/choices/${j}/delta/tool_calls`, 'array', describeValue(toolCalls), 'chat.tool-delta')); return; }
      toolCalls.forEach((raw: unknown, k) => {
        const ptr = `/${i}/choices/${j}/delta/tool_calls/${k}`;
        const tc = (typeof raw === 'object' && raw !== null ? raw : {}) as Json;
        const fn = (typeof tc.function === 'object' && tc.function !== null ? tc.function : {}) as Json;
        if (!Number.isInteger(tc.index)) { out.push(violation(`${ptr}/index`, 'integer', describeValue(tc.index), 'chat.tool-index')); return; }
        const index = tc.index as number;
        let call = calls.get(index);
        if (!call) {
          call = { index, id: tc.id, type: tc.type, name: fn.name, arguments: '' };
          calls.set(index, call);
          if (typeof tc.id !== 'string' || tc.id === '') out.push(violation(`${ptr}/id`, 'a non-empty string on the first delta of the call', describeValue(tc.id), 'chat.tool-open'));
          if (tc.type !== 'function') out.push(violation(`${ptr}/type`, '"function" on the first delta of the call', describeValue(tc.type), 'chat.tool-open'));
          if (typeof fn.name !== 'string' || !declared.includes(fn.name)) out.push(violation(`${ptr}/function/name`, `one of the declared tools (${declared.join(', ')})`, describeValue(fn.name), 'chat.tool-name'));
        } else if (fn.name !== undefined && fn.name !== call.name) {
          out.push(violation(`${ptr}/function/name`, `no change of name after the first delta (${String(call.name)})`, describeValue(fn.name), 'chat.tool-name'));
        }
        if (fn.arguments !== undefined) {
          if (typeof fn.arguments !== 'string') out.push(violation(`${ptr}/function/arguments`, 'a string fragment', describeValue(fn.arguments), 'chat.tool-args'));
          else call.arguments += fn.arguments;
        }
      });
    });
  });
  if (calls.size === 0) out.push(violation('', 'at least one streamed tool call for choice 0', 'none', 'chat.tool-missing'));
  for (const call of calls.values()) {
    try {
      const parsed = JSON.parse(call.arguments) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    } catch {
      out.push(violation(`/tool_calls/${call.index}/function/arguments`, 'concatenated fragments forming a JSON object', describeValue(call.arguments), 'chat.tool-args-json'));
    }
  }
  if (finish !== 'tool_calls') out.push(violation('/choices/0/finish_reason', '"tool_calls"', describeValue(finish), 'chat.tool-finish'));
  return { violations: out, calls: [...calls.values()] };
}
