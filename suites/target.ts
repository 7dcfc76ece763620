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
  models: TargetModels;
  /**
   * The provider account for APIs routed by the `x-tfy-provider-name` header (responses retrieve/delete,
   * files, batches, fine-tuning), e.g. "openai-main". Absent: those suites send no header.
   */
  providerAccount?: string;
  /** A second, regional account and the simulator upstream behind it (data-residency checks). */
  region?: { account: string; upstream: string; chatModel: string };
  /** The bare host for the realtime WebSocket (`ws://host:port`), when the target serves /live/{account}. */
  realtimeURL?: string;
  /** Simulators' base URLs by upstream name (in-process and external targets). */
  upstreams?: Record<string, string>;
  /** Values that must never appear in evidence (keys); redacted by the recorder. */
  secrets: string[];
  /**
   * The provider accounts the capability suite measures: one per provider, with the model ids to use.
   * Known for the in-process target; absent for an external one unless its profile lists them.
   */
  providers?: TargetProvider[];
  /** How the key is sent (a target profile); absent = `Authorization: Bearer KEY`. */
  auth?: { header: string; scheme?: string };
  /** Extra headers sent with every request (a target profile). */
  headers?: Record<string, string>;
  /** Headers sent with a request whose body names a model id (model id → headers): gateways that route by header. */
  modelHeaders?: Record<string, Record<string, string>>;
  /** The header carrying `providerAccount` on header-routed APIs; absent = `x-tfy-provider-name`. */
  providerAccountHeader?: string;
  /**
   * What the gateway claims to serve (a target profile): endpoints as `METHOD /path` or `/path` (a path claims
   * the paths below it too). Checks of an endpoint not claimed are `unimplemented`. Absent = everything claimed.
   */
  claims?: { endpoints: string[] };
  /**
   * Provider capability claims of a target profile (provider → column → state), in place of
   * spec/capabilities.yaml's; a cell the profile does not list is `unimplemented`. Absent = the spec's claims.
   */
  capabilityClaims?: Record<string, Record<string, 'supported' | 'provider-only' | 'unsupported'>>;
}

/** Model ids (as the gateway writes them, e.g. `account/model`) per API; absent = the API is not tested. */
export interface TargetModels {
  chat: string;
  embeddings?: string;
  responses?: string;
  image?: string;
  /** dall-e-2: edits and variations */
  imageEdit?: string;
  speech?: string;
  transcription?: string;
  moderation?: string;
  /** Bare upstream realtime model name (the account is in the /live/{account} path). */
  realtime?: string;
  rerank?: string;
  /** A base model for fine-tuning jobs (bare name). */
  fineTuning?: string;
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
      models: {
        chat: 'openai-main/gpt-4o-mini', embeddings: 'openai-main/text-embedding-3-small', responses: 'openai-main/gpt-4o-mini',
        image: 'openai-main/gpt-image-1', imageEdit: 'openai-main/dall-e-2', speech: 'openai-main/tts-1', transcription: 'openai-main/whisper-1',
        moderation: 'openai-main/omni-moderation-latest', realtime: 'gpt-4o-realtime-preview', rerank: 'cohere-main/rerank-v3.5',
        fineTuning: 'gpt-4o-mini-2024-07-18',
      },
      providerAccount: 'openai-main',
      region: { account: 'openai-eu', upstream: 'openai-eu', chatModel: 'openai-eu/gpt-4o-mini' },
      realtimeURL: gateway.url.replace(/^http/, 'ws'),
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
