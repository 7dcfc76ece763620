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
import { createSimulators } from '../mocks/registry.ts';
import { createMockRouter, upstreamBaseURLs } from '../mocks/server.ts';
import type { Simulator } from '../mocks/types.ts';
import { DEFAULT_ACCOUNTS, defaultConfigFile } from '../suites/default-config.ts';

const MOCK_ORIGIN = 'http://mock.test';

export interface GatewayHarness {
  gateway: Gateway;
  key: string;
  simulators: Record<string, Simulator>;
  /** The openai SDK pointed at the in-process gateway. */
  client(options?: { maxRetries?: number }): OpenAI;
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
}

export function createGatewayHarness(options: GatewayHarnessOptions = {}): GatewayHarness {
  const simulators = createSimulators();
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
    client: (options = {}) => new OpenAI({ apiKey: key, baseURL: base, fetch: gatewayFetch, maxRetries: options.maxRetries ?? 0 }),
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
