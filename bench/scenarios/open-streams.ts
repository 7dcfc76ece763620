/**
 * e. Many concurrent open streams (1,000 by default): every client opens a stream at once; the tiny
 * upstream trickles one chunk per interval (100 ms × 30 = 3 s). Measured from the server's own
 * process: resident set size before (idle) and at its peak (sampled every 25 ms), through the bare
 * proxy and through the gateway, each a fresh process per repeat (so earlier load's heap does not count).
 * "Stalled" = a stream that did not end with data: [DONE] (cut, broken, or still open 30 s after the
 * last was due).
 */
import { MODELS } from '../gateway-config.ts';
import { Histogram } from '../histogram.ts';
import type { LoadResult } from '../load-job.ts';
import { CHAT_BODY, errorNotes, job, type Measured, type Scenario } from '../scenario.ts';

const MB = 1024 * 1024;

export const openStreams: Scenario = {
  id: 'open-streams',
  title: 'Many concurrent open streams: memory, none stalled',
  description: 'N streams opened at once, each trickling one chunk per interval; RSS sampled in the server process.',
  servers: ['tiny'],
  async measure(ctx) {
    const out: Measured = { values: {}, notes: [] };
    const { count, intervalMs, chunks } = ctx.settings.openStreams;
    const runs: [name: string, server: 'proxy' | 'gateway', path: string, absolutePath: boolean, model: string][] = [
      ['proxy', 'proxy', `/slow/${intervalMs}/${chunks}/v1/chat/completions`, true, 'gpt-4o-mini'],
      ['gateway', 'gateway', '/chat/completions', false, MODELS.slowChat],
    ];
    for (const [name, server, path, absolutePath, model] of runs) {
      const host = await ctx.fresh(server);
      let idle: number, peak: number, result: LoadResult;
      try {
        idle = await host.rss();
        await host.peakStart();
        result = await ctx.load.run(job(host, { path, absolutePath, body: { model, ...CHAT_BODY, stream: true }, stream: true, connections: count, once: true, settings: ctx.settings }));
        peak = await host.peakStop();
      } finally {
        await host.close();
      }
      const longest = Histogram.from(result.latency).max / 1e9;
      out.values[`${name}.idle_rss_mb`] = idle / MB;
      out.values[`${name}.peak_rss_mb`] = peak / MB;
      out.values[`${name}.kb_per_stream`] = (peak - idle) / 1024 / count;
      out.values[`${name}.stalled`] = result.stalled;
      out.values[`${name}.longest_s`] = longest;
      out.values['expected.longest_s'] = (intervalMs * chunks) / 1000;
      out.notes!.push(...errorNotes(name, result));
      ctx.log(`${name} (fresh process ${host.pid}): ${result.completed}/${count} streams ended with [DONE], ${result.stalled} stalled, RSS ${(idle / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MB, longest ${longest.toFixed(2)} s`);
    }
    return out;
  },
  figures: [
    { key: 'proxy.peak_rss_mb', label: 'bare proxy peak RSS', unit: 'MB' },
    { key: 'gateway.idle_rss_mb', label: 'gateway RSS before (idle)', unit: 'MB', baseline: 'proxy.idle_rss_mb' },
    { key: 'gateway.peak_rss_mb', label: 'gateway peak RSS', unit: 'MB', baseline: 'proxy.peak_rss_mb', target: { on: 'value', op: '<=', limit: 250, text: '≤ 250 MB' } },
    { key: 'proxy.kb_per_stream', label: 'bare proxy RSS growth per open stream', unit: 'KB' },
    { key: 'gateway.kb_per_stream', label: 'gateway RSS growth per open stream', unit: 'KB' },
    { key: 'gateway.stalled', label: 'gateway stalled streams', unit: 'streams', target: { on: 'value', op: '<=', limit: 0, text: 'none stalled' } },
    { key: 'gateway.longest_s', label: 'gateway longest stream', unit: 's', baseline: 'expected.longest_s' },
  ],
};
