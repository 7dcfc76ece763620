/**
 * The `rate_limits` and `budgets` sections of the gateway config: their TypeScript types, the JSON Schema
 * fragment the core merges into its config schema (ajv, additionalProperties false), and the checks a
 * schema cannot express (unique ids). The core parses YAML; this module only describes and checks shapes.
 */
import { Ajv, type ValidateFunction } from 'ajv';

/** Which counters a rule keeps: one per API key, per model, per key+model pair, or one shared (`[]`). */
export type LimitScope = 'key' | 'model';

/** Conditions of a rule; every given list must contain the subject's value. Omitted = any. */
export interface RuleWhen {
  /** Gateway API key names. */
  keys?: string[];
  /** Team names; a subject without a team never matches a rule that names teams. */
  teams?: string[];
  /** Gateway model ids `account/model`, or `account/*` for every model of an account. */
  models?: string[];
}

export type RateLimitUnit = 'requests_per_minute' | 'tokens_per_minute' | 'requests_per_hour' | 'tokens_per_hour';
export type BudgetUnit = 'cost_per_day' | 'cost_per_month';

export interface RateLimitRule {
  id: string;
  when?: RuleWhen;
  unit: RateLimitUnit;
  /** Requests or tokens per window, an integer >= 0. */
  limit_to: number;
  /** Default `['key']`. */
  per?: LimitScope[];
}

export interface BudgetRule {
  id: string;
  when?: RuleWhen;
  unit: BudgetUnit;
  /** USD per UTC day or month, >= 0. */
  limit_to: number;
  /** Default `['key']`. */
  per?: LimitScope[];
}

export const RATE_LIMIT_UNITS: readonly RateLimitUnit[] = ['requests_per_minute', 'tokens_per_minute', 'requests_per_hour', 'tokens_per_hour'];
export const BUDGET_UNITS: readonly BudgetUnit[] = ['cost_per_day', 'cost_per_month'];

const ruleId = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' };
const nameList = { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true };
const when = {
  type: 'object',
  additionalProperties: false,
  properties: {
    keys: nameList,
    teams: nameList,
    // an exact gateway model id (no `*`), or `account/*`
    models: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^([^*/]+/[^*]+|[^*/]+/\\*)$' } },
  },
};
const per = { type: 'array', uniqueItems: true, items: { enum: ['key', 'model'] } };

/**
 * JSON Schema for the two config sections, to place under the core schema's `properties`:
 * `properties: { ...core, ...limitsConfigSchema }`.
 */
/** A rule list: the same shape for both sections, differing in the units and what `limit_to` counts. */
const rules = <U extends readonly string[]>(units: U, limitTo: { type: 'integer' | 'number'; minimum: 0 }) => ({
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'unit', 'limit_to'],
    properties: { id: ruleId, when, unit: { enum: units }, limit_to: limitTo, per },
  },
}) as const;

export const limitsConfigSchema = {
  rate_limits: rules(RATE_LIMIT_UNITS, { type: 'integer', minimum: 0 }), // requests or tokens
  budgets: rules(BUDGET_UNITS, { type: 'number', minimum: 0 }), // USD
} as const;

let validateSections: ValidateFunction | undefined;

/**
 * Checks both sections against `limitsConfigSchema` and what a schema cannot say (ids unique within each
 * section). Returns problems as `path: what was expected` lines (empty when the rules are fine), in the
 * style of the core's ConfigError. `createLimiter` throws when this finds anything.
 */
export function checkLimitRules(rateLimits: readonly RateLimitRule[], budgets: readonly BudgetRule[]): string[] {
  validateSections ??= new Ajv({ allErrors: true }).compile({ type: 'object', properties: limitsConfigSchema });
  if (!validateSections({ rate_limits: rateLimits, budgets })) {
    return (validateSections.errors ?? []).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : e.keyword === 'enum' ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
      return `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${extra}`;
    });
  }
  const problems: string[] = [];
  for (const [section, rules] of [['rate_limits', rateLimits], ['budgets', budgets]] as const) {
    const seen = new Map<string, number>();
    rules.forEach((rule, index) => {
      const first = seen.get(rule.id);
      if (first !== undefined) problems.push(`/${section}/${index}/id: expected a unique id, but '${rule.id}' is also /${section}/${first}/id`);
      else seen.set(rule.id, index);
    });
  }
  return problems;
}
