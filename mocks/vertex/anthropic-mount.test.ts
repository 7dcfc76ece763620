/**
 * Claude on the Vertex simulator: the Anthropic publisher routes (mocks/vertex/anthropic.ts) are
 * mounted behind the same journal, OAuth front end and location check as Gemini; the official
 * Anthropic SDK parses the answers (its fetch rewrites /v1/messages to :rawPredict / :streamRawPredict
 * the way Anthropic's Vertex client does); faults on those routes come back in Anthropic's shape.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { createVertexSimulator } from './index.ts';
import { post } from '../gemini/test-kit.ts';
import type { Simulator } from '../types.ts';

const MODEL = 'claude-sonnet-4-5@20250929';
const ROOT = '/v1/projects/p1/locations/us-central1/publishers/anthropic/models';

/** The Anthropic SDK speaking Vertex: model moves to the URL, anthropic_version into the body. */
function claudeOnVertex(sim: Simulator, extraHeaders: Record<string, string> = {}): Anthropic {
  return new Anthropic({
    apiKey: 'unused', baseURL: 'http://sim.test', maxRetries: 0,
    fetch: async (url, init) => {
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      const { model, ...rest } = body;
      const method = rest.stream ? 'streamRawPredict' : 'rawPredict';
      const headers = new Headers(init?.headers);
      headers.delete('x-api-key');
      headers.set('authorization', 'Bearer ya29.claude');
      for (const [k, v] of Object.entries(extraHeaders)) headers.set(k, v);
      const target = new URL(`${ROOT}/${String(model)}:${method}`, String(url));
      return sim.fetch(new Request(target, { method: 'POST', headers, body: JSON.stringify({ ...rest, anthropic_version: 'vertex-2023-10-16' }) }));
    },
  });
}

describe('vertex anthropic publisher', () => {
  it('answers rawPredict and streamRawPredict for the Anthropic SDK, journaled on the vertex upstream', async () => {
    const sim = createVertexSimulator();
    const claude = claudeOnVertex(sim);
    const message = await claude.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi claude' }] });
    expect(message.type).toBe('message');
    expect(message.content[0]!.type).toBe('text');
    const streamed = await claude.messages.stream({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'hi claude' }] }).finalMessage();
    expect(streamed.stop_reason).toBeTruthy();
    expect(sim.journal.entries.map((e) => [e.path, e.status])).toEqual([
      [`${ROOT}/${MODEL}:rawPredict`, 200], [`${ROOT}/${MODEL}:streamRawPredict`, 200],
    ]);
  });

  it('puts the Google front end in front: OAuth and location', async () => {
    const sim = createVertexSimulator();
    const body = { anthropic_version: 'vertex-2023-10-16', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] };
    const anonymous = await post(sim, `${ROOT}/${MODEL}:rawPredict`, body, {});
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toMatchObject({ status: 'UNAUTHENTICATED', details: [expect.objectContaining({ reason: 'CREDENTIALS_MISSING' })] });
    const elsewhere = await post(sim, `${ROOT.replace('us-central1', 'europe-west1')}/${MODEL}:rawPredict`, body, { authorization: 'Bearer ya29.x' });
    expect(elsewhere.status).toBe(400);
  });

  it('renders faults on Claude routes in Anthropic’s shape', async () => {
    const claude = claudeOnVertex(createVertexSimulator(), { 'x-touchstone-fault': 'overloaded' });
    const error = await claude.messages.create({ model: MODEL, max_tokens: 8, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(503);
    expect(JSON.stringify((error as InstanceType<typeof Anthropic.APIError>).error)).toContain('"type":"error"');
  });
});
