/**
 * c. Streaming chat. At concurrency 1: time to the first chunk (request sent → first complete SSE
 * event) and the per-chunk delay (the tiny upstream's write of a content chunk → the client's read of
 * it, from the stamp in its text), direct / bare proxy / gateway, for the OpenAI passthrough and
 * for the translated path (Anthropic SSE → OpenAI chunks, against the tiny upstream's Anthropic stream
 * called directly). At the stream concurrency (16 by default): chunks per second delivered to clients;
 * the translated stream must keep ≥ 0.5× the passthrough's chunk rate. Every stream is one role chunk,
 * 20 content chunks, a finish chunk (+ usage) — the tiny upstream writes one event per event-loop turn.
 */
import { MODELS } from '../gateway-config.ts';
import { Histogram } from '../histogram.ts';
import type { Host } from '../processes.ts';
import { CHAT_BODY, errorNotes, job, ms, type Measured, type Scenario, type ServerName } from '../scenario.ts';

interface Run { name: string; server: ServerName; path: string; absolutePath?: boolean; endMarker?: string; body: object }

const openai = (model: string) => ({ model, ...CHAT_BODY, stream: true });
const RUNS: Run[] = [
  { name: 'direct', server: 'tiny', path: '/chat/completions', body: openai('gpt-4o-mini') },
  { name: 'direct-anthropic', server: 'tiny', path: '/anthropic/v1/messages', absolutePath: true, endMarker: 'event: message_stop', body: { model: 'claude-sonnet-4-5', ...CHAT_BODY, stream: true } },
  { name: 'proxy', server: 'proxy', path: '/chat/completions', body: openai('gpt-4o-mini') },
  { name: 'gateway', server: 'gateway', path: '/chat/completions', body: openai(MODELS.chat) },
  { name: 'gateway-anthropic', server: 'gateway', path: '/chat/completions', body: openai(MODELS.anthropicChat) },
];
const RATE_RUNS = ['direct', 'proxy', 'gateway', 'gateway-anthropic'];

export const streaming: Scenario = {
  id: 'stream',
  title: 'Streaming chat: first chunk, chunk delay, chunk rate',
  description: 'Concurrency 1 for time to first chunk and per-chunk delay; the stream concurrency for chunks/s (data events received per second, [DONE] not counted).',
  servers: ['tiny', 'proxy', 'gateway'],
  async measure(ctx) {
    const out: Measured = { values: {}, notes: [] };
    const hosts = new Map<ServerName, Host>();
    const host = async (name: ServerName) => hosts.get(name) ?? hosts.set(name, await ctx.host(name)).get(name)!;
    for (const run of RUNS) {
      const result = await ctx.load.run(job(await host(run.server), { ...run, stream: true, connections: 1, settings: ctx.settings }));
      const ttfc = Histogram.from(result.ttfc!);
      const delay = Histogram.from(result.delay!);
      out.values[`${run.name}.ttfc_p50_ms`] = ms(ttfc.percentile(50));
      out.values[`${run.name}.ttfc_p99_ms`] = ms(ttfc.percentile(99));
      out.values[`${run.name}.delay_p50_ms`] = ms(delay.percentile(50));
      out.values[`${run.name}.delay_p99_ms`] = ms(delay.percentile(99));
      out.notes!.push(...errorNotes(`${run.name} (c1)`, result));
      ctx.keepHistogram(`stream ttfc ${run.name}`, ttfc);
      ctx.log(`${run.name}: ${result.requests} streams, first chunk p50 ${out.values[`${run.name}.ttfc_p50_ms`]!.toFixed(3)} ms, chunk delay p50 ${out.values[`${run.name}.delay_p50_ms`]!.toFixed(3)} ms`);
    }
    for (const run of RUNS.filter((r) => RATE_RUNS.includes(r.name))) {
      const result = await ctx.load.run(job(await host(run.server), { ...run, stream: true, connections: ctx.settings.streamConcurrency, settings: ctx.settings }));
      out.values[`${run.name}.chunks_per_s`] = result.events / (result.elapsedMs / 1000);
      out.notes!.push(...errorNotes(`${run.name} (c${ctx.settings.streamConcurrency})`, result));
      ctx.log(`${run.name}: ${out.values[`${run.name}.chunks_per_s`]!.toFixed(0)} chunks/s at concurrency ${ctx.settings.streamConcurrency}`);
    }
    return out;
  },
  figures: [
    { key: 'direct.ttfc_p50_ms', label: 'direct first chunk p50', unit: 'ms' },
    { key: 'proxy.ttfc_p50_ms', label: 'bare proxy first chunk p50', unit: 'ms', baseline: 'direct.ttfc_p50_ms', added: true },
    { key: 'gateway.ttfc_p50_ms', label: 'gateway first chunk p50 (added vs direct)', unit: 'ms', baseline: 'direct.ttfc_p50_ms', added: true, target: { on: 'added', op: '<=', limit: 0.5, text: 'added ≤ 0.5 ms vs direct' } },
    { key: 'gateway.ttfc_p50_ms', label: 'gateway first chunk p50 (added vs bare proxy)', unit: 'ms', baseline: 'proxy.ttfc_p50_ms', added: true, target: { on: 'added', op: '<=', limit: 0.5, text: 'added ≤ 0.5 ms vs bare proxy' } },
    { key: 'gateway.ttfc_p99_ms', label: 'gateway first chunk p99', unit: 'ms', baseline: 'proxy.ttfc_p99_ms', added: true },
    { key: 'gateway-anthropic.ttfc_p50_ms', label: 'translated first chunk p50 (vs direct Anthropic)', unit: 'ms', baseline: 'direct-anthropic.ttfc_p50_ms', added: true },
    { key: 'direct.delay_p50_ms', label: 'direct chunk delay p50', unit: 'ms' },
    { key: 'proxy.delay_p50_ms', label: 'bare proxy chunk delay p50', unit: 'ms', baseline: 'direct.delay_p50_ms', added: true },
    { key: 'gateway.delay_p50_ms', label: 'gateway chunk delay p50', unit: 'ms', baseline: 'proxy.delay_p50_ms', added: true },
    { key: 'gateway.delay_p99_ms', label: 'gateway chunk delay p99', unit: 'ms', baseline: 'proxy.delay_p99_ms', added: true },
    { key: 'gateway-anthropic.delay_p50_ms', label: 'translated chunk delay p50', unit: 'ms', baseline: 'direct-anthropic.delay_p50_ms', added: true },
    { key: 'direct.chunks_per_s', label: 'direct chunk rate', unit: 'chunks/s' },
    { key: 'proxy.chunks_per_s', label: 'bare proxy chunk rate', unit: 'chunks/s', baseline: 'direct.chunks_per_s' },
    { key: 'gateway.chunks_per_s', label: 'gateway passthrough chunk rate', unit: 'chunks/s', baseline: 'proxy.chunks_per_s' },
    { key: 'gateway-anthropic.chunks_per_s', label: 'translated (Anthropic → OpenAI) chunk rate', unit: 'chunks/s', baseline: 'gateway.chunks_per_s', target: { on: 'ratio', op: '>=', limit: 0.5, text: '≥ 0.5× passthrough' } },
  ],
};
