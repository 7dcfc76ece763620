/**
 * The `gemini` upstream as the rest of Touchstone serves it: registered in mocks/registry.ts, mounted
 * on the loopback server at `/gemini` (the SDK's `baseUrl`, no custom fetch, 127.0.0.1 port 0), and
 * intercepted in-process by msw on https://generativelanguage.googleapis.com with the SDK left on its
 * default base URL.
 */
import { GoogleGenAI } from '@google/genai';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorHandlers } from '../msw.ts';
import { createSimulators, findUpstream } from '../registry.ts';
import { startMockServer } from '../server.ts';

describe('gemini upstream wiring', () => {
  it('is a registry row for https://generativelanguage.googleapis.com', () => {
    expect(findUpstream('gemini')).toMatchObject({ provider: 'gemini', realBaseURL: 'https://generativelanguage.googleapis.com' });
  });

  it('serves the SDK on loopback under /gemini, plain and streamed', async () => {
    const server = await startMockServer({ simulators: createSimulators({}, ['gemini']) });
    try {
      expect(server.upstreams.gemini).toBe(`${server.url}/gemini`);
      const ai = new GoogleGenAI({ apiKey: 'AIzaLoopback', httpOptions: { baseUrl: server.upstreams.gemini! } });
      expect((await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'loopback' })).text).toBeTruthy();
      const chunks = [];
      for await (const c of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'loopback' })) chunks.push(c);
      expect(chunks.at(-1)!.candidates![0]!.finishReason).toBe('STOP');
      const journal = server.simulators.gemini!.journal;
      expect(journal.entries.map((e) => `${e.path}${e.search} ${e.status}`)).toEqual([
        '/v1beta/models/gemini-2.5-flash:generateContent 200', '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse 200',
      ]);
      expect(journal.last()!.completed).toBe(true);
    } finally {
      await server.close();
    }
  });

  describe('through msw', () => {
    const simulators = createSimulators({}, ['gemini']);
    const msw = setupServer(...simulatorHandlers(simulators));
    beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
    afterAll(() => msw.close());

    it('intercepts the real base URL for an unmodified client', async () => {
      const ai = new GoogleGenAI({ apiKey: 'AIzaIntercepted' });
      const res = await ai.models.generateContent({ model: 'gemini-2.0-flash', contents: 'intercepted' });
      expect(res.modelVersion).toBe('gemini-2.0-flash');
      expect(simulators.gemini!.journal.last()).toMatchObject({ path: '/v1beta/models/gemini-2.0-flash:generateContent', status: 200 });
    });
  });
});
