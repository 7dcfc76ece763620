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

export type ProviderKind = 'openai';
export const PROVIDERS: readonly ProviderKind[] = ['openai'];

export interface ModelConfig { name: string }

export interface AccountConfig {
  name: string;
  provider: ProviderKind;
  base_url: string;
  api_key: { env: string } | { value: string };
  models: ModelConfig[];
}

export interface KeyConfig { name: string; sha256: string }

export interface GatewayConfigFile {
  server?: { base_path?: string; max_body_bytes?: number };
  accounts: AccountConfig[];
  keys: KeyConfig[];
}

/** The resolved, ready-to-serve config: lookups are precomputed maps, secrets resolved. */
export interface GatewayConfig {
  basePath: string;
  maxBodyBytes: number;
  accounts: Map<string, ResolvedAccount>;
  keyHashes: Map<string, string>; // sha256 hex -> key name
}

export interface ResolvedAccount {
  name: string;
  provider: ProviderKind;
  baseURL: string; // without trailing slash
  apiKey: string;
  models: Set<string>;
}

export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`invalid gateway config ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const configSchema = {
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
      },
    },
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'provider', 'base_url', 'api_key', 'models'],
        properties: {
          name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          provider: { enum: PROVIDERS },
          base_url: { type: 'string', pattern: '^https?://' },
          api_key: {
            oneOf: [
              { type: 'object', additionalProperties: false, required: ['env'], properties: { env: { type: 'string', minLength: 1 } } },
              { type: 'object', additionalProperties: false, required: ['value'], properties: { value: { type: 'string', minLength: 1 } } },
            ],
          },
          models: {
            type: 'array',
            minItems: 1,
            items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
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
        properties: { name: { type: 'string', minLength: 1 }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
      },
    },
  },
} as const;

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
      return `${where}: ${e.message ?? 'invalid'}`;
    });
    throw new ConfigError(source, [...new Set(problems)]);
  }
  const problems: string[] = [];
  const accounts = new Map<string, ResolvedAccount>();
  raw.accounts.forEach((account, i) => {
    if (accounts.has(account.name)) problems.push(`/accounts/${i}/name: duplicate account name "${account.name}"`);
    let apiKey = '';
    if ('env' in account.api_key) {
      apiKey = env[account.api_key.env] ?? '';
      if (!apiKey) problems.push(`/accounts/${i}/api_key/env: environment variable ${account.api_key.env} is not set`);
    } else apiKey = account.api_key.value;
    accounts.set(account.name, {
      name: account.name,
      provider: account.provider,
      baseURL: account.base_url.replace(/\/+$/, ''),
      apiKey,
      models: new Set(account.models.map((m) => m.name)),
    });
  });
  const keyHashes = new Map<string, string>();
  for (const key of raw.keys) keyHashes.set(key.sha256, key.name);
  if (problems.length) throw new ConfigError(source, problems);
  return {
    basePath: raw.server?.base_path ?? '/api/llm',
    maxBodyBytes: raw.server?.max_body_bytes ?? 32 * 1024 * 1024,
    accounts,
    keyHashes,
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

/**
 * The embedded default: one `openai-main` account pointing at the given OpenAI base URL (the
 * simulator), and one demo key. Used by `touchstone gateway` without --config and by `touchstone run`.
 */
export function defaultConfigFile(openaiBaseURL: string, demoKey: string, upstreamKey: string): GatewayConfigFile {
  return {
    accounts: [
      {
        name: 'openai-main',
        provider: 'openai',
        base_url: openaiBaseURL,
        api_key: { value: upstreamKey },
        models: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'o4-mini'].map((name) => ({ name })),
      },
    ],
    keys: [{ name: 'demo', sha256: hashKey(demoKey) }],
  };
}
