/**
 * Cohere as registry rows: upstream `cohere`, standing in for https://api.cohere.com (the simulator
 * serves `/v2/chat` and `/v2/rerank` under it; the loopback server mounts it at `/cohere`).
 */
import type { UpstreamDefinition } from '../registry.ts';
import { createCohereSimulator } from './index.ts';

export const cohereUpstreams: readonly UpstreamDefinition[] = [
  {
    name: 'cohere',
    provider: 'cohere',
    realBaseURL: 'https://api.cohere.com',
    create: (options = {}) => createCohereSimulator({ ...options, name: 'cohere' }),
  },
];
