/**
 * A Cohere v2 chat answer → OpenAI `chat.completion`. Text content becomes `content`, with the tool
 * plan (Cohere's text beside tool calls) in front of it; thinking content becomes `reasoning_content`;
 * tool calls keep their ids; finish reason and usage come from the tables in mappings.ts. A generation
 * that Cohere ended with ERROR or TIMEOUT is answered as an upstream error, not as a quiet "stop".
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatCompletion, ChatContext } from '../types.ts';
import { generationFailure } from './errors.ts';
import { finishReasonFor, translateUsage } from './mappings.ts';
import type { CohereChatResponse } from './wire.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export function parseChatResponse(json: unknown, ctx: ChatContext): ChatCompletion {
  if (!isObject(json) || !isObject(json.message)) {
    throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${ctx.account.name}" answered without a message.`);
  }
  const answer = json as unknown as CohereChatResponse;
  const message = answer.message;
  let text = typeof message.tool_plan === 'string' ? message.tool_plan : '';
  let reasoning = '';
  for (const item of Array.isArray(message.content) ? message.content : []) {
    if (item?.type === 'text' && typeof item.text === 'string') text += item.text;
    else if (item?.type === 'thinking' && typeof item.thinking === 'string') reasoning += item.thinking;
  }
  const toolCalls = (Array.isArray(message.tool_calls) ? message.tool_calls : []).map((call, i) => ({
    id: typeof call?.id === 'string' && call.id ? call.id : `call_${ctx.completionId.slice(-12)}_${i}`,
    type: 'function' as const,
    function: { name: call?.function?.name ?? '', arguments: typeof call?.function?.arguments === 'string' ? call.function.arguments : '{}' },
  }));
  const finish = finishReasonFor(answer.finish_reason, toolCalls.length > 0);
  if (typeof finish !== 'string') throw generationFailure(ctx, finish.failure, `reported that ${finish.description}.`);
  const out: Json = {
    role: 'assistant',
    content: text === '' && toolCalls.length ? null : text,
    refusal: null,
  };
  if (reasoning) out.reasoning_content = reasoning;
  if (toolCalls.length) out.tool_calls = toolCalls;
  return {
    id: ctx.completionId,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [{ index: 0, message: out, finish_reason: finish, logprobs: null }],
    usage: translateUsage(answer.usage),
  };
}
