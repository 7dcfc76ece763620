/**
 * The OTLP file exporter (NDJSON, one ExportTraceServiceRequest per span) and `createExporter` from
 * the `tracing:` config section, including its JSON Schema fragment.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExporter, tracingConfigSchema } from './exporter.ts';
import { createOtlpFileExporter } from './otlp-file.ts';
import type { ExportTraceServiceRequest } from './otlp.ts';
import { startSpan } from './span.ts';
import { ManualTimers, startCollector } from './testing.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'touchstone-telemetry-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function readLines(path: string): Promise<ExportTraceServiceRequest[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as ExportTraceServiceRequest);
}

describe('OTLP file exporter', () => {
  it('appends one ExportTraceServiceRequest per span, one per line, creating the directories', async () => {
    const path = join(dir, 'nested', 'deeper', 'spans.ndjson');
    const exporter = createOtlpFileExporter({ path });
    const records = ['a', 'b', 'c'].map((name) => startSpan({ name }).end());
    for (const r of records) exporter.export(r);
    await exporter.flush();
    const lines = await readLines(path);
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => [s.name, s.spanId]))).toEqual(records.map((r) => [[r.name, r.spanId]]));
    expect(exporter.stats()).toEqual({ written: 3, dropped: 0 });
    await exporter.shutdown();
    exporter.export(startSpan({ name: 'late' }).end());
    expect(await readLines(path)).toHaveLength(3);
    expect(exporter.stats().dropped).toBe(1);
  });

  it('appends to an existing file instead of truncating it', async () => {
    const path = join(dir, 'existing.ndjson');
    await writeFile(path, '{"resourceSpans":[]}\n');
    const exporter = createOtlpFileExporter({ path });
    exporter.export(startSpan({ name: 'x' }).end());
    await exporter.shutdown();
    const lines = await readLines(path);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ resourceSpans: [] });
  });

  it('reports a file it cannot write and drops spans without throwing', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');
    const errors: Error[] = [];
    // The "directory" is a regular file: creating it fails at once; opening under it is impossible.
    expect(() => createOtlpFileExporter({ path: join(blocker, 'spans.ndjson'), onError: (e) => errors.push(e) })).toThrow(/cannot create the directory of .*spans\.ndjson/);
    // The path is a directory: opening it for append fails after construction, asynchronously.
    const unwritable = join(dir, 'is-a-directory');
    await mkdir(unwritable);
    const exporter = createOtlpFileExporter({ path: unwritable, onError: (e) => errors.push(e) });
    exporter.export(startSpan({ name: 'x' }).end());
    await exporter.flush();
    await exporter.shutdown();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/OTLP file exporter: cannot write/);
    expect(exporter.stats().written).toBe(0);
  });
});

describe('createExporter', () => {
  it('fans spans out to an OTLP collector and a file at once', async () => {
    const collector = await startCollector();
    try {
      const path = join(dir, 'both.ndjson');
      const timers = new ManualTimers();
      const exporter = createExporter(
        { service_name: 'gw-ci', otlp_http: { endpoint: collector.endpoint, headers: { 'x-plain': 'p', 'x-team-key': { env: 'TEST_COLLECTOR_KEY' } }, max_batch_size: 2 }, file: { path } },
        { env: { TEST_COLLECTOR_KEY: 'collector-secret' }, timers, serviceVersion: '0.0.1' },
      );
      expect(exporter.secrets).toEqual(['collector-secret']);
      for (const name of ['a', 'b', 'c']) exporter.export(startSpan({ name }).end());
      await exporter.flush();
      expect(collector.spanNames()).toEqual(['a', 'b', 'c']);
      expect(collector.requests).toHaveLength(2); // max_batch_size applied
      expect(collector.requests[0]!.headers.get('x-team-key')).toBe('collector-secret');
      expect(collector.requests[0]!.headers.get('x-plain')).toBe('p');
      expect(collector.requests[0]!.body.resourceSpans[0]!.resource.attributes.slice(0, 2)).toEqual([
        { key: 'service.name', value: { stringValue: 'gw-ci' } },
        { key: 'service.version', value: { stringValue: '0.0.1' } },
      ]);
      const lines = await readLines(path);
      expect(lines.map((l) => l.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name)).toEqual(['a', 'b', 'c']);
      await exporter.shutdown();
      expect(timers.pending()).toEqual([]);
    } finally {
      await collector.close();
    }
  });

  it('with no destination, accepts spans and does nothing', async () => {
    const exporter = createExporter({});
    exporter.export(startSpan({ name: 'x' }).end());
    await exporter.flush();
    await exporter.shutdown();
    expect(exporter.otlpHttp).toBeUndefined();
    expect(exporter.file).toBeUndefined();
  });

  it('names a header whose environment variable is not set', () => {
    expect(() => createExporter({ otlp_http: { endpoint: 'http://127.0.0.1:4318/v1/traces', headers: { authorization: { env: 'NOT_SET_ANYWHERE' } } } }, { env: {} }))
      .toThrow('tracing.otlp_http.headers.authorization: environment variable NOT_SET_ANYWHERE is not set');
  });
});

describe('tracingConfigSchema', () => {
  const validate = new Ajv({ strict: true, allErrors: true }).compile(tracingConfigSchema);

  it.each([
    {},
    { service_name: 'gw' },
    { otlp_http: { endpoint: 'http://collector:4318/v1/traces' } },
    { otlp_http: { endpoint: 'https://api.honeycomb.io/v1/traces', headers: { 'x-honeycomb-team': { env: 'HC_KEY' }, 'x-plain': 'v' }, timeout_ms: 5000, max_batch_size: 100, schedule_delay_ms: 0, max_queue_size: 2000 } },
    { file: { path: './traces.ndjson' }, otlp_http: { endpoint: 'http://c/v1/traces' } },
  ])('accepts %j', (config) => {
    expect(validate(config) ? [] : validate.errors).toEqual([]);
  });

  it.each([
    { otlp: {} },
    { otlp_http: {} },
    { otlp_http: { endpoint: 'collector:4318' } },
    { otlp_http: { endpoint: 'http://c/v1/traces', headers: { 'bad header': 'v' } } },
    { otlp_http: { endpoint: 'http://c/v1/traces', headers: { a: 1 } } },
    { otlp_http: { endpoint: 'http://c/v1/traces', max_batch_size: 0 } },
    { file: {} },
    { file: { path: '' } },
    { service_name: '' },
  ])('rejects %j', (config) => {
    expect(validate(config)).toBe(false);
  });
});
