/**
 * Start the reference gateway on a loopback port. Without a config file it runs the embedded
 * default: an `openai-main` account pointing at the simulator base URL given by the caller.
 * WebSocket upgrades go to the realtime proxy (`/live/{provider-account}` on the bare host), and a
 * plain HTTP request on that path gets its 426/405 from the proxy too; closing the server closes
 * the realtime sessions first (1001 going away).
 */
import { serve, type Served } from '../lib/serve.ts';
import { createGateway, type Gateway, type GatewayOptions } from './app.ts';
import type { GatewayConfig } from './config.ts';
import { createRealtimeProxy, type RealtimeProxy, type RealtimeProxyOptions } from './realtime/proxy.ts';

export interface RunningGateway extends Served {
  gateway: Gateway;
  /** Base URL clients use (e.g. http://127.0.0.1:4000/api/llm). */
  baseURL: string;
  /** The realtime WebSocket proxy; its sessions are at `ws://host:port/live/{provider-account}`. */
  realtime: RealtimeProxy;
}

export interface StartGatewayOptions extends GatewayOptions {
  port?: number;
  host?: string;
  realtime?: Omit<RealtimeProxyOptions, 'onError'>;
}

export async function startGateway(config: GatewayConfig, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const gateway = createGateway(config, options);
  const realtime = createRealtimeProxy(gateway, { ...options.realtime, ...(options.onError ? { onError: options.onError } : {}) });
  const served = await serve((request) => realtime.answerPlainRequest(request) ?? gateway.fetch(request), {
    port: options.port,
    host: options.host,
    onError: options.onError,
    onUpgrade: realtime.handleUpgrade,
    ...(gateway.native ? { native: gateway.native } : {}),
    maxHeaderSize: config.maxHeaderBytes,
  });
  return {
    ...served,
    gateway,
    baseURL: served.url + config.basePath,
    realtime,
    /** Stop accepting; with `graceMs`, let running requests and streams finish up to then; flush telemetry. */
    async close(closeOptions = {}) {
      await Promise.all([realtime.close(), served.close(closeOptions)]);
      await gateway.close();
    },
  };
}
