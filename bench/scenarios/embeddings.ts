/**
 * d. Embeddings with a large input (1 MiB of text by default, one string): requests per second and
 * request megabytes per second, direct / bare proxy / gateway, at concurrency 8. Large bodies are where
 * copying, re-serialising and per-chunk work show.
 */
import { MODELS } from '../gateway-config.ts';
import { word } from '../tiny-bodies.ts';
import { errorNotes, job, type Measured, type Scenario, type ServerName } from '../scenario.ts';

const CONNECTIONS = 8;
const RUNS: [name: string, server: ServerName, model: string][] = [
  ['direct', 'tiny', 'text-embedding-3-small'],
  ['proxy', 'proxy', 'text-embedding-3-small'],
  ['gateway', 'gateway', MODELS.embeddings],
];

/** `bytes` of plain words, the same every run. */
export function largeText(bytes: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) { const w = word(i); parts.push(w); length += w.length; }
  return parts.join('').slice(0, bytes);
}

export const embeddings: Scenario = {
  id: 'embeddings',
  title: 'Embeddings with a large input: throughput',
  description: `One input string of the configured size, ${CONNECTIONS} connections; req/s and request MB/s.`,
  servers: ['tiny', 'proxy', 'gateway'],
  async measure(ctx) {
    const out: Measured = { values: {}, notes: [] };
    const input = largeText(ctx.settings.embeddingsBytes);
    for (const [name, server, model] of RUNS) {
      const body = JSON.stringify({ model, input, encoding_format: 'float' });
      const result = await ctx.load.run(job(await ctx.host(server), { path: '/embeddings', body, connections: CONNECTIONS, settings: ctx.settings }));
      const rps = result.requests / (result.elapsedMs / 1000);
      out.values[`${name}.rps`] = rps;
      out.values[`${name}.mb_per_s`] = (rps * Buffer.byteLength(body)) / 1e6;
      out.notes!.push(...errorNotes(name, result));
      ctx.log(`${name}: ${rps.toFixed(1)} req/s (${out.values[`${name}.mb_per_s`]!.toFixed(0)} MB/s of request body)`);
    }
    return out;
  },
  figures: [
    { key: 'direct.rps', label: 'direct', unit: 'req/s' },
    { key: 'proxy.rps', label: 'bare proxy', unit: 'req/s', baseline: 'direct.rps' },
    { key: 'gateway.rps', label: 'gateway', unit: 'req/s', baseline: 'proxy.rps', target: { on: 'ratio', op: '>=', limit: 0.8, text: '≥ 0.8× bare proxy (non-streaming)' } },
    { key: 'gateway.mb_per_s', label: 'gateway request bytes', unit: 'MB/s', baseline: 'proxy.mb_per_s' },
  ],
};
