/**
 * Streamed chat completions behind Azure's front: the opening chunk with `choices: []` and the prompt
 * annotations (which the SDK parses and its stream helper tolerates), annotated content chunks, the
 * underlying model name, `[DONE]`, and mid-stream faults.
 */
import { describe, expect, it } from 'vitest';
import { createAzureOpenAISimulator } from './index.ts';
import { azureClient, chatPath, post, sseEvents, user } from './test-kit.ts';

describe('chat completion stream', () => {
  it('opens with Azure\'s prompt-annotation chunk and annotates content chunks', async () => {
    const sim = createAzureOpenAISimulator({ offers: () => true });
    const events = await sseEvents(await post(sim, chatPath(), { messages: [user('Say hello')], stream: true, stream_options: { include_usage: true } }));
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks[0]).toEqual({
      choices: [], created: 0, id: '', model: '', object: '',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: expect.objectContaining({ jailbreak: { filtered: false, detected: false } }) }],
    });
    const body = chunks.slice(1);
    expect(body.every((c) => c.model === 'gpt-4o-mini-2024-07-18' && c.object === 'chat.completion.chunk')).toBe(true);
    expect(body[0].choices[0].delta.role).toBe('assistant');
    expect(body[0].choices[0].content_filter_results).toEqual({});
    const content = body.filter((c) => c.choices[0]?.delta?.content);
    expect(content.length).toBeGreaterThan(0);
    for (const c of content) expect(c.choices[0].content_filter_results.violence).toEqual({ filtered: false, severity: 'safe' });
    expect(body.at(-1).choices).toEqual([]);
    expect(body.at(-1).usage.total_tokens).toBeGreaterThan(0);
    expect(body.some((c) => 'obfuscation' in c || 'service_tier' in c)).toBe(false);
    expect(sim.journal.last()!.completed).toBe(true);
  });

  it('is parsed by the SDK: raw iteration and the stream helper (which accumulates past the empty first chunk)', async () => {
    const client = azureClient(createAzureOpenAISimulator());
    const request = { model: '', messages: [user('Tell me a story')], stream: true as const };
    let text = '';
    let first: unknown;
    for await (const chunk of await client.chat.completions.create(request)) {
      first ??= chunk;
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(first).toMatchObject({ choices: [], id: '' });
    expect(text.length).toBeGreaterThan(20);
    const final = await client.chat.completions.stream(request).finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(text);
    expect(final.model).toBe('gpt-4o-mini-2024-07-18');
  });

  it('sends a mid-stream error event (OpenAI\'s shape) on an error_event fault', async () => {
    const sim = createAzureOpenAISimulator();
    const events = await sseEvents(await post(sim, chatPath(), { messages: [user('hi [touchstone-fault:error_event]')], stream: true }));
    expect(events).toHaveLength(3);
    expect(JSON.parse(events[2]!.data)).toMatchObject({ error: { type: 'server_error' } });
    expect(sim.journal.last()!.fault?.kind).toBe('error_event');
  });
});
