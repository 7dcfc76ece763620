/** Default Anthropic account of the in-process target (adjust models as the translator needs). */
import type { DefaultAccount } from './types.ts';
export const anthropicAccounts: DefaultAccount[] = [
  { upstream: 'anthropic', chatModel: 'anthropic-main/claude-sonnet-4-5', reasoningModel: 'anthropic-main/claude-sonnet-4-5', account: { name: 'anthropic-main', provider: 'anthropic', api_key: { value: 'sk-ant-touchstone-0001' }, models: [{ name: 'claude-sonnet-4-5', pricing: { input: 3, output: 15, cached_input: 0.3 } }, ...['claude-haiku-4-5', 'claude-3-7-sonnet-20250219'].map((name) => ({ name }))] } },
];
