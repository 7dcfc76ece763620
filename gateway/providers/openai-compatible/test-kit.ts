/**
 * Helpers for this folder's unit tests: a ChatContext for an account of a given provider, SSE frames
 * from upstream chunk objects, and running a stream translator over them. Hand-written fixtures only
 * (from the providers' documentation): nothing here knows the simulators.
 */
import type { ResolvedAccount } from '../../config.ts';
import type { ChatChunk, ChatContext, UpstreamFrame } from '../types.ts';
import { PROVIDER_QUIRKS, type OpenAICompatibleProvider } from './quirks.ts';
import { OpenAICompatibleStream } from './stream.ts';

export function testContext(provider: OpenAICompatibleProvider, over: Partial<ChatContext> = {}): ChatContext {
  const account: ResolvedAccount = {
    name: `${provider}-main`, provider, baseURL: PROVIDER_QUIRKS[provider].apiBase, apiKey: 'key-0001', models: new Set(['m']),
  };
  return {
    account, model: 'm', requestedModel: `${provider}-main/m`, requestId: 'req-1', completionId: 'chatcmpl-test', created: 1700000000,
    stream: false, includeUsage: false, ...over,
  };
}

export const frame = (value: unknown): UpstreamFrame => ({ kind: 'sse', data: typeof value === 'string' ? value : JSON.stringify(value) });
export const DONE: UpstreamFrame = { kind: 'sse', data: '[DONE]' };

/** Run a whole upstream stream through a fresh translator: every chunk it produced, end() included. */
export function runStream(provider: OpenAICompatibleProvider, frames: UpstreamFrame[], over: Partial<ChatContext> = {}, splitThinkTags = PROVIDER_QUIRKS[provider].thinkTags): ChatChunk[] {
  const t = new OpenAICompatibleStream(testContext(provider, { stream: true, ...over }), PROVIDER_QUIRKS[provider], { splitThinkTags });
  return [...frames.flatMap((f) => t.push(f)), ...t.end()];
}

type Json = Record<string, unknown>;
/** The choice-0 deltas of translated chunks. */
export const deltasOf = (chunks: ChatChunk[], index = 0) =>
  chunks.flatMap((c) => (c.choices as Json[]).filter((ch) => ch.index === index).map((ch) => ch.delta as Json));
/** Concatenated content / reasoning of choice 0. */
export const textOf = (chunks: ChatChunk[], field: 'content' | 'reasoning_content' = 'content') =>
  deltasOf(chunks).map((d) => (typeof d[field] === 'string' ? d[field] : '')).join('');
