/**
 * Cohere's errors as the SDK surfaces them (its error classes, with status and Cohere's `{id, message}`
 * body), malformed requests answered in Cohere's shape, faults rendered as Cohere errors, key rules,
 * and the simulator mounted on the loopback server through its registry row.
 */
import { Cohere, CohereClientV2 } from 'cohere-ai';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../server.ts';
import { createCohereSimulator } from './index.ts';
import { cohereClient, KEY, post, sdkError, user } from './test-kit.ts';

const ok = { model: 'command-a-03-2025', messages: [user('hi')] };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('errors', () => {
  it('401: no key, a rejected key, a key outside options.apiKeys', async () => {
    const missing = await post(createCohereSimulator(), '/v2/chat', ok, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ id: expect.stringMatching(UUID), message: 'no api key supplied' });
    const bad = await sdkError(cohereClient(createCohereSimulator(), 'invalid-key').chat(ok));
    expect(bad).toBeInstanceOf(Cohere.UnauthorizedError);
    expect([bad.statusCode, bad.body]).toEqual([401, { id: expect.stringMatching(UUID), message: 'invalid api token' }]);
    const listed = createCohereSimulator({ apiKeys: ['only-this'] });
    expect((await sdkError(cohereClient(listed).chat(ok))).statusCode).toBe(401);
    expect((await cohereClient(listed, 'only-this').chat(ok)).finishReason).toBe('COMPLETE');
  });

  it('404 unknown model, 422 unknown field, 400 for malformed requests — all as SDK error classes', async () => {
    const client = cohereClient(createCohereSimulator());
    const notFound = await sdkError(client.chat({ ...ok, model: 'command-z' }));
    expect(notFound).toBeInstanceOf(Cohere.NotFoundError);
    expect(notFound.body).toMatchObject({ message: "model 'command-z' not found, make sure the correct model ID was used and that you have access to the model." });
    const unknown = await post(createCohereSimulator(), '/v2/chat', { ...ok, top_p: 0.5 });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).message).toBe("unknown field: parameter 'top_p' is not a valid field. For proper usage, please refer to https://docs.cohere.com/reference/chat");
    const hot = await sdkError(client.chat({ ...ok, temperature: 1.5 }));
    expect(hot).toBeInstanceOf(Cohere.BadRequestError);
    expect(hot.body).toMatchObject({ message: 'invalid request: temperature must be between 0 and 1.0 inclusive.' });
  });

  it.each([
    ['unparsable JSON', '{"model":', 400, 'invalid request: could not parse the request body as JSON.'],
    ['no model', { messages: [user('hi')] }, 400, 'a model parameter is required for this endpoint.'],
    ['no messages', { model: 'command-a-03-2025' }, 400, 'invalid request: messages is a required field.'],
    ['empty content', { ...ok, messages: [user('')] }, 400, 'message must not be empty in a turn'],
    ['bad role', { ...ok, messages: [{ role: 'chatbot', content: 'x' }] }, 400, "invalid request: messages[0].role must be one of 'system', 'user', 'assistant', 'tool'."],
    ['late system turn', { ...ok, messages: [user('hi'), { role: 'system', content: 'x' }] }, 400, 'system turn must be the first in the list'],
    ['bad tool_choice', { ...ok, tools: [], tool_choice: 'ANY' }, 400, "invalid request: tool_choice must be one of 'REQUIRED', 'NONE'."],
    ['too many stops', { ...ok, stop_sequences: ['a', 'b', 'c', 'd', 'e', 'f'] }, 400, 'invalid request: stop_sequences can contain at most 5 items - received 6.'],
    ['rerank model', { ...ok, model: 'rerank-v3.5' }, 400, "invalid request: model 'rerank-v3.5' is not supported by the chat API"],
  ])('%s → Cohere\'s {id, message}', async (_name, body, status, message) => {
    const response = await post(createCohereSimulator(), '/v2/chat', body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ id: expect.stringMatching(UUID), message });
  });

  it('renders status faults as Cohere errors (429, 500) and answers unknown paths with 404', async () => {
    const client = cohereClient(createCohereSimulator());
    const limited = await sdkError(client.chat({ ...ok, messages: [user('hi [touchstone-fault:rate_limit]')] }));
    expect(limited).toBeInstanceOf(Cohere.TooManyRequestsError);
    expect(limited.body).toMatchObject({ message: 'You are past the per minute request limit, please wait and try again later.' });
    const broken = await sdkError(client.chat({ ...ok, messages: [user('hi [touchstone-fault:server_error]')] }));
    expect(broken).toBeInstanceOf(Cohere.InternalServerError);
    expect(broken.body).toMatchObject({ id: expect.stringMatching(UUID), message: 'internal server error, this has been reported to our developers' });
    const nowhere = await post(createCohereSimulator(), '/v1/nothing', {});
    expect(nowhere.status).toBe(404);
    expect(nowhere.headers.get('x-debug-trace-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('serves the SDK over loopback from the registry row (upstream `cohere`)', async () => {
    const server = await startMockServer({ simulators: { cohere: createCohereSimulator() } });
    try {
      expect(server.upstreams.cohere).toBe(`${server.url}/cohere`);
      const client = new CohereClientV2({ token: KEY, environment: server.upstreams.cohere, maxRetries: 0 });
      let text = '';
      for await (const event of await client.chatStream(ok)) if (event.type === 'content-delta') text += event.delta?.message?.content?.text ?? '';
      expect(text.length).toBeGreaterThan(10);
      expect(server.simulators.cohere!.journal.last()?.path).toBe('/v2/chat');
    } finally {
      await server.close();
    }
  });
});
