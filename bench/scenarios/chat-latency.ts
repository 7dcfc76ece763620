/**
 * a. Non-streaming chat at concurrency 1: p50/p99 latency of the tiny upstream called directly, through
 * the bare proxy, through the gateway, and through the gateway with its request log written to a file.
 * The gateway's added latency is reported against both baselines: direct (the issue's target) and the
 * bare proxy (what a Node relay costs at least).
 */
import { MODELS } from '../gateway-config.ts';
import { Histogram } from '../histogram.ts';
import { CHAT_BODY, errorNotes, job, ms, type Measured, type Scenario, type ServerName } from '../scenario.ts';

const RUNS: [name: string, server: ServerName, model: string][] = [
  ['direct', 'tiny', 'gpt-4o-mini'],
  ['proxy', 'proxy', 'gpt-4o-mini'],
  ['gateway', 'gateway', MODELS.chat],
  ['gateway-log', 'gateway-log', MODELS.chat],
];

export const chatLatency: Scenario = {
  id: 'chat-c1',
  title: 'Non-streaming chat, concurrency 1: latency',
  description: 'One connection, requests back to back; latency = request sent to last byte read.',
  servers: ['tiny', 'proxy', 'gateway', 'gateway-log'],
  async measure(ctx) {
    const out: Measured = { values: {}, notes: [] };
    for (const [name, server, model] of RUNS) {
      const result = await ctx.load.run(job(await ctx.host(server), { path: '/chat/completions', body: { model, ...CHAT_BODY }, connections: 1, settings: ctx.settings }));
      const latency = Histogram.from(result.latency);
      out.values[`${name}.p50_ms`] = ms(latency.percentile(50));
      out.values[`${name}.p99_ms`] = ms(latency.percentile(99));
      out.values[`${name}.rps`] = result.requests / (result.elapsedMs / 1000);
      out.notes!.push(...errorNotes(name, result));
      ctx.keepHistogram(`chat-c1 ${name}`, latency);
      ctx.log(`${name}: ${result.requests} requests, p50 ${out.values[`${name}.p50_ms`]!.toFixed(3)} ms, p99 ${out.values[`${name}.p99_ms`]!.toFixed(3)} ms`);
    }
    return out;
  },
  figures: [
    { key: 'direct.p50_ms', label: 'direct p50', unit: 'ms' },
    { key: 'proxy.p50_ms', label: 'bare proxy p50', unit: 'ms', baseline: 'direct.p50_ms', added: true },
    { key: 'gateway.p50_ms', label: 'gateway p50 (added vs direct)', unit: 'ms', baseline: 'direct.p50_ms', added: true, target: { on: 'added', op: '<=', limit: 0.25, text: 'added ≤ 0.25 ms vs direct' } },
    { key: 'gateway.p50_ms', label: 'gateway p50 (added vs bare proxy)', unit: 'ms', baseline: 'proxy.p50_ms', added: true, target: { on: 'added', op: '<=', limit: 0.25, text: 'added ≤ 0.25 ms vs bare proxy' } },
    { key: 'direct.p99_ms', label: 'direct p99', unit: 'ms' },
    { key: 'proxy.p99_ms', label: 'bare proxy p99', unit: 'ms', baseline: 'direct.p99_ms', added: true },
    { key: 'gateway.p99_ms', label: 'gateway p99 (added vs direct)', unit: 'ms', baseline: 'direct.p99_ms', added: true, target: { on: 'added', op: '<=', limit: 1, text: 'added ≤ 1 ms vs direct' } },
    { key: 'gateway.p99_ms', label: 'gateway p99 (added vs bare proxy)', unit: 'ms', baseline: 'proxy.p99_ms', added: true, target: { on: 'added', op: '<=', limit: 1, text: 'added ≤ 1 ms vs bare proxy' } },
    { key: 'gateway-log.p50_ms', label: 'gateway + request log file p50', unit: 'ms', baseline: 'gateway.p50_ms', added: true },
  ],
};
