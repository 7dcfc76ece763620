/**
 * The telemetry the gateway core uses, end to end over loopback sockets: a client's trace continues
 * through a gateway-shaped handler to its upstream, the exported span and the request-log line
 * describe the same request, and secrets reach neither.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../lib/serve.ts';
import { createTelemetry, type RequestOutcome } from './telemetry.ts';
import type { ExportTraceServiceRequest, OtlpSpan } from './otlp.ts';
import { ManualTimers } from './testing.ts';
import { parseTraceparent } from './traceparent.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'touchstone-telemetry-e2e-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN = 'b7ad6b7169203331';
const PROVIDER_KEY = 'sk-test-provider-key-0123456789';

async function spansIn(path: string): Promise<OtlpSpan[]> {
  const text = await readFile(path, 'utf8');
  return text.trimEnd().split('\n').flatMap((line) => (JSON.parse(line) as ExportTraceServiceRequest).resourceSpans[0]!.scopeSpans[0]!.spans);
}

function attributesOf(span: OtlpSpan): Record<string, unknown> {
  return Object.fromEntries(span.attributes.map(({ key, value }) => [key, Object.values(value)[0]]));
}

describe('createTelemetry', () => {
  it('continues the client\'s trace to the upstream and records one span and one log line that agree', async () => {
    const tracesPath = join(dir, 'spans.ndjson');
    const logLines: Array<Record<string, unknown>> = [];
    const telemetry = createTelemetry(
      { tracing: { file: { path: tracesPath }, service_name: 'gw-e2e' } },
      { secrets: () => [PROVIDER_KEY], requestLogSink: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const upstreamSaw: Array<{ traceparent: string | null; tracestate: string | null }> = [];
    const upstream = await serve((request) => {
      upstreamSaw.push({ traceparent: request.headers.get('traceparent'), tracestate: request.headers.get('tracestate') });
      return Response.json({ error: { message: `bad key ${PROVIDER_KEY}` } }, { status: 500 });
    });
    // A gateway-shaped handler: trace the request, call the upstream with the trace headers, finish.
    const gateway = await serve(async (request) => {
      const trace = telemetry.startRequest(request, '/chat/completions');
      const answer = await fetch(upstream.url, { method: 'POST', headers: trace.upstreamHeaders(), body: '{}' });
      const upstreamError = (await answer.json() as { error: { message: string } }).error.message;
      const outcome: RequestOutcome = {
        requestId: 'req_e2e', status: 502, keyName: 'ci-key', team: 'ml', account: 'openai-main', provider: 'azure-openai',
        operation: 'chat', requestModel: 'gpt-4o-mini', stream: false,
        tokens: { input: 10, output: 0, cached: 2, reasoning: 0 }, costUsd: 0,
        metadata: { env: 'ci', pasted: PROVIDER_KEY }, errorCode: 'upstream_error', errorMessage: `Upstream error: ${upstreamError}`,
      };
      trace.finish(outcome);
      trace.finish(outcome); // idempotent: no second span, no second line
      return Response.json({ error: { message: 'Upstream error', code: 'upstream_error' } }, { status: 502 });
    });
    try {
      const response = await fetch(`${gateway.url}/api/llm/chat/completions?api-key=${PROVIDER_KEY}`, {
        method: 'POST',
        headers: { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`, tracestate: 'congo=t61rcWkgMzE' },
        body: '{}',
      });
      expect(response.status).toBe(502);
      await telemetry.shutdown();

      const spans = await spansIn(tracesPath);
      expect(spans).toHaveLength(1);
      const span = spans[0]!;
      // The span continues the client's trace; the upstream continues the span.
      expect(span).toMatchObject({ traceId: CLIENT_TRACE, parentSpanId: CLIENT_SPAN, traceState: 'congo=t61rcWkgMzE', name: 'POST /chat/completions', kind: 2 });
      expect(upstreamSaw).toHaveLength(1);
      expect(parseTraceparent(upstreamSaw[0]!.traceparent)).toEqual({ version: '00', traceId: CLIENT_TRACE, parentId: span.spanId, flags: 1, sampled: true });
      expect(upstreamSaw[0]!.tracestate).toBe('congo=t61rcWkgMzE');
      expect(span.status).toEqual({ code: 2, message: `Upstream error: bad key [REDACTED]` });
      expect(attributesOf(span)).toEqual({
        'http.request.method': 'POST', 'url.path': '/api/llm/chat/completions', 'http.route': '/chat/completions',
        'http.response.status_code': '502', 'tfy.request_id': 'req_e2e', 'tfy.key.name': 'ci-key', 'tfy.team': 'ml',
        'tfy.provider_account': 'openai-main', 'gen_ai.provider.name': 'azure.ai.openai', 'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini', 'tfy.stream': false, 'gen_ai.usage.input_tokens': '10', 'gen_ai.usage.output_tokens': '0',
        'gen_ai.usage.cache_read.input_tokens': '2', 'gen_ai.usage.reasoning.output_tokens': '0', 'tfy.cost.usd': 0,
        'error.type': 'upstream_error', 'tfy.metadata.env': 'ci', 'tfy.metadata.pasted': '[REDACTED]',
      });

      expect(logLines).toHaveLength(1);
      const line = logLines[0]!;
      expect(line).toMatchObject({
        level: 'info', msg: 'request', request_id: 'req_e2e', trace_id: CLIENT_TRACE, span_id: span.spanId,
        method: 'POST', path: '/api/llm/chat/completions', status: 502, key: 'ci-key', team: 'ml', account: 'openai-main',
        model: 'gpt-4o-mini', provider: 'azure-openai', stream: false, tokens: { input: 10, output: 0, cached: 2, reasoning: 0 }, cost_usd: 0,
        metadata: { env: 'ci', pasted: '[REDACTED]' }, error_code: 'upstream_error', error_message: 'Upstream error: bad key [REDACTED]',
      });
      const spanMs = Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6;
      expect(line.duration_ms).toBeCloseTo(spanMs, 2);
      // The query string (which held a key) is in neither.
      expect(JSON.stringify(logLines) + JSON.stringify(spans)).not.toContain(PROVIDER_KEY);
    } finally {
      await Promise.all([gateway.close(), upstream.close()]);
    }
  });

  it('starts a new trace without a traceparent, names the span by method alone without a route, and leaves 4xx unset', async () => {
    const logLines: string[] = [];
    const telemetry = createTelemetry({}, { requestLogSink: (line) => logLines.push(line) });
    const trace = telemetry.startRequest(new Request('http://127.0.0.1/api/llm/unknown/path', { method: 'GET' }));
    const headers = trace.upstreamHeaders();
    expect(Object.keys(headers)).toEqual(['traceparent']);
    const record = trace.finish({ requestId: 'req_404', status: 404, keyName: null, errorCode: 'route_not_found' });
    expect(record).toMatchObject({ name: 'GET', parentIsRemote: false, status: { code: 'unset' } });
    expect(record.parentSpanId).toBeUndefined();
    expect(headers.traceparent).toBe(`00-${record.traceId}-${record.spanId}-01`);
    expect(JSON.parse(logLines[0]!)).toMatchObject({ key: null, status: 404, trace_id: record.traceId, error_code: 'route_not_found' });
    await telemetry.shutdown();
  });

  it('also scrubs collector credentials read from the environment', async () => {
    const logLines: string[] = [];
    const telemetry = createTelemetry(
      { tracing: { otlp_http: { endpoint: 'http://127.0.0.1:9/v1/traces', headers: { authorization: { env: 'COLLECTOR_TOKEN' } } } } },
      // Manual timers: the queued span is never sent (nothing listens there), and no real timer is left.
      { env: { COLLECTOR_TOKEN: 'collector-token-xyz' }, requestLogSink: (line) => logLines.push(line), timers: new ManualTimers() },
    );
    const trace = telemetry.startRequest(new Request('http://127.0.0.1/x', { method: 'POST' }));
    trace.finish({ requestId: 'r', status: 200, keyName: 'k', metadata: { oops: 'collector-token-xyz' } });
    expect(logLines[0]).not.toContain('collector-token-xyz');
    expect(telemetry.exporter.otlpHttp?.stats().queued).toBe(1);
  });
});
