/**
 * The simulated upstreams of Anthropic, as registry rows: `anthropic`, standing in for
 * https://api.anthropic.com (the official SDK's base URL; paths start with `/v1/`).
 */
import type { UpstreamDefinition } from '../registry.ts';
import { createAnthropicSimulator } from './index.ts';

export const anthropicUpstreams: readonly UpstreamDefinition[] = [
  {
    name: 'anthropic',
    provider: 'anthropic',
    realBaseURL: 'https://api.anthropic.com',
    create: (options = {}) => createAnthropicSimulator({ ...options, name: 'anthropic' }),
  },
];
