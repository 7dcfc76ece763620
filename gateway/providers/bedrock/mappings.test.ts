// Every named table of mappings.ts, row by row, against the values of the Bedrock API reference.
import { describe, expect, it } from 'vitest';
import {
  AUDIO_FORMATS, AWS_ERRORS, CACHE_TTLS, CLAUDE_THINKING_ANSWER_TOKENS, CLAUDE_THINKING_BUDGETS, DOCUMENT_FORMATS, finishReason, IMAGE_FORMATS, lookup, modelFamily,
  NOVA_REASONING_EFFORTS, PARAMETERS, SERVICE_TIERS, STOP_REASONS, STREAM_EXCEPTIONS, TOOL_CHOICES, translateUsage,
} from './mappings.ts';

describe('bedrock mappings', () => {
  it('STOP_REASONS covers every Converse StopReason', () => {
    expect(STOP_REASONS).toEqual({
      end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', model_context_window_exceeded: 'length', tool_use: 'tool_calls',
      content_filtered: 'content_filter', guardrail_intervened: 'content_filter', malformed_model_output: 'stop', malformed_tool_use: 'stop',
    });
  });

  it('finishReason: table value; tool calls turn a "stop" into "tool_calls"; unknown is "stop"', () => {
    expect(finishReason('max_tokens', false)).toBe('length');
    expect(finishReason('tool_use', true)).toBe('tool_calls');
    expect(finishReason('end_turn', true)).toBe('tool_calls');
    expect(finishReason('max_tokens', true)).toBe('length');
    expect(finishReason('guardrail_intervened', true)).toBe('content_filter');
    expect(finishReason('something_new', false)).toBe('stop');
    expect(finishReason('constructor', false)).toBe('stop');
    expect(finishReason(undefined, false)).toBe('stop');
  });

  it('translateUsage: the prompt is input + cache reads + cache writes; cached tokens are the reads', () => {
    expect(translateUsage({ inputTokens: 10, outputTokens: 5, totalTokens: 1215, cacheReadInputTokens: 1200, cacheWriteInputTokens: 0 })).toEqual({
      prompt_tokens: 1210, completion_tokens: 5, total_tokens: 1215,
      prompt_tokens_details: { cached_tokens: 1200, cache_write_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(translateUsage({ inputTokens: 3, outputTokens: 4, totalTokens: 307, cacheWriteInputTokens: 300 })).toMatchObject({ prompt_tokens: 303, total_tokens: 307, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 300 } });
    expect(translateUsage(undefined)).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    expect(translateUsage({ inputTokens: -1, outputTokens: Number.NaN })).toMatchObject({ prompt_tokens: 0, completion_tokens: 0 });
  });

  it('model families by id, with or without a cross-region prefix', () => {
    expect(modelFamily('anthropic.claude-3-7-sonnet-20250219-v1:0')).toBe('claude');
    expect(modelFamily('us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('claude');
    expect(modelFamily('global.anthropic.claude-opus-4-5-20251101-v1:0')).toBe('claude');
    expect(modelFamily('amazon.nova-pro-v1:0')).toBe('nova');
    expect(modelFamily('us.amazon.nova-2-lite-v1:0')).toBe('nova');
    expect(modelFamily('meta.llama3-70b-instruct-v1:0')).toBe('other');
  });

  it('reasoning effort tables', () => {
    expect(CLAUDE_THINKING_BUDGETS).toEqual({ minimal: 1024, low: 2048, medium: 8192, high: 16384, xhigh: 32768 });
    expect(Object.values(CLAUDE_THINKING_BUDGETS).every((b) => b >= 1024)).toBe(true);
    expect(CLAUDE_THINKING_ANSWER_TOKENS).toBe(4096);
    expect(NOVA_REASONING_EFFORTS).toEqual({ minimal: 'low', low: 'low', medium: 'medium', high: 'high' });
  });

  it('media format tables use Converse enum values', () => {
    expect(new Set(Object.values(IMAGE_FORMATS))).toEqual(new Set(['png', 'jpeg', 'gif', 'webp']));
    expect(DOCUMENT_FORMATS['application/pdf']).toBe('pdf');
    expect(new Set(Object.values(DOCUMENT_FORMATS))).toEqual(new Set(['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'md', 'txt']));
    expect(AUDIO_FORMATS).toMatchObject({ wav: 'wav', mp3: 'mp3', pcm16: 'pcm' });
    expect(CACHE_TTLS).toEqual({ '5m': '5m', '1h': '1h' });
  });

  it('tool choice and service tier tables', () => {
    expect(TOOL_CHOICES).toEqual({ auto: { auto: {} }, required: { any: {} } });
    expect(SERVICE_TIERS).toEqual({ auto: null, default: 'default', flex: 'flex', priority: 'priority' });
  });

  it('AWS error types: credentials → 502 auth, throttling → 429, 5xx-class → 502, client errors keep', () => {
    expect(AWS_ERRORS.ValidationException).toEqual({ status: 400, code: 'upstream_rejected' });
    expect(AWS_ERRORS.ResourceNotFoundException!.status).toBe(404);
    for (const t of ['AccessDeniedException', 'UnrecognizedClientException', 'InvalidSignatureException']) expect(AWS_ERRORS[t]).toEqual({ status: 502, code: 'upstream_auth_failed' });
    expect(AWS_ERRORS.ThrottlingException!.status).toBe(429);
    for (const t of ['ServiceUnavailableException', 'ModelNotReadyException', 'InternalServerException']) expect(AWS_ERRORS[t]!.status).toBe(502);
    for (const type of Object.values(STREAM_EXCEPTIONS)) expect(AWS_ERRORS[type], type).toBeDefined();
  });

  it('PARAMETERS: every OpenAI chat parameter is classified', () => {
    const openai = ['model', 'messages', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'stream', 'stream_options', 'n', 'stop', 'max_tokens',
      'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs', 'top_logprobs', 'seed', 'user',
      'safety_identifier', 'reasoning_effort', 'verbosity', 'prompt_cache_key', 'prompt_cache_retention', 'store', 'metadata', 'service_tier', 'modalities', 'audio',
      'prediction', 'web_search_options'];
    for (const p of openai) expect(PARAMETERS[p], p).toBeDefined();
    expect(PARAMETERS.n).toEqual({ kind: 'default', accepts: [1] });
    expect(PARAMETERS.seed!.kind).toBe('rejected');
  });

  it('lookup never reaches Object.prototype', () => {
    expect(lookup(STOP_REASONS, 'constructor')).toBeUndefined();
    expect(lookup(PARAMETERS, 'toString')).toBeUndefined();
    expect(lookup(IMAGE_FORMATS, 'image/png')).toBe('png');
    expect(lookup(IMAGE_FORMATS, 42)).toBeUndefined();
  });
});
