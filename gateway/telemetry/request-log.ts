/**
 * The gateway's request log: one JSON line per request, for people and log pipelines.
 *
 * ```json
 * {"time":"2025-01-01T00:00:00.000Z","level":"info","msg":"request","request_id":"req_…",
 *  "trace_id":"…32 hex…","span_id":"…16 hex…","method":"POST","path":"/api/llm/chat/completions",
 *  "status":200,"duration_ms":812.4,"key":"ci-key","team":"ml","account":"openai-main",
 *  "model":"gpt-4o-mini","provider":"openai","stream":true,
 *  "tokens":{"input":12,"output":40,"cached":0,"reasoning":0},"cost_usd":0.000026,
 *  "metadata":{"env":"ci"}}
 * ```
 * `key` is the configured name of the API key (null before authentication), never the key. Optional
 * fields are left out when unknown; failed requests add `error_code` and `error_message`. Request and
 * response bodies are never logged: a line is built field by field from `RequestLogEntry`, so a field
 * that is not in it cannot reach the sink.
 *
 * Defence in depth: the logger takes a `secrets()` callback (provider API keys, collector credentials)
 * and replaces any of them found inside a string value (metadata keys and values, error messages,
 * anything) with `[REDACTED]` before the line is written.
 *
 * Config (`request_log:` section, `requestLogConfigSchema`):
 * ```yaml
 * request_log:
 *   stdout: true                 # default: true, unless `path` is set
 *   path: ./logs/requests.ndjson # append to this file (directories created)
 * ```
 * `stdout: false` without a path turns the log off. File lines go through one buffered stream;
 * each line costs one JSON.stringify.
 */
import { openLineFile, type LineFile } from './line-file.ts';
import { createScrubber } from './scrub.ts';

export { REDACTED } from './scrub.ts';

export interface TokenCounts { input: number; output: number; cached: number; reasoning: number }

export interface RequestLogEntry {
  request_id: string;
  trace_id: string;
  span_id: string;
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  /** Name of the gateway API key used; null when the request was not authenticated. */
  key: string | null;
  team?: string;
  user?: string;
  account?: string;
  model?: string;
  provider?: string;
  stream?: boolean;
  tokens?: TokenCounts;
  cost_usd?: number;
  metadata?: Readonly<Record<string, string>>;
  error_code?: string;
  error_message?: string;
}

export interface RequestLogLine extends RequestLogEntry {
  time: string;
  level: 'info';
  msg: 'request';
}

/** Where lines go: stdout, an NDJSON file, or a function (tests, custom pipelines). */
export type RequestLogSink = 'stdout' | { path: string } | ((line: string) => void);

export interface RequestLogConfig {
  stdout?: boolean;
  path?: string;
}

export const requestLogConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stdout: { type: 'boolean' },
    path: { type: 'string', minLength: 1 },
  },
} as const;

export interface RequestLoggerOptions {
  /** One sink or several; default stdout. An empty list logs nothing. */
  sink?: RequestLogSink | readonly RequestLogSink[];
  /** Strings that must never be written (read for every line, so rotated keys are covered). */
  secrets?: () => readonly string[];
  /** Clock for `time`, milliseconds since the epoch. */
  now?: () => number;
  /** Where the 'stdout' sink writes; default process.stdout. */
  stdout?: NodeJS.WritableStream;
  /** Limit for a file sink that falls behind; default 16 MiB. */
  maxBufferedBytes?: number;
  onError?: (error: Error) => void;
}

export interface RequestLogger {
  /** False when there is no sink: lines go nowhere. */
  readonly recording: boolean;
  log(entry: RequestLogEntry): void;
  /** Resolves once lines logged so far are written to every file sink. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

export function createRequestLogger(options: RequestLoggerOptions = {}): RequestLogger {
  const sinks = options.sink === undefined ? ['stdout' as const] : Array.isArray(options.sink) ? options.sink : [options.sink as RequestLogSink];
  const now = options.now ?? Date.now;
  const stdout = options.stdout ?? process.stdout;
  const scrub = createScrubber(options.secrets);
  const files: LineFile[] = [];
  const writers: Array<(line: string) => void> = [];
  for (const sink of sinks) {
    if (sink === 'stdout') writers.push((line) => { stdout.write(line); });
    else if (typeof sink === 'function') writers.push((line) => sink(line.slice(0, -1)));
    else {
      const file = openLineFile(sink.path, { maxBufferedBytes: options.maxBufferedBytes, onError: options.onError });
      files.push(file);
      writers.push((line) => { file.write(line); });
    }
  }

  function toLine(entry: RequestLogEntry): RequestLogLine {
    // Field by field, in a fixed order: only these fields can ever be written.
    const line: RequestLogLine = {
      time: new Date(now()).toISOString(),
      level: 'info',
      msg: 'request',
      request_id: scrub(String(entry.request_id)),
      trace_id: String(entry.trace_id),
      span_id: String(entry.span_id),
      method: scrub(String(entry.method)),
      path: scrub(String(entry.path)),
      status: entry.status,
      duration_ms: Math.round(finiteOr(entry.duration_ms, 0) * 1000) / 1000,
      key: entry.key === null || entry.key === undefined ? null : scrub(String(entry.key)),
    };
    if (entry.team !== undefined) line.team = scrub(String(entry.team));
    if (entry.user !== undefined) line.user = scrub(String(entry.user));
    if (entry.account !== undefined) line.account = scrub(String(entry.account));
    if (entry.model !== undefined) line.model = scrub(String(entry.model));
    if (entry.provider !== undefined) line.provider = scrub(String(entry.provider));
    if (entry.stream !== undefined) line.stream = entry.stream === true;
    if (entry.tokens !== undefined) {
      const t = entry.tokens;
      line.tokens = { input: finiteOr(t.input, 0), output: finiteOr(t.output, 0), cached: finiteOr(t.cached, 0), reasoning: finiteOr(t.reasoning, 0) };
    }
    if (entry.cost_usd !== undefined && Number.isFinite(entry.cost_usd)) line.cost_usd = entry.cost_usd;
    if (entry.metadata !== undefined) {
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(entry.metadata)) metadata[scrub(name)] = scrub(String(value));
      line.metadata = metadata;
    }
    if (entry.error_code !== undefined) line.error_code = scrub(String(entry.error_code));
    if (entry.error_message !== undefined) line.error_message = scrub(String(entry.error_message));
    return line;
  }

  return {
    recording: writers.length > 0,
    log(entry) {
      if (writers.length === 0) return;
      let text: string;
      try { text = JSON.stringify(toLine(entry)) + '\n'; } catch (error) {
        options.onError?.(new Error(`request log: cannot serialise the line for ${String(entry.request_id)}`, { cause: error }));
        return;
      }
      for (const write of writers) {
        try { write(text); } catch (error) { options.onError?.(new Error(`request log: a sink failed: ${(error as Error).message}`, { cause: error })); }
      }
    },
    async flush() {
      await Promise.all(files.map((f) => f.flush()));
    },
    async close() {
      await Promise.all(files.map((f) => f.close()));
    },
  };
}

/** A logger for the `request_log:` config section (absent: stdout). */
export function createRequestLoggerFromConfig(config: RequestLogConfig | undefined, options: Omit<RequestLoggerOptions, 'sink'> = {}): RequestLogger {
  const sinks: RequestLogSink[] = [];
  if (config?.stdout ?? (config?.path === undefined)) sinks.push('stdout');
  if (config?.path !== undefined) sinks.push({ path: config.path });
  return createRequestLogger({ ...options, sink: sinks });
}
