/**
 * Test kit for the Cohere simulator: the official `cohere-ai` SDK (CohereClientV2) wired to a simulator
 * in-process through its `fetch` option; the SDK's own response schemas applied strictly (validation
 * on, unknown keys rejected — the SDK itself parses leniently), so a field we invent or misspell fails;
 * raw JSON posts and SSE reads for byte-level assertions.
 */
import { CohereClientV2, CohereError } from 'cohere-ai';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readSse, type SseEvent } from '../../lib/sse.ts';
import type { Simulator } from '../types.ts';

export const COHERE_BASE = 'https://api.cohere.com';
export const KEY = 'co-test-0123456789';

export function cohereClient(sim: Pick<Simulator, 'fetch'>, token = KEY): CohereClientV2 {
  return new CohereClientV2({
    token,
    environment: COHERE_BASE,
    maxRetries: 0,
    fetch: async (url, init) => sim.fetch(new Request(url, init)),
  });
}

export async function sdkError(promise: Promise<unknown>): Promise<CohereError> {
  try { await promise; } catch (error) { if (error instanceof CohereError) return error; throw error; }
  throw new Error('expected the request to fail');
}

interface Schema {
  parse(raw: unknown, opts: Record<string, unknown>): { ok: true; value: unknown } | { ok: false; errors: { path: string[]; message: string }[] };
}
const require = createRequire(import.meta.url);
const serializers = require(join(dirname(require.resolve('cohere-ai')), 'serialization', 'index.js')) as Record<string, Schema>;

/** Problems the SDK's schema finds in a raw wire object (empty when it conforms). */
export function sdkSchemaProblems(schema: 'V2ChatResponse' | 'V2ChatStreamResponse' | 'V2RerankResponse', raw: unknown): string[] {
  const result = serializers[schema]!.parse(raw, { unrecognizedObjectKeys: 'fail', skipValidation: false, breadcrumbsPrefix: ['response'] });
  return result.ok ? [] : result.errors.map((e) => `${e.path.join('.')}: ${e.message}`);
}

export function post(sim: Pick<Simulator, 'fetch'>, path: string, body: unknown, key: string | null = KEY): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return Promise.resolve(sim.fetch(new Request(`${COHERE_BASE}${path}`, {
    method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body),
  })));
}

export async function sseEvents(response: Response): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const ev of readSse(response.body!)) out.push(ev);
  return out;
}

export const user = (content: string) => ({ role: 'user' as const, content });

export const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer', minimum: 1, maximum: 7 } },
      required: ['city', 'unit', 'days'],
    },
  },
};

export const timeTool = {
  type: 'function' as const,
  function: { name: 'get_time', description: 'Local time', parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] } },
};
