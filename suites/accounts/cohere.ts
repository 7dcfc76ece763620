/** Default Cohere account of the in-process target (adjust models as the translator needs). */
import type { DefaultAccount } from './types.ts';
export const cohereAccounts: DefaultAccount[] = [
  { upstream: 'cohere', chatModel: 'cohere-main/command-a-03-2025', account: { name: 'cohere-main', provider: 'cohere', api_key: { value: 'touchstone-cohere-0001' }, models: ['command-a-03-2025', 'command-a-reasoning-08-2025'].map((name) => ({ name })) } },
];
