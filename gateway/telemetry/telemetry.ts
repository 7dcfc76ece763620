/**
 * What the gateway core calls: one `Telemetry` per gateway, built from the `tracing:` and
 * `request_log:` config sections, and per request a `RequestTrace`:
 *
 * ```ts
 * const telemetry = createTelemetry(config, { secrets: () => providerKeys, fetch });
 * const trace = telemetry.startRequest(request, '/chat/completions');
 * await fetch(upstreamURL, { headers: { ...trace.upstreamHeaders(), ... } });
 * trace.finish({ requestId, status: 200, keyName: 'ci', account: 'openai-main', provider: 'openai', ... });
 * ```
 * `finish` writes the span attributes (names from `ATTR`) and the request log line from the same
 * outcome, so the trace and the log always agree; it ends the span (which goes to the exporter) and
 * can be called once only — later calls return the same record and log nothing.
 *
 * Following OpenTelemetry's rules for HTTP server spans: the span is named `{method} {route}` (only
 * `{method}` without a route: a raw path has unbounded cardinality), and its status is `error` only for
 * 5xx answers (a 4xx is the client's error, not the server's); `error.type` carries the error code.
 * Metadata entries and error messages pass through the secret scrubber on their way into the span too.
 */
import { ATTR, genAiProviderName, metadataAttributes } from './attributes.ts';
import { createExporter, type CreateExporterOptions, type TracingConfig, type TracingExporter } from './exporter.ts';
import { createRequestLogger, createRequestLoggerFromConfig, type RequestLogConfig, type RequestLogger, type RequestLogSink, type TokenCounts } from './request-log.ts';
import { createScrubber } from './scrub.ts';
import { startSpan, type AttributeValue, type Span, type SpanRecord } from './span.ts';

export interface TelemetryConfig {
  tracing?: TracingConfig;
  request_log?: RequestLogConfig;
}

export interface TelemetryOptions extends CreateExporterOptions {
  /** Strings never to log or export (provider keys); read on every request. */
  secrets?: () => readonly string[];
  /** Clock in milliseconds since the epoch for spans and log times. */
  now?: () => number;
  /** Replace the configured request-log sinks (tests, embedding). */
  requestLogSink?: RequestLogSink | readonly RequestLogSink[];
  stdout?: NodeJS.WritableStream;
}

/** What the core knows once a request is answered. Unknown fields are left out. */
export interface RequestOutcome {
  requestId: string;
  status: number;
  /** Configured name of the API key; null when authentication failed or did not happen. */
  keyName: string | null;
  team?: string;
  user?: string;
  /** Provider account (the part before the slash of the model id). */
  account?: string;
  /** Provider kind from the config (`openai`, `bedrock`, ...). */
  provider?: string;
  /** GenAI operation: `chat`, `embeddings`, `text_completion`, ... */
  operation?: string;
  /** Model name at the provider, as requested. */
  requestModel?: string;
  responseModel?: string;
  responseId?: string;
  finishReasons?: string[];
  stream?: boolean;
  tokens?: TokenCounts;
  costUsd?: number;
  metadata?: Readonly<Record<string, string>>;
  errorCode?: string;
  errorMessage?: string;
}

/** What a trace needs of the incoming request: a `Request`, or the same read off Node's IncomingMessage. */
export interface RequestHead {
  method: string;
  /** The URL path (no query). */
  path: string;
  headers: { get(name: string): string | null };
}

function headOf(request: Request | RequestHead): RequestHead {
  if (!(request instanceof Request)) return request;
  return { method: request.method, path: new URL(request.url).pathname, headers: request.headers };
}

export interface RequestTrace {
  readonly span: Span;
  /** `traceparent` (and `tracestate` when the caller sent a valid one) for the upstream call. */
  upstreamHeaders(): Record<string, string>;
  finish(outcome: RequestOutcome, nowMs?: number): SpanRecord;
}

export interface Telemetry {
  readonly exporter: TracingExporter;
  /** False when spans are not exported and no log is written: outcomes go nowhere. */
  readonly recording: boolean;
  readonly requestLog: RequestLogger;
  startRequest(request: Request | RequestHead, route?: string): RequestTrace;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function createTelemetry(config: TelemetryConfig = {}, options: TelemetryOptions = {}): Telemetry {
  const exporter = createExporter(config.tracing, options);
  // The same array while the configured list is the same one, so the scrubber does not re-sort per call.
  let lastConfigured: readonly string[] | undefined;
  let combined: readonly string[] = [];
  const secrets = (): readonly string[] => {
    const configured = options.secrets?.() ?? [];
    if (!exporter.secrets.length) return configured;
    if (configured !== lastConfigured) { lastConfigured = configured; combined = [...configured, ...exporter.secrets]; }
    return combined;
  };
  const logOptions = { secrets, now: options.now, stdout: options.stdout, onError: options.onError };
  const requestLog = options.requestLogSink !== undefined
    ? createRequestLogger({ ...logOptions, sink: options.requestLogSink })
    : createRequestLoggerFromConfig(config.request_log, logOptions);
  const scrub = createScrubber(secrets);
  const recording = exporter.recording || requestLog.recording;

  function startRequest(incoming: Request | RequestHead, route?: string): RequestTrace {
    const request = headOf(incoming);
    const { path } = request;
    const span = startSpan({
      name: route ? `${request.method} ${route}` : request.method,
      traceparent: request.headers.get('traceparent'),
      tracestate: request.headers.get('tracestate'),
      now: options.now,
      onEnd: (record) => exporter.export(record),
    });
    span.setAttributes({ [ATTR.HTTP_REQUEST_METHOD]: request.method, [ATTR.URL_PATH]: path, [ATTR.HTTP_ROUTE]: route });
    let finished: SpanRecord | undefined;

    return {
      span,
      upstreamHeaders() {
        const headers: Record<string, string> = { traceparent: span.upstreamTraceparent() };
        if (span.traceState) headers.tracestate = span.traceState;
        return headers;
      },
      finish(outcome, nowMs) {
        if (finished) return finished;
        // Neither exported nor logged: the outcome goes nowhere, so nothing is built from it.
        if (!recording) return (finished = span.end(nowMs));
        const errorMessage = outcome.errorMessage === undefined ? undefined : scrub(outcome.errorMessage);
        const attributes: Record<string, AttributeValue | undefined> = {
          [ATTR.HTTP_RESPONSE_STATUS_CODE]: outcome.status,
          [ATTR.TFY_REQUEST_ID]: outcome.requestId,
          [ATTR.TFY_KEY_NAME]: outcome.keyName ?? undefined,
          [ATTR.TFY_TEAM]: outcome.team,
          [ATTR.TFY_USER]: outcome.user,
          [ATTR.TFY_PROVIDER_ACCOUNT]: outcome.account,
          [ATTR.GEN_AI_PROVIDER_NAME]: outcome.provider === undefined ? undefined : genAiProviderName(outcome.provider),
          [ATTR.GEN_AI_OPERATION_NAME]: outcome.operation,
          [ATTR.GEN_AI_REQUEST_MODEL]: outcome.requestModel,
          [ATTR.GEN_AI_RESPONSE_MODEL]: outcome.responseModel,
          [ATTR.GEN_AI_RESPONSE_ID]: outcome.responseId,
          [ATTR.GEN_AI_RESPONSE_FINISH_REASONS]: outcome.finishReasons,
          [ATTR.TFY_STREAM]: outcome.stream,
          [ATTR.GEN_AI_USAGE_INPUT_TOKENS]: outcome.tokens?.input,
          [ATTR.GEN_AI_USAGE_OUTPUT_TOKENS]: outcome.tokens?.output,
          [ATTR.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: outcome.tokens?.cached,
          [ATTR.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: outcome.tokens?.reasoning,
          [ATTR.TFY_COST_USD]: outcome.costUsd,
          [ATTR.ERROR_TYPE]: outcome.errorCode,
        };
        span.setAttributes(attributes);
        if (outcome.metadata) {
          const scrubbed: Record<string, string> = {};
          for (const [name, value] of Object.entries(outcome.metadata)) scrubbed[scrub(name)] = scrub(value);
          span.setAttributes(metadataAttributes(scrubbed));
        }
        if (outcome.status >= 500) span.setStatus('error', errorMessage ?? outcome.errorCode);
        finished = span.end(nowMs);
        requestLog.log({
          request_id: outcome.requestId,
          trace_id: finished.traceId,
          span_id: finished.spanId,
          method: request.method,
          path,
          status: outcome.status,
          duration_ms: finished.endTimeMs - finished.startTimeMs,
          key: outcome.keyName,
          ...(outcome.team !== undefined ? { team: outcome.team } : {}),
          ...(outcome.user !== undefined ? { user: outcome.user } : {}),
          ...(outcome.account !== undefined ? { account: outcome.account } : {}),
          ...(outcome.requestModel !== undefined ? { model: outcome.requestModel } : {}),
          ...(outcome.provider !== undefined ? { provider: outcome.provider } : {}),
          ...(outcome.stream !== undefined ? { stream: outcome.stream } : {}),
          ...(outcome.tokens !== undefined ? { tokens: outcome.tokens } : {}),
          ...(outcome.costUsd !== undefined ? { cost_usd: outcome.costUsd } : {}),
          ...(outcome.metadata !== undefined ? { metadata: outcome.metadata } : {}),
          ...(outcome.errorCode !== undefined ? { error_code: outcome.errorCode } : {}),
          ...(errorMessage !== undefined ? { error_message: errorMessage } : {}),
        });
        return finished;
      },
    };
  }

  return {
    exporter,
    recording,
    requestLog,
    startRequest,
    async flush() {
      await Promise.all([exporter.flush(), requestLog.flush()]);
    },
    async shutdown() {
      await Promise.all([exporter.shutdown(), requestLog.close()]);
    },
  };
}
