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

/** The providers of seed 001's capability matrix; each has an adapter folder in gateway/providers/. */
export const PROVIDERS = ['openai', 'azure-openai', 'anthropic', 'bedrock', 'vertex', 'cohere', 'gemini', 'groq', 'ai21', 'cerebras', 'sambanova', 'perplexity', 'together', 'xai', 'deepinfra'] as const;
export type ProviderKind = (typeof PROVIDERS)[number];

export type SecretRef = { env: string } | { value: string };

export interface ModelConfig { name: string }

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
  apiKey: string; // "" when the account authenticates otherwise (Bedrock SigV4)
  apiVersion?: string;
  region?: string;
  project?: string;
  aws?: { accessKeyId: string; secretAccessKey: string };
  models: Set<string>;
}

export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`invalid gateway config ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const configSchema = {
  $defs: {
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
      },
    },
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
      return `${where}: ${e.message ?? 'invalid'}`;
    });
    throw new ConfigError(source, [...new Set(problems)]);
  }
  const problems: string[] = [];
  const accounts = new Map<string, ResolvedAccount>();
  const secret = (ref: SecretRef | undefined, at: string): string => {
    if (!ref) return '';
    if ('value' in ref) return ref.value;
    const value = env[ref.env] ?? '';
    if (!value) problems.push(`${at}/env: environment variable ${ref.env} is not set`);
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
    };
    if (account.api_version) resolved.apiVersion = account.api_version;
    if (account.region) resolved.region = account.region;
    if (account.project) resolved.project = account.project;
    if (account.aws) {
      resolved.aws = { accessKeyId: secret(account.aws.access_key_id, `${at}/aws/access_key_id`), secretAccessKey: secret(account.aws.secret_access_key, `${at}/aws/secret_access_key`) };
    }
    accounts.set(account.name, resolved);
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
