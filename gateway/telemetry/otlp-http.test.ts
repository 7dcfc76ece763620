/**
 * The OTLP/HTTP exporter against an in-process collector on a loopback port: real requests, real
 * batches; time moves only through `ManualTimers`, so batching by delay, retry-after and timeouts are
 * stepped deterministically without sleeping.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createOtlpHttpExporter, parseRetryAfter, unrefTimers, type OtlpHttpExporterOptions } from './otlp-http.ts';
import { startSpan, type SpanRecord } from './span.ts';
import { ManualTimers, startCollector, type Collector } from './testing.ts';
import { serve } from '../../lib/serve.ts';

const collectors: Collector[] = [];
afterEach(async () => { await Promise.all(collectors.splice(0).map((c) => c.close())); });

async function collector(): Promise<Collector> {
  const c = await startCollector();
  collectors.push(c);
  return c;
}

function span(name: string): SpanRecord {
  return startSpan({ name }).end();
}

function setup(c: Collector, options: Partial<OtlpHttpExporterOptions> = {}) {
  const timers = new ManualTimers();
  const errors: Error[] = [];
  const exporter = createOtlpHttpExporter({ endpoint: c.endpoint, timers, onError: (e) => errors.push(e), ...options });
  return { timers, errors, exporter };
}

describe('OTLP/HTTP exporter', () => {
  it('POSTs JSON with the configured headers, one resource, the spans in order', async () => {
    const c = await collector();
    const { exporter } = setup(c, { headers: { authorization: 'Bearer collector-token', 'x-tenant': 't1' }, service: { serviceName: 'gw-test', serviceVersion: '1.2.3' } });
    exporter.export(span('a'));
    exporter.export(span('b'));
    await exporter.flush();
    expect(c.requests).toHaveLength(1);
    const [request] = c.requests;
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(request!.headers.get('authorization')).toBe('Bearer collector-token');
    expect(request!.headers.get('x-tenant')).toBe('t1');
    expect(request!.body.resourceSpans[0]!.resource.attributes[0]).toEqual({ key: 'service.name', value: { stringValue: 'gw-test' } });
    expect(c.spanNames()).toEqual(['a', 'b']);
    expect(exporter.stats()).toMatchObject({ queued: 0, exported: 2, dropped: 0, failed: 0, retries: 0 });
  });

  it('sends a batch as soon as maxBatchSize spans are queued, one request at a time', async () => {
    const c = await collector();
    const { exporter, timers } = setup(c, { maxBatchSize: 3 });
    for (const name of ['1', '2', '3', '4', '5', '6', '7']) exporter.export(span(name));
    const requests = await c.received(2);
    expect(requests.map((r) => r.body.resourceSpans[0]!.scopeSpans[0]!.spans.length)).toEqual([3, 3]);
    // The seventh span waits for the batch delay.
    await timers.waitFor(200);
    expect(exporter.stats().queued).toBe(1);
    expect(c.requests).toHaveLength(2);
    timers.advance(200);
    await c.received(3);
    expect(c.spanNames()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    await exporter.flush();
    expect(exporter.stats()).toMatchObject({ exported: 7, queued: 0 });
  });

  it('sends a partial batch scheduledDelayMs after the first span, not before', async () => {
    const c = await collector();
    const { exporter, timers } = setup(c, { scheduledDelayMs: 200 });
    exporter.export(span('early'));
    timers.advance(150);
    exporter.export(span('later'));
    expect(timers.pending()).toEqual([200]);
    timers.advance(49);
    expect(exporter.stats().queued).toBe(2);
    timers.advance(1);
    expect(exporter.stats().queued).toBe(0);
    await c.received(1);
    expect(c.spanNames()).toEqual(['early', 'later']);
    await exporter.flush();
  });

  it('retries once on 503 after the Retry-After delay, with the same body', async () => {
    const c = await collector();
    c.script({ status: 503, headers: { 'retry-after': '2' }, body: { code: 14, message: 'collector busy' } });
    const { exporter, timers, errors } = setup(c);
    exporter.export(span('a'));
    const flushed = exporter.flush();
    await timers.waitFor(2000);
    expect(c.requests).toHaveLength(1);
    timers.advance(1999);
    expect(c.requests).toHaveLength(1);
    timers.advance(1);
    await flushed;
    expect(c.requests).toHaveLength(2);
    expect(c.requests[1]!.body).toEqual(c.requests[0]!.body);
    expect(exporter.stats()).toMatchObject({ exported: 1, failed: 0, retries: 1 });
    expect(errors).toEqual([]);
  });

  it('bounds the Retry-After wait, and uses retryDelayMs without one', async () => {
    const c = await collector();
    c.script({ status: 429, headers: { 'retry-after': '3600' } }, { status: 200 }, { status: 502 });
    const { exporter, timers } = setup(c, { maxRetryDelayMs: 5000, retryDelayMs: 700 });
    exporter.export(span('a'));
    const first = exporter.flush();
    await timers.waitFor(5000);
    timers.advance(5000);
    await first;
    exporter.export(span('b'));
    const second = exporter.flush();
    await timers.waitFor(700);
    timers.advance(700);
    await second;
    expect(c.requests).toHaveLength(4);
    expect(exporter.stats()).toMatchObject({ exported: 2, retries: 2, failed: 0 });
  });

  it('retries only once, then drops the batch, counts it and reports why', async () => {
    const c = await collector();
    c.script({ status: 504 }, { status: 503, body: { message: 'still overloaded' } });
    const { exporter, timers, errors } = setup(c, { retryDelayMs: 10 });
    exporter.export(span('a'));
    exporter.export(span('b'));
    const flushed = exporter.flush();
    await timers.waitFor(10);
    timers.advance(10);
    await flushed;
    expect(c.requests).toHaveLength(2);
    expect(exporter.stats()).toMatchObject({ exported: 0, failed: 2, retries: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(c.endpoint);
    expect(errors[0]!.message).toMatch(/2 spans dropped: HTTP 503 still overloaded/);
  });

  it('does not retry other failures (400)', async () => {
    const c = await collector();
    c.script({ status: 400, body: { code: 3, message: 'bad span' } });
    const { exporter, errors } = setup(c);
    exporter.export(span('a'));
    await exporter.flush();
    expect(c.requests).toHaveLength(1);
    expect(exporter.stats()).toMatchObject({ failed: 1, retries: 0 });
    expect(errors[0]!.message).toMatch(/HTTP 400 bad span/);
  });

  it('counts spans a collector rejects in a partial success', async () => {
    const c = await collector();
    c.script({ status: 200, body: { partialSuccess: { rejectedSpans: '1', errorMessage: 'span a too old' } } });
    const { exporter, errors } = setup(c);
    exporter.export(span('a'));
    exporter.export(span('b'));
    await exporter.flush();
    expect(exporter.stats()).toMatchObject({ exported: 1, failed: 1 });
    expect(errors[0]!.message).toMatch(/rejected 1 of 2 spans: span a too old/);
  });

  it('gives up on a request after timeoutMs and retries it once', async () => {
    const c = await collector();
    c.script('hang');
    const { exporter, timers } = setup(c, { timeoutMs: 3000, retryDelayMs: 100 });
    exporter.export(span('a'));
    const flushed = exporter.flush();
    await c.received(1);
    await timers.waitFor(3000);
    timers.advance(3000);
    await timers.waitFor(100);
    timers.advance(100);
    await flushed;
    expect(c.requests).toHaveLength(2);
    expect(exporter.stats()).toMatchObject({ exported: 1, retries: 1, failed: 0 });
  });

  it('bounds the queue: beyond maxQueueSize the oldest spans are dropped and counted', async () => {
    const c = await collector();
    c.script('hang');
    const { exporter, timers } = setup(c, { maxBatchSize: 2, maxQueueSize: 5, timeoutMs: 1000, retryDelayMs: 0 });
    exporter.export(span('s1'));
    exporter.export(span('s2')); // batch [s1, s2] leaves and hangs
    await c.received(1);
    for (let i = 3; i <= 9; i++) exporter.export(span(`s${i}`));
    expect(exporter.stats()).toMatchObject({ queued: 5, dropped: 2 });
    const flushed = exporter.flush();
    timers.advance(1000); // the hanging request times out; the retry succeeds
    await timers.waitFor(0);
    timers.advance(0);
    await flushed;
    expect(c.spanNames()).toEqual(['s1', 's2', 's1', 's2', 's5', 's6', 's7', 's8', 's9']);
    expect(exporter.stats()).toMatchObject({ queued: 0, dropped: 2, exported: 7 });
  });

  it('flush and shutdown leave no timer behind; spans after shutdown are dropped', async () => {
    const c = await collector();
    const { exporter, timers } = setup(c);
    exporter.export(span('a'));
    expect(timers.pending()).toEqual([200]);
    await exporter.flush();
    expect(timers.pending()).toEqual([]);
    exporter.export(span('b'));
    await exporter.shutdown();
    expect(timers.pending()).toEqual([]);
    expect(c.spanNames()).toEqual(['a', 'b']);
    exporter.export(span('late'));
    expect(timers.pending()).toEqual([]);
    expect(exporter.stats()).toMatchObject({ exported: 2, dropped: 1, queued: 0 });
    await exporter.shutdown();
  });

  it('uses unref\'d timers by default, so a waiting batch never holds the process open', async () => {
    const c = await collector();
    const exporter = createOtlpHttpExporter({ endpoint: c.endpoint });
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    exporter.export(span('a'));
    expect(timeouts()).toBe(before);
    await exporter.shutdown();
    expect(c.spanNames()).toEqual(['a']);
  });

  it('a collector that is down never throws: the batch is retried once, then counted as failed', async () => {
    const down = await serve(() => new Response(null));
    const endpoint = `${down.url}/v1/traces`;
    await down.close();
    const errors: Error[] = [];
    const exporter = createOtlpHttpExporter({ endpoint, timers: unrefTimers, retryDelayMs: 0, onError: (e) => errors.push(e) });
    expect(() => exporter.export(span('a'))).not.toThrow();
    await expect(exporter.shutdown()).resolves.toBeUndefined();
    expect(exporter.stats()).toMatchObject({ failed: 1, retries: 1, exported: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/request failed/);
  });

  it('refuses a bad endpoint or setting at construction, naming what was expected', () => {
    expect(() => createOtlpHttpExporter({ endpoint: 'collector:4318' })).toThrow(/http: or https:|absolute http\(s\) URL/);
    expect(() => createOtlpHttpExporter({ endpoint: '/v1/traces' })).toThrow(/absolute http\(s\) URL/);
    expect(() => createOtlpHttpExporter({ endpoint: 'http://c:4318/v1/traces', maxBatchSize: 0 })).toThrow(/maxBatchSize must be a number >= 1/);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.UTC(2025, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
