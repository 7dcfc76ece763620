// Every named table of the Anthropic translator, row by row.
import { describe, expect, it } from 'vitest';
import {
  ANTHROPIC_VERSION, CACHE_TTLS, DEFAULT_MAX_TOKENS, DOCUMENT_MEDIA_TYPES, ERROR_TYPE_STATUS, FALLBACK_MAX_TOKENS, FINISH_REASONS,
  IMAGE_MEDIA_TYPES, REASONING_BUDGETS, SERVICE_TIERS, TOOL_CHOICES, VERTEX_ANTHROPIC_VERSION, VERTEX_MODEL_IDS,
  defaultMaxTokens, finishReasonOf, thinkingFor, toOpenAIUsage, vertexModelId,
} from './mappings.ts';
import { loadSpec } from '../../../spec/index.ts';
import { MAPPED_PARAMETERS, NOT_OFFERED } from './parameters.ts';

describe('Anthropic mapping tables', () => {
  it('FINISH_REASONS maps every documented stop_reason', () => {
    expect(FINISH_REASONS).toEqual({
      end_turn: 'stop', stop_sequence: 'stop', max_tokens: 'length', tool_use: 'tool_calls',
      pause_turn: 'stop', refusal: 'content_filter', model_context_window_exceeded: 'length',
    });
    expect(finishReasonOf('tool_use')).toBe('tool_calls');
    expect(finishReasonOf('something_new')).toBe('stop');
    expect(finishReasonOf(null)).toBe('stop');
  });

  it('DEFAULT_MAX_TOKENS: longest prefix wins, dated and Vertex ids included, fallback otherwise', () => {
    expect(defaultMaxTokens('claude-sonnet-4-5')).toBe(64_000);
    expect(defaultMaxTokens('claude-sonnet-4-5-20250929')).toBe(64_000);
    expect(defaultMaxTokens('claude-sonnet-4-20250514')).toBe(64_000);
    expect(defaultMaxTokens('claude-opus-4-1@20250805')).toBe(32_000);
    expect(defaultMaxTokens('claude-opus-4-20250514')).toBe(32_000);
    expect(defaultMaxTokens('claude-opus-4-6')).toBe(128_000);
    expect(defaultMaxTokens('claude-3-5-haiku-20241022')).toBe(8_192);
    expect(defaultMaxTokens('claude-3-haiku-20240307')).toBe(4_096);
    expect(defaultMaxTokens('claude-3-7-sonnet-20250219')).toBe(64_000);
    expect(defaultMaxTokens('some-future-model')).toBe(FALLBACK_MAX_TOKENS);
    for (const [prefix, value] of Object.entries(DEFAULT_MAX_TOKENS)) expect(defaultMaxTokens(prefix)).toBe(value);
  });

  it('REASONING_BUDGETS: every effort a budget ≥ 1024, increasing; none disables thinking', () => {
    const efforts = ['minimal', 'low', 'medium', 'high', 'xhigh'];
    expect(Object.keys(REASONING_BUDGETS)).toEqual(efforts);
    const budgets = efforts.map((e) => REASONING_BUDGETS[e]!);
    expect(budgets.every((b) => b >= 1024)).toBe(true);
    expect([...budgets].sort((a, b) => a - b)).toEqual(budgets);
    expect(thinkingFor('medium')).toEqual({ type: 'enabled', budget_tokens: 8_192 });
    expect(thinkingFor('none')).toEqual({ type: 'disabled' });
    expect(thinkingFor('extreme')).toBeUndefined();
  });

  it('TOOL_CHOICES and SERVICE_TIERS', () => {
    expect(TOOL_CHOICES).toEqual({ auto: 'auto', required: 'any', none: 'none' });
    expect(SERVICE_TIERS).toEqual({ auto: 'auto', default: 'standard_only' });
  });

  it('media types, cache TTLs, versions', () => {
    expect(IMAGE_MEDIA_TYPES).toEqual(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
    expect(DOCUMENT_MEDIA_TYPES).toEqual(['application/pdf', 'text/plain']);
    expect(CACHE_TTLS).toEqual(['5m', '1h']);
    expect(ANTHROPIC_VERSION).toBe('2023-06-01');
    expect(VERTEX_ANTHROPIC_VERSION).toBe('vertex-2023-10-16');
  });

  it('ERROR_TYPE_STATUS follows the errors page', () => {
    expect(ERROR_TYPE_STATUS).toMatchObject({ invalid_request_error: 400, authentication_error: 401, permission_error: 403, not_found_error: 404, request_too_large: 413, rate_limit_error: 429, api_error: 500, overloaded_error: 529 });
  });

  it('toOpenAIUsage: cached input counts in prompt_tokens, thinking tokens are reasoning tokens', () => {
    expect(toOpenAIUsage({ input_tokens: 100, output_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 20, output_tokens_details: { thinking_tokens: 30 } })).toEqual({
      prompt_tokens: 1120, completion_tokens: 50, total_tokens: 1170,
      prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 20 },
      completion_tokens_details: { reasoning_tokens: 30 },
    });
    expect(toOpenAIUsage(undefined)).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    expect(toOpenAIUsage({ input_tokens: 5, output_tokens: 2, cache_read_input_tokens: null, output_tokens_details: null })).toMatchObject({ prompt_tokens: 5, total_tokens: 7, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it('VERTEX_MODEL_IDS: bare aliases get the documented @version; @ ids and unknown ids pass', () => {
    expect(vertexModelId('claude-sonnet-4-5')).toBe('claude-sonnet-4-5@20250929');
    expect(vertexModelId('claude-haiku-4-5')).toBe('claude-haiku-4-5@20251001');
    expect(vertexModelId('claude-3-7-sonnet@20250219')).toBe('claude-3-7-sonnet@20250219');
    expect(vertexModelId('claude-future')).toBe('claude-future');
    for (const id of Object.values(VERTEX_MODEL_IDS)) expect(id).toMatch(/^claude-[a-z0-9-]+@\d{8}$/);
  });

  it('parameter policy: mapped and not-offered sets are disjoint and cover the contract', () => {
    for (const name of MAPPED_PARAMETERS) expect(NOT_OFFERED[name]).toBeUndefined();
    expect(NOT_OFFERED.seed!.isDefault(1)).toBe(false);
    expect(NOT_OFFERED.presence_penalty!.isDefault(0)).toBe(true);
    expect(NOT_OFFERED.logprobs!.isDefault(false)).toBe(true);
    expect(NOT_OFFERED.modalities!.isDefault(['text'])).toBe(true);
    expect(NOT_OFFERED.modalities!.isDefault(['text', 'audio'])).toBe(false);
    const request = loadSpec().components.schemas.CreateChatCompletionRequest as { properties: Record<string, unknown> };
    const uncovered = Object.keys(request.properties).filter((p) => !MAPPED_PARAMETERS.includes(p) && !NOT_OFFERED[p]);
    expect(uncovered).toEqual([]);
  });
});
