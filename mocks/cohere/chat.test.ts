/**
 * POST /v2/chat without streaming, driven by the official `cohere-ai` SDK in-process: the answer's
 * shape (checked strictly against the SDK's own schema), usage, headers, determinism, limits and stop
 * sequences, JSON response formats, thinking on the reasoning model, logprobs, prompt caching.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { providerOffers } from '../../spec/capabilities.ts';
import { createCohereSimulator } from './index.ts';
import { cohereClient, post, sdkError, sdkSchemaProblems, user } from './test-kit.ts';

const allOffered = () => true;

describe('chat', () => {
  it('answers with Cohere\'s chat object, which the SDK parses (strictly)', async () => {
    const sim = createCohereSimulator({ offers: allOffered });
    const client = cohereClient(sim);
    const { data, rawResponse } = await client.chat({ model: 'command-a-03-2025', messages: [user('Tell me about LLMs')] }).withRawResponse();
    expect(data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(data.finishReason).toBe('COMPLETE');
    expect(data.message.role).toBe('assistant');
    expect(data.message.content?.[0]?.type).toBe('text');
    expect((data.message.content?.[0] as { text: string }).text.length).toBeGreaterThan(20);
    expect(data.usage?.billedUnits?.inputTokens).toBe(4); // Tell · me · about · LLMs
    expect(data.usage?.tokens?.inputTokens).toBeGreaterThan(data.usage!.billedUnits!.inputTokens!);
    expect(data.usage?.billedUnits?.outputTokens).toBe(data.usage?.tokens?.outputTokens);
    expect(rawResponse.headers.get('x-debug-trace-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.journal.last()?.requestId).toBe(rawResponse.headers.get('x-debug-trace-id'));

    const raw = await (await post(sim, '/v2/chat', { model: 'command-a-03-2025', messages: [user('Tell me about LLMs')] })).json();
    expect(Object.keys(raw)).toEqual(['id', 'message', 'finish_reason', 'usage']);
    expect(sdkSchemaProblems('V2ChatResponse', raw)).toEqual([]);
  });

  it('is deterministic: the same request gives the same bytes, another request other text', async () => {
    const sim = createCohereSimulator();
    const body = { model: 'command-r7b-12-2024', messages: [{ role: 'system', content: 'Be brief.' }, user('Hello there')], temperature: 0.3 };
    const a = await (await post(sim, '/v2/chat', body)).text();
    const b = await (await post(createCohereSimulator(), '/v2/chat', { ...body })).text();
    const c = await (await post(sim, '/v2/chat', { ...body, messages: [user('Something else')] })).text();
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('honours max_tokens (MAX_TOKENS) and stop_sequences (STOP_SEQUENCE)', async () => {
    const client = cohereClient(createCohereSimulator());
    const capped = await client.chat({ model: 'command-a-03-2025', messages: [user('Write a story')], maxTokens: 4 });
    expect(capped.finishReason).toBe('MAX_TOKENS');
    expect(capped.usage?.billedUnits?.outputTokens).toBe(4);
    const full = await client.chat({ model: 'command-a-03-2025', messages: [user('Write a story')] });
    const text = (full.message.content![0] as { text: string }).text;
    const stop = text.split(' ')[3]!;
    const stopped = await client.chat({ model: 'command-a-03-2025', messages: [user('Write a story')], stopSequences: [stop] });
    expect(stopped.finishReason).toBe('STOP_SEQUENCE');
    expect((stopped.message.content![0] as { text: string }).text).toBe(text.slice(0, text.indexOf(stop)));
    const tooMany = await sdkError(client.chat({ model: 'command-r-08-2024', messages: [user('hi')], maxTokens: 8192 }));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toMatchObject({ message: 'too many tokens: max tokens must be less than or equal to 4000, the maximum output for this model - received 8192.' });
  });

  it.runIf(providerOffers('cohere', 'json_mode'))('returns a JSON object for response_format json_object', async () => {
    const data = await cohereClient(createCohereSimulator()).chat({
      model: 'command-a-03-2025', messages: [user('Reply in JSON')], responseFormat: { type: 'json_object' },
    });
    expect(JSON.parse((data.message.content![0] as { text: string }).text)).toBeTypeOf('object');
  });

  it.runIf(providerOffers('cohere', 'schema_mode'))('returns JSON matching response_format.json_schema', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['name', 'age', 'tags'],
    };
    const data = await cohereClient(createCohereSimulator()).chat({
      model: 'command-a-03-2025', messages: [user('A person')], responseFormat: { type: 'json_object', jsonSchema: schema },
    });
    const value = JSON.parse((data.message.content![0] as { text: string }).text);
    expect(new Ajv({ strict: false }).validate(schema, value)).toBe(true);
  });

  it('refuses response_format together with documents (RAG), in Cohere\'s documented words', async () => {
    const error = await sdkError(cohereClient(createCohereSimulator({ offers: allOffered })).chat({
      model: 'command-a-03-2025', messages: [user('Q')], documents: ['doc'], responseFormat: { type: 'json_object' },
    }));
    expect(error.body).toMatchObject({ message: 'invalid request: response_format is not supported with RAG.' });
  });

  describe.runIf(providerOffers('cohere', 'reasoning'))('thinking', () => {
    it('the reasoning model thinks by default, within token_budget, and not when disabled', async () => {
      const client = cohereClient(createCohereSimulator());
      const model = 'command-a-reasoning-08-2025';
      const data = await client.chat({ model, messages: [user('Why is the sky blue?')] });
      expect(data.message.content?.map((c) => c.type)).toEqual(['thinking', 'text']);
      const budgeted = await client.chat({ model, messages: [user('Why is the sky blue?')], thinking: { type: 'enabled', tokenBudget: 5 } });
      const thinking = budgeted.message.content![0] as { thinking: string };
      expect(thinking.thinking.length).toBeLessThan((data.message.content![0] as { thinking: string }).thinking.length);
      const off = await client.chat({ model, messages: [user('Why is the sky blue?')], thinking: { type: 'disabled' } });
      expect(off.message.content?.map((c) => c.type)).toEqual(['text']);
      const raw = await (await post(createCohereSimulator(), '/v2/chat', { model, messages: [user('Why?')] })).json();
      expect(sdkSchemaProblems('V2ChatResponse', raw)).toEqual([]);
    });

    it('refuses thinking on a model that does not reason', async () => {
      const error = await sdkError(cohereClient(createCohereSimulator()).chat({
        model: 'command-a-03-2025', messages: [user('hi')], thinking: { type: 'enabled' },
      }));
      expect(error.statusCode).toBe(400);
      expect(error.body).toMatchObject({ message: "invalid request: thinking is not supported for model 'command-a-03-2025'." });
    });
  });

  it('returns logprobs per output token when asked', async () => {
    const raw = await (await post(createCohereSimulator(), '/v2/chat', { model: 'command-a-03-2025', messages: [user('hi')], logprobs: true })).json();
    const text = raw.message.content[0].text as string;
    expect(raw.logprobs.map((l: { text: string }) => l.text).join('')).toBe(text);
    expect(sdkSchemaProblems('V2ChatResponse', raw)).toEqual([]);
  });

  it('reports cached_tokens for a repeated long prompt when prompt caching is offered, never otherwise', async () => {
    const long = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');
    const body = { model: 'command-a-03-2025', messages: [user(long)] };
    for (const offered of [true, false]) {
      const sim = createCohereSimulator({ offers: (c) => c !== 'prompt_caching' || offered });
      const first = await (await post(sim, '/v2/chat', body)).json();
      const second = await (await post(sim, '/v2/chat', body)).json();
      expect(first.usage.cached_tokens).toBeUndefined();
      if (offered) expect(second.usage.cached_tokens).toBeGreaterThanOrEqual(1024);
      else expect(second.usage.cached_tokens).toBeUndefined();
    }
  });
});
