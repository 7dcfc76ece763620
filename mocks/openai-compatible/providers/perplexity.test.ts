/**
 * Perplexity's documented quirks: chat at /chat/completions (no /v1, no models endpoint), citations and
 * search_results beside the answer, search usage fields, stream chunks that are `chat.completion` objects
 * with a cumulative message and usage on every chunk, strict role alternation, `<think>` reasoning.
 */
import { describe, expect, it } from 'vitest';
import { ask, chatBody, sdkFor, send, simFor, sseChunks } from '../test-kit.ts';
import { perplexity } from './perplexity.ts';

const sim = () => simFor(perplexity, () => true);

describe('perplexity', () => {
  it('answers with citations, search_results and search usage', async () => {
    const body = await (await send(perplexity, sim(), '/chat/completions', { body: chatBody(perplexity) })).json() as Record<string, unknown>;
    expect(body.citations).toEqual(expect.arrayContaining([expect.stringMatching(/^https:\/\//)]));
    expect((body.search_results as unknown[])[0]).toEqual({ title: expect.any(String), url: (body.citations as string[])[0], date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(body.usage).toMatchObject({ search_context_size: 'low', citation_tokens: expect.any(Number), num_search_queries: 1 });
  });

  it('streams chat.completion objects carrying a cumulative message, citations and usage', async () => {
    const { chunks, done } = await sseChunks(await send(perplexity, sim(), '/chat/completions', { body: chatBody(perplexity, { stream: true }) }));
    expect(done).toBe(true);
    let text = '';
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ object: 'chat.completion', citations: expect.any(Array), usage: { prompt_tokens: expect.any(Number) } });
      const choice = (chunk.choices as { delta: { content?: string }; message: { content: string } }[])[0]!;
      text += choice.delta.content ?? '';
      expect(choice.message.content).toBe(text);
    }
    const final = await sdkFor(perplexity, sim()).chat.completions.stream({ model: 'sonar', messages: ask('Tell me something about gardens.') }).finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(text);
  });

  it('has no /v1 prefix and no models endpoint', async () => {
    expect((await send(perplexity, sim(), '/models')).status).toBe(404);
    const v1 = await sim().fetch(new Request('https://api.perplexity.ai/v1/chat/completions', { method: 'POST', headers: { authorization: 'Bearer pplx-touchstone0123456789' }, body: JSON.stringify(chatBody(perplexity)) }));
    expect(v1.status).toBe(404);
  });

  it('insists that user and assistant messages alternate', async () => {
    const res = await send(perplexity, sim(), '/chat/completions', { body: { model: 'sonar', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] } });
    expect(await res.json()).toEqual({ error: { message: 'After the (optional) system message(s), user or tool message(s) should alternate with assistant message(s).', type: 'invalid_message', code: 400 } });
  });

  it('refuses tools in its own words when the matrix says it has none', async () => {
    const res = await send(perplexity, simFor(perplexity, (c) => c !== 'tools'), '/chat/completions', { body: chatBody(perplexity, { tools: [{ type: 'function', function: { name: 'f' } }] }) });
    expect(await res.json()).toEqual({ error: { message: 'Tool calling is not supported for this model', type: 'invalid_parameter', code: 400 } });
  });

  it('thinks in <think> tags on sonar-reasoning and reports reasoning_tokens', async () => {
    const body = await (await send(perplexity, sim(), '/chat/completions', { body: { model: 'sonar-reasoning', messages: ask('Why?') } })).json() as { choices: { message: { content: string } }[]; usage: { reasoning_tokens: number } };
    expect(body.choices[0]!.message.content).toMatch(/^<think>\n/);
    expect(body.usage.reasoning_tokens).toBeGreaterThan(0);
  });
});
