/**
 * The eight rows in the registry: names and real base URLs, simulators created through the registry,
 * and the loopback router reaching each at `/<name><base path>/chat/completions` — in-process.
 */
import { describe, expect, it } from 'vitest';
import { createSimulators, findUpstream } from '../registry.ts';
import { createMockRouter, upstreamBaseURLs } from '../server.ts';
import { PROFILES } from './providers/index.ts';
import { validKey } from './test-kit.ts';
import { openAICompatibleUpstreams } from './upstream.ts';

const BASE_URLS = {
  groq: 'https://api.groq.com/openai/v1',
  ai21: 'https://api.ai21.com/studio/v1',
  cerebras: 'https://api.cerebras.ai/v1',
  sambanova: 'https://api.sambanova.ai/v1',
  perplexity: 'https://api.perplexity.ai',
  together: 'https://api.together.xyz/v1',
  xai: 'https://api.x.ai/v1',
  deepinfra: 'https://api.deepinfra.com/v1/openai',
};

describe('openai-compatible registry rows', () => {
  it('registers the eight providers at their real base URLs', () => {
    expect(Object.fromEntries(openAICompatibleUpstreams.map((u) => [u.name, u.realBaseURL]))).toEqual(BASE_URLS);
    for (const name of Object.keys(BASE_URLS)) expect(findUpstream(name)?.provider).toBe(name);
  });

  it('serves each through the loopback router under /<name>', async () => {
    const names = Object.keys(BASE_URLS);
    const simulators = createSimulators({}, names);
    const router = createMockRouter(simulators, () => 'http://127.0.0.1:9');
    const bases = upstreamBaseURLs('http://127.0.0.1:9', simulators);
    for (const profile of PROFILES) {
      expect(bases[profile.name]).toBe(`http://127.0.0.1:9/${profile.name}${new URL(profile.baseURL).pathname.replace(/\/$/, '')}`);
      const res = await router(new Request(`${bases[profile.name]}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${validKey(profile)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: profile.defaultModel, messages: [{ role: 'user', content: 'Hello' }] }),
      }));
      expect(res.status, profile.name).toBe(200);
      expect(simulators[profile.name]!.journal.last()?.path).toBe(`${new URL(profile.baseURL).pathname.replace(/\/$/, '')}/chat/completions`);
    }
  });
});
