/**
 * OTLP/JSON encoding of ended spans: an `ExportTraceServiceRequest` as collectors accept it on
 * `POST /v1/traces` with `content-type: application/json` (opentelemetry-proto, trace/v1/trace.proto
 * and the OTLP spec's "JSON Protobuf Encoding"):
 * - field names in lowerCamelCase; enums as integers (`kind: 2` SERVER; status code 0 unset, 1 ok,
 *   2 error);
 * - `traceId` / `spanId` / `parentSpanId` as lowercase hex strings, the OTLP exception to proto3
 *   JSON's base64 for bytes;
 * - 64-bit integers (`startTimeUnixNano`, `endTimeUnixNano`, `intValue`) as decimal strings, so no
 *   precision is lost in JavaScript or any other JSON reader;
 * - attribute values as `AnyValue`: `stringValue`, `intValue`, `doubleValue`, `boolValue` or
 *   `arrayValue: { values: AnyValue[] }`.
 * The `SpanExporter` interface every exporter implements lives here too.
 */
import { DOUBLE_ATTRIBUTES } from './attributes.ts';
import type { AttributeValue, SpanRecord } from './span.ts';
import { VERSION } from '../../lib/version.ts';

export type AnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number | 'NaN' | 'Infinity' | '-Infinity' }
  | { boolValue: boolean }
  | { arrayValue: { values: AnyValue[] } };

export interface KeyValue { key: string; value: AnyValue }

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  /** W3C trace flags in bits 0-7; bit 8 says bit 9 is known; bit 9: the parent is remote. */
  flags: number;
  name: string;
  kind: 2;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  droppedAttributesCount?: number;
  status: { code: 0 | 1 | 2; message?: string };
}

export interface ExportTraceServiceRequest {
  resourceSpans: Array<{
    resource: { attributes: KeyValue[] };
    scopeSpans: Array<{ scope: { name: string; version: string }; spans: OtlpSpan[] }>;
  }>;
}

/** Who produced the spans: the resource's `service.name` / `service.version`. */
export interface ServiceInfo { serviceName: string; serviceVersion: string }

export const DEFAULT_SERVICE_NAME = 'touchstone-gateway';
/** The instrumentation scope: this module. */
export const SCOPE = { name: 'touchstone/gateway/telemetry', version: VERSION } as const;
export const DEFAULT_SERVICE: ServiceInfo = { serviceName: DEFAULT_SERVICE_NAME, serviceVersion: VERSION };

/** Where ended spans go. `export` never throws and never waits; `flush` and `shutdown` never reject. */
export interface SpanExporter {
  export(span: SpanRecord): void;
  /** Resolves once every span exported so far has been delivered (or given up on). */
  flush(): Promise<void>;
  /** Flush, then stop: no timer or handle is left behind and later spans are dropped. */
  shutdown(): Promise<void>;
}

const SPAN_KIND_SERVER = 2;
const FLAG_HAS_IS_REMOTE = 0x100;
const FLAG_IS_REMOTE = 0x200;
const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

/**
 * Milliseconds since the epoch (fractional) as nanoseconds in a decimal string. A double near today's
 * epoch milliseconds resolves about a quarter of a microsecond, so the fraction is kept to the
 * microsecond (what it can faithfully carry) and the product is formed in BigInt, not in floating point.
 */
export function msToUnixNano(ms: number): string {
  let whole = Math.floor(ms);
  let micros = Math.round((ms - whole) * 1000);
  if (micros === 1000) { whole += 1; micros = 0; }
  return (BigInt(whole) * 1_000_000n + BigInt(micros) * 1000n).toString();
}

function encodeNumber(value: number, asDouble: boolean): AnyValue {
  if (!asDouble && Number.isSafeInteger(value)) return { intValue: String(value) };
  if (Number.isNaN(value)) return { doubleValue: 'NaN' };
  if (!Number.isFinite(value)) return { doubleValue: value > 0 ? 'Infinity' : '-Infinity' };
  return { doubleValue: value };
}

export function encodeAttributeValue(value: AttributeValue, asDouble = false): AnyValue {
  switch (typeof value) {
    case 'string': return { stringValue: value };
    case 'boolean': return { boolValue: value };
    case 'number': return encodeNumber(value, asDouble);
    default: return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
  }
}

export function encodeAttributes(attributes: Readonly<Record<string, AttributeValue>>): KeyValue[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: encodeAttributeValue(value, DOUBLE_ATTRIBUTES.has(key)) }));
}

export function encodeSpan(span: SpanRecord): OtlpSpan {
  const out: OtlpSpan = {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    ...(span.traceState ? { traceState: span.traceState } : {}),
    flags: (span.sampled ? 1 : 0) | FLAG_HAS_IS_REMOTE | (span.parentIsRemote ? FLAG_IS_REMOTE : 0),
    name: span.name,
    kind: SPAN_KIND_SERVER,
    startTimeUnixNano: msToUnixNano(span.startTimeMs),
    endTimeUnixNano: msToUnixNano(span.endTimeMs),
    attributes: encodeAttributes(span.attributes),
    status: span.status.message !== undefined
      ? { code: STATUS_CODE[span.status.code], message: span.status.message }
      : { code: STATUS_CODE[span.status.code] },
  };
  if (span.droppedAttributesCount > 0) out.droppedAttributesCount = span.droppedAttributesCount;
  return out;
}

/** One `ExportTraceServiceRequest` carrying `spans` under one resource and one scope. */
export function encodeExportRequest(spans: readonly SpanRecord[], service: ServiceInfo = DEFAULT_SERVICE): ExportTraceServiceRequest {
  return {
    resourceSpans: [{
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: service.serviceName } },
          { key: 'service.version', value: { stringValue: service.serviceVersion } },
          { key: 'telemetry.sdk.name', value: { stringValue: SCOPE.name } },
          { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
          { key: 'telemetry.sdk.version', value: { stringValue: SCOPE.version } },
        ],
      },
      scopeSpans: [{ scope: { name: SCOPE.name, version: SCOPE.version }, spans: spans.map(encodeSpan) }],
    }],
  };
}
