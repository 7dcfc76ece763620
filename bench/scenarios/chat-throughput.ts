/**
 * b. Non-streaming chat at concurrency N (32 by default): requests per second of the tiny upstream
 * direct, the simulator (it must never be the bottleneck of a benchmark: ≥ 0.5× direct), the bare
 * proxy, the gateway (≥ 0.8× the bare proxy) and the gateway with its request log in a file.
 */
import { MODELS } from '../gateway-config.ts';
import { Histogram } from '../histogram.ts';
import { CHAT_BODY, errorNotes, job, ms, type Measured, type Scenario, type ServerName } from '../scenario.ts';

const RUNS: [name: string, server: ServerName, model: string][] = [
  ['direct', 'tiny', 'gpt-4o-mini'],
  ['simulator', 'simulator', 'gpt-4o-mini'],
  ['proxy', 'proxy', 'gpt-4o-mini'],
  ['gateway', 'gateway', MODELS.chat],
  ['gateway-log', 'gateway-log', MODELS.chat],
];

export const chatThroughput: Scenario = {
  id: 'chat-cN',
  title: 'Non-streaming chat, high concurrency: throughput',
  description: 'N connections (pipelining 1), requests back to back; throughput = answers read / measured wall time.',
  servers: ['tiny', 'simulator', 'proxy', 'gateway', 'gateway-log'],
  async measure(ctx) {
    const out: Measured = { values: {}, notes: [] };
    const connections = ctx.settings.concurrency;
    for (const [name, server, model] of RUNS) {
      const result = await ctx.load.run(job(await ctx.host(server), { path: '/chat/completions', body: { model, ...CHAT_BODY }, connections, settings: ctx.settings }));
      const latency = Histogram.from(result.latency);
      out.values[`${name}.rps`] = result.requests / (result.elapsedMs / 1000);
      out.values[`${name}.p99_ms`] = ms(latency.percentile(99));
      out.notes!.push(...errorNotes(name, result));
      ctx.log(`${name}: ${out.values[`${name}.rps`]!.toFixed(0)} req/s at concurrency ${connections}`);
    }
    return out;
  },
  figures: [
    { key: 'direct.rps', label: 'direct', unit: 'req/s' },
    { key: 'simulator.rps', label: 'simulator', unit: 'req/s', baseline: 'direct.rps', target: { on: 'ratio', op: '>=', limit: 0.5, text: '≥ 0.5× direct' } },
    { key: 'proxy.rps', label: 'bare proxy', unit: 'req/s', baseline: 'direct.rps' },
    { key: 'gateway.rps', label: 'gateway', unit: 'req/s', baseline: 'proxy.rps', target: { on: 'ratio', op: '>=', limit: 0.8, text: '≥ 0.8× bare proxy' } },
    { key: 'gateway-log.rps', label: 'gateway + request log file', unit: 'req/s', baseline: 'gateway.rps' },
    { key: 'gateway.p99_ms', label: 'gateway p99 under load', unit: 'ms', baseline: 'proxy.p99_ms', added: true },
  ],
};
