/**
 * The OpenAI-compatible upstreams as registry rows: one per provider table, each served by the shared
 * base (index.ts) at the provider's real base URL.
 */
import type { UpstreamDefinition } from '../registry.ts';
import { createOpenAICompatibleSimulator } from './index.ts';
import { PROFILES } from './providers/index.ts';

export const openAICompatibleUpstreams: readonly UpstreamDefinition[] = PROFILES.map((profile): UpstreamDefinition => ({
  name: profile.name,
  provider: profile.name,
  realBaseURL: profile.baseURL,
  create: (options = {}) => createOpenAICompatibleSimulator(profile, { ...options, name: profile.name }),
}));
