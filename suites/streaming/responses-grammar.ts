/**
 * The grammar of a Responses API event stream, as pure functions over the parsed events (so a test can
 * feed it broken streams): response.created first, in_progress next (queued between them for background
 * responses), items and parts opened before the events about them and closed after, one terminal event
 * last, and sequence_number 0, 1, 2, … Violations point at `/events/<index>`.
 */
import type { SseEvent } from '../../lib/sse.ts';
import { describeValue, violation, type Violation } from '../../spec/violation.ts';

export type StreamEvent = Record<string, any>;
const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** SSE framing: every event's data is one JSON object, no partial event; returns the parsed events. */
export function parseResponsesStream(events: SseEvent[], partial: SseEvent | undefined): { parsed: (StreamEvent | undefined)[]; violations: Violation[] } {
  const violations: Violation[] = [];
  const parsed = events.map((e, i) => {
    try {
      const value = JSON.parse(e.data) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        if (e.event !== undefined && e.event !== (value as StreamEvent).type) violations.push(violation(`/events/${i}/event`, `the event name equal to its type ${describeValue((value as StreamEvent).type)}`, describeValue(e.event), 'responses.event-name'));
        return value as StreamEvent;
      }
    } catch { /* reported below */ }
    violations.push(violation(`/events/${i}`, 'data holding one JSON object', describeValue(e.data.slice(0, 120)), 'responses.framing'));
    return undefined;
  });
  if (partial) violations.push(violation(`/events/${events.length}`, 'no unterminated event at the end', describeValue(partial.raw.slice(0, 120)), 'responses.partial'));
  return { parsed, violations };
}

/** sequence_number of event i is i. */
export function checkSequence(events: (StreamEvent | undefined)[]): Violation[] {
  return events.flatMap((e, i) => (e === undefined || e.sequence_number === i ? [] : [violation(`/events/${i}/sequence_number`, String(i), describeValue(e.sequence_number), 'responses.sequence')]));
}

/** Which part kind an event opens, closes or is about: content parts by content_index, summary parts by summary_index. */
function partKey(e: StreamEvent): string | undefined {
  if (typeof e.content_index === 'number') return `${e.output_index}/content/${e.content_index}`;
  if (typeof e.summary_index === 'number') return `${e.output_index}/summary/${e.summary_index}`;
  return undefined;
}

export function checkOrder(events: (StreamEvent | undefined)[]): Violation[] {
  const out: Violation[] = [];
  const list = events.map((e) => e ?? {});
  const at = (i: number, expected: string, rule: string) => out.push(violation(`/events/${i}/type`, expected, describeValue(list[i]?.type), rule));
  if (list.length === 0) return [violation('/events', 'at least response.created and a terminal event', 'no events', 'responses.empty')];
  if (list[0]!.type !== 'response.created') at(0, '"response.created" first', 'responses.created-first');
  const second = list[1]?.type === 'response.queued' ? 2 : 1;
  if (list[second]?.type !== 'response.in_progress') at(second, '"response.in_progress" right after response.created', 'responses.in-progress-next');
  const terminals = list.flatMap((e, i) => (TERMINAL.has(e.type) ? [i] : []));
  const last = list.length - 1;
  if (!TERMINAL.has(list[last]!.type)) at(last, 'a terminal event (response.completed, response.incomplete or response.failed) last', 'responses.terminal-last');
  for (const i of terminals) if (i !== last) at(i, 'no terminal event before the last event', 'responses.one-terminal');

  const items = new Map<number, 'open' | 'closed'>();
  const parts = new Map<string, 'open' | 'closed'>();
  list.forEach((e, i) => {
    const type = String(e.type);
    if (typeof e.output_index !== 'number') return;
    const item = items.get(e.output_index);
    if (type === 'response.output_item.added') {
      if (item) at(i, `output item ${e.output_index} opened once`, 'responses.item-reopened');
      items.set(e.output_index, 'open');
      return;
    }
    if (item !== 'open') { at(i, `an event about output item ${e.output_index} while it is open (after output_item.added, before output_item.done)`, item ? 'responses.after-item-done' : 'responses.before-item-added'); }
    if (type === 'response.output_item.done') {
      for (const [key, state] of parts) if (key.startsWith(`${e.output_index}/`) && state === 'open') at(i, `part ${key} closed before its item`, 'responses.part-open-at-item-done');
      items.set(e.output_index, 'closed');
      return;
    }
    const key = partKey(e);
    if (!key) return;
    const opens = type === 'response.content_part.added' || type === 'response.reasoning_summary_part.added';
    const closes = type === 'response.content_part.done' || type === 'response.reasoning_summary_part.done';
    const part = parts.get(key);
    if (opens) {
      if (part) at(i, `part ${key} opened once`, 'responses.part-reopened');
      parts.set(key, 'open');
    } else {
      if (part !== 'open') at(i, `an event about part ${key} while it is open (after its part.added, before its part.done)`, part ? 'responses.after-part-done' : 'responses.before-part-added');
      if (closes) parts.set(key, 'closed');
    }
  });
  for (const [index, state] of items) if (state === 'open') out.push(violation('/events', `output item ${index} closed (output_item.done) before the end`, 'still open', 'responses.item-never-closed'));
  return out;
}
