/**
 * A chat request as an OpenAI-compatible provider reads it, in this order: the body's basic shape
 * (provider's malformed-request error), unknown top-level parameters (rejected or ignored per the
 * table), the model (catalog narrowed by the capability matrix), the capability matrix — a feature
 * the provider does not offer (stream, tools, JSON mode, schema mode, strict structured output,
 * reasoning parameters, prompt-cache key) is refused the way the provider refuses a parameter, or
 * dropped where it documents ignoring it — then the provider's documented rejections. The result
 * feeds the OpenAI simulator's planner (mocks/openai/generate.ts) unchanged.
 */
import type { CapabilityColumn } from '../../spec/capabilities.ts';
import type { ModelInfo } from '../openai/models.ts';
import { promptTokenSequence } from '../openai/tokens.ts';
import type { ChatRequest, FunctionTool, ResponseFormat, ToolChoice } from '../openai/validate.ts';
import { ProviderError, type ModelRow, type ProviderProfile, type ReasoningDisplay, type Refusal } from './profile.ts';

/** OpenAI Chat Completions parameters every compatible provider at least parses. */
export const COMMON_PARAMS = [
  'model', 'messages', 'stream', 'stream_options', 'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'n',
  'stop', 'seed', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs', 'top_logprobs', 'tools',
  'tool_choice', 'parallel_tool_calls', 'response_format', 'user', 'reasoning_effort', 'service_tier',
] as const;

/** Parameters that only mean something to a reasoning model. */
const REASONING_PARAMS = ['reasoning_effort', 'reasoning_format', 'include_reasoning', 'reasoning', 'disable_reasoning'];

export interface CompatRequest {
  body: Record<string, unknown>;
  model: ModelRow;
  /** What the OpenAI planner needs. */
  chat: ChatRequest;
  stream: boolean;
  includeUsage: boolean;
  /** How this request's reasoning is shown; null for a model that does not reason. */
  display: ReasoningDisplay | null;
  /** The prompt as tokens (its length is prompt_tokens; its prefixes are what the cache matches). */
  prompt: string[];
}

export interface RequestContext {
  profile: ProviderProfile;
  offers(column: CapabilityColumn): boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The models this provider serves now: reasoning models only while the matrix says it offers reasoning. */
export function catalog(ctx: RequestContext): ModelRow[] {
  return ctx.profile.models.filter((m) => !m.reasoning || ctx.offers('reasoning'));
}

function checkShape(body: unknown, ctx: RequestContext): Record<string, unknown> {
  const { errors } = ctx.profile;
  if (!isObject(body)) throw errors.malformed({ kind: 'json', param: 'body' });
  if (body.model === undefined || body.model === null || body.model === '') throw errors.malformed({ kind: 'missing', param: 'model', body });
  if (typeof body.model !== 'string') throw errors.malformed({ kind: 'type', param: 'model', expected: 'string', value: body.model });
  if (body.messages === undefined || body.messages === null) throw errors.malformed({ kind: 'missing', param: 'messages', body });
  if (!Array.isArray(body.messages)) throw errors.malformed({ kind: 'type', param: 'messages', expected: 'array', value: body.messages });
  if (body.messages.length === 0) throw errors.malformed({ kind: 'type', param: 'messages', expected: 'non-empty array', value: [] });
  body.messages.forEach((m, i) => {
    if (!isObject(m) || typeof m.role !== 'string') throw errors.malformed({ kind: 'type', param: `messages.${i}`, expected: 'object', value: m });
  });
  return body;
}

/** Apply the matrix: refuse (throw) or drop (`strip`) a feature the provider does not offer. */
function gate(ctx: RequestContext, refusal: Refusal, strip: () => void): void {
  if (ctx.offers(refusal.column)) return;
  const answer = ctx.profile.errors.unsupported(refusal);
  if (answer === 'ignore') strip();
  else throw answer;
}

function applyMatrix(body: Record<string, unknown>, ctx: RequestContext): void {
  if (body.stream === true) gate(ctx, { column: 'stream', param: 'stream', value: true }, () => { body.stream = false; });
  else gate(ctx, { column: 'non_stream', param: 'stream', value: body.stream ?? false }, () => {});
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.length) {
    gate(ctx, { column: 'tools', param: 'tools', value: tools.length }, () => { delete body.tools; delete body.tool_choice; delete body.parallel_tool_calls; });
    if (Array.isArray(body.tools) && body.tools.some((t) => isObject(t) && isObject(t.function) && t.function.strict === true)) {
      gate(ctx, { column: 'structured_output', param: 'tools', value: 'strict' }, () => {
        for (const t of body.tools as Record<string, unknown>[]) if (isObject(t.function)) delete t.function.strict;
      });
    }
  }
  const format = isObject(body.response_format) ? body.response_format : null;
  const dropFormat = () => { delete body.response_format; };
  if (format?.type === 'json_object') gate(ctx, { column: 'json_mode', param: 'response_format', value: 'json_object' }, dropFormat);
  if (format?.type === 'json_schema') {
    gate(ctx, { column: 'schema_mode', param: 'response_format', value: 'json_schema' }, dropFormat);
    const schema = isObject(format.json_schema) ? format.json_schema : null;
    if (schema?.strict === true && body.response_format) {
      gate(ctx, { column: 'structured_output', param: 'response_format', value: 'strict' }, () => { delete schema.strict; });
    }
  }
  for (const param of REASONING_PARAMS) {
    if (body[param] !== undefined) gate(ctx, { column: 'reasoning', param, value: body[param] }, () => { delete body[param]; });
  }
  if (body.prompt_cache_key !== undefined) gate(ctx, { column: 'prompt_caching', param: 'prompt_cache_key' }, () => { delete body.prompt_cache_key; });
}

function parseTools(body: Record<string, unknown>, ctx: RequestContext): { tools: FunctionTool[]; toolChoice: ToolChoice } {
  const invalid = (message: string, param: string) => ctx.profile.errors.invalid(message, param);
  const tools: FunctionTool[] = [];
  if (body.tools !== undefined && body.tools !== null) {
    if (!Array.isArray(body.tools)) throw invalid("'tools' must be an array of tool objects", 'tools');
    body.tools.forEach((t, i) => {
      const fn = isObject(t) ? t.function : undefined;
      if (!isObject(t) || t.type !== 'function' || !isObject(fn) || typeof fn.name !== 'string' || !fn.name) {
        throw invalid(`'tools.${i}' must be a function tool with a name`, `tools.${i}`);
      }
      tools.push({ name: fn.name, ...(typeof fn.description === 'string' ? { description: fn.description } : {}), ...(isObject(fn.parameters) ? { parameters: fn.parameters } : {}) });
    });
  }
  const choice = body.tool_choice;
  let toolChoice: ToolChoice = tools.length ? 'auto' : 'none';
  if (choice === 'none' || choice === 'auto' || choice === 'required') toolChoice = choice;
  else if (isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string') {
    const name = choice.function.name;
    if (!tools.some((t) => t.name === name)) throw invalid(`tool_choice names '${name}', which is not in 'tools'`, 'tool_choice');
    toolChoice = { name };
  } else if (choice !== undefined && choice !== null) throw invalid("'tool_choice' must be 'none', 'auto', 'required' or a named function", 'tool_choice');
  return { tools, toolChoice };
}

function parseFormat(body: Record<string, unknown>, ctx: RequestContext): ResponseFormat {
  const format = body.response_format;
  if (format === undefined || format === null) return { type: 'text' };
  if (!isObject(format)) throw ctx.profile.errors.invalid("'response_format' must be an object", 'response_format');
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema') {
    // OpenAI nests the schema in `json_schema`; Together also accepts it directly under `schema`.
    const nested = isObject(format.json_schema) ? format.json_schema : {};
    const schema = isObject(nested.schema) ? nested.schema : isObject(format.schema) ? format.schema : { type: 'object' };
    return { type: 'json_schema', name: typeof nested.name === 'string' ? nested.name : 'response', schema };
  }
  if (format.type === 'text' || format.type === 'regex') return { type: 'text' };
  throw ctx.profile.errors.invalid(`response_format type '${String(format.type)}' is not supported`, 'response_format.type');
}

/** The reasoning effort the planner should assume (also honours `reasoning: {enabled:false}` and `disable_reasoning`). */
function effortOf(body: Record<string, unknown>): string | null {
  if (body.disable_reasoning === true) return 'none';
  if (isObject(body.reasoning) && body.reasoning.enabled === false) return 'none';
  if (typeof body.reasoning_effort === 'string') return body.reasoning_effort;
  if (isObject(body.reasoning) && typeof body.reasoning.effort === 'string') return body.reasoning.effort;
  return null;
}

function modelInfo(row: ModelRow): ModelInfo {
  return {
    snapshot: row.id, reasoning: Boolean(row.reasoning), maxOutputTokens: row.maxOutputTokens ?? 32768, fingerprint: null,
    limitRequests: 1000, limitTokens: 1_000_000, images: { kind: 'tiles', base: 85, tile: 170 },
  };
}

/** Parse, check and normalise a chat request body. Throws ProviderError. */
export function parseChatRequest(text: string, ctx: RequestContext): CompatRequest {
  const { profile } = ctx;
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { throw profile.errors.malformed({ kind: 'json', param: 'body' }); }
  const body = checkShape(parsed, ctx);
  const known = [...COMMON_PARAMS, ...profile.extraParams];
  for (const key of Object.keys(body)) {
    if (known.includes(key)) continue;
    const answer = profile.errors.unknownParam(key, known);
    if (answer === 'ignore') delete body[key];
    else throw answer;
  }
  const model = catalog(ctx).find((m) => m.id === body.model);
  if (!model) throw profile.errors.modelNotFound(body.model as string);
  applyMatrix(body, ctx);
  const rejected = profile.rejectParams?.(body, model);
  if (rejected) throw rejected;
  for (const param of profile.ignoredParams ?? []) delete body[param];

  const effort = effortOf(body);
  const efforts = model.reasoning?.efforts;
  if (model.reasoning && typeof body.reasoning_effort === 'string' && efforts && !efforts.includes(body.reasoning_effort)) {
    throw profile.errors.invalid(`reasoning_effort must be one of ${efforts.join(', ')}; got '${body.reasoning_effort}'`, 'reasoning_effort');
  }
  const n = body.n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > profile.maxN) {
    throw profile.errors.invalid(`'n' must be an integer between 1 and ${profile.maxN}`, 'n');
  }
  const { tools, toolChoice } = parseTools(body, ctx);
  const responseFormat = parseFormat(body, ctx);
  const maxParam = body.max_completion_tokens ?? body.max_tokens;
  if (maxParam !== undefined && maxParam !== null && (typeof maxParam !== 'number' || !Number.isInteger(maxParam) || maxParam < 1)) {
    throw profile.errors.invalid('max_tokens must be a positive integer', body.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens');
  }
  const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop.filter((s): s is string => typeof s === 'string') : [];
  let display: ReasoningDisplay | null = null;
  if (model.reasoning) {
    const chosen = profile.reasoningDisplay?.(body, model) ?? model.reasoning.display;
    if (chosen instanceof ProviderError) throw chosen;
    display = chosen;
  }
  const messages = body.messages as Record<string, unknown>[];
  const stream = body.stream === true;
  const chat: ChatRequest = {
    body, model: modelInfo(model), messages, stream, includeUsage: isObject(body.stream_options) && body.stream_options.include_usage === true,
    includeObfuscation: false, n, maxTokens: typeof maxParam === 'number' ? maxParam : null, stop, tools, toolChoice,
    legacyFunctions: false, parallelToolCalls: typeof body.parallel_tool_calls === 'boolean' ? body.parallel_tool_calls : undefined,
    responseFormat, logprobs: false, topLogprobs: 0, serviceTier: 'default', reasoningEffort: effort,
    promptCacheKey: typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : null, promptCacheRetention: null,
  };
  const prompt = promptTokenSequence({ messages, tools: body.tools, ...(responseFormat.type === 'json_schema' ? { responseSchema: responseFormat.schema } : {}) });
  return { body, model, chat, stream, includeUsage: chat.includeUsage, display, prompt };
}
