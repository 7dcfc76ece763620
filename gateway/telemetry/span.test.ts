/** Request spans: continuing or starting a trace, the upstream traceparent, attributes, status, end. */
import { describe, expect, it, vi } from 'vitest';
import { ATTR, genAiProviderName, metadataAttributes } from './attributes.ts';
import { MAX_ATTRIBUTES, startSpan } from './span.ts';
import { parseTraceparent } from './traceparent.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, tick: (ms: number) => { t += ms; } };
}

describe('startSpan', () => {
  it('continues the caller\'s trace: same trace id, the caller\'s span as parent, tracestate kept', () => {
    const span = startSpan({ name: 'POST /chat/completions', traceparent: `00-${TRACE}-${PARENT}-01`, tracestate: 'congo=t61rcWkgMzE' });
    expect(span.traceId).toBe(TRACE);
    expect(span.parentSpanId).toBe(PARENT);
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.spanId).not.toBe(PARENT);
    expect(span.traceState).toBe('congo=t61rcWkgMzE');
    const upstream = parseTraceparent(span.upstreamTraceparent());
    expect(upstream).toEqual({ version: '00', traceId: TRACE, parentId: span.spanId, flags: 1, sampled: true });
  });

  it('starts a new sampled trace without (or with an invalid) traceparent, and then ignores tracestate', () => {
    for (const traceparent of [null, `00-${TRACE.toUpperCase()}-${PARENT}-01`, 'garbage']) {
      const span = startSpan({ name: 'GET', traceparent, tracestate: 'congo=t61rcWkgMzE' });
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.traceId).not.toBe(TRACE);
      expect(span.parentSpanId).toBeUndefined();
      expect(span.traceState).toBeUndefined();
      expect(span.upstreamTraceparent()).toBe(`00-${span.traceId}-${span.spanId}-01`);
    }
  });

  it('passes the caller\'s unsampled decision upstream, downgrades a future version to 00, and zeroes unknown flags', () => {
    const unsampled = startSpan({ name: 'x', traceparent: `00-${TRACE}-${PARENT}-00` });
    expect(unsampled.upstreamTraceparent()).toBe(`00-${TRACE}-${unsampled.spanId}-00`);
    const future = startSpan({ name: 'x', traceparent: `cc-${TRACE}-${PARENT}-09-future` });
    expect(future.upstreamTraceparent()).toBe(`00-${TRACE}-${future.spanId}-01`);
  });

  it('records attributes and status, and end() freezes the record and reports it once', () => {
    const c = clock();
    const onEnd = vi.fn();
    const span = startSpan({ name: 'POST /chat/completions', now: c.now, onEnd });
    span.setAttribute(ATTR.GEN_AI_REQUEST_MODEL, 'gpt-4o-mini')
      .setAttributes({ [ATTR.GEN_AI_USAGE_INPUT_TOKENS]: 12, [ATTR.TFY_STREAM]: true, [ATTR.GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'], [ATTR.TFY_TEAM]: undefined })
      .setStatus('error', 'upstream_error');
    c.tick(250);
    const record = span.end();
    expect(record).toMatchObject({
      name: 'POST /chat/completions', kind: 'server', traceId: span.traceId, spanId: span.spanId, parentIsRemote: false, sampled: true,
      startTimeMs: 1_700_000_000_000, endTimeMs: 1_700_000_000_250, droppedAttributesCount: 0,
      status: { code: 'error', message: 'upstream_error' },
    });
    expect(record.attributes).toEqual({ 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 12, 'tfy.stream': true, 'gen_ai.response.finish_reasons': ['stop'] });
    expect(onEnd).toHaveBeenCalledOnce();
    expect(onEnd).toHaveBeenCalledWith(record);
    expect(Object.isFrozen(record)).toBe(true);

    span.setAttribute('late', 'ignored').setStatus('ok');
    expect(span.end(0)).toBe(record);
    expect(onEnd).toHaveBeenCalledOnce();
    expect(record.attributes).not.toHaveProperty('late');
    expect(span.ended).toBe(true);
  });

  it('keeps ok final, keeps an error message only for errors, and never ends before it started', () => {
    const c = clock();
    const ok = startSpan({ name: 'x', now: c.now }).setStatus('ok', 'ignored').setStatus('error', 'too late');
    expect(ok.end().status).toEqual({ code: 'ok' });
    expect(startSpan({ name: 'x', now: c.now }).end(c.now() - 5).endTimeMs).toBe(c.now());
  });

  it('copies array values, caps the attribute count and counts what it refused', () => {
    const span = startSpan({ name: 'x' });
    const reasons = ['stop'];
    span.setAttribute('reasons', reasons);
    reasons.push('length');
    for (let i = 0; i < MAX_ATTRIBUTES + 5; i++) span.setAttribute(`a${i}`, i);
    span.setAttribute('reasons', ['tool_calls']); // an existing key is replaced, not refused
    span.setAttribute('nan', Number.NaN);
    span.setAttribute('mixed', [1, 'a'] as unknown as string[]);
    const record = span.end();
    expect(Object.keys(record.attributes)).toHaveLength(MAX_ATTRIBUTES);
    expect(record.attributes.reasons).toEqual(['tool_calls']);
    expect(record.droppedAttributesCount).toBe(6 + 2);
  });

  it('an exporter that throws does not fail the request', () => {
    const span = startSpan({ name: 'x', onEnd: () => { throw new Error('collector exploded'); } });
    expect(() => span.end()).not.toThrow();
  });
});

describe('attribute names', () => {
  it('maps provider kinds to the GenAI conventions\' well-known names, others as they are', () => {
    expect(genAiProviderName('bedrock')).toBe('aws.bedrock');
    expect(genAiProviderName('azure-openai')).toBe('azure.ai.openai');
    expect(genAiProviderName('vertex')).toBe('gcp.vertex_ai');
    expect(genAiProviderName('gemini')).toBe('gcp.gemini');
    expect(genAiProviderName('xai')).toBe('x_ai');
    expect(genAiProviderName('together')).toBe('together');
  });

  it('prefixes metadata entries', () => {
    expect(metadataAttributes({ env: 'ci', 'customer-id': '42' })).toEqual({ 'tfy.metadata.env': 'ci', 'tfy.metadata.customer-id': '42' });
  });

  it('has one name per key, all distinct', () => {
    const names = Object.values(ATTR);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z_]+(\.[a-z_]+)*\.?$/);
  });
});
