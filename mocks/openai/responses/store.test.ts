/**
 * Stored responses: retrieve, delete (then 404), store:false, the background lifecycle stepped on an
 * injected clock (queued → in_progress → completed; cancel), cancel of a synchronous response,
 * input_items (order, limit, after, SDK auto-pagination), previous_response_id chains, stream replay;
 * and the bodies checked against the description (Response, ResponseItemList).
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { FIXED_EPOCH_MS } from '../../types.ts';
import { createOpenAISimulator } from '../index.ts';
import { clientFor, send, spec, wireEvents } from './test-support.ts';

function clocked() {
  const clock = { t: FIXED_EPOCH_MS };
  const sim = createOpenAISimulator({ now: () => clock.t });
  return { clock, sim, client: clientFor(sim) };
}

describe('retrieve and delete', () => {
  it('retrieves a stored response, deletes it, then answers 404 as OpenAI', async () => {
    const sim = createOpenAISimulator();
    const client = clientFor(sim);
    const created = await client.responses.create({ model: 'gpt-4o-mini', input: 'Keep me' });
    const got = await client.responses.retrieve(created.id);
    expect(got.id).toBe(created.id);
    expect(got.output_text).toBe(created.output_text);

    const deleted = await send(sim, 'DELETE', `/responses/${created.id}`);
    expect(await deleted.json()).toEqual({ id: created.id, object: 'response', deleted: true });
    const error = await client.responses.retrieve(created.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
      message: `Response with id '${created.id}' not found.`, type: 'invalid_request_error', param: null, code: null,
    });
    await expect(client.responses.delete(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('does not keep store:false responses, and refuses ids without the resp prefix', async () => {
    const sim = createOpenAISimulator();
    const client = clientFor(sim);
    const created = await client.responses.create({ model: 'gpt-4o-mini', input: 'Forget me', store: false });
    expect((created as unknown as { store: boolean }).store).toBe(false);
    await expect(client.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const bad = await send(sim, 'GET', '/responses/msg_123');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.param).toBe('response_id');
  });
});

describe('background', () => {
  it('moves queued → in_progress → completed on the lifecycle clock', async () => {
    const { clock, client } = clocked();
    const created = await client.responses.create({ model: 'gpt-4o', input: 'Slow job', background: true });
    expect(created).toMatchObject({ status: 'queued', background: true, output: [], completed_at: null });
    expect(created.usage).toBeUndefined();
    clock.t += 1500;
    expect((await client.responses.retrieve(created.id)).status).toBe('in_progress');
    clock.t += 1500;
    const done = await client.responses.retrieve(created.id);
    expect(done.status).toBe('completed');
    expect(done.output_text.length).toBeGreaterThan(0);
    expect(done.completed_at).toBe(done.created_at + 3);
  });

  it('cancels a running background response; a second cancel returns it unchanged', async () => {
    const { clock, client } = clocked();
    const created = await client.responses.create({ model: 'gpt-4o', input: 'Cancel me', background: true });
    clock.t += 500;
    const cancelled = await client.responses.cancel(created.id);
    expect(cancelled).toMatchObject({ id: created.id, status: 'cancelled', output: [] });
    clock.t += 10_000;
    expect((await client.responses.retrieve(created.id)).status).toBe('cancelled');
    expect((await client.responses.cancel(created.id)).status).toBe('cancelled');
  });

  it('refuses to cancel a synchronous response', async () => {
    const client = clientFor(createOpenAISimulator());
    const created = await client.responses.create({ model: 'gpt-4o', input: 'Done already' });
    await expect(client.responses.cancel(created.id)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Cannot cancel a synchronous response.') });
  });

  it('replays a background stream from starting_after', async () => {
    const { sim, client } = clocked();
    const created = await client.responses.create({ model: 'gpt-4o', input: 'Replay', background: true });
    const all = await wireEvents(await send(sim, 'GET', `/responses/${created.id}?stream=true`));
    const tail = await wireEvents(await send(sim, 'GET', `/responses/${created.id}?stream=true&starting_after=3`));
    expect(tail.map((e) => e.data)).toEqual(all.slice(4).map((e) => e.data));
    expect(all.at(-1)!.data.type).toBe('response.completed');
  });
});

describe('input_items', () => {
  const input = [
    { role: 'user' as const, content: 'one' }, { role: 'user' as const, content: 'two' }, { role: 'user' as const, content: 'three' },
  ];

  it('lists the input newest first by default, with order, limit and after', async () => {
    const sim = createOpenAISimulator();
    const created = await clientFor(sim).responses.create({ model: 'gpt-4o', input });
    const desc = await (await send(sim, 'GET', `/responses/${created.id}/input_items`)).json();
    expect(desc.data.map((i: any) => i.content[0].text)).toEqual(['three', 'two', 'one']);
    expect(desc).toMatchObject({ object: 'list', has_more: false, first_id: desc.data[0].id, last_id: desc.data[2].id });
    expect(desc.data[0].id).toMatch(/^msg_[0-9a-f]{48}$/);
    const page = await (await send(sim, 'GET', `/responses/${created.id}/input_items?order=asc&limit=2`)).json();
    expect(page.data.map((i: any) => i.content[0].text)).toEqual(['one', 'two']);
    expect(page.has_more).toBe(true);
    const next = await (await send(sim, 'GET', `/responses/${created.id}/input_items?order=asc&limit=2&after=${page.last_id}`)).json();
    expect(next.data.map((i: any) => i.content[0].text)).toEqual(['three']);
    const bad = await send(sim, 'GET', `/responses/${created.id}/input_items?limit=0`);
    expect(bad.status).toBe(400);
  });

  it('auto-paginates through the SDK', async () => {
    const client = clientFor(createOpenAISimulator());
    const created = await client.responses.create({ model: 'gpt-4o', input });
    const texts: string[] = [];
    for await (const item of client.responses.inputItems.list(created.id, { order: 'asc', limit: 1 })) texts.push((item as any).content[0].text);
    expect(texts).toEqual(['one', 'two', 'three']);
  });
});

describe('previous_response_id', () => {
  it('carries the conversation: input tokens grow, input_items hold the whole chain', async () => {
    const sim = createOpenAISimulator();
    const client = clientFor(sim);
    const first = await client.responses.create({ model: 'gpt-4o', input: 'My name is Ada.', instructions: 'Be kind.' });
    const second = await client.responses.create({ model: 'gpt-4o', input: 'What is my name?', previous_response_id: first.id });
    const third = await client.responses.create({ model: 'gpt-4o', input: 'Again?', previous_response_id: second.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.instructions).toBeNull();
    expect(second.usage!.input_tokens).toBeGreaterThan(first.usage!.input_tokens + first.usage!.output_tokens - 8);
    expect(third.usage!.input_tokens).toBeGreaterThan(second.usage!.input_tokens + second.usage!.output_tokens);
    const items = await (await send(sim, 'GET', `/responses/${third.id}/input_items?order=asc`)).json();
    expect(items.data.map((i: any) => [i.role, i.id])).toEqual([
      ['user', expect.stringMatching(/^msg_/)], ['assistant', first.output[0]!.id],
      ['user', expect.stringMatching(/^msg_/)], ['assistant', second.output[0]!.id], ['user', expect.stringMatching(/^msg_/)],
    ]);
    const again = await client.responses.create({ model: 'gpt-4o', input: 'What is my name?', previous_response_id: first.id });
    expect(again.id).toBe(second.id);
    expect(again.output_text).toBe(second.output_text);
  });

  it('answers 404 for an unknown previous response', async () => {
    const error = await clientFor(createOpenAISimulator()).responses
      .create({ model: 'gpt-4o', input: 'x', previous_response_id: 'resp_0000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toEqual({
      message: "Previous response with id 'resp_0000' not found.", type: 'invalid_request_error',
      param: 'previous_response_id', code: 'previous_response_not_found',
    });
  });
});

describe.skipIf(!spec)('against OpenAI\'s description: stored responses', () => {
  it('retrieve, cancel and every background phase are Response objects', async () => {
    const { clock, sim } = clocked();
    const client = clientFor(sim);
    const created = await client.responses.create({ model: 'gpt-4o', input: 'x', background: true });
    const bodies = [await (await send(sim, 'GET', `/responses/${created.id}`)).json()];
    clock.t += 1500;
    bodies.push(await (await send(sim, 'GET', `/responses/${created.id}`)).json());
    bodies.push(await (await send(sim, 'POST', `/responses/${created.id}/cancel`)).json());
    const other = await client.responses.create({ model: 'gpt-4o', input: 'y', background: true });
    clock.t += 5000;
    bodies.push(await (await send(sim, 'GET', `/responses/${other.id}`)).json());
    expect(bodies.map((b) => b.status)).toEqual(['queued', 'in_progress', 'cancelled', 'completed']);
    for (const body of bodies) expect(spec!.validateResponse('get', '/responses/{response_id}', 200, 'application/json', body)).toEqual([]);
  });

  it('input_items of a chain with tool calls is a ResponseItemList', async () => {
    const sim = createOpenAISimulator();
    const client = clientFor(sim);
    const tool = { type: 'function' as const, name: 'lookup', strict: false, parameters: { type: 'object', properties: { q: { type: 'string' } } } };
    const first = await client.responses.create({ model: 'o4-mini', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Find' }, { type: 'input_image', image_url: 'https://example.com/x.png', detail: 'auto' }] }], tools: [tool] });
    const call = first.output.find((o) => o.type === 'function_call')!;
    const second = await client.responses.create({ model: 'o4-mini', previous_response_id: first.id, tools: [tool], input: [{ type: 'function_call_output', call_id: (call as any).call_id, output: 'found' }] });
    const list = await (await send(sim, 'GET', `/responses/${second.id}/input_items`)).json();
    expect(list.data.map((i: any) => i.type)).toEqual(['function_call_output', 'function_call', 'reasoning', 'message']);
    expect(spec!.validateResponse('get', '/responses/{response_id}/input_items', 200, 'application/json', list)).toEqual([]);
  });
});
