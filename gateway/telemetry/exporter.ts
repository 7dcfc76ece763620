/**
 * The `tracing:` section of the gateway config and the exporter it builds. Both destinations may be
 * set; spans then go to each. With neither, spans are still made (the request log quotes their ids)
 * but go nowhere.
 *
 * ```yaml
 * tracing:
 *   service_name: touchstone-gateway      # resource service.name (default touchstone-gateway)
 *   otlp_http:
 *     endpoint: http://collector:4318/v1/traces   # the full URL of the traces endpoint
 *     headers:                             # optional; a value may be read from the environment
 *       x-honeycomb-team: { env: HONEYCOMB_KEY }
 *     timeout_ms: 10000                    # optional tuning, defaults shown
 *     max_batch_size: 512
 *     schedule_delay_ms: 200
 *     max_queue_size: 10000
 *   file:
 *     path: ./traces/spans.ndjson         # one ExportTraceServiceRequest JSON per line
 * ```
 * `tracingConfigSchema` is the JSON Schema of that section, for the core's config schema.
 */
import { DEFAULT_SERVICE_NAME, type ServiceInfo, type SpanExporter } from './otlp.ts';
import { createOtlpHttpExporter, type OtlpHttpExporter, type Timers } from './otlp-http.ts';
import { createOtlpFileExporter, type OtlpFileExporter } from './otlp-file.ts';
import type { SpanRecord } from './span.ts';
import { VERSION } from '../../lib/version.ts';

export type HeaderValue = string | { env: string };

export interface TracingConfig {
  service_name?: string;
  otlp_http?: {
    endpoint: string;
    headers?: Record<string, HeaderValue>;
    timeout_ms?: number;
    max_batch_size?: number;
    schedule_delay_ms?: number;
    max_queue_size?: number;
  };
  file?: { path: string };
}

export const tracingConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    service_name: { type: 'string', minLength: 1 },
    otlp_http: {
      type: 'object',
      additionalProperties: false,
      required: ['endpoint'],
      properties: {
        endpoint: { type: 'string', pattern: '^https?://[^/]+' },
        headers: {
          type: 'object',
          propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
          additionalProperties: {
            oneOf: [
              { type: 'string' },
              { type: 'object', additionalProperties: false, required: ['env'], properties: { env: { type: 'string', minLength: 1 } } },
            ],
          },
        },
        timeout_ms: { type: 'integer', minimum: 1 },
        max_batch_size: { type: 'integer', minimum: 1, maximum: 10_000 },
        schedule_delay_ms: { type: 'integer', minimum: 0 },
        max_queue_size: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      },
    },
    file: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: { path: { type: 'string', minLength: 1 } },
    },
  },
} as const;

export interface CreateExporterOptions {
  /** Resource `service.version`; default the package version. */
  serviceVersion?: string;
  /** The fetch used for the collector (the core may pass its own). */
  fetch?: typeof fetch;
  timers?: Timers;
  /** Where `{ env: NAME }` header values are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  onError?: (error: Error) => void;
}

/** The exporter for a `tracing:` section: fans each span out to every configured destination. */
export interface TracingExporter extends SpanExporter {
  /** False when no exporter is configured: spans go nowhere. */
  readonly recording: boolean;
  readonly otlpHttp?: OtlpHttpExporter;
  readonly file?: OtlpFileExporter;
  /** Header values read from the environment (collector credentials), for the request log's scrubber. */
  readonly secrets: readonly string[];
}

export function createExporter(config: TracingConfig = {}, options: CreateExporterOptions = {}): TracingExporter {
  const service: ServiceInfo = { serviceName: config.service_name ?? DEFAULT_SERVICE_NAME, serviceVersion: options.serviceVersion ?? VERSION };
  const env = options.env ?? process.env;
  let otlpHttp: OtlpHttpExporter | undefined;
  let file: OtlpFileExporter | undefined;
  const secrets: string[] = [];
  if (config.otlp_http) {
    const http = config.otlp_http;
    const headers: Record<string, string> = {};

    for (const [name, value] of Object.entries(http.headers ?? {})) {
      if (typeof value === 'string') { headers[name] = value; continue; }
      const resolved = env[value.env];
      if (!resolved) throw new Error(`tracing.otlp_http.headers.${name}: environment variable ${value.env} is not set`);
      headers[name] = resolved;
      secrets.push(resolved);
    }
    otlpHttp = createOtlpHttpExporter({
      endpoint: http.endpoint,
      headers,
      service,
      timeoutMs: http.timeout_ms,
      maxBatchSize: http.max_batch_size,
      scheduledDelayMs: http.schedule_delay_ms,
      maxQueueSize: http.max_queue_size,
      fetch: options.fetch,
      timers: options.timers,
      onError: options.onError,
    });
  }
  if (config.file) file = createOtlpFileExporter({ path: config.file.path, service, onError: options.onError });
  const all: SpanExporter[] = [otlpHttp, file].filter((e): e is NonNullable<typeof e> => e !== undefined);

  return {
    ...(otlpHttp ? { otlpHttp } : {}),
    ...(file ? { file } : {}),
    secrets,
    recording: all.length > 0,
    export(span: SpanRecord) {
      for (const exporter of all) exporter.export(span);
    },
    async flush() {
      await Promise.all(all.map((e) => e.flush()));
    },
    async shutdown() {
      await Promise.all(all.map((e) => e.shutdown()));
    },
  };
}
