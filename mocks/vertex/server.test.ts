/**
 * The `vertex` and `vertex-global` upstreams as registry rows on the loopback server (127.0.0.1,
 * port 0): the SDK in Vertex mode with the server's `/vertex` base URL reaches the regional
 * simulator, `locations/global` works on `/vertex-global`, and each keeps its own journal.
 */
import { describe, expect, it } from 'vitest';
import { GoogleGenAI } from '@google/genai';
import { OAuth2Client } from 'google-auth-library';
import { createSimulators, findUpstream } from '../registry.ts';
import { startMockServer } from '../server.ts';

function sdk(baseUrl: string, location: string): GoogleGenAI {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'ya29.loopback', expiry_date: Date.now() + 3_600_000 });
  return new GoogleGenAI({ vertexai: true, project: 'loop', location, googleAuthOptions: { authClient }, httpOptions: { baseUrl } });
}

describe('vertex upstream wiring', () => {
  it('registers the regional and the global host', () => {
    expect(findUpstream('vertex')).toMatchObject({ provider: 'vertex', region: 'us-central1', realBaseURL: 'https://us-central1-aiplatform.googleapis.com' });
    expect(findUpstream('vertex-global')).toMatchObject({ provider: 'vertex', region: 'global', realBaseURL: 'https://aiplatform.googleapis.com' });
  });

  it('serves the SDK in Vertex mode on loopback, each host with its own journal', async () => {
    const server = await startMockServer({ simulators: createSimulators({}, ['vertex', 'vertex-global']) });
    try {
      const regional = await sdk(server.upstreams.vertex!, 'us-central1').models.generateContent({ model: 'gemini-2.5-pro', contents: 'regional' });
      expect(regional.modelVersion).toBe('gemini-2.5-pro');
      const chunks = [];
      for await (const c of await sdk(server.upstreams['vertex-global']!, 'global').models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'global' })) chunks.push(c);
      expect(chunks.at(-1)!.candidates![0]!.finishReason).toBe('STOP');
      expect(server.simulators.vertex!.journal.entries.map((e) => e.path)).toEqual(['/v1beta1/projects/loop/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent']);
      expect(server.simulators['vertex-global']!.journal.last()).toMatchObject({ region: 'global', completed: true, search: '?alt=sse' });
    } finally {
      await server.close();
    }
  });
});
