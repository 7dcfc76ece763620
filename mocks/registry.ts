/**
 * The list of simulated upstreams: name, provider family, the real base URL it stands in for, and how
 * to create its simulator. The loopback server mounts each under `/<name>`, msw intercepts each real
 * base URL. New providers and regions slot in as rows here.
 *
 * OpenAI's regional endpoints (data residency: us, eu, au, ca, jp, in, sg, kr, gb, ae) are the same
 * simulator with a region tag and their own journal.
 */
import { FaultController } from './faults/select.ts';
import { createOpenAISimulator, type OpenAIDescription } from './openai/index.ts';
import type { Simulator, SimulatorOptions } from './types.ts';
import { anthropicUpstreams } from './anthropic/upstream.ts';
import { azureOpenAIUpstreams } from './azure-openai/upstream.ts';
import { bedrockUpstreams } from './bedrock/upstream.ts';
import { cohereUpstreams } from './cohere/upstream.ts';
import { geminiUpstreams } from './gemini/upstream.ts';
import { openAICompatibleUpstreams } from './openai-compatible/upstream.ts';
import { vertexUpstreams } from './vertex/upstream.ts';

/** Options any upstream's `create` understands. */
export interface UpstreamOptions extends SimulatorOptions {
  /** Exact list of accepted API keys (provider default rules apply when absent). */
  apiKeys?: readonly string[];
  /** OpenAI's published description: OpenAI simulators validate JSON request bodies against it. */
  description?: OpenAIDescription;
}

export interface UpstreamDefinition {
  name: string;
  provider: string;
  region?: string;
  /** The real provider's base URL, e.g. `https://api.openai.com/v1`. */
  realBaseURL: string;
  create(options?: UpstreamOptions): Simulator;
}

export const OPENAI_REGIONS = ['us', 'eu', 'au', 'ca', 'jp', 'in', 'sg', 'kr', 'gb', 'ae'] as const;

export const upstreams: readonly UpstreamDefinition[] = [
  {
    name: 'openai',
    provider: 'openai',
    realBaseURL: 'https://api.openai.com/v1',
    create: (options = {}) => createOpenAISimulator({ ...options, name: 'openai' }),
  },
  ...OPENAI_REGIONS.map((region): UpstreamDefinition => ({
    name: `openai-${region}`,
    provider: 'openai',
    region,
    realBaseURL: `https://${region}.api.openai.com/v1`,
    create: (options = {}) => createOpenAISimulator({ ...options, name: `openai-${region}`, region }),
  })),
  // The other providers of seed 001's capability matrix, each from its own folder.
  ...azureOpenAIUpstreams,
  ...anthropicUpstreams,
  ...bedrockUpstreams,
  ...vertexUpstreams,
  ...cohereUpstreams,
  ...geminiUpstreams,
  ...openAICompatibleUpstreams,
];

export function findUpstream(name: string): UpstreamDefinition | undefined {
  return upstreams.find((u) => u.name === name);
}

/**
 * One simulator per registered upstream (or per name in `names`), keyed by name. They share one fault
 * controller (`options.faults`, or a new one), so a profile and its `times` counts span all of them.
 */
export function createSimulators(options: UpstreamOptions = {}, names?: readonly string[]): Record<string, Simulator> {
  const selected = names ? names.map((n) => {
    const found = findUpstream(n);
    if (!found) throw new Error(`Unknown upstream "${n}". Known: ${upstreams.map((u) => u.name).join(', ')}`);
    return found;
  }) : upstreams;
  const shared: UpstreamOptions = options.faults ? options : { ...options, faults: new FaultController() };
  return Object.fromEntries(selected.map((u) => [u.name, u.create(shared)]));
}
