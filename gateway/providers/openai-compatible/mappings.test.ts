// The named tables: finish reasons, reasoning fields, usage normalization per provider usage shape.
import { describe, expect, it } from 'vitest';
import { FINISH_REASONS, findUsage, mapFinishReason, normalizeUsage, reasoningOf, REASONING_FIELDS } from './mappings.ts';
import { OPENAI_COMPATIBLE_PROVIDERS, PROVIDER_QUIRKS } from './quirks.ts';

describe('FINISH_REASONS', () => {
  it('maps OpenAI values to themselves and provider values to OpenAI ones', () => {
    for (const r of ['stop', 'length', 'tool_calls', 'content_filter', 'function_call']) expect(FINISH_REASONS[r]).toBe(r);
    expect(mapFinishReason('eos', false)).toBe('stop');
    expect(mapFinishReason('eos_token', false)).toBe('stop');
    expect(mapFinishReason('end_turn', false)).toBe('stop');
    expect(mapFinishReason('stop_sequence', false)).toBe('stop');
    expect(mapFinishReason('max_tokens', false)).toBe('length');
    expect(mapFinishReason('model_length', false)).toBe('length');
    expect(mapFinishReason('tool_call', false)).toBe('tool_calls');
    expect(mapFinishReason('tool_use', false)).toBe('tool_calls');
  });
  it('unknown or missing values are stop; a choice that called tools finished with tool_calls', () => {
    expect(mapFinishReason('something_new', false)).toBe('stop');
    expect(mapFinishReason(undefined, false)).toBe('stop');
    expect(mapFinishReason('stop', true)).toBe('tool_calls');
    expect(mapFinishReason('eos', true)).toBe('tool_calls');
    expect(mapFinishReason('length', true)).toBe('length');
  });
});

describe('REASONING_FIELDS', () => {
  it('reads reasoning_content first, then reasoning', () => {
    expect(REASONING_FIELDS).toEqual(['reasoning_content', 'reasoning']);
    expect(reasoningOf({ reasoning: 'a' })).toBe('a');
    expect(reasoningOf({ reasoning_content: 'b', reasoning: 'a' })).toBe('b');
    expect(reasoningOf({ content: 'x' })).toBeUndefined();
    expect(reasoningOf({ reasoning: null })).toBeUndefined();
  });
});

describe('usage normalization', () => {
  const q = PROVIDER_QUIRKS;
  it('every provider row names where usage sits', () => {
    for (const p of OPENAI_COMPATIBLE_PROVIDERS) expect(q[p].usagePaths.length).toBeGreaterThan(0);
  });
  it('Groq: x_groq.usage on the last chunk is found; timing fields are kept beside the OpenAI fields', () => {
    const chunk = { choices: [], x_groq: { id: 'req_1', usage: { queue_time: 0.1, prompt_tokens: 16, completion_tokens: 40, total_tokens: 56, completion_tokens_details: { reasoning_tokens: 12 }, prompt_tokens_details: { cached_tokens: 8 } } } };
    const usage = normalizeUsage(findUsage(chunk, q.groq)!, q.groq);
    expect(usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 40, total_tokens: 56, queue_time: 0.1, prompt_tokens_details: { cached_tokens: 8 }, completion_tokens_details: { reasoning_tokens: 12 } });
    expect(findUsage(chunk, q.together)).toBeUndefined();
  });
  it('xAI: reasoning tokens reported beside completion_tokens are added to it', () => {
    const usage = normalizeUsage({ prompt_tokens: 16, completion_tokens: 31, total_tokens: 305, prompt_tokens_details: { text_tokens: 16, cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 258 } }, q.xai);
    expect(usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 289, total_tokens: 305, prompt_tokens_details: { text_tokens: 16, cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 258 } });
  });
  it('Perplexity: top-level reasoning_tokens folded into completion_tokens_details (already inside completion_tokens)', () => {
    const usage = normalizeUsage({ prompt_tokens: 9, completion_tokens: 60, total_tokens: 69, citation_tokens: 799, num_search_queries: 1, search_context_size: 'low', reasoning_tokens: 60 }, q.perplexity);
    expect(usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 60, total_tokens: 69, citation_tokens: 799, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 60 } });
    expect('reasoning_tokens' in usage).toBe(false);
  });
  it('missing details become zeros; a missing total is prompt + completion', () => {
    expect(normalizeUsage({ prompt_tokens: 3, completion_tokens: 4 }, q.ai21)).toEqual({
      prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 },
    });
  });
  it('DeepInfra / SambaNova provider-only fields pass through', () => {
    expect(normalizeUsage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, estimated_cost: 0.001 }, q.deepinfra).estimated_cost).toBe(0.001);
    expect(normalizeUsage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, is_last_response: true }, q.sambanova).is_last_response).toBe(true);
  });
});
