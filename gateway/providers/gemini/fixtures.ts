/**
 * Hand-written upstream fixtures for the Gemini translator's unit tests, shaped after the examples of
 * ai.google.dev/api/generate-content (no simulator code): a per-request context and small
 * GenerateContentResponse builders.
 */
import type { ResolvedAccount } from '../../config.ts';
import type { ChatContext, UpstreamFrame } from '../types.ts';

export function testContext(overrides: Partial<ChatContext> = {}, account: Partial<ResolvedAccount> = {}): ChatContext {
  return {
    account: { name: 'gemini-test', provider: 'gemini', baseURL: 'https://generativelanguage.googleapis.com', apiKey: 'AIza-test', models: new Set(['gemini-2.5-flash']), ...account },
    model: 'gemini-2.5-flash',
    requestedModel: 'gemini-test/gemini-2.5-flash',
    requestId: 'req_1',
    completionId: 'chatcmpl-test',
    created: 1_700_000_000,
    stream: false,
    includeUsage: false,
    ...overrides,
  };
}

export const sse = (value: unknown): UpstreamFrame => ({ kind: 'sse', data: JSON.stringify(value) });

export const usage = { promptTokenCount: 12, candidatesTokenCount: 7, totalTokenCount: 49, cachedContentTokenCount: 4, thoughtsTokenCount: 30 };

/** A text answer with a thought summary (thinking with includeThoughts). */
export const textResponse = {
  candidates: [{
    content: { role: 'model', parts: [{ text: 'Thinking about it.', thought: true }, { text: 'Hello ' }, { text: 'there.' }] },
    finishReason: 'STOP',
    index: 0,
  }],
  usageMetadata: usage,
  modelVersion: 'gemini-2.5-flash',
  responseId: 'resp-1',
};

/** Two parallel function calls; the first carries the thought signature (as Gemini sends it). */
export const parallelCallsResponse = {
  candidates: [{
    content: {
      role: 'model',
      parts: [
        { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnLTE=' },
        { functionCall: { name: 'get_time', args: { city: 'Rome', utc: true } } },
      ],
    },
    finishReason: 'STOP',
    index: 0,
  }],
  usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 20, totalTokenCount: 60 },
};
