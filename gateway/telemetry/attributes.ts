/**
 * The span attribute names the gateway writes, in one table (`ATTR`) so the gateway core, the
 * exporters and the conformance suites spell them the same way. OpenTelemetry semantic-convention
 * names are used wherever one exists (GenAI conventions, HTTP/URL, error); `tfy.*` names cover what
 * only a gateway knows (who called, through which account, at what cost).
 *
 * | ATTR key                          | attribute name                            | type     | set from                                    |
 * |-----------------------------------|-------------------------------------------|----------|---------------------------------------------|
 * | GEN_AI_OPERATION_NAME             | gen_ai.operation.name                     | string   | `chat`, `embeddings`, `text_completion`, ... |
 * | GEN_AI_PROVIDER_NAME              | gen_ai.provider.name                      | string   | `genAiProviderName(account.provider)`       |
 * | GEN_AI_REQUEST_MODEL              | gen_ai.request.model                      | string   | model name at the provider (no account)     |
 * | GEN_AI_RESPONSE_MODEL             | gen_ai.response.model                     | string   | `model` of the answer                       |
 * | GEN_AI_RESPONSE_ID                | gen_ai.response.id                        | string   | `id` of the answer                          |
 * | GEN_AI_RESPONSE_FINISH_REASONS    | gen_ai.response.finish_reasons            | string[] | one per choice                              |
 * | GEN_AI_USAGE_INPUT_TOKENS         | gen_ai.usage.input_tokens                 | int      | prompt tokens (cached ones included)        |
 * | GEN_AI_USAGE_OUTPUT_TOKENS        | gen_ai.usage.output_tokens                | int      | completion tokens (reasoning included)      |
 * | GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS | gen_ai.usage.cache_read.input_tokens   | int      | prompt tokens served from the cache         |
 * | GEN_AI_USAGE_REASONING_OUTPUT_TOKENS | gen_ai.usage.reasoning.output_tokens   | int      | reasoning tokens                            |
 * | HTTP_REQUEST_METHOD               | http.request.method                       | string   | request method                              |
 * | HTTP_RESPONSE_STATUS_CODE         | http.response.status_code                 | int      | status sent to the client                   |
 * | URL_PATH                          | url.path                                  | string   | request path (no query: it may hold keys)   |
 * | HTTP_ROUTE                        | http.route                                | string   | the matched route template                  |
 * | ERROR_TYPE                        | error.type                                | string   | the error envelope's `code`                 |
 * | TFY_REQUEST_ID                    | tfy.request_id                            | string   | the `x-request-id` answered                 |
 * | TFY_PROVIDER_ACCOUNT              | tfy.provider_account                      | string   | account part of `account/model`             |
 * | TFY_KEY_NAME                      | tfy.key.name                              | string   | configured name of the API key (never the key) |
 * | TFY_TEAM                          | tfy.team                                  | string   | team owning the key                         |
 * | TFY_USER                          | tfy.user                                  | string   | user owning the key                         |
 * | TFY_STREAM                        | tfy.stream                                | boolean  | `stream: true` requested                    |
 * | TFY_COST_USD                      | tfy.cost.usd                              | double   | computed cost of the request in USD         |
 * | (metadataAttributes)              | tfy.metadata.<name>                       | string   | each `x-tfy-metadata` entry                 |
 *
 * `gen_ai.provider.name` replaced the deprecated `gen_ai.system` in the conventions; `GEN_AI_SYSTEM`
 * is listed for readers of older backends but the gateway does not write it.
 */

export const ATTR = {
  GEN_AI_OPERATION_NAME: 'gen_ai.operation.name',
  GEN_AI_PROVIDER_NAME: 'gen_ai.provider.name',
  /** Deprecated by `gen_ai.provider.name`; not written. */
  GEN_AI_SYSTEM: 'gen_ai.system',
  GEN_AI_REQUEST_MODEL: 'gen_ai.request.model',
  GEN_AI_RESPONSE_MODEL: 'gen_ai.response.model',
  GEN_AI_RESPONSE_ID: 'gen_ai.response.id',
  GEN_AI_RESPONSE_FINISH_REASONS: 'gen_ai.response.finish_reasons',
  GEN_AI_USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  GEN_AI_USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS: 'gen_ai.usage.cache_read.input_tokens',
  GEN_AI_USAGE_REASONING_OUTPUT_TOKENS: 'gen_ai.usage.reasoning.output_tokens',
  HTTP_REQUEST_METHOD: 'http.request.method',
  HTTP_RESPONSE_STATUS_CODE: 'http.response.status_code',
  HTTP_ROUTE: 'http.route',
  URL_PATH: 'url.path',
  ERROR_TYPE: 'error.type',
  TFY_REQUEST_ID: 'tfy.request_id',
  TFY_PROVIDER_ACCOUNT: 'tfy.provider_account',
  TFY_KEY_NAME: 'tfy.key.name',
  TFY_TEAM: 'tfy.team',
  TFY_USER: 'tfy.user',
  TFY_STREAM: 'tfy.stream',
  TFY_COST_USD: 'tfy.cost.usd',
  TFY_METADATA_PREFIX: 'tfy.metadata.',
} as const;

export type AttributeName = (typeof ATTR)[keyof typeof ATTR];

/**
 * Attributes whose numbers are always doubles on the wire, even when the value happens to be whole
 * (a cost of exactly 0 or 2 USD): JavaScript numbers cannot say "1.0", so the name decides.
 */
export const DOUBLE_ATTRIBUTES: ReadonlySet<string> = new Set([ATTR.TFY_COST_USD]);

/** The conventions' well-known `gen_ai.provider.name` values for the gateway's provider kinds. */
const WELL_KNOWN_PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: 'openai',
  'azure-openai': 'azure.ai.openai',
  anthropic: 'anthropic',
  bedrock: 'aws.bedrock',
  vertex: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  cohere: 'cohere',
  groq: 'groq',
  xai: 'x_ai',
  perplexity: 'perplexity',
  deepseek: 'deepseek',
  mistral: 'mistral_ai',
};

/**
 * `gen_ai.provider.name` for a provider kind of the gateway config. Kinds without a well-known value
 * (ai21, cerebras, sambanova, together, deepinfra, ...) are written as they are, as the conventions
 * allow for custom providers.
 */
export function genAiProviderName(providerKind: string): string {
  return WELL_KNOWN_PROVIDER_NAMES[providerKind] ?? providerKind;
}

/** `tfy.metadata.<name>` attributes for the entries of the `x-tfy-metadata` header. */
export function metadataAttributes(metadata: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata)) out[ATTR.TFY_METADATA_PREFIX + name] = value;
  return out;
}
