/**
 * Test kit for the OpenAI-compatible simulators: the official `openai` SDK pointed at a provider's REAL
 * base URL with the simulator as its fetch (in-process, no sockets), a key each provider accepts, raw
 * requests for byte-level checks, and small readers for SSE bodies and usage fields.
 */
import OpenAI from 'openai';
import type { CapabilityColumn } from '../../spec/capabilities.ts';
import { readSse } from '../../lib/sse.ts';
import type { Simulator } from '../types.ts';
import { createOpenAICompatibleSimulator } from './index.ts';
import type { ModelRow, ProviderProfile } from './profile.ts';

const KEY_PREFIX: Record<string, string> = { groq: 'gsk_', cerebras: 'csk-', perplexity: 'pplx-', xai: 'xai-' };

/** A key the provider's default key rule accepts. */
export function validKey(profile: ProviderProfile): string {
  return `${KEY_PREFIX[profile.name] ?? ''}touchstone0123456789`;
}

export function simFor(profile: ProviderProfile, offers?: (column: CapabilityColumn) => boolean): Simulator {
  return createOpenAICompatibleSimulator(profile, offers ? { offers } : {});
}

export function sdkFor(profile: ProviderProfile, sim: Simulator, apiKey = validKey(profile)): OpenAI {
  return new OpenAI({ apiKey, baseURL: profile.baseURL, maxRetries: 0, logLevel: 'off', fetch: async (url, init) => sim.fetch(new Request(url, init)) });
}

/** A raw request to `path` under the provider's base URL. */
export function send(profile: ProviderProfile, sim: Simulator, path: string, init: { method?: string; body?: unknown; key?: string | null; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  const key = init.key === undefined ? validKey(profile) : init.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  return Promise.resolve(sim.fetch(new Request(`${profile.baseURL}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, ...(body ? { body } : {}) })));
}

export const ask = (text: string) => [{ role: 'user' as const, content: text }];

export function chatBody(profile: ProviderProfile, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: profile.defaultModel, messages: ask('Tell me something about gardens.'), ...extra };
}

/** The JSON chunks of an SSE body (without the `[DONE]` terminator), and whether it ended with `[DONE]`. */
export async function sseChunks(response: Response): Promise<{ chunks: Record<string, unknown>[]; done: boolean }> {
  const chunks: Record<string, unknown>[] = [];
  let done = false;
  for await (const event of readSse(response.body!)) {
    if (event.data === '[DONE]') done = true;
    else chunks.push(JSON.parse(event.data) as Record<string, unknown>);
  }
  return { chunks, done };
}

/** Cached prompt tokens wherever the provider reports them (0 when absent). */
export function cachedTokensOf(usage: unknown): number {
  const details = (usage as { prompt_tokens_details?: { cached_tokens?: number } } | undefined)?.prompt_tokens_details;
  return details?.cached_tokens ?? 0;
}

/** The provider's first reasoning model that shows its thinking (else any reasoning model). */
export function reasoningModel(profile: ProviderProfile): ModelRow | undefined {
  const reasoning = profile.models.filter((m) => m.reasoning);
  return reasoning.find((m) => m.reasoning!.display !== 'hidden') ?? reasoning[0];
}

/** A non-reasoning model prompt caching applies to. */
export function cachingModel(profile: ProviderProfile): ModelRow {
  return profile.models.find((m) => !m.reasoning && m.caching !== false) ?? profile.models.find((m) => m.caching !== false)!;
}

export const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city', 'unit'], additionalProperties: false },
  },
};

export const CITY_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' }, population: { type: 'integer' } },
  required: ['city', 'population'],
  additionalProperties: false,
};

/** A prompt long enough for every provider's cache minimum. */
export function longPrompt(): string {
  return Array.from({ length: 220 }, (_, i) => `Rule ${i}: keep the garden path clear.`).join(' ');
}
