/**
 * Test kit for the Gemini-family simulators: the official `@google/genai` SDK wired to a simulator
 * in-process through its `httpOptions.fetch` (Gemini API with an `AIza…` key; Vertex mode with a
 * static OAuth token through google-auth-library's own OAuth2Client, so no credentials are looked
 * up), the SDK error of a failing call, and raw requests for byte-level assertions.
 */
import { ApiError, GoogleGenAI } from '@google/genai';
import { OAuth2Client } from 'google-auth-library';
import type { Simulator } from '../types.ts';

type Fetcher = Pick<Simulator, 'fetch'>;

const viaSimulator = (sim: Fetcher) => async (url: string | URL | Request, init?: RequestInit) => sim.fetch(new Request(url, init));

export function geminiClient(sim: Fetcher, apiKey = 'AIzaSyTouchstoneTestKey'): GoogleGenAI {
  return new GoogleGenAI({ apiKey, httpOptions: { baseUrl: 'http://sim.test', fetch: viaSimulator(sim) } });
}

export function vertexClient(sim: Fetcher, options: { token?: string; project?: string; location?: string } = {}): GoogleGenAI {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: options.token ?? 'ya29.touchstone-test-token', expiry_date: Date.now() + 3_600_000 });
  return new GoogleGenAI({
    vertexai: true, project: options.project ?? 'touchstone-project', location: options.location ?? 'us-central1',
    googleAuthOptions: { authClient }, httpOptions: { baseUrl: 'http://sim.test', fetch: viaSimulator(sim) },
  });
}

export async function sdkError(promise: Promise<unknown>): Promise<ApiError & { body: { error: Record<string, unknown> } }> {
  try { await promise; } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    let body: unknown;
    try { body = JSON.parse(error.message); } catch { body = { error: { message: error.message } }; }
    return Object.assign(error, { body: body as { error: Record<string, unknown> } });
  }
  throw new Error('expected the request to fail');
}

/** The raw answer to a JSON POST (`body` as text is sent verbatim). */
export function post(sim: Fetcher, path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': 'AIzaSyTouchstoneTestKey' }): Promise<Response> {
  return Promise.resolve(sim.fetch(new Request(`http://sim.test${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
  })));
}

export const userText = (text: string) => ({ role: 'user', parts: [{ text }] });
