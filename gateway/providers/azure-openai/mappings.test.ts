import { describe, expect, it } from 'vitest';
import { CAPABILITY_COLUMNS } from '../../../spec/capabilities.ts';
import { CAPABILITY_PARAMETERS, ERROR_CODES, ERROR_PARAMS, FINISH_REASONS, GATEWAY_ONLY_FIELDS, REASONING_EFFORT, REQUEST_PARAMETERS, mapFinishReason, mapUsage } from './mappings.ts';

describe('azure-openai tables', () => {
  it('FINISH_REASONS: Azure uses OpenAI finish reasons unchanged; unknown or missing → stop', () => {
    expect(FINISH_REASONS).toEqual({ stop: 'stop', length: 'length', tool_calls: 'tool_calls', content_filter: 'content_filter', function_call: 'function_call' });
    for (const [azure, openai] of Object.entries(FINISH_REASONS)) expect(mapFinishReason(azure)).toBe(openai);
    expect(mapFinishReason('something_new')).toBe('stop');
    expect(mapFinishReason(null)).toBe('stop');
  });

  it('REASONING_EFFORT: every OpenAI effort the gateway contract names reaches Azure unchanged', () => {
    for (const effort of ['none', 'minimal', 'low', 'medium', 'high', 'xhigh']) expect(REASONING_EFFORT[effort]).toBe(effort);
    expect(Object.keys(REASONING_EFFORT)).toHaveLength(6);
  });

  it('REQUEST_PARAMETERS covers every OpenAI chat parameter; only top_k is rejected', () => {
    for (const p of ['model', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'stream', 'stream_options', 'n', 'stop', 'max_tokens',
      'max_completion_tokens', 'temperature', 'top_p', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs', 'top_logprobs', 'seed', 'user',
      'safety_identifier', 'reasoning_effort', 'verbosity', 'prompt_cache_key', 'prompt_cache_retention', 'store', 'metadata', 'service_tier', 'modalities',
      'audio', 'prediction', 'web_search_options', 'functions', 'function_call']) {
      expect(REQUEST_PARAMETERS[p], p).toBeDefined();
      expect(REQUEST_PARAMETERS[p]!.kind, p).not.toBe('rejected');
    }
    expect(REQUEST_PARAMETERS.top_k).toMatchObject({ kind: 'rejected' });
    expect(REQUEST_PARAMETERS.data_sources).toBeUndefined();
  });

  it('mapUsage keeps the counts and always reports cached and reasoning tokens', () => {
    expect(mapUsage({ prompt_tokens: 3013, completion_tokens: 28, total_tokens: 3041, prompt_tokens_details: { audio_tokens: 0, cached_tokens: 2944 }, completion_tokens_details: { reasoning_tokens: 20, accepted_prediction_tokens: 0 } }))
      .toEqual({ prompt_tokens: 3013, completion_tokens: 28, total_tokens: 3041, prompt_tokens_details: { audio_tokens: 0, cached_tokens: 2944 }, completion_tokens_details: { reasoning_tokens: 20, accepted_prediction_tokens: 0 } });
    expect(mapUsage({ prompt_tokens: 5, completion_tokens: 7 }))
      .toEqual({ prompt_tokens: 5, completion_tokens: 7, total_tokens: 12, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } });
    expect(mapUsage(undefined)).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });

  it('ERROR_CODES and ERROR_PARAMS name Azure codes in OpenAI terms', () => {
    expect(ERROR_CODES.DeploymentNotFound).toBe('model_not_found');
    expect(ERROR_CODES.content_filter).toBe('content_filter');
    expect(ERROR_CODES.ResponsibleAIPolicyViolation).toBe('content_filter');
    expect(ERROR_CODES['429']).toBe('rate_limit_exceeded');
    expect(ERROR_PARAMS.prompt).toBe('messages');
  });

  it('GATEWAY_ONLY_FIELDS lists the other providers\' round-trip fields Azure refuses', () => {
    expect(GATEWAY_ONLY_FIELDS.message).toEqual(expect.arrayContaining(['cache_control', 'reasoning_content', 'thinking_blocks']));
    expect(GATEWAY_ONLY_FIELDS.toolCall).toContain('extra_content');
  });

  it('CAPABILITY_PARAMETERS recognises each column in a request and names its parameter', () => {
    const uses = (body: Record<string, unknown>) => CAPABILITY_PARAMETERS.filter((c) => c.uses(body)).map((c) => `${c.column}:${c.param}`);
    for (const entry of CAPABILITY_PARAMETERS) expect(CAPABILITY_COLUMNS).toContain(entry.column);
    expect(uses({ stream: true })).toEqual(['stream:stream']);
    expect(uses({})).toEqual(['non_stream:stream']);
    expect(uses({ tools: [{ type: 'function', function: { name: 'f' } }] })).toContain('tools:tools');
    expect(uses({ response_format: { type: 'json_object' } })).toContain('json_mode:response_format');
    expect(uses({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } } })).toEqual(['non_stream:stream', 'schema_mode:response_format']);
    expect(uses({ response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {}, strict: true } } })).toContain('structured_output:response_format');
    expect(uses({ reasoning_effort: 'low' })).toContain('reasoning:reasoning_effort');
    expect(uses({ prompt_cache_key: 'k' })).toContain('prompt_caching:prompt_cache_key');
    expect(uses({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }] }] })).toContain('prompt_caching:cache_control');
    expect(uses({ messages: [{ role: 'user', content: 'the words "cache_control" in a text are not a marker' }] })).toEqual(['non_stream:stream']);
  });
});
