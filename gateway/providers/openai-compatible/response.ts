/**
 * A non-streamed OpenAI-compatible answer → OpenAI's `chat.completion`: the gateway's id/created/model,
 * no system_fingerprint, `logprobs` present (null when absent), reasoning (`reasoning`,
 * `reasoning_content`, or leading `<think>` tags) as `reasoning_content`, tool calls with ids and
 * type "function", finish reasons through FINISH_REASONS, usage normalized (mappings.ts). Top-level
 * provider additions (citations, search_results, x_groq, time_info, …) are kept; the usage copy in
 * x_groq is folded into `usage`.
 */
import { randomBytes } from 'node:crypto';
import { UpstreamError } from '../../errors.ts';
import type { ChatCompletion, ChatContext } from '../types.ts';
import { isErrorFrame, mapStreamError } from './errors.ts';
import { findUsage, mapFinishReason, normalizeUsage, reasoningOf, REASONING_FIELDS } from './mappings.ts';
import type { ProviderQuirks } from './quirks.ts';
import { splitThinkTags } from './think-tags.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface TranslateOptions {
  /** Split leading `<think>` tags out of content (false when the client asked for the raw format). */
  splitThinkTags: boolean;
}

/** A tool call id for a call the upstream sent without one. */
export function newToolCallId(): string {
  return `call_${randomBytes(12).toString('base64url')}`;
}

/** Top-level fields the translation owns; every other top-level field of the upstream answer is kept. */
const OWNED_FIELDS = new Set(['id', 'object', 'created', 'model', 'choices', 'usage', 'system_fingerprint']);

export function extraTopLevelFields(upstream: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(upstream)) {
    if (OWNED_FIELDS.has(key)) continue;
    if (key === 'x_groq' && isObject(value)) {
      const { usage: _usage, ...rest } = value;
      if (Object.keys(rest).length) out[key] = rest;
      continue;
    }
    if (key === 'service_tier' && value !== null && typeof value !== 'string') continue;
    out[key] = value;
  }
  return out;
}

function normalizeToolCall(raw: unknown): Json | undefined {
  if (!isObject(raw)) return undefined;
  const fn = isObject(raw.function) ? raw.function : {};
  const args = typeof fn.arguments === 'string' ? fn.arguments : fn.arguments === undefined ? '{}' : JSON.stringify(fn.arguments);
  return {
    ...raw,
    id: typeof raw.id === 'string' && raw.id ? raw.id : newToolCallId(),
    type: 'function',
    function: { ...fn, name: typeof fn.name === 'string' ? fn.name : '', arguments: args },
  };
}

function translateMessage(raw: unknown, options: TranslateOptions): Json {
  const message = isObject(raw) ? raw : {};
  const rest: Json = { ...message };
  for (const field of REASONING_FIELDS) delete rest[field];
  let reasoning = reasoningOf(message);
  let content = typeof message.content === 'string' ? message.content : null;
  if (content !== null && options.splitThinkTags) {
    const split = splitThinkTags(content);
    if (split.reasoning) {
      reasoning = (reasoning ?? '') + split.reasoning;
      content = split.content;
    }
  }
  const out: Json = { ...rest, role: 'assistant', content };
  if (reasoning !== undefined) out.reasoning_content = reasoning;
  if (Array.isArray(message.tool_calls)) {
    const calls = message.tool_calls.map(normalizeToolCall).filter((c): c is Json => c !== undefined);
    if (calls.length) out.tool_calls = calls;
    else delete out.tool_calls;
  }
  return out;
}

export function translateResponse(json: unknown, ctx: ChatContext, quirks: ProviderQuirks, options: TranslateOptions): ChatCompletion {
  if (!isObject(json)) throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${ctx.account.name}" sent an answer that is not a JSON object.`);
  if (isErrorFrame(json)) throw mapStreamError(json, ctx.account.name, quirks);
  if (!Array.isArray(json.choices)) throw new UpstreamError(502, 'upstream_invalid_response', `Upstream "${ctx.account.name}" sent an answer without choices.`);
  const choices = json.choices.filter(isObject).map((choice, position) => {
    const message = translateMessage(choice.message, options);
    const producedToolCalls = Array.isArray(message.tool_calls) && message.tool_calls.length > 0;
    return {
      index: Number.isInteger(choice.index) ? choice.index : position,
      message,
      logprobs: isObject(choice.logprobs) ? choice.logprobs : null,
      finish_reason: mapFinishReason(choice.finish_reason, producedToolCalls),
    };
  });
  const usage = findUsage(json, quirks);
  return {
    id: ctx.completionId,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices,
    ...(usage ? { usage: normalizeUsage(usage, quirks) } : {}),
    ...extraTopLevelFields(json),
  };
}
