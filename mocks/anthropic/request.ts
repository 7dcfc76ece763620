/**
 * The Messages request once validated: what the rest of the simulator (caching, generation, response,
 * stream) reads instead of the raw body, plus the small JSON helpers validation shares. Content blocks
 * are kept as sent (validated), in turns whose consecutive same-role messages are merged, as the API does.
 */
import type { ClaudeModel } from './models.ts';

export type Json = Record<string, unknown>;

/** The API versions `anthropic-version` may name. */
export const API_VERSIONS = ['2023-06-01', '2026-10-21'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

/** Where the request arrived: api.anthropic.com, or Vertex AI's Anthropic publisher endpoint. */
export type Platform = 'anthropic' | 'vertex';

export type CacheTtl = '5m' | '1h';

export interface Turn {
  role: 'user' | 'assistant' | 'system';
  /** Index in `messages` of the first message merged into this turn (for error paths). */
  index: number;
  /** Validated content blocks (a string content is one text block). */
  content: Json[];
}

export interface ToolChoice {
  type: 'auto' | 'any' | 'tool' | 'none';
  name?: string;
  disableParallel: boolean;
}

export interface ThinkingConfig {
  type: 'enabled' | 'adaptive';
  /** `budget_tokens` for `enabled`; adaptive thinking picks its own. */
  budget: number | null;
  /** `display: "omitted"`: thinking text is empty, the signature is still sent. */
  omitted: boolean;
}

export interface MessagesRequest {
  body: Json;
  /** The model as the request named it (alias or id). */
  modelName: string;
  model: ClaudeModel;
  /** `null` for count_tokens, which takes no max_tokens. */
  maxTokens: number | null;
  system: Json[];
  turns: Turn[];
  tools: Json[];
  toolChoice: ToolChoice;
  thinking: ThinkingConfig | null;
  stopSequences: string[];
  stream: boolean;
  /** The JSON schema of `output_config.format` (or the legacy `output_format`). */
  outputSchema: Json | null;
  /** Top-level `cache_control` (automatic caching: a breakpoint on the last cacheable block). */
  autoCache: CacheTtl | null;
  betas: ReadonlySet<string>;
  version: ApiVersion;
  platform: Platform;
  limits: { contextWindow: number; maxOutput: number };
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** pydantic's word for a JSON value's type, as Anthropic's messages name it. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'dictionary or object';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The TTL of a block's `cache_control`, when it has one. */
export function cacheTtl(block: Json): CacheTtl | null {
  const cc = block.cache_control;
  if (!isObject(cc)) return null;
  return cc.ttl === '1h' ? '1h' : '5m';
}

/** The `anthropic-beta` header as a set of beta names. */
export function parseBetas(header: string | null): Set<string> {
  return new Set((header ?? '').split(',').map((b) => b.trim()).filter(Boolean));
}
