/**
 * Default Cohere account of the in-process target: Command A for chat and tools, Command A Reasoning for
 * the reasoning column (thinking), Command A Vision for image inputs (Command A itself takes no images).
 */
import type { DefaultAccount } from './types.ts';
export const cohereAccounts: DefaultAccount[] = [
  {
    upstream: 'cohere',
    chatModel: 'cohere-main/command-a-03-2025',
    reasoningModel: 'cohere-main/command-a-reasoning-08-2025',
    account: {
      name: 'cohere-main', provider: 'cohere', api_key: { value: 'touchstone-cohere-0001' },
      models: ['command-a-03-2025', 'command-a-reasoning-08-2025', 'command-a-vision-07-2025', 'rerank-v3.5'].map((name) => ({ name })),
    },
  },
];
