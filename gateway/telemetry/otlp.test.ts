/**
 * OTLP/JSON encoding, checked field by field against a JSON Schema of `ExportTraceServiceRequest`
 * written from opentelemetry-proto (trace.proto, common.proto, resource.proto) and the OTLP spec's
 * JSON rules: hex ids, int64 as decimal strings, enums as integers, no unknown fields.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ATTR } from './attributes.ts';
import { encodeAttributeValue, encodeExportRequest, msToUnixNano, SCOPE, type ExportTraceServiceRequest } from './otlp.ts';
import { startSpan, type SpanRecord } from './span.ts';
import { VERSION } from '../../lib/version.ts';

const anyValue = {
  $id: 'AnyValue',
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    stringValue: { type: 'string' },
    boolValue: { type: 'boolean' },
    intValue: { type: 'string', pattern: '^-?(0|[1-9][0-9]*)$' },
    doubleValue: { oneOf: [{ type: 'number' }, { enum: ['NaN', 'Infinity', '-Infinity'] }] },
    arrayValue: {
      type: 'object', additionalProperties: false, required: ['values'],
      properties: { values: { type: 'array', items: { $ref: 'AnyValue' } } },
    },
  },
};
const keyValues = {
  type: 'array',
  items: { type: 'object', additionalProperties: false, required: ['key', 'value'], properties: { key: { type: 'string', minLength: 1 }, value: { $ref: 'AnyValue' } } },
};
const uint64 = { type: 'string', pattern: '^(0|[1-9][0-9]*)$' };
const exportTraceServiceRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['resourceSpans'],
  properties: {
    resourceSpans: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['resource', 'scopeSpans'],
        properties: {
          resource: { type: 'object', additionalProperties: false, required: ['attributes'], properties: { attributes: keyValues } },
          scopeSpans: {
            type: 'array',
            items: {
              type: 'object', additionalProperties: false, required: ['scope', 'spans'],
              properties: {
                scope: { type: 'object', additionalProperties: false, required: ['name', 'version'], properties: { name: { type: 'string' }, version: { type: 'string' } } },
                spans: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['traceId', 'spanId', 'flags', 'name', 'kind', 'startTimeUnixNano', 'endTimeUnixNano', 'attributes', 'status'],
                    properties: {
                      traceId: { type: 'string', pattern: '^[0-9a-f]{32}$', not: { const: '0'.repeat(32) } },
                      spanId: { type: 'string', pattern: '^[0-9a-f]{16}$', not: { const: '0'.repeat(16) } },
                      parentSpanId: { type: 'string', pattern: '^[0-9a-f]{16}$' },
                      traceState: { type: 'string', minLength: 1 },
                      flags: { type: 'integer', minimum: 0, maximum: 0x3ff },
                      name: { type: 'string', minLength: 1 },
                      kind: { const: 2 },
                      startTimeUnixNano: uint64,
                      endTimeUnixNano: uint64,
                      attributes: keyValues,
                      droppedAttributesCount: { type: 'integer', minimum: 1 },
                      status: {
                        type: 'object', additionalProperties: false, required: ['code'],
                        properties: { code: { enum: [0, 1, 2] }, message: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(anyValue);
const validate = ajv.compile<ExportTraceServiceRequest>(exportTraceServiceRequest);

function expectValid(request: unknown): asserts request is ExportTraceServiceRequest {
  const ok = validate(request);
  expect(ok ? [] : validate.errors).toEqual([]);
}

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

function spans(): SpanRecord[] {
  let t = 1_700_000_000_123.456;
  const now = () => t;
  const child = startSpan({ name: 'POST /chat/completions', traceparent: `00-${TRACE}-${PARENT}-01`, tracestate: 'congo=t61rcWkgMzE', now });
  child.setAttributes({
    [ATTR.GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    [ATTR.GEN_AI_USAGE_INPUT_TOKENS]: 12,
    [ATTR.HTTP_RESPONSE_STATUS_CODE]: 200,
    [ATTR.TFY_COST_USD]: 2,
    'ratio': 0.25,
    [ATTR.TFY_STREAM]: false,
    [ATTR.GEN_AI_RESPONSE_FINISH_REASONS]: ['stop', 'length'],
  });
  child.setStatus('ok');
  t += 1.5;
  const childRecord = child.end();
  const root = startSpan({ name: 'GET', now });
  root.setStatus('error', 'upstream_timeout');
  for (let i = 0; i < 130; i++) root.setAttribute(`a${i}`, 'v');
  t += 10;
  return [childRecord, root.end()];
}

describe('encodeExportRequest', () => {
  it('produces a valid ExportTraceServiceRequest with one resource and one scope', () => {
    const request = encodeExportRequest(spans(), { serviceName: 'my-gateway', serviceVersion: '9.9.9' });
    expectValid(request);
    const [resourceSpans] = request.resourceSpans;
    expect(resourceSpans!.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'my-gateway' } });
    expect(resourceSpans!.resource.attributes).toContainEqual({ key: 'service.version', value: { stringValue: '9.9.9' } });
    expect(resourceSpans!.scopeSpans).toHaveLength(1);
    expect(resourceSpans!.scopeSpans[0]!.scope).toEqual({ name: SCOPE.name, version: VERSION });
    expect(resourceSpans!.scopeSpans[0]!.spans).toHaveLength(2);
  });

  it('defaults service.name to touchstone-gateway and service.version to the package version', () => {
    const request = encodeExportRequest([]);
    expectValid(request);
    expect(request.resourceSpans[0]!.resource.attributes.slice(0, 2)).toEqual([
      { key: 'service.name', value: { stringValue: 'touchstone-gateway' } },
      { key: 'service.version', value: { stringValue: VERSION } },
    ]);
  });

  it('encodes a continued span: hex ids, parent, tracestate, flags, SERVER kind, exact nanosecond strings', () => {
    const [child] = encodeExportRequest(spans()).resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(child).toMatchObject({
      traceId: TRACE,
      parentSpanId: PARENT,
      traceState: 'congo=t61rcWkgMzE',
      flags: 0x301, // sampled | has-is-remote | is-remote
      name: 'POST /chat/completions',
      kind: 2,
      startTimeUnixNano: '1700000000123456000',
      endTimeUnixNano: '1700000000124956000',
      status: { code: 1 },
    });
    expect(child!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child!.droppedAttributesCount).toBeUndefined();
  });

  it('encodes every attribute type: ints as decimal strings, doubles, booleans, string arrays; cost always double', () => {
    const [child] = encodeExportRequest(spans()).resourceSpans[0]!.scopeSpans[0]!.spans;
    const byKey = Object.fromEntries(child!.attributes.map((a) => [a.key, a.value]));
    expect(byKey).toEqual({
      'gen_ai.request.model': { stringValue: 'gpt-4o-mini' },
      'gen_ai.usage.input_tokens': { intValue: '12' },
      'http.response.status_code': { intValue: '200' },
      'tfy.cost.usd': { doubleValue: 2 },
      ratio: { doubleValue: 0.25 },
      'tfy.stream': { boolValue: false },
      'gen_ai.response.finish_reasons': { arrayValue: { values: [{ stringValue: 'stop' }, { stringValue: 'length' }] } },
    });
  });

  it('encodes a root span with an error status and the count of dropped attributes', () => {
    const [, root] = encodeExportRequest(spans()).resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(root).not.toHaveProperty('parentSpanId');
    expect(root).not.toHaveProperty('traceState');
    expect(root!.flags).toBe(0x101); // sampled | has-is-remote, not remote
    expect(root!.status).toEqual({ code: 2, message: 'upstream_timeout' });
    expect(root!.attributes).toHaveLength(128);
    expect(root!.droppedAttributesCount).toBe(2);
  });

  it('leaves an unset status as code 0', () => {
    const request = encodeExportRequest([startSpan({ name: 'x' }).end()]);
    expectValid(request);
    expect(request.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.status).toEqual({ code: 0 });
  });

  it('the schema itself rejects what OTLP/JSON forbids', () => {
    const good = encodeExportRequest(spans());
    const mutate = (f: (s: Record<string, unknown>) => void) => {
      const copy = structuredClone(good);
      f(copy.resourceSpans[0]!.scopeSpans[0]!.spans[0] as unknown as Record<string, unknown>);
      return validate(copy);
    };
    expect(mutate(() => {})).toBe(true);
    expect(mutate((s) => { s.traceId = Buffer.from(TRACE, 'hex').toString('base64'); })).toBe(false);
    expect(mutate((s) => { s.spanId = (s.spanId as string).toUpperCase() + 'X'; })).toBe(false);
    expect(mutate((s) => { s.startTimeUnixNano = 1700000000123456000; })).toBe(false);
    expect(mutate((s) => { s.kind = 'SPAN_KIND_SERVER'; })).toBe(false);
    expect(mutate((s) => { (s.attributes as Array<{ value: unknown }>)[1]!.value = { intValue: 12 }; })).toBe(false);
    expect(mutate((s) => { s.trace_id = TRACE; })).toBe(false);
  });
});

describe('value encoding', () => {
  it('converts milliseconds to nanoseconds without floating-point loss', () => {
    expect(msToUnixNano(0)).toBe('0');
    expect(msToUnixNano(1_700_000_000_000)).toBe('1700000000000000000');
    expect(msToUnixNano(1_700_000_000_000.001)).toBe('1700000000000001000');
    expect(BigInt(msToUnixNano(1_735_689_600_000.5)) - BigInt(msToUnixNano(1_735_689_600_000))).toBe(500_000n);
  });

  it('encodes numbers outside the safe integer range and non-finite numbers as doubles', () => {
    expect(encodeAttributeValue(2 ** 60)).toEqual({ doubleValue: 2 ** 60 });
    expect(encodeAttributeValue(-3)).toEqual({ intValue: '-3' });
    expect(encodeAttributeValue(Number.NaN)).toEqual({ doubleValue: 'NaN' });
    expect(encodeAttributeValue(-Infinity)).toEqual({ doubleValue: '-Infinity' });
    expect(encodeAttributeValue(3, true)).toEqual({ doubleValue: 3 });
    expect(encodeAttributeValue([])).toEqual({ arrayValue: { values: [] } });
  });
});
