/**
 * How the Cohere simulator honours seed 001's capability matrix (spec/capabilities.yaml) at request
 * time. Each column is exercised by a request parameter; when the matrix says Cohere does not offer
 * the column, a request using that parameter is refused the way Cohere refuses any parameter it does
 * not have: 422 "unknown field: parameter '<name>' is not a valid field…". Columns and parameters:
 *   stream → `stream: true` · non_stream → `stream` false/absent · tools → `tools` / `tool_choice`
 *   json_mode → `response_format` json_object without a schema · schema_mode → json_object with
 *   `json_schema` · structured_output → `strict_tools: true` · reasoning → `thinking` (and reasoning
 *   models stop emitting thinking content) · prompt_caching → no parameter: `usage.cached_tokens` is
 *   reported only when offered.
 */
import { providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { cohereErrors, type CohereApiError } from './errors.ts';

/** Whether the provider offers a column; injectable so tests can exercise both answers. */
export type CapabilityCheck = (column: CapabilityColumn) => boolean;

export const cohereOffers: CapabilityCheck = (column) => providerOffers('cohere', column);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The parameter of `body` that exercises `column`, if the request uses the column. */
export function parameterFor(column: CapabilityColumn, body: Record<string, unknown>): string | undefined {
  const format = isObject(body.response_format) ? body.response_format : undefined;
  const json = format?.type === 'json_object';
  switch (column) {
    case 'stream': return body.stream === true ? 'stream' : undefined;
    case 'non_stream': return body.stream === true ? undefined : 'stream';
    case 'tools':
      if (Array.isArray(body.tools) && body.tools.length) return 'tools';
      return body.tool_choice !== undefined ? 'tool_choice' : undefined;
    case 'json_mode': return json && format?.json_schema === undefined ? 'response_format' : undefined;
    case 'schema_mode': return json && format?.json_schema !== undefined ? 'response_format' : undefined;
    case 'structured_output': return body.strict_tools === true ? 'strict_tools' : undefined;
    case 'reasoning': return body.thinking !== undefined ? 'thinking' : undefined;
    case 'prompt_caching': return undefined;
  }
}

const REFUSABLE: readonly CapabilityColumn[] = ['stream', 'non_stream', 'tools', 'json_mode', 'schema_mode', 'structured_output', 'reasoning'];

/** Cohere's refusal for the first unoffered capability the chat request uses, if any. */
export function capabilityRefusal(body: Record<string, unknown>, offers: CapabilityCheck): CohereApiError | undefined {
  for (const column of REFUSABLE) {
    const parameter = parameterFor(column, body);
    if (parameter && !offers(column)) return cohereErrors.unknownField(parameter);
  }
  return undefined;
}
