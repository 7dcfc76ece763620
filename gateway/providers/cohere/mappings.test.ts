// The named tables of the Cohere translator, entry by entry, and the parameter table's verdicts.
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../errors.ts';
import { FINISH_REASONS, finishReasonFor, IMAGE_DETAILS, MESSAGE_ROLES, REASONING_EFFORT_THINKING, TOOL_CHOICES, translateUsage, USAGE_SOURCES } from './mappings.ts';
import { checkRequestParameters, REQUEST_PARAMETERS, requireCapability } from './params.ts';

function rejection(fn: () => unknown): BadRequestError {
  try { fn(); } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return error as BadRequestError;
  }
  throw new Error('expected a BadRequestError');
}

describe('MESSAGE_ROLES', () => {
  it('maps system and developer to Cohere system, the others to themselves', () => {
    expect(MESSAGE_ROLES).toEqual({ system: 'system', developer: 'system', user: 'user', assistant: 'assistant', tool: 'tool' });
  });
});

describe('FINISH_REASONS', () => {
  it('maps every Cohere finish reason', () => {
    expect(FINISH_REASONS.COMPLETE).toBe('stop');
    expect(FINISH_REASONS.STOP_SEQUENCE).toBe('stop');
    expect(FINISH_REASONS.MAX_TOKENS).toBe('length');
    expect(FINISH_REASONS.TOOL_CALL).toBe('tool_calls');
    expect(FINISH_REASONS.ERROR).toMatchObject({ failure: 'upstream_error' });
    expect(FINISH_REASONS.TIMEOUT).toMatchObject({ failure: 'upstream_timeout' });
  });

  it('ends a turn with tool calls as "tool_calls" even when Cohere says COMPLETE', () => {
    expect(finishReasonFor('COMPLETE', true)).toBe('tool_calls');
    expect(finishReasonFor('COMPLETE', false)).toBe('stop');
    expect(finishReasonFor('MAX_TOKENS', true)).toBe('length');
  });

  it('treats an unknown finish reason as a failure, never as "stop"', () => {
    expect(finishReasonFor('SOMETHING_NEW', false)).toMatchObject({ failure: 'upstream_error' });
    expect(finishReasonFor(undefined, false)).toMatchObject({ failure: 'upstream_error' });
    expect(finishReasonFor('toString', false)).toMatchObject({ failure: 'upstream_error' });
  });
});

describe('usage (USAGE_SOURCES)', () => {
  it('prefers tokens over billed_units and totals them', () => {
    expect(translateUsage({ billed_units: { input_tokens: 5, output_tokens: 7 }, tokens: { input_tokens: 70, output_tokens: 8 } })).toEqual({
      prompt_tokens: 70, completion_tokens: 8, total_tokens: 78,
      prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('falls back to billed_units, reads cached_tokens, and reads 0 when nothing is reported', () => {
    expect(translateUsage({ billed_units: { input_tokens: 5, output_tokens: 7 }, cached_tokens: 3 })).toMatchObject({ prompt_tokens: 5, completion_tokens: 7, total_tokens: 12, prompt_tokens_details: { cached_tokens: 3 } });
    expect(translateUsage(undefined)).toMatchObject({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    expect(translateUsage({ tokens: { input_tokens: -1, output_tokens: Number.NaN } })).toMatchObject({ prompt_tokens: 0, completion_tokens: 0 });
  });

  it('has no source for reasoning tokens (Cohere counts thinking inside output_tokens)', () => {
    expect(USAGE_SOURCES.reasoning_tokens).toEqual([]);
  });
});

describe('REASONING_EFFORT_THINKING', () => {
  it('turns thinking off for none and sets growing budgets for the levels', () => {
    expect(REASONING_EFFORT_THINKING.none).toEqual({ type: 'disabled' });
    const budgets = (['minimal', 'low', 'medium', 'high'] as const).map((e) => REASONING_EFFORT_THINKING[e].token_budget!);
    expect(budgets).toEqual([1024, 2048, 8192, 16384]);
    expect(REASONING_EFFORT_THINKING.xhigh).toEqual({ type: 'enabled' });
    for (const e of ['minimal', 'low', 'medium', 'high', 'xhigh'] as const) expect(REASONING_EFFORT_THINKING[e].type).toBe('enabled');
  });
});

describe('TOOL_CHOICES', () => {
  it('omits auto (Cohere default) and maps none / required', () => {
    expect(TOOL_CHOICES).toEqual({ auto: undefined, none: 'NONE', required: 'REQUIRED' });
  });

  it('lists the image details Cohere takes', () => {
    expect([...IMAGE_DETAILS]).toEqual(['auto', 'low', 'high']);
  });
});

describe('REQUEST_PARAMETERS', () => {
  const base = { model: 'cohere-main/command-a-03-2025', messages: [] };

  it('accepts the mapped and gateway parameters and null values of any known one', () => {
    for (const [name, rule] of Object.entries(REQUEST_PARAMETERS)) {
      expect(() => checkRequestParameters({ ...base, [name]: null })).not.toThrow();
      if (rule.kind === 'no_effect') expect(() => checkRequestParameters({ ...base, [name]: 'x' })).not.toThrow();
    }
  });

  it('accepts the neutral values of "only" parameters and refuses the others by name', () => {
    const cases: [string, unknown, unknown][] = [
      ['parallel_tool_calls', true, false], ['n', 1, 2], ['logit_bias', {}, { 50256: -100 }], ['logprobs', false, true],
      ['top_logprobs', 0, 3], ['store', false, true], ['service_tier', 'auto', 'flex'], ['modalities', ['text'], ['text', 'audio']],
    ];
    for (const [name, ok, bad] of cases) {
      expect(REQUEST_PARAMETERS[name]!.kind).toBe('only');
      expect(() => checkRequestParameters({ ...base, [name]: ok })).not.toThrow();
      const error = rejection(() => checkRequestParameters({ ...base, [name]: bad }));
      expect(error.param).toBe(name);
      expect(error.message).toContain(name);
      expect(error.message).toContain('cohere');
    }
  });

  it('refuses parameters Cohere has no counterpart for', () => {
    for (const name of ['verbosity', 'audio', 'prediction', 'web_search_options', 'functions', 'function_call']) {
      const error = rejection(() => checkRequestParameters({ ...base, [name]: 'x' }));
      expect(error.code).toBe('unsupported_parameter');
      expect(error.param).toBe(name);
    }
  });

  it('refuses the prompt-caching parameters through the capability matrix', () => {
    for (const name of ['prompt_cache_key', 'prompt_cache_retention']) {
      const error = rejection(() => checkRequestParameters({ ...base, [name]: 'x' }));
      expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param: name });
      expect(error.message).toMatch(/Cohere does not offer prompt caching/);
      expect(error.message).toContain('prompt_caching');
    }
  });

  it('refuses unknown parameters by name', () => {
    const error = rejection(() => checkRequestParameters({ ...base, thinking: { type: 'enabled' } }));
    expect(error).toMatchObject({ code: 'unknown_parameter', param: 'thinking' });
    expect(rejection(() => checkRequestParameters({ ...base, __proto__x: 1 })).param).toBe('__proto__x');
  });

  it('lets supported capabilities through', () => {
    for (const column of ['stream', 'non_stream', 'tools', 'json_mode', 'schema_mode', 'reasoning', 'structured_output'] as const) {
      expect(() => requireCapability(column, 'x')).not.toThrow();
    }
    expect(rejection(() => requireCapability('prompt_caching', 'messages[0].cache_control')).param).toBe('messages[0].cache_control');
  });
});
