// Access patterns and their config validation: typos fail loudly at load time (file, path, expectation)
// instead of denying quietly at request time.
import { describe, expect, it } from 'vitest';
import { mayUseAccount, mayUseModel } from './access.ts';
import { ConfigError, hashKey, resolveConfig } from './config.ts';

const account = { name: 'openai-main', provider: 'openai', base_url: 'https://api.openai.com/v1', api_key: { value: 'sk-x' }, models: [{ name: 'gpt-4o-mini' }, { name: 'gpt-4o' }] };
const key = (extra: Record<string, unknown>) => ({ name: 'k', sha256: hashKey('k'), ...extra });

function problems(file: Record<string, unknown>): string[] {
  try { resolveConfig({ accounts: [account], ...file }, 'gw.yaml'); } catch (e) { if (e instanceof ConfigError) return e.problems; throw e; }
  return [];
}

describe('access patterns', () => {
  const k = (access: string[]) => ({ name: 'k', access });
  it('"*", "account/*" and "account/model" grant exactly what they say', () => {
    expect(mayUseModel(k(['*']), 'openai-main', 'gpt-4o')).toBe(true);
    expect(mayUseModel(k(['openai-main/*']), 'openai-main', 'gpt-4o')).toBe(true);
    expect(mayUseModel(k(['openai-main/*']), 'openai-eu', 'gpt-4o')).toBe(false);
    expect(mayUseModel(k(['openai-main/gpt-4o-mini']), 'openai-main', 'gpt-4o')).toBe(false);
    expect(mayUseModel(k([]), 'openai-main', 'gpt-4o-mini')).toBe(false);
    expect(mayUseAccount(k(['openai-main/gpt-4o-mini']), 'openai-main')).toBe(true);
    expect(mayUseAccount(k(['openai-main/gpt-4o-mini']), 'openai-mainx')).toBe(false);
  });

  it('config errors name the path and what was expected', () => {
    expect(problems({ keys: [key({ access: { models: ['gpt-4o'] } })] })).toEqual(['/keys/0/access/models/0: expected "account/model", "account/*" or "*"']);
    expect(problems({ keys: [key({ access: { models: ['nope/*'] } })] })).toEqual(['/keys/0/access/models/0: no provider account named "nope" (expected "account/model", "account/*" or "*")']);
    expect(problems({ keys: [key({ access: { models: ['openai-main/o3'] } })] })).toEqual(['/keys/0/access/models/0: account "openai-main" does not enable "o3"']);
    expect(problems({ keys: [key({ team: 'ghosts' })] })).toEqual(['/keys/0/team: no team named "ghosts" (define it under teams)']);
    expect(problems({ keys: [key({}), key({})] })).toEqual(['/keys/1/name: duplicate key name "k"', '/keys/1/sha256: the same key hash is configured twice']);
    expect(problems({ keys: [key({})], rate_limits: [{ id: 'r', when: { keys: ['x'], teams: ['t'] }, unit: 'requests_per_minute', limit_to: 1 }] }))
      .toEqual(['/rate_limits/0/when/keys/0: no key named "x"', '/rate_limits/0/when/teams/0: no team named "t"']);
    expect(problems({ keys: [key({})], budgets: [{ id: 'b', unit: 'cost_per_week', limit_to: 1 }] })).toEqual(['/budgets/0/unit: expected one of cost_per_day, cost_per_month']);
  });
});
