/** Every bench scenario, in the order they run (cheap and fundamental first, the long conformance run last). */
import type { Scenario } from '../scenario.ts';
import { chatLatency } from './chat-latency.ts';
import { chatThroughput } from './chat-throughput.ts';
import { conformance } from './conformance.ts';
import { embeddings } from './embeddings.ts';
import { openStreams } from './open-streams.ts';
import { streaming } from './streaming.ts';

export const SCENARIOS: readonly Scenario[] = [chatLatency, chatThroughput, streaming, embeddings, openStreams, conformance];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
