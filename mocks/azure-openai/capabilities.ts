/**
 * How the Azure OpenAI simulator honours seed 001's capability matrix (spec/capabilities.yaml) at
 * request time. A column the matrix says Azure does not offer is refused the way the service behind
 * Azure refuses a parameter it does not take: 400 "Unrecognized request argument supplied: <name>".
 * Parameters per column (chat completions · responses):
 *   stream `stream: true` · non_stream `stream` false/absent · tools `tools`/`tool_choice`/`functions`
 *   json_mode response_format|text.format json_object · schema_mode … json_schema
 *   structured_output a strict schema (`strict: true` in json_schema / text.format / a function tool)
 *   reasoning `reasoning_effort` · `reasoning` · prompt_caching `prompt_cache_key`; when not offered,
 *   `cached_tokens` is also reported as 0.
 */
import { providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { azureErrors, type AzureError } from './errors.ts';

export type CapabilityCheck = (column: CapabilityColumn) => boolean;

export const azureOffers: CapabilityCheck = (column) => providerOffers('azure-openai', column);

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const present = (body: Json, names: string[]) => names.find((n) => body[n] !== undefined && body[n] !== null);

/** The format object of a chat (`response_format`) or responses (`text.format`) request. */
function formatOf(body: Json, api: 'chat' | 'responses'): { type?: unknown; strict?: unknown; param: string } | undefined {
  if (api === 'chat') {
    const f = obj(body.response_format);
    return f ? { type: f.type, strict: obj(f.json_schema)?.strict, param: 'response_format' } : undefined;
  }
  const f = obj(obj(body.text)?.format);
  return f ? { type: f.type, strict: f.strict, param: 'text' } : undefined;
}

function strictTool(body: Json): boolean {
  if (!Array.isArray(body.tools)) return false;
  return body.tools.some((t) => obj(t)?.strict === true || obj(obj(t)?.function)?.strict === true);
}

export function parameterFor(column: CapabilityColumn, body: Json, api: 'chat' | 'responses'): string | undefined {
  const format = formatOf(body, api);
  switch (column) {
    case 'stream': return body.stream === true ? 'stream' : undefined;
    case 'non_stream': return body.stream === true ? undefined : 'stream';
    case 'tools':
      if (Array.isArray(body.tools) && body.tools.length) return 'tools';
      return present(body, ['tool_choice', 'functions', 'function_call']);
    case 'json_mode': return format?.type === 'json_object' ? format.param : undefined;
    case 'schema_mode': return format?.type === 'json_schema' ? format.param : undefined;
    case 'structured_output': return (format?.type === 'json_schema' && format.strict === true) || strictTool(body) ? 'strict' : undefined;
    case 'reasoning': return present(body, [api === 'chat' ? 'reasoning_effort' : 'reasoning']);
    case 'prompt_caching': return present(body, ['prompt_cache_key']);
  }
}

const ORDER: readonly CapabilityColumn[] = ['stream', 'non_stream', 'tools', 'json_mode', 'schema_mode', 'structured_output', 'reasoning', 'prompt_caching'];

export function capabilityRefusal(body: Json, api: 'chat' | 'responses', offers: CapabilityCheck): AzureError | undefined {
  for (const column of ORDER) {
    const parameter = parameterFor(column, body, api);
    if (parameter && !offers(column)) return azureErrors.unrecognizedArgument(parameter);
  }
  return undefined;
}
