/**
 * What the suites run against: a gateway base URL, a key, and the model ids to use. The default
 * target is built in-process: the simulators on loopback plus the reference gateway wired to them.
 */
import { startMockServer } from '../mocks/server.ts';
import { generateApiKey, resolveConfig } from '../gateway/config.ts';
import { DEFAULT_ACCOUNTS, defaultConfigFile } from './default-config.ts';
import { startGateway } from '../gateway/server.ts';

export interface Target {
  id: string;
  kind: 'in-process' | 'external' | 'live';
  label: string;
  /** Base URL the OpenAI SDK is given (requests go to `${url}/chat/completions`). */
  url: string;
  key: string;
  models: { chat: string };
  upstreams?: Record<string, string>;
  /** Values that must never appear in evidence (keys); redacted by the recorder. */
  secrets: string[];
  /**
   * The provider accounts the capability suite measures: one per provider, with the model ids to use.
   * Known for the in-process target; absent for an external one unless its profile lists them.
   */
  providers?: TargetProvider[];
}

export interface TargetProvider {
  /** The provider kind, as in the capability matrix (spec/capabilities.yaml), e.g. "anthropic". */
  provider: string;
  /** The gateway's provider account name, e.g. "anthropic-main". */
  account: string;
  /** Model ids (`account/model`): for chat, and where the chat model lacks it, reasoning and caching. */
  chatModel: string;
  reasoningModel?: string;
  cachingModel?: string;
}

/** The first default account of each provider, as the capability suite's provider list. */
export function defaultTargetProviders(): TargetProvider[] {
  const seen = new Set<string>();
  return DEFAULT_ACCOUNTS.flatMap(({ account, chatModel, reasoningModel, cachingModel }) => {
    if (seen.has(account.provider)) return [];
    seen.add(account.provider);
    return [{ provider: account.provider, account: account.name, chatModel, ...(reasoningModel ? { reasoningModel } : {}), ...(cachingModel ? { cachingModel } : {}) }];
  });
}

export interface RunningTarget {
  target: Target;
  close(): Promise<void>;
}

/** The in-process default: simulators + reference gateway on 127.0.0.1, fresh keys each time. */
export async function startDefaultTarget(): Promise<RunningTarget> {
  const mocks = await startMockServer({});
  const demoKey = generateApiKey();
  const file = defaultConfigFile(mocks.upstreams, demoKey);
  file.request_log = { stdout: false }; // the run's console output is the report's, not one line per request
  const config = resolveConfig(file, 'embedded default');
  const upstreamSecrets = file.accounts.flatMap((a) => [a.api_key, a.aws?.secret_access_key]).flatMap((ref) => (ref && 'value' in ref ? [ref.value] : []));
  const gateway = await startGateway(config);
  return {
    target: {
      id: 'reference',
      kind: 'in-process',
      label: 'Touchstone reference gateway (in-process, simulated upstreams)',
      url: gateway.baseURL,
      key: demoKey,
      models: { chat: 'openai-main/gpt-4o-mini' },
      upstreams: mocks.upstreams,
      secrets: [demoKey, ...upstreamSecrets],
      providers: defaultTargetProviders(),
    },
    async close() {
      await gateway.close();
      await mocks.close();
    },
  };
}
