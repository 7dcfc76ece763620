/**
 * Shared by the Responses simulator tests: an official SDK client wired to a simulator in-process, raw
 * requests for byte-level checks, an SSE transcript reader, and the compiled OpenAI description.
 */
import OpenAI from 'openai';
import { readSse } from '../../../lib/sse.ts';
import { loadOpenAISpec } from '../../../test/openai-spec.ts';
import type { Simulator } from '../../types.ts';

export const spec = loadOpenAISpec();
export const BASE = 'http://sim.test/v1';

export function clientFor(sim: Simulator): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', baseURL: BASE, maxRetries: 0, fetch: async (url, init) => sim.fetch(new Request(url, init)) });
}

export async function send(sim: Simulator, method: string, path: string, body?: unknown): Promise<Response> {
  return sim.fetch(new Request(`${BASE}${path}`, {
    method,
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  }));
}

export interface WireEvent { event: string | undefined; data: Record<string, any> }

/** Every event of an SSE body, with its `event:` line and parsed `data:`. */
export async function wireEvents(response: Response): Promise<WireEvent[]> {
  const out: WireEvent[] = [];
  for await (const ev of readSse(response.body!)) out.push({ event: ev.event, data: JSON.parse(ev.data) });
  return out;
}

export const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  strict: true,
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      days: { type: 'integer', minimum: 1, maximum: 7 },
    },
    required: ['city', 'unit', 'days'],
    additionalProperties: false,
  },
};

export const timeTool = {
  type: 'function' as const,
  name: 'get_time',
  strict: false,
  parameters: { type: 'object', properties: { zone: { type: 'string' } }, required: ['zone'] },
};
