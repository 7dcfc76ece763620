/**
 * The realtime simulator driven by the official SDK's `OpenAIRealtimeWS` over a loopback socket:
 * session.created first, session.update, a text response, an audio response (PCM16 deltas), a
 * function call and its follow-up, input audio append/commit/clear, response.cancel mid-stream, and
 * determinism across connections. Every server event received is validated against OpenAI's
 * published RealtimeServerEvent schemas at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Served } from '../../../lib/serve.ts';
import { createRealtimeUpgrade } from './index.ts';
import { allServerEvents, connectSdk, pcm16, serverEventErrors, spec, startServer, type SdkSession } from './testing.ts';

let server: Served;
let slow: Served;
const open: SdkSession[] = [];

beforeAll(async () => {
  server = await startServer(createRealtimeUpgrade());
  slow = await startServer(createRealtimeUpgrade({ chunkDelayMs: 2 }));
});
afterAll(async () => {
  for (const s of open) s.rt.close();
  await Promise.all([server.close(), slow.close()]);
});

async function session(base = server, model = 'gpt-realtime'): Promise<SdkSession> {
  const s = await connectSdk(`${base.url}/v1`, model);
  open.push(s);
  await s.log.next('session.created', 0);
  return s;
}

const userText = (text: string) => ({ type: 'conversation.item.create' as const, item: { type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text }] } });

describe('realtime session over the SDK', () => {
  it('sends session.created first, with the GA session object', async () => {
    const { log } = await session(server, 'gpt-4o-realtime-preview');
    const first = log.events[0]!;
    expect(first.type).toBe('session.created');
    expect(first.event_id).toMatch(/^event_[A-Za-z0-9]{21}$/);
    expect(first.session).toMatchObject({
      type: 'realtime', object: 'realtime.session', model: 'gpt-4o-realtime-preview-2025-06-03',
      output_modalities: ['audio'], tools: [], tool_choice: 'auto', max_output_tokens: 'inf',
      audio: { input: { format: { type: 'audio/pcm', rate: 24000 } }, output: { voice: 'alloy' } },
    });
    expect(first.session.id).toMatch(/^sess_[A-Za-z0-9]{21}$/);
  });

  it('answers session.update with session.updated carrying the full, merged configuration', async () => {
    const { rt, log } = await session();
    rt.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Be terse.', output_modalities: ['text'], audio: { output: { voice: 'cedar' } } } });
    const updated = await log.next('session.updated');
    expect(updated.session).toMatchObject({ instructions: 'Be terse.', output_modalities: ['text'], model: 'gpt-realtime-2025-08-28' });
    expect(updated.session.audio.output).toEqual({ format: { type: 'audio/pcm', rate: 24000 }, voice: 'cedar', speed: 1 });
    expect(updated.session.id).toBe(log.events[0]!.session.id);
  });

  it('streams a text response whose deltas concatenate to the done text', async () => {
    const { rt, log } = await session();
    rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    await log.next('session.updated');
    rt.send(userText('Tell me about lighthouses.'));
    const added = await log.next('conversation.item.added');
    expect(added.item).toMatchObject({ type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'Tell me about lighthouses.' }] });
    await log.next('conversation.item.done');
    const from = log.events.length;
    rt.send({ type: 'response.create' });
    const done = await log.next('response.done', from);
    const types = log.events.slice(from).map((e) => e.type);
    expect(types.slice(0, 5)).toEqual(['response.created', 'rate_limits.updated', 'response.output_item.added', 'conversation.item.added', 'response.content_part.added']);
    expect(types.slice(-5)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'conversation.item.done', 'response.done']);
    const text = log.ofType('response.output_text.delta', from).map((e) => e.delta).join('');
    expect(text.length).toBeGreaterThan(20);
    expect(log.ofType('response.output_text.done', from)[0]!.text).toBe(text);
    expect(done.response).toMatchObject({ status: 'completed', output_modalities: ['text'], output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] }] });
    expect(done.response.usage.output_tokens).toBe(log.ofType('response.output_text.delta', from).length);
    expect(done.response.usage.total_tokens).toBe(done.response.usage.input_tokens + done.response.usage.output_tokens);
    const ids = log.events.map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('streams an audio response: PCM16 24 kHz deltas with a transcript', async () => {
    const { rt, log } = await session();
    rt.send(userText('Say something.'));
    const from = log.events.length;
    rt.send({ type: 'response.create' });
    const done = await log.next('response.done', from);
    const chunks = log.ofType('response.output_audio.delta', from).map((e) => Buffer.from(e.delta, 'base64'));
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.byteLength).toBe(2400); // 50 ms × 24 kHz × 2 bytes
    const samples = chunks.flatMap((c) => Array.from({ length: c.byteLength / 2 }, (_, i) => c.readInt16LE(i * 2)));
    expect(Math.max(...samples)).toBeGreaterThan(1000);
    expect(Math.min(...samples)).toBeLessThan(-1000);
    const transcript = log.ofType('response.output_audio_transcript.delta', from).map((e) => e.delta).join('');
    expect(log.ofType('response.output_audio_transcript.done', from)[0]!.transcript).toBe(transcript);
    expect(log.ofType('response.output_audio.done', from)).toHaveLength(1);
    expect(log.ofType('response.content_part.done', from)[0]!.part).toEqual({ type: 'audio', transcript });
    expect(done.response.output[0].content).toEqual([{ type: 'output_audio', transcript }]);
    expect(done.response.usage.output_token_details).toEqual({ text_tokens: chunks.length, audio_tokens: chunks.length });
  });

  it('speaks G.711 µ-law at 8 kHz when the output format asks for it, and freezes the voice after', async () => {
    const { rt, log } = await session();
    rt.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { format: { type: 'audio/pcmu' } } } } });
    expect((await log.next('session.updated')).session.audio.output.format).toEqual({ type: 'audio/pcmu' });
    const from = log.events.length;
    rt.send({ type: 'response.create' });
    const done = await log.next('response.done', from);
    expect(done.response.audio.output.format).toEqual({ type: 'audio/pcmu' });
    for (const e of log.ofType('response.output_audio.delta', from)) expect(Buffer.from(e.delta, 'base64').byteLength).toBe(400);
    rt.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { voice: 'ash' } } } });
    expect((await log.next('error')).error).toMatchObject({ code: 'cannot_update_voice', param: 'session.audio.output.voice' });
  });

  it('stops at max_output_tokens with status incomplete', async () => {
    const { rt, log } = await session();
    rt.send(userText('Go on.'));
    rt.send({ type: 'response.create', response: { output_modalities: ['text'], max_output_tokens: 3 } });
    const done = await log.next('response.done');
    expect(log.ofType('response.output_text.delta')).toHaveLength(3);
    expect(done.response).toMatchObject({ status: 'incomplete', status_details: { type: 'incomplete', reason: 'max_output_tokens' }, max_output_tokens: 3 });
    expect(done.response.output[0].status).toBe('incomplete');
  });

  it('retrieves, truncates and deletes conversation items', async () => {
    const { rt, log } = await session();
    rt.send({ type: 'response.create' });
    const done = await log.next('response.done');
    const itemId = done.response.output[0].id as string;
    rt.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: 100 });
    expect(await log.next('conversation.item.truncated')).toMatchObject({ item_id: itemId, content_index: 0, audio_end_ms: 100 });
    rt.send({ type: 'conversation.item.retrieve', item_id: itemId });
    expect((await log.next('conversation.item.retrieved')).item).toMatchObject({ id: itemId, role: 'assistant', content: [{ type: 'output_audio', transcript: '' }] });
    rt.send({ type: 'conversation.item.delete', item_id: itemId });
    expect(await log.next('conversation.item.deleted')).toMatchObject({ item_id: itemId });
    rt.send({ type: 'conversation.item.retrieve', item_id: itemId });
    expect((await log.next('error')).error).toMatchObject({ code: 'item_not_found' });
  });

  it('calls a function when tool_choice asks for it, then answers from its output', async () => {
    const { rt, log } = await session();
    const tool = { type: 'function' as const, name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city', 'unit'] } };
    rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], tools: [tool], tool_choice: 'required' } });
    await log.next('session.updated');
    rt.send(userText('Weather in Oslo?'));
    let from = log.events.length;
    rt.send({ type: 'response.create' });
    const done = await log.next('response.done', from);
    const args = log.ofType('response.function_call_arguments.done', from)[0]!;
    expect(args.name).toBe('get_weather');
    expect(args.call_id).toMatch(/^call_/);
    expect(log.ofType('response.function_call_arguments.delta', from).map((e) => e.delta).join('')).toBe(args.arguments);
    expect(JSON.parse(args.arguments)).toMatchObject({ city: expect.any(String), unit: expect.stringMatching(/^[cf]$/) });
    expect(done.response.output).toEqual([{ id: args.item_id, type: 'function_call', status: 'completed', name: 'get_weather', call_id: args.call_id, arguments: args.arguments }]);

    rt.send({ type: 'session.update', session: { type: 'realtime', tool_choice: 'auto' } });
    rt.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: args.call_id, output: '{"temperature":4}' } });
    from = log.events.length;
    rt.send({ type: 'response.create' });
    await log.next('response.done', from);
    expect(log.ofType('response.output_text.done', from)[0]!.text).toContain('The get_weather tool returned {"temperature":4}.');
  });

  it('commits appended input audio as a user item, refuses an empty commit, clears the buffer', async () => {
    const { rt, log, errors } = await session();
    const audio = pcm16(300);
    rt.send({ type: 'input_audio_buffer.append', audio: audio.subarray(0, 4800).toString('base64') });
    rt.send({ type: 'input_audio_buffer.append', audio: audio.subarray(4800).toString('base64') });
    rt.send({ type: 'input_audio_buffer.commit' });
    const committed = await log.next('input_audio_buffer.committed');
    const added = await log.next('conversation.item.added');
    expect(added.item).toMatchObject({ id: committed.item_id, type: 'message', role: 'user', content: [{ type: 'input_audio' }] });
    rt.send({ type: 'input_audio_buffer.commit', event_id: 'evt_client_1' });
    const error = await log.next('error');
    expect(error.error).toMatchObject({ type: 'invalid_request_error', code: 'input_audio_buffer_commit_empty', event_id: 'evt_client_1' });
    expect(errors[0]?.message).toContain('buffer too small');
    rt.send({ type: 'input_audio_buffer.append', audio: pcm16(50).toString('base64') });
    rt.send({ type: 'input_audio_buffer.clear' });
    await log.next('input_audio_buffer.cleared');
    const from = log.events.length;
    rt.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = await log.next('response.done', from);
    expect(done.response.usage.input_token_details.audio_tokens).toBe(3); // 300 ms of user audio
  });

  it('cancels a response mid-stream: the stream stops and response.done says cancelled', async () => {
    const { rt, log } = await session(slow);
    rt.send(userText('A long answer, please.'));
    const from = log.events.length;
    rt.send({ type: 'response.create' });
    await log.next('response.output_audio_transcript.delta', from);
    rt.send({ type: 'response.cancel' });
    const done = await log.next('response.done', from);
    expect(done.response.status).toBe('cancelled');
    expect(done.response.status_details).toEqual({ type: 'cancelled', reason: 'client_cancelled' });
    expect(done.response.output[0].status).toBe('incomplete');
    const sent = log.ofType('response.output_audio_transcript.delta', from).map((e) => e.delta).join('');
    expect(log.ofType('response.output_audio_transcript.done', from)[0]!.transcript).toBe(sent);
    expect(done.response.output[0].content[0].transcript).toBe(sent);
    expect(log.ofType('response.output_item.done', from)).toHaveLength(1);
  });

  it('says the same thing to the same conversation on another connection', async () => {
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { rt, log } = await session();
      rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
      rt.send(userText('Same question.'));
      rt.send({ type: 'response.create' });
      await log.next('response.done');
      texts.push(log.ofType('response.output_text.done')[0]!.text);
    }
    expect(texts[1]).toBe(texts[0]);
  });
});

describe.skipIf(!spec)("every server event matches OpenAI's published RealtimeServerEvent schemas", () => {
  it('validates each event received in this file', () => {
    expect(allServerEvents.length).toBeGreaterThan(100);
    const types = new Set(allServerEvents.map((e) => e.type));
    expect(types).toContain('response.output_audio.delta');
    const failures = allServerEvents.flatMap(serverEventErrors);
    expect([...new Set(failures)]).toEqual([]);
  });
});
