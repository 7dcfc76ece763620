/**
 * The capability gate: before anything reaches an OpenAI-compatible upstream, a request that asks for a
 * capability the matrix (spec/capabilities.yaml) does not mark `supported` for that provider is refused
 * with 400 `unsupported_parameter`, `param` = the OpenAI parameter that asked for it and a message naming
 * the provider and the capability — never silently dropped or passed to an upstream that ignores it.
 * CAPABILITY_REQUESTS says, per matrix column, which parts of an OpenAI request ask for it.
 */
import { BadRequestError } from '../../errors.ts';
import { capability, loadCapabilityMatrix, type CapabilityColumn } from '../../../spec/capabilities.ts';
import type { ChatBody } from '../types.ts';
import type { ProviderQuirks } from './quirks.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a request asks for a capability: the top-level OpenAI parameter and the exact place. */
export interface CapabilityAsk {
  param: string;
  at: string;
}

const responseFormatType = (body: ChatBody): unknown => (isObject(body.response_format) ? body.response_format.type : undefined);

function cacheControlAsks(body: ChatBody): CapabilityAsk[] {
  const asks: CapabilityAsk[] = [];
  if (Array.isArray(body.messages)) {
    body.messages.forEach((message, i) => {
      if (!isObject(message)) return;
      if (message.cache_control !== undefined) asks.push({ param: 'messages', at: `messages[${i}].cache_control` });
      if (Array.isArray(message.content)) {
        message.content.forEach((part, j) => {
          if (isObject(part) && part.cache_control !== undefined) asks.push({ param: 'messages', at: `messages[${i}].content[${j}].cache_control` });
        });
      }
    });
  }
  if (Array.isArray(body.tools)) {
    body.tools.forEach((tool, i) => {
      if (isObject(tool) && tool.cache_control !== undefined) asks.push({ param: 'tools', at: `tools[${i}].cache_control` });
    });
  }
  return asks;
}

function strictToolAsks(body: ChatBody): CapabilityAsk[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.flatMap((tool, i) =>
    isObject(tool) && isObject(tool.function) && tool.function.strict === true ? [{ param: 'tools', at: `tools[${i}].function.strict` }] : []);
}

const present = (v: unknown) => v !== undefined && v !== null;

/** Per matrix column: the parts of the request that ask for it. */
export const CAPABILITY_REQUESTS: Readonly<Record<CapabilityColumn, (body: ChatBody) => CapabilityAsk[]>> = {
  stream: (b) => (b.stream === true ? [{ param: 'stream', at: 'stream: true' }] : []),
  non_stream: (b) => (b.stream !== true ? [{ param: 'stream', at: 'stream: false (a non-streamed answer)' }] : []),
  tools: (b) => [
    ...(Array.isArray(b.tools) && b.tools.length > 0 ? [{ param: 'tools', at: 'tools' }] : []),
    ...(present(b.tool_choice) && b.tool_choice !== 'none' ? [{ param: 'tool_choice', at: 'tool_choice' }] : []),
  ],
  json_mode: (b) => (responseFormatType(b) === 'json_object' ? [{ param: 'response_format', at: 'response_format {type: json_object}' }] : []),
  schema_mode: (b) => (responseFormatType(b) === 'json_schema' ? [{ param: 'response_format', at: 'response_format {type: json_schema}' }] : []),
  structured_output: (b) => [
    ...(responseFormatType(b) === 'json_schema' && isObject((b.response_format as Json).json_schema) && ((b.response_format as Json).json_schema as Json).strict === true
      ? [{ param: 'response_format', at: 'response_format.json_schema.strict: true' }] : []),
    ...strictToolAsks(b),
  ],
  prompt_caching: (b) => [
    ...(present(b.prompt_cache_key) ? [{ param: 'prompt_cache_key', at: 'prompt_cache_key' }] : []),
    ...(present(b.prompt_cache_retention) ? [{ param: 'prompt_cache_retention', at: 'prompt_cache_retention' }] : []),
    ...cacheControlAsks(b),
  ],
  reasoning: (b) => (present(b.reasoning_effort) ? [{ param: 'reasoning_effort', at: 'reasoning_effort' }] : []),
};

const COLUMN_ORDER: readonly CapabilityColumn[] = ['stream', 'non_stream', 'tools', 'json_mode', 'schema_mode', 'structured_output', 'prompt_caching', 'reasoning'];

/** Throw 400 for the first part of the request asking for a capability the provider does not offer through the gateway. */
export function assertCapabilities(body: ChatBody, quirks: ProviderQuirks): void {
  for (const column of COLUMN_ORDER) {
    const cell = capability(quirks.provider, column);
    if (cell.state === 'supported') continue;
    const ask = CAPABILITY_REQUESTS[column](body)[0];
    if (!ask) continue;
    const label = loadCapabilityMatrix().columns.find((c) => c.id === column)?.label ?? column;
    const why = cell.state === 'unsupported'
      ? `${quirks.label} does not offer ${label}`
      : `the gateway cannot pass ${label} through to ${quirks.label}${cell.note ? ` (${cell.note})` : ''}`;
    throw new BadRequestError('unsupported_parameter', `Unsupported parameter '${ask.param}' (${ask.at}) for provider "${quirks.provider}": ${why}.`, ask.param);
  }
}

/** True when the provider caches prompts on its own (no explicit markers to translate). */
export function cachesAutomatically(quirks: ProviderQuirks): boolean {
  return capability(quirks.provider, 'prompt_caching').state === 'supported';
}
