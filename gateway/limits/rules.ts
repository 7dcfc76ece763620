/**
 * Config rules compiled for the hot path: a matcher per rule (sets and account prefixes instead of list
 * scans), what the rule measures, its window kind, its limit as an integer (nano-dollars for budgets), and
 * the counter key for a subject in a window: `ts:rl:<rule>:<unit>:key=demo|model=openai-main/gpt-4o:<window>`.
 */
import type { BudgetRule, BudgetUnit, LimitScope, RateLimitRule, RateLimitUnit, RuleWhen } from './config.ts';
import { toNanoUsd } from './money.ts';
import type { Window, WindowKind } from './windows.ts';

export interface LimitSubject {
  /** The gateway API key name. */
  key: string;
  team?: string;
  /** The gateway model id `account/model`. */
  model: string;
}

export type Measure = 'requests' | 'tokens' | 'cost';

export interface CompiledRule {
  id: string;
  section: 'rate_limits' | 'budgets';
  unit: RateLimitUnit | BudgetUnit;
  measure: Measure;
  window: WindowKind;
  /** Requests, tokens, or nano-dollars. */
  limit: number;
  /** In canonical order (key before model), whatever the config's order. */
  per: LimitScope[];
  matches(subject: LimitSubject): boolean;
}

const UNIT_SHAPE: Record<RateLimitUnit | BudgetUnit, { measure: Measure; window: WindowKind }> = {
  requests_per_minute: { measure: 'requests', window: 'minute' },
  requests_per_hour: { measure: 'requests', window: 'hour' },
  tokens_per_minute: { measure: 'tokens', window: 'minute' },
  tokens_per_hour: { measure: 'tokens', window: 'hour' },
  cost_per_day: { measure: 'cost', window: 'day' },
  cost_per_month: { measure: 'cost', window: 'month' },
};

function compileWhen(when: RuleWhen = {}): (subject: LimitSubject) => boolean {
  const keys = when.keys && new Set(when.keys);
  const teams = when.teams && new Set(when.teams);
  const models = when.models && new Set(when.models.filter((m) => !m.endsWith('/*')));
  const accounts = when.models?.filter((m) => m.endsWith('/*')).map((m) => m.slice(0, -1)); // 'account/'
  return (subject) =>
    (!keys || keys.has(subject.key)) &&
    (!teams || (subject.team !== undefined && teams.has(subject.team))) &&
    (!models || models.has(subject.model) || accounts!.some((prefix) => subject.model.startsWith(prefix)));
}

function compile(section: CompiledRule['section'], rule: RateLimitRule | BudgetRule, limit: number): CompiledRule {
  const per = rule.per ?? ['key'];
  return {
    id: rule.id,
    section,
    unit: rule.unit,
    ...UNIT_SHAPE[rule.unit],
    limit,
    per: (['key', 'model'] as const).filter((scope) => per.includes(scope)),
    matches: compileWhen(rule.when),
  };
}

export function compileRules(rateLimits: readonly RateLimitRule[], budgets: readonly BudgetRule[]): CompiledRule[] {
  return [
    ...rateLimits.map((rule) => compile('rate_limits', rule, rule.limit_to)),
    ...budgets.map((rule) => compile('budgets', rule, toNanoUsd(rule.limit_to))),
  ];
}

// key names and model ids are free text; escape the characters that structure a counter key
const escapePart = (text: string) => text.replace(/[%|:=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Which counter of `rule` a subject uses: `key=demo|model=a/b`, or `all` for a shared counter. */
export function scopeOf(rule: CompiledRule, subject: LimitSubject): string {
  if (rule.per.length === 0) return 'all';
  return rule.per.map((scope) => `${scope}=${escapePart(scope === 'key' ? subject.key : subject.model)}`).join('|');
}

export function counterKey(rule: CompiledRule, subject: LimitSubject, window: Window): string {
  return `ts:${rule.section === 'budgets' ? 'bg' : 'rl'}:${rule.id}:${rule.unit}:${scopeOf(rule, subject)}:${window.index}`;
}
