/**
 * Cerebras' documented quirks: flat error bodies (which the openai SDK reads as "no body"), its 400s for
 * the parameters it does not support, chunk choices without finish_reason until the last chunk, and
 * `time_info` beside usage.
 */
import { describe, expect, it } from 'vitest';
import { ask, chatBody, sdkFor, send, simFor, sseChunks } from '../test-kit.ts';
import { cerebras } from './cerebras.ts';

describe('cerebras', () => {
  it('refuses its documented unsupported parameters with a flat 400 the SDK reports as bodiless', async () => {
    for (const param of ['frequency_penalty', 'logit_bias', 'presence_penalty', 'parallel_tool_calls', 'service_tier']) {
      const res = await send(cerebras, simFor(cerebras), '/chat/completions', { body: chatBody(cerebras, { [param]: param === 'logit_bias' ? {} : param === 'parallel_tool_calls' ? true : param === 'service_tier' ? 'auto' : 0.5 }) });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ message: `Unsupported parameter: '${param}' is not supported by this API.`, type: 'invalid_request_error', param, code: 'wrong_api_format' });
    }
    const error = await sdkFor(cerebras, simFor(cerebras)).chat.completions.create({ model: cerebras.defaultModel, messages: ask('Hi'), presence_penalty: 1 }).catch((e: Error) => e);
    expect((error as Error).message).toBe('400 status code (no body)');
  });

  it('puts finish_reason only on the last chunk, with usage and time_info when include_usage is set', async () => {
    const res = await send(cerebras, simFor(cerebras), '/chat/completions', { body: chatBody(cerebras, { stream: true, stream_options: { include_usage: true } }) });
    const { chunks } = await sseChunks(res);
    const choices = chunks.map((c) => (c.choices as Record<string, unknown>[])[0]!);
    expect(choices.slice(0, -1).every((ch) => !('finish_reason' in ch) && !('logprobs' in ch))).toBe(true);
    expect(choices.at(-1)!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ usage: { prompt_tokens_details: { cached_tokens: 0 } }, time_info: { total_time: expect.any(Number), created: expect.any(Number) } });
    expect(chunks.slice(0, -1).every((c) => c.usage === undefined)).toBe(true);
  });

  it('answers non-stream completions with time_info and a system fingerprint', async () => {
    const body = await (await send(cerebras, simFor(cerebras), '/chat/completions', { body: chatBody(cerebras) })).json() as Record<string, unknown>;
    expect(body).toMatchObject({ system_fingerprint: expect.stringMatching(/^fp_/), time_info: { queue_time: expect.any(Number) } });
  });

  it('keeps temperature within 0–1.5 and reasoning_effort for reasoning models', async () => {
    const hot = await send(cerebras, simFor(cerebras), '/chat/completions', { body: chatBody(cerebras, { temperature: 1.8 }) });
    expect(hot.status).toBe(400);
    const effort = await send(cerebras, simFor(cerebras, () => true), '/chat/completions', { body: chatBody(cerebras, { reasoning_effort: 'low' }) });
    expect(await effort.json()).toMatchObject({ param: 'reasoning_effort' });
    const ok = await send(cerebras, simFor(cerebras, () => true), '/chat/completions', { body: { model: 'gpt-oss-120b', messages: ask('Hi'), reasoning_effort: 'low' } });
    expect(((await ok.json()) as { choices: { message: { reasoning: string } }[] }).choices[0]!.message.reasoning).toEqual(expect.any(String));
  });
});
