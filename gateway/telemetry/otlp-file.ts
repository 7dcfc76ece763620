/**
 * OTLP/JSON file span exporter: appends one `ExportTraceServiceRequest` per ended span, one JSON
 * document per line (NDJSON), the format the OpenTelemetry Collector's `otlpjsonfile` receiver reads.
 * Writes are buffered through one append-mode stream (./line-file.ts); nothing is written
 * synchronously on the request path, and a failing disk is reported, never thrown.
 */
import { openLineFile } from './line-file.ts';
import { encodeExportRequest, DEFAULT_SERVICE, type ServiceInfo, type SpanExporter } from './otlp.ts';

export interface OtlpFileExporterOptions {
  path: string;
  service?: ServiceInfo;
  /** Default 16 MiB. */
  maxBufferedBytes?: number;
  onError?: (error: Error) => void;
}

export interface OtlpFileExporter extends SpanExporter {
  readonly path: string;
  /** Lines (spans) written and dropped. */
  stats(): { written: number; dropped: number };
}

export function createOtlpFileExporter(options: OtlpFileExporterOptions): OtlpFileExporter {
  const service = options.service ?? DEFAULT_SERVICE;
  const file = openLineFile(options.path, {
    maxBufferedBytes: options.maxBufferedBytes,
    onError: (error) => options.onError?.(new Error(`OTLP file exporter: ${error.message}`, { cause: error })),
  });
  return {
    path: file.path,
    export(span) {
      file.write(JSON.stringify(encodeExportRequest([span], service)) + '\n');
    },
    flush: () => file.flush(),
    shutdown: () => file.close(),
    stats: () => file.stats(),
  };
}
