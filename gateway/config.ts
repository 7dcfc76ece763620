/**
 * Gateway configuration: provider accounts (with their base URLs and credentials), the models each
 * enables, and the API keys allowed to call the gateway (stored as SHA-256 hashes, never in clear).
 * Loaded from YAML, validated against a JSON Schema; errors name the file, the path and what was expected.
 * Credentials are references (`{ env: NAME }`) resolved when the config is loaded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { limitsConfigSchema, type BudgetRule, type RateLimitRule } from './limits/index.ts';
import { requestLogConfigSchema, tracingConfigSchema, type RequestLogConfig, type TracingConfig } from './telemetry/index.ts';

/** The providers of seed 001's capability matrix; each has an adapter folder in gateway/providers/. */
export const PROVIDERS = ['openai', 'azure-openai', 'anthropic', 'bedrock', 'vertex', 'cohere', 'gemini', 'groq', 'ai21', 'cerebras', 'sambanova', 'perplexity', 'together', 'xai', 'deepinfra'] as const;
export type ProviderKind = (typeof PROVIDERS)[number];

export type SecretRef = { env: string } | { value: string };

/** USD prices of one model; token prices are per million tokens. */
export interface Pricing {
  input?: number;
  output?: number;
  /** Cached input tokens (defaults to `input` when absent). */
  cached_input?: number;
  /** Realtime audio tokens (default: `input` / `output`). */
  audio_input?: number;
  audio_output?: number;
  per_image?: number;
  per_audio_second?: number;
}

export interface ModelConfig { name: string; pricing?: Pricing }

export interface AccountConfig {
  name: string;
  provider: ProviderKind;
  base_url: string;
  /** Bearer/API key (for Vertex: the OAuth access token). Optional for Bedrock with `aws` credentials. */
  api_key?: SecretRef;
  /** Azure OpenAI: the api-version query parameter. */
  api_version?: string;
  /** Bedrock: AWS region (SigV4 scope); Vertex: location. */
  region?: string;
  /** Vertex: Google Cloud project id. */
  project?: string;
  /** Bedrock: SigV4 credentials. */
  aws?: { access_key_id: SecretRef; secret_access_key: SecretRef };
  models: ModelConfig[];
}

/** Which models a key (or team) may use: gateway model ids, `account/*`, or `*` for all. */
export interface AccessConfig { models: string[] }

export interface KeyConfig {
  name: string;
  sha256: string;
  /** The person the key belongs to (logged, traced). */
  user?: string;
  team?: string;
  /** Overrides the team's access. A key with neither its own nor a team's access may use nothing. */
  access?: AccessConfig;
}

export interface TeamConfig { name: string; access?: AccessConfig }

export interface GatewayConfigFile {
  server?: { base_path?: string; max_body_bytes?: number; max_header_bytes?: number; shutdown_grace_ms?: number };
  accounts: AccountConfig[];
  teams?: TeamConfig[];
  keys: KeyConfig[];
  rate_limits?: RateLimitRule[];
  budgets?: BudgetRule[];
  /** Where limit and budget counters live: in memory (default) or a Redis shared by replicas. */
  limits_store?: { redis_url: SecretRef; fail_open?: boolean };
  tracing?: TracingConfig;
  request_log?: RequestLogConfig;
}

/** The resolved, ready-to-serve config: lookups are precomputed maps, secrets resolved. */
export interface GatewayConfig {
  /** Where the config came from (file path or "embedded default"), for logs. */
  source: string;
  basePath: string;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  /** On SIGTERM, how long running requests and streams may take to finish (default 10 s). */
  shutdownGraceMs: number;
  accounts: Map<string, ResolvedAccount>;
  keys: Map<string, ResolvedKey>; // sha256 hex -> key
  rateLimits: RateLimitRule[];
  budgets: BudgetRule[];
  limitsStore?: { redisUrl: string; failOpen: boolean };
  tracing?: TracingConfig;
  requestLog?: RequestLogConfig;
  /** Every credential value resolved from the config: never to appear in answers, logs or traces. */
  secrets: string[];
}

export interface ResolvedKey {
  name: string;
  user?: string;
  team?: string;
  /** Access patterns in effect (the key's own, else its team's); empty = nothing. */
  access: string[];
}

export interface ResolvedAccount {
  name: string;
  provider: ProviderKind;
  baseURL: string; // without trailing slash
  apiKey: string; // "" when the account authenticates otherwise (Bedrock SigV4)
  apiVersion?: string;
  region?: string;
  project?: string;
  aws?: { accessKeyId: string; secretAccessKey: string };
  models: Set<string>;
  /** Prices of the models that have them (absent in hand-built test accounts). */
  pricing?: Map<string, Pricing>;
}

export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`invalid gateway config ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const configSchema = {
  $defs: {
    pricing: {
      type: 'object', additionalProperties: false, minProperties: 1,
      properties: Object.fromEntries(['input', 'output', 'cached_input', 'audio_input', 'audio_output', 'per_image', 'per_audio_second']
        .map((k) => [k, { type: 'number', minimum: 0 }])),
    },
    access: {
      type: 'object', additionalProperties: false, required: ['models'],
      properties: { models: { type: 'array', items: { type: 'string', pattern: '^(\\*|[a-z0-9][a-z0-9-]*/(\\*|[^*\\s]+))$' } } },
    },
    secret: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['env'], properties: { env: { type: 'string', minLength: 1 } } },
        { type: 'object', additionalProperties: false, required: ['value'], properties: { value: { type: 'string', minLength: 1 } } },
      ],
    },
  },
  type: 'object',
  additionalProperties: false,
  required: ['accounts', 'keys'],
  properties: {
    server: {
      type: 'object',
      additionalProperties: false,
      properties: {
        base_path: { type: 'string', pattern: '^(/[A-Za-z0-9._~-]+)*$' },
        max_body_bytes: { type: 'integer', minimum: 1024 },
        max_header_bytes: { type: 'integer', minimum: 1024 },
        shutdown_grace_ms: { type: 'integer', minimum: 0 },
      },
    },
    teams: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['name'],
        properties: { name: { type: 'string', minLength: 1 }, access: { $ref: '#/$defs/access' } },
      },
    },
    rate_limits: limitsConfigSchema.rate_limits,
    budgets: limitsConfigSchema.budgets,
    limits_store: {
      type: 'object', additionalProperties: false, required: ['redis_url'],
      properties: { redis_url: { $ref: '#/$defs/secret' }, fail_open: { type: 'boolean' } },
    },
    tracing: tracingConfigSchema,
    request_log: requestLogConfigSchema,
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'provider', 'base_url', 'models'],
        properties: {
          name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          provider: { enum: PROVIDERS },
          base_url: { type: 'string', pattern: '^https?://' },
          api_key: { $ref: '#/$defs/secret' },
          api_version: { type: 'string', minLength: 1 },
          region: { type: 'string', pattern: '^[a-z0-9-]+$' },
          project: { type: 'string', minLength: 1 },
          aws: {
            type: 'object', additionalProperties: false, required: ['access_key_id', 'secret_access_key'],
            properties: { access_key_id: { $ref: '#/$defs/secret' }, secret_access_key: { $ref: '#/$defs/secret' } },
          },
          models: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object', additionalProperties: false, required: ['name'],
              properties: { name: { type: 'string', minLength: 1, pattern: '^[^*\\s]+$' }, pricing: { $ref: '#/$defs/pricing' } },
            },
          },
        },
      },
    },
    keys: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'sha256'],
        properties: {
          name: { type: 'string', minLength: 1 },
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          user: { type: 'string', minLength: 1 },
          team: { type: 'string', minLength: 1 },
          access: { $ref: '#/$defs/access' },
        },
      },
    },
  },
} as const;

/** Fields each provider needs beyond name/provider/base_url/models. */
const REQUIRED_BY_PROVIDER: Record<ProviderKind, readonly (keyof AccountConfig)[]> = {
  openai: ['api_key'], 'azure-openai': ['api_key', 'api_version'], anthropic: ['api_key'], bedrock: ['region', 'aws'],
  vertex: ['api_key', 'project', 'region'], cohere: ['api_key'], gemini: ['api_key'], groq: ['api_key'], ai21: ['api_key'],
  cerebras: ['api_key'], sambanova: ['api_key'], perplexity: ['api_key'], together: ['api_key'], xai: ['api_key'], deepinfra: ['api_key'],
};

const ajv = new Ajv({ allErrors: true });
const validateConfigShape = ajv.compile<GatewayConfigFile>(configSchema);

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A fresh random gateway API key in the shape users expect (`ts-` + 40 hex chars). */
export function generateApiKey(): string {
  return `ts-${randomBytes(20).toString('hex')}`;
}

/** Validate a parsed config object and resolve it. `source` names the file (or "embedded default"). */
export function resolveConfig(raw: unknown, source: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  if (!validateConfigShape(raw)) {
    const problems = (validateConfigShape.errors ?? []).map((e) => {
      const where = e.instancePath || '/';
      if (e.keyword === 'additionalProperties') return `${where}: unknown field "${String(e.params.additionalProperty)}"`;
      if (e.keyword === 'required') return `${where}: missing required field "${String(e.params.missingProperty)}"`;
      if (e.keyword === 'enum') return `${where}: expected one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
      if (e.keyword === 'pattern' && where.includes('/access/models/')) return `${where}: expected "account/model", "account/*" or "*"`;
      if (e.keyword === 'oneOf' && where.endsWith('api_key')) return `${where}: expected { env: NAME } or { value: "…" }`;
      return `${where}: ${e.message ?? 'invalid'}`;
    });
    throw new ConfigError(source, [...new Set(problems)]);
  }
  const problems: string[] = [];
  const accounts = new Map<string, ResolvedAccount>();
  const secrets = new Set<string>();
  const secret = (ref: SecretRef | undefined, at: string): string => {
    if (!ref) return '';
    const value = 'value' in ref ? ref.value : env[ref.env] ?? '';
    if (!value && 'env' in ref) problems.push(`${at}/env: environment variable ${ref.env} is not set`);
    if (value) secrets.add(value);
    return value;
  };
  raw.accounts.forEach((account, i) => {
    const at = `/accounts/${i}`;
    if (accounts.has(account.name)) problems.push(`${at}/name: duplicate account name "${account.name}"`);
    for (const field of REQUIRED_BY_PROVIDER[account.provider]) {
      if (account[field] === undefined) problems.push(`${at}: provider ${account.provider} needs "${field}"`);
    }
    const resolved: ResolvedAccount = {
      name: account.name,
      provider: account.provider,
      baseURL: account.base_url.replace(/\/+$/, ''),
      apiKey: secret(account.api_key, `${at}/api_key`),
      models: new Set(account.models.map((m) => m.name)),
      pricing: new Map(account.models.flatMap((m) => (m.pricing ? [[m.name, m.pricing] as const] : []))),
    };
    account.models.forEach((m, j) => {
      if (account.models.findIndex((o) => o.name === m.name) !== j) problems.push(`${at}/models/${j}/name: duplicate model "${m.name}"`);
    });
    if (account.api_version) resolved.apiVersion = account.api_version;
    if (account.region) resolved.region = account.region;
    if (account.project) resolved.project = account.project;
    if (account.aws) {
      resolved.aws = { accessKeyId: secret(account.aws.access_key_id, `${at}/aws/access_key_id`), secretAccessKey: secret(account.aws.secret_access_key, `${at}/aws/secret_access_key`) };
    }
    accounts.set(account.name, resolved);
  });
  // Access patterns must name configured accounts and models, so a typo fails loudly instead of denying quietly.
  const checkAccess = (access: AccessConfig | undefined, at: string) => {
    access?.models.forEach((pattern, j) => {
      if (pattern === '*') return;
      const [accountName, model] = [pattern.slice(0, pattern.indexOf('/')), pattern.slice(pattern.indexOf('/') + 1)];
      const account = accounts.get(accountName);
      if (!account) problems.push(`${at}/access/models/${j}: no provider account named "${accountName}" (expected "account/model", "account/*" or "*")`);
      else if (model !== '*' && !account.models.has(model)) problems.push(`${at}/access/models/${j}: account "${accountName}" does not enable "${model}"`);
    });
  };
  const teams = new Map<string, TeamConfig>();
  (raw.teams ?? []).forEach((team, i) => {
    if (teams.has(team.name)) problems.push(`/teams/${i}/name: duplicate team name "${team.name}"`);
    checkAccess(team.access, `/teams/${i}`);
    teams.set(team.name, team);
  });
  const keys = new Map<string, ResolvedKey>();
  const keyNames = new Set<string>();
  raw.keys.forEach((key, i) => {
    const at = `/keys/${i}`;
    if (keyNames.has(key.name)) problems.push(`${at}/name: duplicate key name "${key.name}"`);
    if (keys.has(key.sha256)) problems.push(`${at}/sha256: the same key hash is configured twice`);
    keyNames.add(key.name);
    const team = key.team === undefined ? undefined : teams.get(key.team);
    if (key.team !== undefined && !team) problems.push(`${at}/team: no team named "${key.team}" (define it under teams)`);
    checkAccess(key.access, at);
    const access = key.access?.models ?? team?.access?.models ?? [];
    keys.set(key.sha256, { name: key.name, ...(key.user ? { user: key.user } : {}), ...(key.team ? { team: key.team } : {}), access });
  });
  const ruleIds = new Set<string>();
  for (const [list, name] of [[raw.rate_limits ?? [], 'rate_limits'], [raw.budgets ?? [], 'budgets']] as const) {
    list.forEach((rule, i) => {
      if (ruleIds.has(rule.id)) problems.push(`/${name}/${i}/id: duplicate rule id "${rule.id}"`);
      ruleIds.add(rule.id);
      rule.when?.keys?.forEach((k, j) => { if (!keyNames.has(k)) problems.push(`/${name}/${i}/when/keys/${j}: no key named "${k}"`); });
      rule.when?.teams?.forEach((t, j) => { if (!teams.has(t)) problems.push(`/${name}/${i}/when/teams/${j}: no team named "${t}"`); });
    });
  }
  const store = raw.limits_store ? { redisUrl: secret(raw.limits_store.redis_url, '/limits_store/redis_url'), failOpen: raw.limits_store.fail_open ?? false } : undefined;
  if (problems.length) throw new ConfigError(source, problems);
  return {
    source,
    basePath: raw.server?.base_path ?? '/api/llm',
    maxBodyBytes: raw.server?.max_body_bytes ?? 32 * 1024 * 1024,
    maxHeaderBytes: raw.server?.max_header_bytes ?? 32 * 1024,
    shutdownGraceMs: raw.server?.shutdown_grace_ms ?? 10_000,
    accounts,
    keys,
    rateLimits: raw.rate_limits ?? [],
    budgets: raw.budgets ?? [],
    ...(store ? { limitsStore: store } : {}),
    ...(raw.tracing ? { tracing: raw.tracing } : {}),
    ...(raw.request_log ? { requestLog: raw.request_log } : {}),
    secrets: [...secrets],
  };
}

export async function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<GatewayConfig> {
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch (error) {
    throw new ConfigError(path, [`cannot read file: ${(error as Error).message}`]);
  }
  let raw: unknown;
  try { raw = parseYaml(text); } catch (error) {
    throw new ConfigError(path, [`not valid YAML: ${(error as Error).message}`]);
  }
  return resolveConfig(raw, path, env);
}
