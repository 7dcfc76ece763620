/**
 * Azure OpenAI `chat.completion` → the gateway's OpenAI answer. Azure answers in OpenAI's shape plus its
 * content-filter annotations (`prompt_filter_results` on the answer, `content_filter_results` per
 * choice), which are kept; the envelope fields follow the gateway's conventions (id, created, model =
 * the deployment name the client asked for, no system_fingerprint) and usage always carries
 * cached and reasoning token counts.
 */
import { UpstreamError } from '../../errors.ts';
import type { ChatCompletion, ChatContext } from '../types.ts';
import { mapFinishReason, mapUsage } from './mappings.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Assistant message fields that exist on OpenAI's side (reasoning_content: the gateway's convention). */
const MESSAGE_FIELDS = ['refusal', 'annotations', 'audio', 'function_call', 'reasoning_content'] as const;

export function translateToolCall(call: unknown): Json {
  const c = isObject(call) ? call : {};
  const fn = isObject(c.function) ? c.function : {};
  return {
    id: typeof c.id === 'string' ? c.id : '',
    type: 'function',
    function: { name: typeof fn.name === 'string' ? fn.name : '', arguments: typeof fn.arguments === 'string' ? fn.arguments : '' },
  };
}

export function translateMessage(raw: unknown): Json {
  const m = isObject(raw) ? raw : {};
  const message: Json = { role: 'assistant', content: typeof m.content === 'string' ? m.content : null };
  for (const field of MESSAGE_FIELDS) {
    if (m[field] !== undefined) message[field] = m[field];
  }
  if (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) message.tool_calls = m.tool_calls.map(translateToolCall);
  return message;
}

function translateChoice(raw: unknown, position: number): Json {
  const c = isObject(raw) ? raw : {};
  const choice: Json = {
    index: Number.isInteger(c.index) ? c.index : position,
    message: translateMessage(c.message),
    finish_reason: mapFinishReason(c.finish_reason),
    logprobs: c.logprobs ?? null,
  };
  if (isObject(c.content_filter_results)) choice.content_filter_results = c.content_filter_results;
  return choice;
}

export function parseAzureResponse(json: unknown, ctx: ChatContext): ChatCompletion {
  if (!isObject(json) || !Array.isArray(json.choices)) {
    throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${ctx.account.name}" answered without a choices array.`);
  }
  const answer: Json = {
    id: ctx.completionId,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: json.choices.map(translateChoice),
    usage: mapUsage(json.usage),
    system_fingerprint: null,
  };
  if (Array.isArray(json.prompt_filter_results)) answer.prompt_filter_results = json.prompt_filter_results;
  return answer;
}
