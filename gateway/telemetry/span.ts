/**
 * One SERVER span per gateway request. `startSpan` continues the caller's trace when the request
 * carries a valid `traceparent` (the span's parent is the caller's span) and starts a new trace
 * otherwise; `upstreamTraceparent()` is the header for the gateway's call to the provider: same
 * trace id, the gateway span's id as parent, always version 00.
 *
 * Every request is recorded: the gateway's own decision does not depend on the caller's sampled
 * flag, which is passed on unchanged to the upstream (a new trace is sampled). `end()` freezes the
 * span into a `SpanRecord`, hands it to `onEnd` (an exporter) once, and returns it; later
 * `setAttribute`/`setStatus` calls are ignored, as OpenTelemetry does for ended spans.
 *
 * Attribute names: see `ATTR` in ./attributes.ts.
 */
import { formatTraceparent, newSpanId, newTraceId, parseTraceparent, parseTracestate } from './traceparent.ts';

export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue>;
export type SpanStatusCode = 'unset' | 'ok' | 'error';

/** An ended span: what exporters encode. Times are milliseconds since the epoch (fractional allowed). */
export interface SpanRecord {
  name: string;
  kind: 'server';
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** True when the parent came from the caller's `traceparent`. */
  parentIsRemote: boolean;
  traceState?: string;
  sampled: boolean;
  startTimeMs: number;
  endTimeMs: number;
  attributes: Readonly<Attributes>;
  /** Attributes refused: over `MAX_ATTRIBUTES`, or not a valid value (NaN, a non-string array item). */
  droppedAttributesCount: number;
  status: { code: SpanStatusCode; message?: string };
}

export interface Span {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly traceState?: string;
  readonly sampled: boolean;
  readonly ended: boolean;
  setAttribute(key: string, value: AttributeValue | undefined): Span;
  setAttributes(attributes: Readonly<Record<string, AttributeValue | undefined>>): Span;
  setStatus(code: 'ok' | 'error', message?: string): Span;
  /** End the span (idempotent): the first call freezes and reports it, later calls return the same record. */
  end(nowMs?: number): SpanRecord;
  /** The `traceparent` to send upstream: this trace, this span as parent. */
  upstreamTraceparent(): string;
}

export interface StartSpanOptions {
  name: string;
  /** The incoming `traceparent` header value (`request.headers.get('traceparent')`). */
  traceparent?: string | null;
  /** The incoming `tracestate` header value; read only when `traceparent` is valid. */
  tracestate?: string | null;
  /** Clock in milliseconds since the epoch; the default has sub-millisecond resolution. */
  now?: () => number;
  /** Called once with the record when the span ends (an exporter's `export`). Errors are swallowed. */
  onEnd?: (record: SpanRecord) => void;
}

/** OpenTelemetry's default span attribute count limit. */
export const MAX_ATTRIBUTES = 128;

const defaultNow = (): number => performance.timeOrigin + performance.now();

function isAttributeValue(value: unknown): value is AttributeValue {
  switch (typeof value) {
    case 'string': case 'boolean': return true;
    case 'number': return !Number.isNaN(value);
    default: return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

export function startSpan(options: StartSpanOptions): Span {
  const now = options.now ?? defaultNow;
  const parent = parseTraceparent(options.traceparent);
  const traceId = parent?.traceId ?? newTraceId();
  const spanId = newSpanId();
  const parentSpanId = parent?.parentId;
  const traceState = parent ? parseTracestate(options.tracestate) : undefined;
  const sampled = parent?.sampled ?? true;
  const startTimeMs = now();
  const attributes: Attributes = {};
  let attributeCount = 0;
  let droppedAttributesCount = 0;
  let status: SpanRecord['status'] = { code: 'unset' };
  let record: SpanRecord | undefined;

  const span: Span = {
    name: options.name,
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    ...(traceState ? { traceState } : {}),
    sampled,
    get ended() { return record !== undefined; },
    setAttribute(key, value) {
      if (record || value === undefined) return span;
      // A NaN cost or a mixed array is a bug upstream of telemetry, not a reason to fail the request.
      if (!isAttributeValue(value)) { droppedAttributesCount++; return span; }
      if (!(key in attributes)) {
        if (attributeCount >= MAX_ATTRIBUTES) { droppedAttributesCount++; return span; }
        attributeCount++;
      }
      attributes[key] = Array.isArray(value) ? [...value] : value;
      return span;
    },
    setAttributes(values) {
      for (const key in values) span.setAttribute(key, values[key]);
      return span;
    },
    setStatus(code, message) {
      if (record) return span;
      // OpenTelemetry: a description only goes with an error; once ok, the status is final.
      if (status.code === 'ok') return span;
      status = code === 'error' && message !== undefined ? { code, message } : { code };
      return span;
    },
    end(nowMs) {
      if (record) return record;
      record = Object.freeze({
        name: options.name,
        kind: 'server' as const,
        traceId,
        spanId,
        ...(parentSpanId ? { parentSpanId } : {}),
        parentIsRemote: parent !== null,
        ...(traceState ? { traceState } : {}),
        sampled,
        startTimeMs,
        endTimeMs: Math.max(startTimeMs, nowMs ?? now()),
        attributes: Object.freeze(attributes),
        droppedAttributesCount,
        status: Object.freeze(status),
      });
      try { options.onEnd?.(record); } catch { /* an exporter never fails the request */ }
      return record;
    },
    upstreamTraceparent() {
      return formatTraceparent(traceId, spanId, sampled);
    },
  };
  return span;
}
