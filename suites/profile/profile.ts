/**
 * Target profiles: a YAML file describing how to reach a gateway that is not ours — base URL, auth
 * header, extra headers, how a model id is written (a template, plus headers for gateways that route
 * by header), which simulator upstream backs each account, and what the gateway claims (endpoints and
 * provider capabilities). Validated with a JSON Schema; errors name the file, the path and what was
 * expected. `targetFromProfile` turns a profile into the suites' Target.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { CAPABILITY_COLUMNS, CAPABILITY_STATES, MATRIX_PROVIDERS } from '../../spec/capabilities.ts';
import type { Target, TargetModels, TargetProvider } from '../target.ts';

/** A model as the profile names it: account + upstream model name, and the simulator behind the account. */
export interface ProfileModel { account: string; model: string; upstream?: string }

export interface TargetProfile {
  label?: string;
  base_url?: string;
  auth?: { header?: string; scheme?: string; key_env?: string };
  headers?: Record<string, string>;
  model_id?: { template?: string; headers?: Record<string, string> };
  provider_account?: string;
  provider_account_header?: string;
  mocks?: { port?: number };
  models: { chat: ProfileModel } & Partial<Record<Exclude<keyof TargetModels, 'chat'>, ProfileModel>>;
  region?: ProfileModel & { upstream: string };
  providers?: { provider: string; account: string; model: string; reasoning_model?: string; caching_model?: string }[];
  claims?: { endpoints?: string[]; capabilities?: Record<string, Record<string, string>> };
}

const MODEL_KEYS = ['chat', 'embeddings', 'responses', 'image', 'imageEdit', 'speech', 'transcription', 'moderation', 'realtime', 'rerank', 'fineTuning'] as const;
/** Written bare (the account is elsewhere: the /live/{account} path, the x-tfy-provider-name header). */
const BARE_MODELS = new Set<string>(['realtime', 'fineTuning']);

const name = { type: 'string', minLength: 1 };
const model = {
  type: 'object', additionalProperties: false, required: ['account', 'model'],
  properties: { account: name, model: name, upstream: name },
};
const headerMap = { type: 'object', propertyNames: { pattern: '^[A-Za-z0-9-]+$' }, additionalProperties: { type: 'string' } };

export const PROFILE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Touchstone target profile',
  type: 'object',
  additionalProperties: false,
  required: ['models'],
  properties: {
    label: name,
    base_url: { type: 'string', pattern: '^https?://' },
    auth: {
      type: 'object', additionalProperties: false,
      properties: { header: { type: 'string', pattern: '^[A-Za-z0-9-]+$' }, scheme: { type: 'string' }, key_env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
    },
    headers: headerMap,
    model_id: {
      type: 'object', additionalProperties: false,
      properties: { template: { type: 'string', pattern: '\\{model\\}' }, headers: headerMap },
    },
    provider_account: name,
    provider_account_header: { type: 'string', pattern: '^[A-Za-z0-9-]+$' },
    mocks: { type: 'object', additionalProperties: false, properties: { port: { type: 'integer', minimum: 0, maximum: 65535 } } },
    models: {
      type: 'object', additionalProperties: false, required: ['chat'],
      properties: Object.fromEntries(MODEL_KEYS.map((k) => [k, model])),
    },
    region: { ...model, required: ['account', 'model', 'upstream'] },
    providers: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['provider', 'account', 'model'],
        properties: { provider: { enum: [...MATRIX_PROVIDERS] }, account: name, model: name, reasoning_model: name, caching_model: name },
      },
    },
    claims: {
      type: 'object', additionalProperties: false,
      properties: {
        endpoints: { type: 'array', items: { type: 'string', pattern: '^(?:(GET|POST|PUT|PATCH|DELETE) )?/' } },
        capabilities: {
          type: 'object', propertyNames: { enum: [...MATRIX_PROVIDERS] },
          additionalProperties: {
            type: 'object', propertyNames: { enum: [...CAPABILITY_COLUMNS] }, additionalProperties: { enum: [...CAPABILITY_STATES] },
          },
        },
      },
    },
  },
} as const;

export class ProfileError extends Error {}

const validateProfile = new Ajv2020({ allErrors: true, strict: false }).compile(PROFILE_SCHEMA);

function describeError(e: ErrorObject): string {
  const at = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties': return `${at}: unknown field "${String(e.params.additionalProperty)}"`;
    case 'required': return `${at}: missing required field "${String(e.params.missingProperty)}"`;
    case 'enum': return `${at}: expected one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'pattern': return `${at}: expected a string matching ${String(e.params.pattern)}`;
    case 'propertyNames': return `${at}: field "${String(e.params.propertyName)}" is not allowed here`;
    default: return `${at}: ${e.message ?? 'invalid'}`;
  }
}

/** Check a parsed profile; throws ProfileError naming `file`, each failing path and what was expected. */
export function checkProfile(value: unknown, file: string): TargetProfile {
  if (validateProfile(value)) return value as unknown as TargetProfile;
  const problems = (validateProfile.errors ?? []).map(describeError);
  throw new ProfileError(`${file}: not a valid target profile:\n${[...new Set(problems)].map((p) => `  ${p}`).join('\n')}`);
}

/** Read and validate a profile file (YAML or JSON). */
export function loadProfile(file: string): TargetProfile {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (error) { throw new ProfileError(`${file}: cannot read the profile: ${(error as Error).message}`); }
  let value: unknown;
  try { value = parseYaml(text); } catch (error) { throw new ProfileError(`${file}: not valid YAML: ${(error as Error).message}`); }
  return checkProfile(value, file);
}

function fill(template: string, m: { account: string; model: string }): string {
  return template.replaceAll('{account}', m.account).replaceAll('{model}', m.model);
}

/** The model id as the gateway writes it (the profile's template; default `{account}/{model}`). */
export function modelIdOf(profile: TargetProfile, m: { account: string; model: string }): string {
  return fill(profile.model_id?.template ?? '{account}/{model}', m);
}

/**
 * The accounts the gateway must be configured with: account → simulator upstream base URL (from the
 * models' `upstream`), printed by `touchstone run --profile` for the user's gateway config.
 */
export function accountUpstreams(profile: TargetProfile, upstreams: Record<string, string>): { account: string; upstream: string; url: string }[] {
  const seen = new Map<string, string>();
  const entries = [...Object.values(profile.models), ...(profile.region ? [profile.region] : [])];
  for (const m of entries) if (m?.upstream && !seen.has(m.account)) seen.set(m.account, m.upstream);
  return [...seen].map(([account, upstream]) => {
    const url = upstreams[upstream];
    if (!url) throw new ProfileError(`profile: account ${account} names simulator upstream "${upstream}", which the mock server does not serve (known: ${Object.keys(upstreams).join(', ')})`);
    return { account, upstream, url };
  });
}

export interface ProfileTargetInput { url: string; key: string; profile: TargetProfile; upstreams?: Record<string, string> }

/** The suites' Target for an external gateway described by a profile. */
export function targetFromProfile({ url, key, profile, upstreams }: ProfileTargetInput): Target {
  const models = {} as TargetModels;
  const modelHeaders: Record<string, Record<string, string>> = {};
  const route = (m: ProfileModel, bare = false): string => {
    const id = bare ? m.model : modelIdOf(profile, m);
    if (profile.model_id?.headers) {
      const headers = Object.fromEntries(Object.entries(profile.model_id.headers).map(([h, v]) => [h, fill(v, m)]));
      // Routing headers are chosen by the model id a body names: one id cannot route to two accounts.
      if (modelHeaders[id] && JSON.stringify(modelHeaders[id]) !== JSON.stringify(headers)) {
        throw new ProfileError(`profile: model id "${id}" is written the same for two accounts (${JSON.stringify(modelHeaders[id])} and ${m.account}); make model_id.template tell them apart, e.g. "{account}/{model}"`);
      }
      modelHeaders[id] = headers;
    }
    return id;
  };
  for (const k of MODEL_KEYS) {
    const m = profile.models[k];
    if (m) models[k] = route(m, BARE_MODELS.has(k));
  }
  const target: Target = {
    id: 'external', kind: 'external', label: profile.label ?? `Gateway at ${url}`, url, key, models, secrets: [key],
  };
  const header = profile.auth?.header;
  if (header && header.toLowerCase() !== 'authorization') target.auth = { header, ...(profile.auth?.scheme ? { scheme: profile.auth.scheme } : {}) };
  else if (profile.auth?.scheme !== undefined && profile.auth.scheme !== 'Bearer') target.auth = { header: 'authorization', ...(profile.auth.scheme ? { scheme: profile.auth.scheme } : {}) };
  if (profile.headers) target.headers = { ...profile.headers };
  if (Object.keys(modelHeaders).length) target.modelHeaders = modelHeaders;
  if (profile.provider_account) target.providerAccount = profile.provider_account;
  if (profile.provider_account_header) target.providerAccountHeader = profile.provider_account_header;
  if (profile.region) target.region = { account: profile.region.account, upstream: profile.region.upstream, chatModel: route(profile.region) };
  if (profile.providers) {
    target.providers = profile.providers.map((p): TargetProvider => ({
      provider: p.provider, account: p.account, chatModel: route({ account: p.account, model: p.model }),
      ...(p.reasoning_model ? { reasoningModel: route({ account: p.account, model: p.reasoning_model }) } : {}),
      ...(p.caching_model ? { cachingModel: route({ account: p.account, model: p.caching_model }) } : {}),
    }));
  }
  if (profile.claims?.endpoints) target.claims = { endpoints: [...profile.claims.endpoints] };
  if (profile.claims?.capabilities) target.capabilityClaims = structuredClone(profile.claims.capabilities) as Target['capabilityClaims'];
  if (upstreams) target.upstreams = upstreams;
  return target;
}
