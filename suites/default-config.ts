/**
 * The embedded default gateway config: one account per provider of the capability matrix (plus an EU
 * OpenAI account), each pointing at its simulator on the mock server, and one demo key. Used by
 * `touchstone run` (in-process target) and `touchstone gateway` without --config.
 */
import { hashKey, type GatewayConfigFile } from '../gateway/config.ts';
import { anthropicAccounts } from './accounts/anthropic.ts';
import { azureOpenAIAccounts } from './accounts/azure-openai.ts';
import { bedrockAccounts } from './accounts/bedrock.ts';
import { cohereAccounts } from './accounts/cohere.ts';
import { geminiAccounts } from './accounts/gemini.ts';
import { openaiAccounts } from './accounts/openai.ts';
import { openAICompatibleAccounts } from './accounts/openai-compatible.ts';
import type { DefaultAccount } from './accounts/types.ts';
import { vertexAccounts } from './accounts/vertex.ts';

export const DEFAULT_ACCOUNTS: readonly DefaultAccount[] = [
  ...openaiAccounts, ...azureOpenAIAccounts, ...anthropicAccounts, ...bedrockAccounts, ...vertexAccounts,
  ...cohereAccounts, ...geminiAccounts, ...openAICompatibleAccounts,
];

/** The config file for simulators listed at `upstreams` (name → base URL) and the given demo key. */
export function defaultConfigFile(upstreams: Record<string, string>, demoKey: string): GatewayConfigFile {
  const accounts = DEFAULT_ACCOUNTS.map(({ upstream, account }) => {
    const base = upstreams[upstream];
    if (!base) throw new Error(`default config: the mock server lists no "${upstream}" upstream (account ${account.name})`);
    // A copy to the model level: tests edit the file they get; the defaults are shared module state.
    return { ...structuredClone(account), base_url: base };
  });
  return { accounts, keys: [{ name: 'demo', sha256: hashKey(demoKey), access: { models: ['*'] } }] };
}

/** The chat model id the suites use per provider account (for per-provider scenarios). */
export function defaultChatModels(): Record<string, string> {
  return Object.fromEntries(DEFAULT_ACCOUNTS.map((a) => [a.account.name, a.chatModel]));
}
