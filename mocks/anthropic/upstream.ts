/** The simulated upstreams of this provider, as registry rows (placeholder until the simulator lands). */
import type { UpstreamDefinition } from '../registry.ts';

export const anthropicUpstreams: readonly UpstreamDefinition[] = [];
