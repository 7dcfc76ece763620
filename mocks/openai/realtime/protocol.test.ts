/**
 * The realtime endpoint at the protocol level, with raw `ws` and the SDK: handshake refusals (401 with
 * OpenAI's JSON body without / with a bad key, 404 off-path), browser-style subprotocol auth, the
 * in-band rejection variant, unknown and missing models, bad client events answered with `error`
 * events while the session stays open, response lifecycle errors, and `routeUpgrades` mounting a
 * simulator under `/<name>` on the loopback server with journaling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from '../../../lib/serve.ts';
import { Journal } from '../../journal.ts';
import { routeUpgrades } from '../../upgrade.ts';
import { createOpenAISimulator } from '../index.ts';
import { createRealtimeUpgrade } from './index.ts';
import { allServerEvents, connectRaw, connectSdk, refusedHandshake, serverEventErrors, spec, startServer } from './testing.ts';

let server: Served;
let inBand: Served;
let mounted: Served;
const journal = new Journal();

beforeAll(async () => {
  server = await startServer(createRealtimeUpgrade());
  inBand = await startServer(createRealtimeUpgrade({ authRejection: 'close', apiKeys: ['sk-good'] }));
  const openai = { ...createOpenAISimulator({ name: 'openai' }), journal, upgrade: createRealtimeUpgrade({ journal }) };
  // A simulator without WebSocket support (as non-realtime providers will be): only fetch, no upgrade.
  const { upgrade: _none, ...plain } = createOpenAISimulator({ name: 'openai-eu' });
  mounted = await startServer(routeUpgrades({ openai, 'openai-eu': plain }));
});
afterAll(async () => { await Promise.all([server.close(), inBand.close(), mounted.close()]); });

const wsUrl = (base: Served, path = '/v1/realtime?model=gpt-realtime') => `ws://127.0.0.1:${base.port}${path}`;

describe('handshake', () => {
  it('refuses a missing key with HTTP 401 and OpenAI\'s error body', async () => {
    const refused = await refusedHandshake(wsUrl(server));
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toBe('application/json');
    expect(refused.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    expect(refused.body.error).toMatchObject({ type: 'invalid_request_error', code: null, message: expect.stringContaining("You didn't provide an API key") });
  });

  it('refuses a bad key with HTTP 401 invalid_api_key, also as the SDK sees it', async () => {
    const refused = await refusedHandshake(wsUrl(server), { authorization: 'Bearer not-a-key' });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'invalid_api_key', message: expect.stringContaining('Incorrect API key provided: not-a-key.') });
    const { errors } = await connectSdk(`${server.url}/v1`, 'gpt-realtime', 'bad-key');
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]!.message).toContain('Unexpected server response: 401');
  });

  it('accepts the key as the browser subprotocol and answers with the realtime subprotocol', async () => {
    let upgradeHeaders: Record<string, unknown> = {};
    const { ws, log } = await connectRaw(wsUrl(server), { headers: {} }, ['realtime', 'openai-insecure-api-key.sk-browser'], (res) => { upgradeHeaders = res.headers; });
    expect(ws.protocol).toBe('realtime');
    expect(upgradeHeaders['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    expect((await log.next('session.created')).session.model).toBe('gpt-realtime-2025-08-28');
    ws.close();
  });

  it('can reject a bad key in-band instead: error event, then close 3000', async () => {
    const { log, closed } = await connectRaw(wsUrl(inBand), { headers: { authorization: 'Bearer sk-wrong' } });
    expect((await log.next('error')).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key', event_id: null });
    expect(await closed).toEqual({ code: 3000, reason: 'invalid_request_error.invalid_api_key' });
  });

  it('answers an unknown or missing model with an error event and close 3000', async () => {
    const unknown = await connectRaw(wsUrl(server, '/v1/realtime?model=gpt-imaginary'));
    expect((await unknown.log.next('error')).error).toMatchObject({ code: 'model_not_found', message: 'The model `gpt-imaginary` does not exist or you do not have access to it.' });
    expect(await unknown.closed).toEqual({ code: 3000, reason: 'invalid_request_error.model_not_found' });
    const missing = await connectRaw(wsUrl(server, '/v1/realtime'));
    expect((await missing.log.next('error')).error).toMatchObject({ code: 'missing_required_parameter', param: 'model' });
    expect((await missing.closed).code).toBe(3000);
  });

  it('refuses upgrades on other paths with OpenAI\'s 404', async () => {
    const refused = await refusedHandshake(wsUrl(server, '/v1/chat/completions'), { authorization: 'Bearer sk-test' });
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toBe('Invalid URL (GET /v1/chat/completions)');
  });
});

describe('bad client events', () => {
  it('answers each with an error event naming the problem, and the session keeps working', async () => {
    const { log, send, ws } = await connectRaw(wsUrl(server));
    await log.next('session.created');
    const cases: [unknown, Record<string, unknown>][] = [
      ['{not json', { code: 'invalid_json', event_id: null }],
      [{ event_id: 'c1' }, { code: 'invalid_event', message: "The 'type' field is missing.", event_id: 'c1' }],
      [{ type: 'response.make', event_id: 'c2' }, { code: 'invalid_value', param: 'type', event_id: 'c2' }],
      [{ type: 'conversation.item.create', event_id: 'c3' }, { code: 'missing_required_parameter', param: 'item' }],
      [{ type: 'input_audio_buffer.append' }, { code: 'missing_required_parameter', param: 'audio' }],
      [{ type: 'input_audio_buffer.append', audio: 'not base64!' }, { code: 'invalid_value', param: 'audio' }],
      [{ type: 'conversation.item.create', item: { type: 'message', role: 'robot', content: [] } }, { code: 'invalid_value', param: 'item.role' }],
      [{ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'output_text', text: 'x' }] } }, { param: 'item.content[0].type' }],
      [{ type: 'session.update', session: { type: 'realtime', modalities: ['text'] } }, { code: 'unknown_parameter', message: "Unknown parameter: 'session.modalities'." }],
      [{ type: 'session.update', session: { instructions: 'x' } }, { code: 'missing_required_parameter', param: 'session.type' }],
      [{ type: 'conversation.item.delete', item_id: 'item_nope' }, { code: 'item_not_found', param: 'item_id' }],
      [{ type: 'response.cancel', event_id: 'c4' }, { code: 'response_cancel_not_active', event_id: 'c4' }],
      [{ type: 'response.create', response: { tool_choice: 'required', temperature: 1 } }, { code: 'unknown_parameter', param: 'response.temperature' }],
    ];
    for (const [event, expected] of cases) {
      send(event);
      const error = await log.next('error');
      expect(error.error, JSON.stringify(event)).toMatchObject({ type: 'invalid_request_error', ...expected });
    }
    send({ type: 'session.update', session: { type: 'realtime', instructions: 'Still here.' } });
    expect((await log.next('session.updated')).session.instructions).toBe('Still here.');
    ws.close();
  });

  it('refuses a second response while one is in progress', async () => {
    const { log, send, ws } = await connectRaw(wsUrl(server));
    send({ type: 'response.create', response: { output_modalities: ['text'] } });
    send({ type: 'response.create', event_id: 'second' });
    const created = await log.next('response.created');
    const error = await log.next('error');
    expect(error.error).toMatchObject({ code: 'conversation_already_has_active_response', event_id: 'second' });
    expect(error.error.message).toContain(created.response.id);
    expect((await log.next('response.done')).response.status).toBe('completed');
    ws.close();
  });

  it('cancels a response created in the same breath', async () => {
    const { log, send, ws } = await connectRaw(wsUrl(server));
    send({ type: 'response.create', response: { output_modalities: ['text'] } });
    send({ type: 'response.cancel' });
    const done = await log.next('response.done');
    expect(done.response).toMatchObject({ status: 'cancelled', output: [{ status: 'incomplete', content: [{ type: 'output_text', text: '' }] }] });
    ws.close();
  });
});

describe('routeUpgrades on the loopback server', () => {
  it('mounts /<name>/v1/realtime on that simulator, for the SDK, and journals the session', async () => {
    const { rt, log } = await connectSdk(`${mounted.url}/openai/v1`);
    await log.next('session.created');
    rt.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Mounted.' } });
    await log.next('session.updated');
    rt.close();
    const entry = journal.last()!;
    expect(entry).toMatchObject({ method: 'GET', path: '/v1/realtime', search: '?model=gpt-realtime', status: 101 });
    expect(entry.headers.authorization).toBe('Bearer sk-test');
    expect(entry.body).toEqual([{ type: 'session.update', session: { type: 'realtime', instructions: 'Mounted.' } }]);
  });

  it('answers unknown upstreams and upstreams without WebSocket support with a 404', async () => {
    const unknown = await refusedHandshake(wsUrl(mounted, '/nowhere/v1/realtime?model=gpt-realtime'));
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'unknown_upstream' } } });
    const plain = await refusedHandshake(wsUrl(mounted, '/openai-eu/v1/realtime?model=gpt-realtime'));
    expect(plain).toMatchObject({ status: 404, body: { error: { code: 'websocket_not_supported' } } });
  });
});

describe.skipIf(!spec)("every server event matches OpenAI's published RealtimeServerEvent schemas", () => {
  it('validates each event received in this file, and the check itself catches a malformed event', () => {
    expect(allServerEvents.length).toBeGreaterThan(20);
    expect([...new Set(allServerEvents.flatMap(serverEventErrors))]).toEqual([]);
    expect(serverEventErrors({ type: 'response.output_text.delta', event_id: 'event_x', delta: 1 }).length).toBeGreaterThan(0);
  });
});
