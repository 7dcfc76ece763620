/**
 * The simulated Bedrock Runtime upstreams, as registry rows: `bedrock` stands in for
 * https://bedrock-runtime.us-east-1.amazonaws.com (SigV4 scope region `us-east-1`). Another region is
 * one more row with its own name, real base URL and `region`.
 */
import type { UpstreamDefinition } from '../registry.ts';
import { BEDROCK_DEFAULT_REGION, createBedrockSimulator } from './index.ts';

function bedrockRow(name: string, region: string): UpstreamDefinition {
  return {
    name,
    provider: 'bedrock',
    region,
    realBaseURL: `https://bedrock-runtime.${region}.amazonaws.com`,
    create: (options = {}) => createBedrockSimulator({ ...options, name, region }),
  };
}

export const bedrockUpstreams: readonly UpstreamDefinition[] = [bedrockRow('bedrock', BEDROCK_DEFAULT_REGION)];
