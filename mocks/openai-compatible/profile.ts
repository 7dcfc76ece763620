/**
 * The shape of one OpenAI-compatible provider's quirk table. The base (index.ts, request.ts,
 * completion.ts, stream.ts) is provider-neutral; everything a provider does differently — base URL,
 * models, parameters it rejects or ignores, where usage goes in a stream, the reasoning field, extra
 * response fields, its error bodies, its key rule — is data or a small hook in one `providers/<name>.ts`.
 * Each provider file names the documentation every quirk was taken from.
 */
import type { CapabilityColumn, MatrixProvider } from '../../spec/capabilities.ts';
import type { Rng } from '../determinism.ts';
import type { FaultError } from '../faults/index.ts';

/** How a reasoning model shows its thinking: a message/delta field, `<think>` tags in content, or not at all. */
export type ReasoningDisplay = 'field' | 'think' | 'hidden';

export interface ModelRow {
  id: string;
  created: number;
  ownedBy: string;
  /** Present for reasoning models. `efforts`: the `reasoning_effort` values it accepts (absent: the parameter is refused). */
  reasoning?: { display: ReasoningDisplay; efforts?: readonly string[] };
  /** Whether prompt caching applies to this model when the provider offers it (default true). */
  caching?: boolean;
  maxOutputTokens?: number;
  /** Extra fields this provider lists for the model in GET /models. */
  listing?: Record<string, unknown>;
}

/**
 * Where a provider puts top-level `usage` in a stream and when:
 * `finish` on the chunk carrying the last finish_reason · `separate` a trailing `choices: []` chunk (OpenAI) ·
 * `every` cumulative usage on every chunk · `finish+empty` on the finish chunk, then an empty-choices chunk.
 * Provider-specific places (Groq's `x_groq.usage`) are written by the table's `decorateChunk`.
 */
export interface StreamUsage {
  placement: 'finish' | 'separate' | 'every' | 'finish+empty';
  when: 'always' | 'include_usage';
}

/** An error exactly as the provider sends it: status, body text, content type. */
export class ProviderError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType = 'application/json',
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${body.slice(0, 200)}`);
    this.name = 'ProviderError';
  }

  toResponse(headers: Record<string, string> = {}): Response {
    return new Response(this.body, { status: this.status, headers: { ...headers, ...this.headers, 'content-type': this.contentType } });
  }
}

/** A feature a request uses that the capability matrix says this provider does not offer. */
export interface Refusal {
  column: CapabilityColumn;
  /** The request parameter that carries the feature, e.g. `tools`, `response_format`, `stream`. */
  param: string;
  value?: unknown;
}

/** Something wrong with the body's basic shape (the provider's 400/422 for a malformed request). */
export interface Malformed {
  kind: 'json' | 'missing' | 'type';
  param: string;
  expected?: 'array' | 'non-empty array' | 'string' | 'object';
  value?: unknown;
  /** The body as parsed (FastAPI echoes it as a missing field's `input`). */
  body?: unknown;
}

export interface ProviderErrors {
  /** A missing (`key === ''`) or unaccepted bearer key. */
  auth(kind: 'missing' | 'invalid', key: string): ProviderError;
  malformed(issue: Malformed): ProviderError;
  /** A parameter with an invalid value (also what OpenAI-style tool/format parsing problems become). */
  invalid(message: string, param: string | null): ProviderError;
  modelNotFound(model: string): ProviderError;
  /** A top-level parameter this provider does not know: its error, or 'ignore' when documented as ignored. */
  unknownParam(name: string, known: readonly string[]): ProviderError | 'ignore';
  /** A matrix-unsupported feature: refused the way this provider refuses a parameter, or 'ignore'. */
  unsupported(refusal: Refusal): ProviderError | 'ignore';
  /** Unknown path or method. */
  notFound(method: string, path: string): ProviderError;
  /** Any provider-neutral error (faults: 429, 5xx) in this provider's JSON envelope. */
  render(error: FaultError): string;
}

export interface BaseUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** What the usage hook knows about one completion. */
export interface UsageContext {
  cachedTokens: number;
  reasoningTokens: number;
  /** True when the provider offers prompt caching (matrix) and the model caches. */
  caching: boolean;
  model: ModelRow;
  rng: Rng;
}

/** What completion and chunk hooks know. */
export interface RenderContext {
  hash: string;
  id: string;
  created: number;
  model: ModelRow;
  rng: (label: string) => Rng;
  usage: Record<string, unknown>;
  /** The request body as parsed. */
  body: Record<string, unknown>;
}

export interface ChunkContext extends RenderContext {
  position: 'first' | 'middle' | 'finish' | 'usage';
  /** Text each choice has streamed so far, including this chunk (index = choice index). */
  cumulative: string[];
}

export interface ProviderProfile {
  /** Upstream name and capability-matrix id. */
  name: MatrixProvider;
  baseURL: string;
  /** The documentation page the table mostly comes from (each quirk names its own source in the provider file). */
  docs: string;
  /** Key rule when no exact `apiKeys` list is given. */
  acceptsKey(key: string): boolean;
  models: readonly ModelRow[];
  defaultModel: string;
  /** GET /models: OpenAI's list object, a bare array (Together), or no such endpoint. */
  modelList: 'openai' | 'array' | 'none';
  /** Top-level parameters this provider knows beyond OpenAI's common ones. */
  extraParams: readonly string[];
  /** Parameters the provider documents as accepted but ignored (removed before planning). */
  ignoredParams?: readonly string[];
  /** Documented rejections (e.g. Groq's logprobs, Cerebras' penalties); runs after the model is known. */
  rejectParams?(body: Record<string, unknown>, model: ModelRow): ProviderError | undefined;
  /** Overrides a reasoning model's display from request parameters (Groq's reasoning_format). */
  reasoningDisplay?(body: Record<string, unknown>, model: ModelRow): ReasoningDisplay | ProviderError;
  reasoningField: 'reasoning' | 'reasoning_content';
  streamUsage: StreamUsage;
  /** Tool calls streamed in argument pieces (OpenAI) or whole in one delta. */
  toolCallDeltas: 'incremental' | 'whole';
  /** `object` of stream chunks (Perplexity sends `chat.completion`). */
  chunkObject?: string;
  /** Whether non-final chunk choices carry `finish_reason: null` and `logprobs: null` (default true). */
  chunkNulls?: boolean;
  maxN: number;
  /** Prompt caching: prefixes of at least `minTokens`, in `block`-token steps, kept `ttlMs`. */
  cache: { minTokens: number; block: number; ttlMs: number };
  /** The provider's words for a 429 (used when a fault asks for the generic rate-limit preset). */
  rateLimit: FaultError;
  completionId(rng: Rng): string;
  errors: ProviderErrors;
  /** Usage object for a completion (base counts plus the provider's own fields). */
  usage(base: BaseUsage, ctx: UsageContext): Record<string, unknown>;
  decorateCompletion?(body: Record<string, unknown>, ctx: RenderContext): void;
  decorateChunk?(chunk: Record<string, unknown>, ctx: ChunkContext): void;
  /** Response headers every answer carries (request ids, rate-limit headers). */
  headers(rng: Rng): Record<string, string>;
}
