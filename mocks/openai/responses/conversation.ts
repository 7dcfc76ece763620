/**
 * Conversation state: the context a response is generated from is the previous response's context and
 * output (when `previous_response_id` names a stored one; its instructions are not carried over), then
 * this request's input with ids assigned from the request hash (msg_, fc_, fco_). Enforces OpenAI's
 * pairing rules between function calls and their outputs, and the "json" word for json_object.
 */
import type { ContextItem, InputItem } from './input.ts';
import { itemText } from './input.ts';
import { responseErrors } from './errors.ts';
import type { IdFactory } from './plan.ts';
import type { ResponseRequest } from './request.ts';

const PREFIX: Record<InputItem['type'], string> = { message: 'msg', function_call: 'fc', function_call_output: 'fco', reasoning: 'rs' };

/** Give every new input item an id (items passed back with their own id keep it). */
export function assignIds(items: readonly InputItem[], ids: IdFactory): ContextItem[] {
  return items.map((item, i) => {
    if (typeof item.id === 'string') return item as ContextItem;
    return { id: ids.make(PREFIX[item.type], `input-${i}`), ...item };
  });
}

export function buildContext(previous: readonly ContextItem[], req: ResponseRequest, ids: IdFactory): ContextItem[] {
  const context = [...previous, ...assignIds(req.input, ids)];
  checkToolPairs(context);
  if (req.format.type === 'json_object') {
    const texts = [req.instructions ?? '', ...context.filter((i) => i.type === 'message').map(itemText)];
    if (!texts.some((t) => /json/i.test(t))) throw responseErrors.jsonWordRequired();
  }
  return context;
}

function checkToolPairs(context: readonly ContextItem[]): void {
  const calls = new Set<unknown>();
  const answered = new Set<unknown>();
  for (const item of context) {
    if (item.type === 'function_call') calls.add(item.call_id);
    if (item.type === 'function_call_output') {
      if (!calls.has(item.call_id)) throw responseErrors.noToolCallForOutput(String(item.call_id));
      answered.add(item.call_id);
    }
  }
  for (const id of calls) if (!answered.has(id)) throw responseErrors.noToolOutputForCall(String(id));
}
