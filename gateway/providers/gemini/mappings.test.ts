// The named tables of the Gemini translation, row by row.
import { describe, expect, it } from 'vitest';
import {
  AUDIO_FORMAT_MIME, FINISH_REASONS, finishReasonOf, GOOGLE_STATUS_CODES, IMAGE_DETAIL_RESOLUTION, mimeFromName, REASONING_EFFORT_TO_THINKING_BUDGET,
  REASONING_EFFORT_TO_THINKING_LEVEL, REQUEST_PARAMETERS, STRICT_TOOL_CHOICE_MODES, thinkingControlFor, TOOL_CHOICE_MODES, usageFromGemini,
} from './mappings.ts';

describe('FINISH_REASONS', () => {
  it('maps every Gemini finish reason of the API reference', () => {
    expect(FINISH_REASONS).toMatchObject({
      STOP: 'stop', MAX_TOKENS: 'length', SAFETY: 'content_filter', RECITATION: 'content_filter', BLOCKLIST: 'content_filter',
      PROHIBITED_CONTENT: 'content_filter', SPII: 'content_filter', LANGUAGE: 'content_filter', OTHER: 'stop', MALFORMED_FUNCTION_CALL: 'stop',
    });
    for (const value of Object.values(FINISH_REASONS)) expect(['stop', 'length', 'content_filter']).toContain(value);
  });

  it('says tool_calls when the candidate called functions, although Gemini says STOP', () => {
    expect(finishReasonOf('STOP', true)).toBe('tool_calls');
    expect(finishReasonOf('STOP', false)).toBe('stop');
    expect(finishReasonOf('MAX_TOKENS', true)).toBe('length');
    expect(finishReasonOf('SAFETY', true)).toBe('content_filter');
    expect(finishReasonOf('SOMETHING_NEW', false)).toBe('stop');
  });
});

describe('usageFromGemini', () => {
  it('counts thoughts as completion tokens and reports cached and reasoning tokens', () => {
    expect(usageFromGemini({ promptTokenCount: 12, candidatesTokenCount: 7, totalTokenCount: 49, cachedContentTokenCount: 4, thoughtsTokenCount: 30 })).toEqual({
      prompt_tokens: 12, completion_tokens: 37, total_tokens: 49,
      prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 30 },
    });
  });

  it('adds tool-use prompt tokens to the prompt and zeroes what is missing', () => {
    expect(usageFromGemini({ promptTokenCount: 5, toolUsePromptTokenCount: 3 })).toEqual({
      prompt_tokens: 8, completion_tokens: 0, total_tokens: 8, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(usageFromGemini(undefined).total_tokens).toBe(0);
  });
});

describe('reasoning effort tables', () => {
  it('follows Google\'s OpenAI-compatibility table for budgets (Gemini 2.x) and levels (Gemini 3)', () => {
    expect(REASONING_EFFORT_TO_THINKING_BUDGET).toEqual({ none: 0, minimal: 1024, low: 1024, medium: 8192, high: 24576 });
    expect(REASONING_EFFORT_TO_THINKING_LEVEL).toEqual({ none: undefined, minimal: 'MINIMAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH' });
  });

  it('picks the thinking control by model family', () => {
    expect(thinkingControlFor('gemini-2.5-flash')).toBe('budget');
    expect(thinkingControlFor('gemini-2.0-flash')).toBe('budget');
    expect(thinkingControlFor('gemini-3-pro-preview')).toBe('level');
    expect(thinkingControlFor('gemini-3.1-flash')).toBe('level');
    expect(thinkingControlFor('gemini-10-ultra')).toBe('level');
  });
});

describe('tool choice, media and error tables', () => {
  it('maps tool_choice strings to function calling modes', () => {
    expect(TOOL_CHOICE_MODES).toEqual({ none: 'NONE', auto: 'AUTO', required: 'ANY' });
    expect(STRICT_TOOL_CHOICE_MODES.auto).toBe('VALIDATED');
  });

  it('knows the media types of audio formats, extensions and detail levels', () => {
    expect(AUDIO_FORMAT_MIME).toEqual({ wav: 'audio/wav', mp3: 'audio/mp3' });
    expect(mimeFromName('https://x.test/a/photo.PNG?size=2')).toBe('image/png');
    expect(mimeFromName('report.pdf')).toBe('application/pdf');
    expect(mimeFromName('https://x.test/cat')).toBeUndefined();
    expect(IMAGE_DETAIL_RESOLUTION).toEqual({ auto: undefined, low: 'MEDIA_RESOLUTION_LOW', high: 'MEDIA_RESOLUTION_HIGH' });
  });

  it('names Google status codes', () => {
    expect(GOOGLE_STATUS_CODES.INVALID_ARGUMENT).toBe('invalid_argument');
    expect(GOOGLE_STATUS_CODES.NOT_FOUND).toBe('model_not_found');
    expect(GOOGLE_STATUS_CODES.RESOURCE_EXHAUSTED).toBe('rate_limit_exceeded');
  });

  it('decides every top-level parameter of the gateway contract\'s chat request', async () => {
    const { getSchema } = await import('../../../spec/index.ts');
    const properties = Object.keys((getSchema('CreateChatCompletionRequest').properties ?? {}) as Record<string, unknown>);
    expect(properties.filter((p) => !(p in REQUEST_PARAMETERS))).toEqual([]);
  });
});
