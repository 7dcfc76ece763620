/**
 * The reference gateway wired to every simulator in-process, without sockets: the gateway's upstream
 * fetch goes straight into the mock router, and the openai SDK's fetch straight into the gateway.
 * For integration tests of provider translators (gateway ↔ simulator), which live in test/ because
 * gateway/ and mocks/ must not import each other.
 *
 *   const h = createGatewayHarness();
 *   const client = h.client();  // openai SDK with the demo key
 *   await client.chat.completions.create({ model: 'anthropic-main/claude-sonnet-4-5', ... });
 *   h.journal('anthropic').last()  // what the simulator received
 *   createGatewayHarness({ editConfig: (file) => file.accounts.push(...) })  // accounts the default lacks
 */
import OpenAI from 'openai';
import { createGateway, type Gateway, type GatewayOptions } from '../gateway/app.ts';
import { generateApiKey, resolveConfig, type GatewayConfigFile } from '../gateway/config.ts';
import { createSimulators, type UpstreamOptions } from '../mocks/registry.ts';
import { createMockRouter, startMockServer, upstreamBaseURLs, type MockServer, type MockServerOptions } from '../mocks/server.ts';
import { startGateway, type RunningGateway } from '../gateway/server.ts';
import type { Simulator } from '../mocks/types.ts';
import { DEFAULT_ACCOUNTS, defaultConfigFile } from '../suites/default-config.ts';

const MOCK_ORIGIN = 'http://mock.test';

export interface GatewayHarness {
  gateway: Gateway;
  key: string;
  simulators: Record<string, Simulator>;
  /** The config file the gateway was built from (after editConfig). */
  file: GatewayConfigFile;
  /** The openai SDK pointed at the in-process gateway (the demo key unless `apiKey` is given). */
  client(options?: { maxRetries?: number; apiKey?: string; headers?: Record<string, string> }): OpenAI;
  /** A fetch into the gateway (for raw requests): `h.fetch('/chat/completions', init)`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  journal(upstream: string): Simulator['journal'];
  /** The default chat model id of an account, e.g. chatModel('anthropic-main'). */
  chatModel(account: string): string;
}

export interface GatewayHarnessOptions {
  /** Change the default config file before the gateway reads it (an extra account, another key). */
  editConfig?(file: GatewayConfigFile): void;
  /** Gateway options besides the upstream fetch (a request-log sink `onLog`, a clock `now`, ...). */
  gateway?: Omit<GatewayOptions, 'fetch'>;
  /** Options for every simulator (a clock `now` that lifecycles move on, a time scale, ...). */
  simulators?: UpstreamOptions;
}

export function createGatewayHarness(options: GatewayHarnessOptions = {}): GatewayHarness {
  const simulators = createSimulators(options.simulators);
  const router = createMockRouter(simulators, () => MOCK_ORIGIN);
  const key = generateApiKey();
  const file = defaultConfigFile(upstreamBaseURLs(MOCK_ORIGIN, simulators), key);
  options.editConfig?.(file);
  const config = resolveConfig(file, 'test harness');
  const gateway = createGateway(config, { onLog: () => {}, ...options.gateway, fetch: async (input, init) => router(new Request(input as RequestInfo, init)) });
  const base = `http://gateway.test${config.basePath}`;
  const gatewayFetch = async (input: RequestInfo | URL, init?: RequestInit) => gateway.fetch(new Request(input as RequestInfo, init));
  return {
    gateway,
    key,
    simulators,
    file,
    client: (options = {}) => new OpenAI({
      apiKey: options.apiKey ?? key, baseURL: base, fetch: gatewayFetch, maxRetries: options.maxRetries ?? 0,
      ...(options.headers ? { defaultHeaders: options.headers } : {}),
    }),
    fetch: (path, init = {}) => gatewayFetch(base + path, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } }),
    journal: (upstream) => {
      const sim = simulators[upstream];
      if (!sim) throw new Error(`no simulator "${upstream}"; known: ${Object.keys(simulators).join(', ')}`);
      return sim.journal;
    },
    chatModel: (account) => {
      const found = DEFAULT_ACCOUNTS.find((a) => a.account.name === account);
      if (!found) throw new Error(`no default account "${account}"`);
      return found.chatModel;
    },
  };
}

export interface ServedGateway {
  mocks: MockServer;
  gateway: RunningGateway;
  close(): Promise<void>;
}

/**
 * The same wiring over real sockets: the simulators on a loopback port and the reference gateway on
 * another, default config (request log off) — for tests about connections, upgrades and aborts.
 */
export async function startServedGateway(key: string, options: GatewayHarnessOptions & { mocks?: MockServerOptions } = {}): Promise<ServedGateway> {
  const mocks = await startMockServer(options.mocks ?? {});
  const file = defaultConfigFile(mocks.upstreams, key);
  file.request_log = { stdout: false };
  options.editConfig?.(file);
  const gateway = await startGateway(resolveConfig(file, 'test (served)'), options.gateway ?? {});
  return { mocks, gateway, async close() { await gateway.close(); await mocks.close(); } };
}
