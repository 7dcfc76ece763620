/**
 * Cohere v2 chat request validation, in the order Cohere's API answers: unparsable body; unknown
 * top-level fields (422, Cohere's "unknown field" — capabilities the matrix says Cohere lacks are
 * refused the same way, see capabilities.ts); model missing (400) or unknown (404) or of another API;
 * messages and tools (validate-messages.ts); then each parameter's type and range. Range messages
 * that Cohere's error reference documents are used verbatim (temperature, max tokens, response_format
 * with RAG); the rest follow its "invalid request: …" style. Returns a normalised request.
 */
import { capabilityRefusal, type CapabilityCheck } from './capabilities.ts';
import { cohereErrors } from './errors.ts';
import { findCohereModel, type CohereChatModel } from './models.ts';
import { checkMessages, checkTools, isObject, type CohereMessage, type CohereTool } from './validate-messages.ts';

export type ToolChoice = 'AUTO' | 'REQUIRED' | 'NONE';
export type ResponseFormat = { type: 'text' } | { type: 'json_object'; schema?: Record<string, unknown> };

export interface CohereChatRequest {
  body: Record<string, unknown>;
  model: CohereChatModel;
  messages: CohereMessage[];
  stream: boolean;
  tools: CohereTool[];
  toolChoice: ToolChoice;
  responseFormat: ResponseFormat;
  maxTokens: number | null;
  stopSequences: string[];
  /** Whether the answer carries thinking content, and its token budget. */
  thinking: { enabled: boolean; budget: number | null };
  logprobs: boolean;
  /** Text of `documents` (RAG), for token counts. */
  documents: string[];
}

/** Every top-level field of POST /v2/chat (docs.cohere.com/reference/chat; the SDK's V2ChatRequest). */
const KNOWN_FIELDS = new Set([
  'stream', 'model', 'messages', 'tools', 'strict_tools', 'documents', 'citation_options', 'response_format', 'safety_mode',
  'max_tokens', 'stop_sequences', 'temperature', 'seed', 'frequency_penalty', 'presence_penalty', 'k', 'p', 'logprobs',
  'tool_choice', 'thinking', 'priority',
]);

interface Range { min: number; max: number; integer?: boolean; label?: string }

const RANGES: Record<string, Range> = {
  temperature: { min: 0, max: 1, label: 'between 0 and 1.0 inclusive' },
  p: { min: 0.01, max: 0.99, label: 'between 0.01 and 0.99 inclusive' },
  k: { min: 0, max: 500, integer: true, label: 'between 0 and 500 inclusive' },
  frequency_penalty: { min: 0, max: 1, label: 'between 0 and 1.0 inclusive' },
  presence_penalty: { min: 0, max: 1, label: 'between 0 and 1.0 inclusive' },
  seed: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true },
  priority: { min: 0, max: 999, integer: true, label: 'between 0 and 999 inclusive' },
};

function checkRanges(body: Record<string, unknown>): void {
  for (const [name, range] of Object.entries(RANGES)) {
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || (range.integer && !Number.isInteger(value))) {
      throw cohereErrors.invalid(`${name} must be ${range.integer ? 'an integer' : 'a number'}.`);
    }
    if (value < range.min || value > range.max) throw cohereErrors.invalid(`${name} must be ${range.label}.`);
  }
  if (body.frequency_penalty && body.presence_penalty) throw cohereErrors.invalid('cannot specify both frequency_penalty and presence_penalty.');
  for (const flag of ['stream', 'strict_tools', 'logprobs']) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean') throw cohereErrors.invalid(`${flag} must be a boolean.`);
  }
  if (body.safety_mode !== undefined && !['CONTEXTUAL', 'STRICT', 'OFF'].includes(body.safety_mode as string)) {
    throw cohereErrors.invalid("safety_mode must be one of 'CONTEXTUAL', 'STRICT', 'OFF'.");
  }
}

function checkMaxTokens(value: unknown, model: CohereChatModel): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw cohereErrors.invalid('max_tokens must be a positive integer.');
  if (value > model.maxOutputTokens) throw cohereErrors.maxTokensTooLarge(model.maxOutputTokens, value);
  return value;
}

function checkStops(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) throw cohereErrors.invalid('stop_sequences must be a list of strings.');
  if (value.length > 5) throw cohereErrors.invalid(`stop_sequences can contain at most 5 items - received ${value.length}.`);
  return value as string[];
}

function checkResponseFormat(value: unknown, documents: string[]): ResponseFormat {
  if (value === undefined || value === null) return { type: 'text' };
  if (!isObject(value) || (value.type !== 'text' && value.type !== 'json_object')) {
    throw cohereErrors.invalid("response_format.type must be one of 'text', 'json_object'.");
  }
  if (documents.length) throw cohereErrors.invalid('response_format is not supported with RAG.');
  if (value.type === 'text') return { type: 'text' };
  if (value.json_schema === undefined || value.json_schema === null) return { type: 'json_object' };
  if (!isObject(value.json_schema)) throw cohereErrors.invalid('response_format.json_schema must be a JSON schema object.');
  return { type: 'json_object', schema: value.json_schema };
}

function checkToolChoice(value: unknown, model: CohereChatModel, tools: CohereTool[]): ToolChoice {
  if (value === undefined || value === null) return 'AUTO';
  if (value !== 'REQUIRED' && value !== 'NONE') throw cohereErrors.invalid("tool_choice must be one of 'REQUIRED', 'NONE'.");
  if (!model.toolChoice) throw cohereErrors.invalid(`tool_choice is not supported for model '${model.id}'.`);
  if (!tools.length) throw cohereErrors.invalid('tool_choice can only be used when tools are specified.');
  return value;
}

function checkThinking(value: unknown, model: CohereChatModel, reasoningOffered: boolean): CohereChatRequest['thinking'] {
  const byDefault = { enabled: model.reasoning && reasoningOffered, budget: null };
  if (value === undefined || value === null) return byDefault;
  if (!isObject(value) || (value.type !== 'enabled' && value.type !== 'disabled')) {
    throw cohereErrors.invalid("thinking.type must be one of 'enabled', 'disabled'.");
  }
  const budget = value.token_budget;
  if (budget !== undefined && (typeof budget !== 'number' || !Number.isInteger(budget) || budget < 1)) {
    throw cohereErrors.invalid('thinking.token_budget must be a positive integer.');
  }
  if (value.type === 'disabled') return { enabled: false, budget: null };
  if (!model.reasoning) throw cohereErrors.invalid(`thinking is not supported for model '${model.id}'.`);
  return { enabled: true, budget: (budget as number | undefined) ?? null };
}

function documentTexts(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw cohereErrors.invalid('documents must be a list.');
  return value.map((d, i) => {
    if (typeof d === 'string') return d;
    if (isObject(d) && isObject(d.data)) return JSON.stringify(d.data);
    throw cohereErrors.invalid(`documents[${i}] must be a string or an object with a data object.`);
  });
}

/** Validate a parsed body. Throws `CohereApiError`. */
export function validateChatRequest(body: unknown, offers: CapabilityCheck): CohereChatRequest {
  if (!isObject(body)) throw cohereErrors.invalidJson();
  const unknown = Object.keys(body).find((k) => !KNOWN_FIELDS.has(k));
  if (unknown) throw cohereErrors.unknownField(unknown);
  const refusal = capabilityRefusal(body, offers);
  if (refusal) throw refusal;
  if (body.model === undefined || body.model === null || body.model === '') throw cohereErrors.missingModel();
  if (typeof body.model !== 'string') throw cohereErrors.invalid('model must be a string.');
  const found = findCohereModel(body.model);
  if (!found) throw cohereErrors.modelNotFound(body.model);
  if (found.kind !== 'chat') throw cohereErrors.wrongApi(body.model, 'chat');

  const messages = checkMessages(body.messages, found);
  const tools = checkTools(body.tools, found);
  checkRanges(body);
  const documents = documentTexts(body.documents);
  return {
    body,
    model: found,
    messages,
    stream: body.stream === true,
    tools,
    toolChoice: checkToolChoice(body.tool_choice, found, tools),
    responseFormat: checkResponseFormat(body.response_format, documents),
    maxTokens: checkMaxTokens(body.max_tokens, found),
    stopSequences: checkStops(body.stop_sequences),
    thinking: checkThinking(body.thinking, found, offers('reasoning')),
    logprobs: body.logprobs === true,
    documents,
  };
}
