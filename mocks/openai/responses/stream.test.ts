/**
 * The Responses event stream: `client.responses.stream()` + `finalResponse()`, `create({ stream: true })`
 * iteration, the documented event order with strictly increasing sequence numbers from 0, SSE framing
 * (`event:` line equal to `data.type`, no `[DONE]`), function-call, reasoning and incomplete streams,
 * pull-based production, byte determinism, and every event checked against the description.
 */
import { describe, expect, it } from 'vitest';
import { createOpenAISimulator } from '../index.ts';
import { clientFor, send, spec, weatherTool, wireEvents } from './test-support.ts';

/** Event types in order, with runs of the same delta type collapsed to one `…+`. */
function shape(types: string[]): string[] {
  const out: string[] = [];
  for (const t of types) {
    const label = t.endsWith('.delta') ? `${t}+` : t;
    if (label.endsWith('+') && out[out.length - 1] === label) continue;
    out.push(label);
  }
  return out;
}

const MESSAGE = [
  'response.output_item.added', 'response.content_part.added', 'response.output_text.delta+', 'response.output_text.done',
  'response.content_part.done', 'response.output_item.done',
];
const CALL = ['response.output_item.added', 'response.function_call_arguments.delta+', 'response.function_call_arguments.done', 'response.output_item.done'];

describe('SDK helpers', () => {
  it('client.responses.stream() emits text deltas and finalResponse() equals the stored response', async () => {
    const client = clientFor(createOpenAISimulator());
    const stream = client.responses.stream({ model: 'gpt-4o-mini', input: 'Stream please' });
    let text = '';
    stream.on('response.output_text.delta', (e) => { text += e.delta; });
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(text);
    expect(final.usage!.output_tokens).toBeGreaterThan(0);
    const stored = await client.responses.retrieve(final.id);
    expect(stored.output.map((o) => o.id)).toEqual(final.output.map((o) => o.id));
    expect(stored.output_text).toBe(final.output_text);
    expect(stored.usage).toEqual(final.usage);
  });

  it('create({ stream: true }) yields the documented order with sequence numbers 0, 1, 2, …', async () => {
    const client = clientFor(createOpenAISimulator());
    const events = [];
    for await (const event of await client.responses.create({ model: 'gpt-4o', input: 'Count', stream: true })) events.push(event);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(shape(events.map((e) => e.type))).toEqual(['response.created', 'response.in_progress', ...MESSAGE, 'response.completed']);
    const deltas = events.filter((e) => e.type === 'response.output_text.delta');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas[0]).toMatchObject({ output_index: 0, content_index: 0, logprobs: [] });
    const done = events.find((e) => e.type === 'response.output_text.done') as any;
    expect(deltas.map((d: any) => d.delta).join('')).toBe(done.text);
    const completed = events[events.length - 1] as any;
    expect(completed.response.output[0].content[0].text).toBe(done.text);
    expect(completed.response.usage.total_tokens).toBeGreaterThan(0);
    expect((events[0] as any).response).toMatchObject({ status: 'in_progress', output: [] });
  });
});

describe('stream contents', () => {
  it('streams function-call arguments and ends with the call in response.completed', async () => {
    const client = clientFor(createOpenAISimulator());
    const stream = client.responses.stream({ model: 'gpt-4o', input: 'Weather?', tools: [weatherTool] });
    const types: string[] = [];
    stream.on('event', (e) => types.push(e.type));
    const final = await stream.finalResponse();
    expect(shape(types)).toEqual(['response.created', 'response.in_progress', ...CALL, 'response.completed']);
    expect(final.output[0]).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    expect(JSON.parse((final.output[0] as any).arguments)).toHaveProperty('city');
  });

  it('streams a reasoning item with its summary before the message', async () => {
    const events = await wireEvents(await send(createOpenAISimulator(), 'POST', '/responses', {
      model: 'o4-mini', input: 'Think', stream: true, reasoning: { effort: 'low', summary: 'auto' },
    }));
    expect(shape(events.map((e) => e.data.type))).toEqual([
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta+', 'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done',
      'response.output_item.done', ...MESSAGE, 'response.completed',
    ]);
    expect(events.at(-1)!.data.response.usage.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('ends a cut-off stream with response.incomplete', async () => {
    const events = await wireEvents(await send(createOpenAISimulator(), 'POST', '/responses', {
      model: 'gpt-4o', input: 'Long story', stream: true, max_output_tokens: 16, text: { verbosity: 'high' },
    }));
    const last = events.at(-1)!.data;
    expect(last.type).toBe('response.incomplete');
    expect(last.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
  });

  it('announces a background stream as queued first', async () => {
    const events = await wireEvents(await send(createOpenAISimulator(), 'POST', '/responses', { model: 'gpt-4o', input: 'x', stream: true, background: true }));
    expect(events.slice(0, 3).map((e) => [e.data.type, e.data.response.status])).toEqual([
      ['response.created', 'queued'], ['response.queued', 'queued'], ['response.in_progress', 'in_progress'],
    ]);
  });
});

describe('bytes on the wire', () => {
  const body = { model: 'gpt-4o-mini', input: 'Frame it', stream: true };

  it('frames each event as `event: <type>` + one data line, without [DONE]', async () => {
    const res = await send(createOpenAISimulator(), 'POST', '/responses', body);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    expect(text).not.toContain('[DONE]');
    const blocks = text.slice(0, -2).split('\n\n');
    for (const block of blocks) {
      const [eventLine, dataLine, ...rest] = block.split('\n');
      expect(rest).toEqual([]);
      const data = JSON.parse(dataLine!.slice('data: '.length));
      expect(eventLine).toBe(`event: ${data.type}`);
      expect(Object.keys(data).slice(0, 2)).toEqual(['type', 'sequence_number']);
    }
    expect(text).toContain('"obfuscation":"');
    const plain = await (await send(createOpenAISimulator(), 'POST', '/responses', { ...body, stream_options: { include_obfuscation: false } })).text();
    expect(plain).not.toContain('obfuscation');
  });

  it('produces one event per read (pull), and journals an abort', async () => {
    const sim = createOpenAISimulator();
    const reader = (await send(sim, 'POST', '/responses', body)).body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.startsWith('event: response.created\n')).toBe(true);
    expect(first.split('\n\n').filter(Boolean)).toHaveLength(1);
    await reader.cancel();
    expect(sim.journal.entries.at(-1)).toMatchObject({ aborted: true });
  });

  it('sends identical bytes for identical requests', async () => {
    const a = await (await send(createOpenAISimulator(), 'POST', '/responses', body)).text();
    const b = await (await send(createOpenAISimulator(), 'POST', '/responses', body)).text();
    expect(a).toBe(b);
  });
});

describe.skipIf(!spec)('against OpenAI\'s description: ResponseStreamEvent', () => {
  const bodies: [string, unknown][] = [
    ['text', { model: 'gpt-4o-mini', input: 'Hello', stream: true }],
    ['function call', { model: 'gpt-4o', input: 'Go', tools: [weatherTool], stream: true }],
    ['reasoning', { model: 'o3', input: 'x', reasoning: { summary: 'auto' }, stream: true }],
    ['incomplete', { model: 'gpt-4o', input: 'x', max_output_tokens: 16, stream: true }],
    ['background', { model: 'gpt-4o', input: 'x', background: true, stream: true }],
  ];
  it.each(bodies)('%s', async (_name, body) => {
    const events = await wireEvents(await send(createOpenAISimulator(), 'POST', '/responses', body));
    expect(events.length).toBeGreaterThan(4);
    for (const { data } of events) expect([data.type, spec!.validateSchema('ResponseStreamEvent', data)]).toEqual([data.type, []]);
  });
});
