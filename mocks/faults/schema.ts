/**
 * JSON Schema (2020-12) of a fault and of a fault profile file, as data for ajv. One branch per fault
 * kind, chosen by the `kind` discriminator, each closed (`additionalProperties: false`) so a misspelt
 * parameter is reported instead of silently ignored.
 */
import { FAULT_KINDS } from './types.ts';

const count = { type: 'integer', minimum: 0 };
const text = { type: 'string', minLength: 1 };
const nullableText = { type: ['string', 'null'] };

const kinds: Record<string, { properties?: Record<string, unknown>; required?: string[]; anyOf?: unknown[] }> = {
  latency: { required: ['latencyMs'] },
  status: {
    properties: {
      status: { type: 'integer', minimum: 100, maximum: 599 },
      preset: { enum: ['rate_limit', 'rate_limit_no_retry_after', 'server_error', 'overloaded'] },
      message: text, type: text, code: nullableText, param: nullableText,
      headers: { type: 'object', additionalProperties: { type: 'string' } },
    },
    anyOf: [{ required: ['status'] }, { required: ['preset'] }],
  },
  reset: {},
  reset_mid_body: { properties: { afterEvents: count, afterBytes: count } },
  timeout: {},
  stall_mid_stream: { properties: { afterEvents: count } },
  truncate: { properties: { afterEvents: count } },
  malformed_event: { properties: { afterEvents: count, data: { type: 'string' } } },
  error_event: { properties: { afterEvents: count, message: text, type: text, code: nullableText } },
};

export const FAULT_NAME_PATTERN = '^[A-Za-z0-9_.-]+$';

export const faultSchema = {
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: FAULT_KINDS.map((kind) => {
    const k = kinds[kind]!;
    return {
      type: 'object',
      properties: { kind: { const: kind }, latencyMs: count, ...k.properties },
      required: ['kind', ...(k.required ?? [])],
      additionalProperties: false,
      ...(k.anyOf ? { anyOf: k.anyOf } : {}),
    };
  }),
};

export const profileSchema = {
  $defs: { fault: faultSchema },
  type: 'object',
  additionalProperties: false,
  properties: {
    faults: {
      type: 'object',
      propertyNames: { pattern: FAULT_NAME_PATTERN },
      additionalProperties: { $ref: '#/$defs/fault' },
    },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fault'],
        additionalProperties: false,
        properties: {
          match: {
            type: 'object',
            additionalProperties: false,
            properties: { upstream: text, method: text, path: text, stream: { type: 'boolean' }, model: text },
          },
          fault: {
            type: ['string', 'object'],
            if: { type: 'string' }, then: { pattern: FAULT_NAME_PATTERN }, else: { $ref: '#/$defs/fault' },
          },
          times: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
};
