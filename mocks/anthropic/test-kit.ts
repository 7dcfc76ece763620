/**
 * Test kit for the Anthropic simulator: the official SDK wired to a simulator in-process (custom `fetch`,
 * no sockets, no retries), the SDK error of a failing call, raw JSON posts with the headers the API
 * requires, the SSE events of a raw answer, and small request builders (text, images, PDFs).
 */
import Anthropic from '@anthropic-ai/sdk';
import { readSse, type SseEvent } from '../../lib/sse.ts';
import type { Simulator } from '../types.ts';
import { createAnthropicSimulator, type AnthropicSimulatorOptions } from './index.ts';

/** A current model offering every feature the simulator has (thinking, structured outputs, caching). */
export const MODEL = 'claude-sonnet-4-6';

export function simulator(options: AnthropicSimulatorOptions = {}): Simulator {
  return createAnthropicSimulator(options);
}

export function sdkClient(sim: Pick<Simulator, 'fetch'>, options: { apiKey?: string; defaultHeaders?: Record<string, string> } = {}): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey ?? 'sk-ant-test',
    baseURL: 'http://sim.test',
    maxRetries: 0,
    ...(options.defaultHeaders ? { defaultHeaders: options.defaultHeaders } : {}),
    fetch: async (url, init) => sim.fetch(new Request(url, init)),
  });
}

export async function sdkError(promise: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try { await promise; } catch (error) { return error as InstanceType<typeof Anthropic.APIError>; }
  throw new Error('expected the request to fail');
}

export const API_HEADERS: Readonly<Record<string, string>> = {
  'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json',
};

/** The raw answer to a JSON POST (body as given when a string), with the API headers unless overridden. */
export async function postJson(sim: Pick<Simulator, 'fetch'>, path: string, body: unknown, headers: Record<string, string | null> = {}): Promise<Response> {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...API_HEADERS, ...headers })) if (v !== null) merged[k] = v;
  return sim.fetch(new Request(`http://sim.test${path}`, { method: 'POST', headers: merged, body: typeof body === 'string' ? body : JSON.stringify(body) }));
}

/** A minimal valid Messages body, with overrides. */
export function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: MODEL, max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, Claude' }], ...overrides };
}

export async function events(response: Response): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const ev of readSse(response.body!)) out.push(ev);
  return out;
}

/** A 1×1 PNG (or a `width`×`height` header-only PNG for size-based token costs). */
export function png(width = 1, height = 1): string {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(bytes, 0);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes.toString('base64');
}

/** A tiny PDF with `pages` pages. */
export function pdf(pages = 1): string {
  const objects = Array.from({ length: pages }, (_, i) => `${i + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj`).join('\n');
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count ${pages} >> endobj\n${objects}\n%%EOF\n`).toString('base64');
}

/** Text of about `tokens` tokens (one word each). */
export function longText(tokens: number, word = 'cache'): string {
  return Array.from({ length: tokens }, (_, i) => `${word}${i % 10}`).join(' ');
}
