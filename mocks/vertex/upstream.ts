/**
 * Vertex AI as registry rows: `vertex` stands in for the regional host
 * https://us-central1-aiplatform.googleapis.com (paths must name `locations/us-central1`), and
 * `vertex-global` for the global host https://aiplatform.googleapis.com (any location, as used with
 * `locations/global`). Each row is its own simulator instance with its own journal.
 */
import type { UpstreamDefinition } from '../registry.ts';
import { createVertexSimulator } from './index.ts';

export const vertexUpstreams: readonly UpstreamDefinition[] = [
  {
    name: 'vertex',
    provider: 'vertex',
    region: 'us-central1',
    realBaseURL: 'https://us-central1-aiplatform.googleapis.com',
    create: (options = {}) => createVertexSimulator({ ...options, name: 'vertex', region: 'us-central1' }),
  },
  {
    name: 'vertex-global',
    provider: 'vertex',
    region: 'global',
    realBaseURL: 'https://aiplatform.googleapis.com',
    create: (options = {}) => createVertexSimulator({ ...options, name: 'vertex-global', region: 'global' }),
  },
];
