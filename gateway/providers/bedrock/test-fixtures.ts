/**
 * Test support for the Bedrock translator (imported by tests only): an eventstream message encoder,
 * ConverseStream frames built from the event shapes of the Bedrock API reference, a Converse reply
 * model rendered both as a Converse JSON answer and as the equivalent event sequence, and a context.
 */
import type { ChatContext, UpstreamFrame } from '../types.ts';
import { crc32 } from './eventstream.ts';

const utf8 = new TextEncoder();

/** Encode one eventstream message with string headers (type 7) — the framing ConverseStream uses. */
export function encodeMessage(headers: Record<string, string>, payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === 'string' ? utf8.encode(payload) : payload;
  const headerBytes: number[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = utf8.encode(name);
    const v = utf8.encode(value);
    headerBytes.push(n.length, ...n, 7, (v.length >> 8) & 0xff, v.length & 0xff, ...v);
  }
  const total = 12 + headerBytes.length + body.length + 4;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBytes.length);
  view.setUint32(8, crc32(out, 0, 8));
  out.set(headerBytes, 12);
  out.set(body, 12 + headerBytes.length);
  view.setUint32(total - 4, crc32(out, 0, total - 4));
  return out;
}

export function eventHeaders(eventType: string): Record<string, string> {
  return { ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' };
}

/** One ConverseStream event as the translator receives it. */
export function eventFrame(eventType: string, payload: unknown): UpstreamFrame {
  return { kind: 'eventstream', headers: eventHeaders(eventType), payload: utf8.encode(JSON.stringify(payload)) };
}

export function exceptionFrame(exceptionType: string, message: string): UpstreamFrame {
  return {
    kind: 'eventstream',
    headers: { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' },
    payload: utf8.encode(JSON.stringify({ message })),
  };
}

export function encodeFrame(frame: UpstreamFrame): Uint8Array {
  if (frame.kind !== 'eventstream') throw new Error('not an eventstream frame');
  return encodeMessage(frame.headers, frame.payload);
}

/** A Converse reply, provider-side: ordered content blocks, stop reason, usage. */
export type ReplyBlock =
  | { text: string }
  | { toolUse: { toolUseId: string; name: string; input: Record<string, unknown> } }
  | { reasoningContent: { reasoningText: { text: string; signature?: string } } }
  | { reasoningContent: { redactedContent: string } };

export interface ConverseReply {
  content: ReplyBlock[];
  stopReason: string;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };
}

/** The reply as Converse's JSON answer. */
export function converseJson(reply: ConverseReply): Record<string, unknown> {
  return {
    output: { message: { role: 'assistant', content: reply.content } },
    stopReason: reply.stopReason,
    usage: reply.usage,
    metrics: { latencyMs: 42 },
  };
}

/** Split `s` into pieces at the given cut points (code-unit positions, any order, duplicates ignored). */
export function splitAt(s: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(s.length, c))))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) { if (p > from) { out.push(s.slice(from, p)); from = p; } }
  out.push(s.slice(from));
  return out.filter((piece, i, all) => piece !== '' || all.length === 1);
}

/** The same reply as the ConverseStream event sequence (deltas split at `cuts`, positions per block). */
export function converseEvents(reply: ConverseReply, cuts: readonly number[] = []): UpstreamFrame[] {
  const frames: UpstreamFrame[] = [eventFrame('messageStart', { role: 'assistant' })];
  reply.content.forEach((block, contentBlockIndex) => {
    if ('text' in block) {
      for (const text of splitAt(block.text, cuts)) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex, delta: { text } }));
    } else if ('toolUse' in block) {
      const { toolUseId, name, input } = block.toolUse;
      frames.push(eventFrame('contentBlockStart', { contentBlockIndex, start: { toolUse: { toolUseId, name } } }));
      for (const piece of splitAt(JSON.stringify(input), cuts)) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex, delta: { toolUse: { input: piece } } }));
    } else if ('reasoningText' in block.reasoningContent) {
      const { text, signature } = block.reasoningContent.reasoningText;
      for (const piece of splitAt(text, cuts)) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex, delta: { reasoningContent: { text: piece } } }));
      if (signature !== undefined) frames.push(eventFrame('contentBlockDelta', { contentBlockIndex, delta: { reasoningContent: { signature } } }));
    } else {
      frames.push(eventFrame('contentBlockDelta', { contentBlockIndex, delta: { reasoningContent: { redactedContent: block.reasoningContent.redactedContent } } }));
    }
    frames.push(eventFrame('contentBlockStop', { contentBlockIndex }));
  });
  frames.push(eventFrame('messageStop', { stopReason: reply.stopReason }));
  frames.push(eventFrame('metadata', { usage: reply.usage, metrics: { latencyMs: 42 } }));
  return frames;
}

export function testContext(overrides: Partial<ChatContext> = {}): ChatContext {
  return {
    account: {
      name: 'bedrock-test', provider: 'bedrock', baseURL: 'https://bedrock-runtime.us-east-1.amazonaws.com', apiKey: '', region: 'us-east-1',
      aws: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, models: new Set(['us.anthropic.claude-sonnet-4-5-20250929-v1:0']),
    },
    model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    requestedModel: 'bedrock-test/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    requestId: 'req_test',
    completionId: 'chatcmpl-test',
    created: 1735689600,
    stream: false,
    includeUsage: false,
    ...overrides,
  };
}
