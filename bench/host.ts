/**
 * Child-process entry hosting ONE server under test, so no two of them (and not the load generator)
 * share an event loop. The parent (processes.ts) forks it, sends `{type: 'start', spec}` and gets
 * `{type: 'ready', base, origin}`: `base` is where OpenAI-style paths go (`{base}/chat/completions`).
 * While hosting it answers `{type: 'rss'}` with its resident set size and, between `peak-start` and
 * `peak-stop`, samples it every 25 ms to report the peak. `{type: 'close'}` closes the server and exits.
 */
import { resolveConfig } from '../gateway/config.ts';
import { startGateway } from '../gateway/server.ts';
import { startMockServer } from '../mocks/server.ts';
import { startBareProxy } from './bare-proxy.ts';
import { benchGatewayConfig, type BenchGatewayOptions } from './gateway-config.ts';
import { startTinyUpstream } from './tiny-upstream.ts';

export type HostSpec =
  | { kind: 'tiny' }
  | { kind: 'proxy'; upstream: string }
  | { kind: 'simulator' }
  | { kind: 'gateway'; gateway: BenchGatewayOptions };

export type HostRequest =
  | { type: 'start'; spec: HostSpec }
  | { type: 'rss'; id: number }
  | { type: 'peak-start'; id: number }
  | { type: 'peak-stop'; id: number }
  | { type: 'close' };

export type HostReply =
  | { type: 'ready'; base: string; origin: string }
  | { type: 'failed'; message: string }
  | { type: 'rss'; id: number; rss: number }
  | { type: 'peak'; id: number; rss: number };

interface Hosted { base: string; origin: string; close(): Promise<void> }

async function start(spec: HostSpec): Promise<Hosted> {
  switch (spec.kind) {
    case 'tiny': {
      const tiny = await startTinyUpstream();
      return { base: `${tiny.url}/v1`, origin: tiny.url, close: tiny.close };
    }
    case 'proxy': {
      const proxy = await startBareProxy(spec.upstream);
      return { base: `${proxy.url}/v1`, origin: proxy.url, close: proxy.close };
    }
    case 'simulator': {
      const mocks = await startMockServer();
      const base = mocks.upstreams.openai;
      if (!base) throw new Error('the mock server lists no "openai" upstream');
      return { base, origin: mocks.url, close: mocks.close };
    }
    case 'gateway': {
      const config = resolveConfig(benchGatewayConfig(spec.gateway), 'bench gateway config');
      const gateway = await startGateway(config);
      return { base: gateway.baseURL, origin: gateway.url, close: gateway.close };
    }
  }
}

function send(reply: HostReply): void {
  process.send?.(reply);
}

let hosted: Hosted | undefined;
let peak = 0;
let sampler: NodeJS.Timeout | undefined;

process.on('message', (message: HostRequest) => {
  switch (message.type) {
    case 'start':
      start(message.spec).then(
        (h) => { hosted = h; send({ type: 'ready', base: h.base, origin: h.origin }); },
        (error: Error) => send({ type: 'failed', message: error.stack ?? error.message }),
      );
      return;
    case 'rss':
      send({ type: 'rss', id: message.id, rss: process.memoryUsage.rss() });
      return;
    case 'peak-start':
      peak = process.memoryUsage.rss();
      clearInterval(sampler);
      sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 25);
      send({ type: 'peak', id: message.id, rss: peak });
      return;
    case 'peak-stop':
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage.rss());
      send({ type: 'peak', id: message.id, rss: peak });
      return;
    case 'close':
      void (hosted?.close() ?? Promise.resolve()).finally(() => process.exit(0));
      return;
  }
});
// The parent went away (crashed or killed): do not linger as an orphan holding a port.
process.on('disconnect', () => process.exit(0));
