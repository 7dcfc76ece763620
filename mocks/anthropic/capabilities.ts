/**
 * The seed-001 capability matrix, honoured at request time. Each column maps to the Messages API parameter
 * that provides the feature (Anthropic docs; the matrix's notes), and a column the matrix marks
 * "unsupported" for this provider is refused the way the API refuses input it does not accept: 400
 * invalid_request_error `<path>: Extra inputs are not permitted`, or for a format type it does not know the
 * discriminator error (`Input tag 'json_object' found using 'type' does not match any of the expected
 * tags: 'json_schema'`); for Non Stream, `stream: Input should be True`.
 *
 * | column            | Messages API feature                                                               |
 * |-------------------|------------------------------------------------------------------------------------|
 * | stream            | `stream: true`                                                                     |
 * | non_stream        | `stream` absent or false                                                           |
 * | tools             | `tools` (client tools)                                                             |
 * | json_mode         | schema-less JSON: `output_config.format: {type: "json_object"}` (or `output_format`) |
 * | schema_mode       | `output_config.format: {type: "json_schema", schema}` (legacy `output_format`)     |
 * | structured_output | `tools[].strict: true` (strict tool use: constrained decoding of tool inputs)      |
 * | prompt_caching    | any `cache_control` (top level, tools, system, message blocks)                     |
 * | reasoning         | `thinking` (enabled / adaptive) or `output_config.effort`                          |
 */
import { CAPABILITY_COLUMNS, providerOffers, type CapabilityColumn, type MatrixProvider } from '../../spec/capabilities.ts';
import { extraInput, invalid, type AnthropicError } from './errors.ts';
import { isObject, type Json } from './request.ts';

/** Whether the provider offers a column (the matrix by default; tests may inject another answer). */
export type Offers = (column: CapabilityColumn) => boolean;

export function matrixOffers(provider: MatrixProvider): Offers {
  return (column) => providerOffers(provider, column);
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The path of the first `cache_control` in a request, or null. */
export function firstCacheControl(body: Json): string | null {
  if (body.cache_control != null) return 'cache_control';
  for (const [i, tool] of list(body.tools).entries()) if (isObject(tool) && tool.cache_control != null) return `tools.${i}.custom.cache_control`;
  for (const [i, block] of list(body.system).entries()) if (isObject(block) && block.cache_control != null) return `system.${i}.text.cache_control`;
  for (const [i, message] of list(body.messages).entries()) {
    if (!isObject(message)) continue;
    for (const [j, block] of list(message.content).entries()) {
      if (!isObject(block)) continue;
      const at = `messages.${i}.content.${j}.${String(block.type)}`;
      if (block.cache_control != null) return `${at}.cache_control`;
      for (const [k, inner] of list(block.content).entries()) {
        if (isObject(inner) && inner.cache_control != null) return `${at}.content.${k}.${String(inner.type)}.cache_control`;
      }
    }
  }
  return null;
}

/** The path of the output format of type `type` (`output_config.format`, or the legacy `output_format`). */
function formatPath(body: Json, type: (t: unknown) => boolean): string | null {
  if (isObject(body.output_config) && isObject(body.output_config.format) && type(body.output_config.format.type)) return 'output_config.format';
  return isObject(body.output_format) && type(body.output_format.type) ? 'output_format' : null;
}

const JSON_OBJECT = (t: unknown) => t === 'json_object';

/** Where a request uses each column's feature: the parameter's error path, or null when it does not. */
export const COLUMN_FEATURES: Readonly<Record<CapabilityColumn, (body: Json) => string | null>> = {
  stream: (b) => (b.stream === true ? 'stream' : null),
  non_stream: (b) => (b.stream !== true ? 'stream' : null),
  tools: (b) => (list(b.tools).length ? 'tools' : null),
  json_mode: (b) => formatPath(b, JSON_OBJECT),
  schema_mode: (b) => formatPath(b, (t) => !JSON_OBJECT(t)),
  structured_output: (b) => {
    const i = list(b.tools).findIndex((t) => isObject(t) && t.strict === true);
    return i === -1 ? null : `tools.${i}.custom.strict`;
  },
  prompt_caching: firstCacheControl,
  reasoning: (b) => {
    if (isObject(b.thinking) && b.thinking.type !== 'disabled') return 'thinking';
    return isObject(b.output_config) && b.output_config.effort != null ? 'output_config.effort' : null;
  },
};

/**
 * The refusal for the first column the request uses that the provider does not offer, or null.
 * `streaming: false` (count_tokens) skips the Stream / Non Stream columns, which do not apply there.
 */
export function refuseUnoffered(body: Json, offers: Offers, streaming = true): AnthropicError | null {
  for (const column of CAPABILITY_COLUMNS) {
    if (!streaming && (column === 'stream' || column === 'non_stream')) continue;
    const path = COLUMN_FEATURES[column](body);
    if (path === null || offers(column)) continue;
    if (column === 'non_stream') return invalid('stream: Input should be True');
    if (column === 'json_mode') return invalid(`${path}: Input tag 'json_object' found using 'type' does not match any of the expected tags: 'json_schema'`);
    return extraInput(path);
  }
  return null;
}
