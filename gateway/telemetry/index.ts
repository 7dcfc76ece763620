/**
 * Gateway telemetry: W3C trace context, one SERVER span per request exported as OTLP/JSON (HTTP
 * collector and/or NDJSON file), and a structured request log with a secret scrubber. The core
 * normally needs only `createTelemetry` (./telemetry.ts) and the config schemas; the pieces are
 * exported for suites and tests that check one of them.
 */
export { ATTR, DOUBLE_ATTRIBUTES, genAiProviderName, metadataAttributes, type AttributeName } from './attributes.ts';
export {
  formatTraceparent, newSpanId, newTraceId, parseTraceparent, parseTracestate,
  TRACESTATE_MAX_LENGTH, TRACESTATE_MAX_MEMBERS, type TraceParent,
} from './traceparent.ts';
export { startSpan, MAX_ATTRIBUTES, type AttributeValue, type Attributes, type Span, type SpanRecord, type StartSpanOptions } from './span.ts';
export {
  encodeExportRequest, encodeSpan, encodeAttributeValue, msToUnixNano, DEFAULT_SERVICE_NAME, SCOPE,
  type AnyValue, type ExportTraceServiceRequest, type KeyValue, type OtlpSpan, type ServiceInfo, type SpanExporter,
} from './otlp.ts';
export { createOtlpHttpExporter, parseRetryAfter, unrefTimers, type OtlpHttpExporter, type OtlpHttpExporterOptions, type OtlpHttpExporterStats, type Timers } from './otlp-http.ts';
export { createOtlpFileExporter, type OtlpFileExporter, type OtlpFileExporterOptions } from './otlp-file.ts';
export { createExporter, tracingConfigSchema, type CreateExporterOptions, type TracingConfig, type TracingExporter } from './exporter.ts';
export {
  createRequestLogger, createRequestLoggerFromConfig, requestLogConfigSchema, REDACTED,
  type RequestLogConfig, type RequestLogEntry, type RequestLogLine, type RequestLogger, type RequestLoggerOptions, type RequestLogSink, type TokenCounts,
} from './request-log.ts';
export { createTelemetry, type RequestHead, type RequestOutcome, type RequestTrace, type Telemetry, type TelemetryConfig, type TelemetryOptions } from './telemetry.ts';
