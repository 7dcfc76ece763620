// The documented example config loads as written (with its environment references set), so the README
// and the file cannot drift from the schema.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../config.ts';

const file = path.join(import.meta.dirname, 'gateway.yaml');
const env = { OPENAI_API_KEY: 'sk-a', OPENAI_EU_API_KEY: 'sk-b', ANTHROPIC_API_KEY: 'sk-ant-c', TOUCHSTONE_REDIS_URL: 'redis://127.0.0.1:6379' };

describe('gateway/examples/gateway.yaml', () => {
  it('is a valid config using every section', async () => {
    const config = await loadConfigFile(file, env);
    expect([...config.accounts.keys()]).toEqual(['openai-main', 'openai-eu', 'anthropic-main']);
    expect(config.accounts.get('openai-main')!.pricing!.get('gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6, cached_input: 0.075 });
    expect([...config.keys.values()].map((k) => [k.name, k.access])).toEqual([
      ['ci', ['*']], ['search-service', ['openai-eu/*', 'anthropic-main/claude-sonnet-4-5']],
    ]);
    expect(config.rateLimits.map((r) => r.id)).toEqual(['search-rpm', 'ci-tokens']);
    expect(config.budgets.map((b) => b.id)).toEqual(['search-daily']);
    expect(config.limitsStore).toEqual({ redisUrl: 'redis://127.0.0.1:6379', failOpen: false });
    expect(config.secrets.sort()).toEqual(['redis://127.0.0.1:6379', 'sk-a', 'sk-ant-c', 'sk-b']);
  });

  it('names the file, the path and what was expected when an environment reference is missing', async () => {
    await expect(loadConfigFile(file, { ...env, ANTHROPIC_API_KEY: '' })).rejects.toThrow(/gateway\.yaml:\n {2}- \/accounts\/2\/api_key\/env: environment variable ANTHROPIC_API_KEY is not set/);
  });
});
