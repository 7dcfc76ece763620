/**
 * The `stream: true` answer of POST /v2/chat: Cohere's typed SSE events (`event: <type>` plus a JSON
 * `data:` line carrying the same `type`), one token per delta as api.cohere.com sends them:
 *   message-start {id, delta.message.role}
 *   [content-start {type:"thinking"} · content-delta {thinking} … · content-end]      reasoning models
 *   tool-plan-delta {tool_plan} …                                                    tool calls, no thinking
 *   (tool-call-start {id, type, function{name, arguments:""}} · tool-call-delta {function.arguments} … · tool-call-end)*
 *   [content-start {type:"text"} · content-delta {text} (+ logprobs) … · content-end]
 *   message-end {delta: {finish_reason, usage}}
 * There is no `[DONE]`: message-end is the last event. Produced lazily, one event per pull.
 */
import { encodeSseJson } from '../../lib/sse.ts';
import type { CohereTurnPlan } from './generate.ts';
import { pullStream } from '../pull-stream.ts';

export type ChatEvent = Record<string, unknown> & { type: string };

export function* chatEvents(plan: CohereTurnPlan): Generator<ChatEvent> {
  yield { type: 'message-start', id: plan.id, delta: { message: { role: 'assistant' } } };
  let index = 0;
  if (plan.thinking) {
    yield { type: 'content-start', index, delta: { message: { content: { type: 'thinking', thinking: '' } } } };
    for (const token of plan.thinking) yield { type: 'content-delta', index, delta: { message: { content: { thinking: token } } } };
    yield { type: 'content-end', index };
    index++;
  }
  for (const token of plan.toolPlan ?? []) yield { type: 'tool-plan-delta', delta: { message: { tool_plan: token } } };
  for (const [i, call] of plan.toolCalls.entries()) {
    yield {
      type: 'tool-call-start', index: i,
      delta: { message: { tool_calls: { id: call.id, type: 'function', function: { name: call.name, arguments: '' } } } },
    };
    for (const token of call.argumentTokens) {
      yield { type: 'tool-call-delta', index: i, delta: { message: { tool_calls: { function: { arguments: token } } } } };
    }
    yield { type: 'tool-call-end', index: i };
  }
  if (plan.text) {
    yield { type: 'content-start', index, delta: { message: { content: { type: 'text', text: '' } } } };
    for (const [t, token] of plan.text.entries()) {
      const event: ChatEvent = { type: 'content-delta', index, delta: { message: { content: { text: token } } } };
      if (plan.logprobs) event.logprobs = plan.logprobs[t];
      yield event;
    }
    yield { type: 'content-end', index };
  }
  yield { type: 'message-end', delta: { finish_reason: plan.finishReason, usage: plan.usage } };
}

export interface StreamOptions {
  chunkDelayMs: number;
  /** Called once: `false` after message-end was handed over, `true` when the reader cancelled first. */
  onEnd: (aborted: boolean) => void;
}

export function streamChat(plan: CohereTurnPlan, options: StreamOptions): ReadableStream<Uint8Array> {
  return pullStream(chatEvents(plan), (event) => encodeSseJson(event, event.type), options);
}
