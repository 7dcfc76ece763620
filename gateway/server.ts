/**
 * Start the reference gateway on a loopback port. Without a config file it runs the embedded
 * default: an `openai-main` account pointing at the simulator base URL given by the caller.
 */
import { serve, type Served } from '../lib/serve.ts';
import { createGateway, type Gateway, type GatewayOptions } from './app.ts';
import type { GatewayConfig } from './config.ts';

export interface RunningGateway extends Served {
  gateway: Gateway;
  /** Base URL clients use (e.g. http://127.0.0.1:4000/api/llm). */
  baseURL: string;
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions & { port?: number; host?: string } = {}): Promise<RunningGateway> {
  const gateway = createGateway(config, options);
  const served = await serve(gateway.fetch, { port: options.port, host: options.host, onError: options.onError });
  return { ...served, gateway, baseURL: served.url + config.basePath };
}
