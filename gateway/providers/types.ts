/**
 * The contract every translated provider implements for chat completions: build the upstream request
 * from the OpenAI body, translate the upstream's JSON answer, translate its stream event by event through
 * an explicit state object, and map its errors to the OpenAI envelope. The shared driver (driver.ts)
 * does the HTTP, framing and SSE encoding; a provider folder only knows its own wire format.
 */
import type { ResolvedAccount } from '../config.ts';
import type { GatewayError } from '../errors.ts';

/** An OpenAI chat request body as the client sent it (validated only as far as routing needs). */
export type ChatBody = Record<string, unknown>;
/** An OpenAI `chat.completion` object. */
export type ChatCompletion = Record<string, unknown>;
/** An OpenAI `chat.completion.chunk` object. */
export type ChatChunk = Record<string, unknown>;

/** The usage object every translated answer carries (cached and reasoning tokens always present). */
export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/** The usage of a usage-only chunk (`choices: []` with `usage`, as `stream_options.include_usage` adds); else undefined. */
export function usageOfChunk(chunk: { usage?: unknown; choices?: unknown }): ChatUsage | undefined {
  const usage = chunk.usage as ChatUsage | null | undefined;
  return usage && Array.isArray(chunk.choices) && chunk.choices.length === 0 ? usage : undefined;
}

export interface ChatContext {
  account: ResolvedAccount;
  /** The bare upstream model name (after `account/`). */
  model: string;
  /** The model id the client used (`account/model`), for logs and errors; answers carry `model` (the bare name). */
  requestedModel: string;
  requestId: string;
  /** `chatcmpl-…` id and unix seconds for the translated answer (fixed once per request). */
  completionId: string;
  created: number;
  stream: boolean;
  includeUsage: boolean;
}

export interface UpstreamHttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** One upstream stream frame: an SSE event, or an AWS eventstream message. */
export type UpstreamFrame =
  | { kind: 'sse'; event?: string; data: string }
  | { kind: 'eventstream'; headers: Record<string, string>; payload: Uint8Array };

/** Thrown by a stream translator when the upstream reports an error mid-stream. */
export class UpstreamStreamError extends Error {
  constructor(readonly error: GatewayError) {
    super(error.message);
    this.name = 'UpstreamStreamError';
  }
}

export interface ChatStreamTranslator {
  /** Translate one upstream frame into zero or more OpenAI chunks (throw UpstreamStreamError on an error frame). */
  push(frame: UpstreamFrame): ChatChunk[];
  /** The upstream stream ended: the closing chunks (finish, usage). Throws if it ended too early. */
  end(): ChatChunk[];
}

export interface ChatTranslator {
  /** How the upstream frames its stream; default: SSE (lib/sse.ts). Bedrock supplies its eventstream decoder. */
  frames?(body: ReadableStream<Uint8Array>): AsyncIterable<UpstreamFrame>;
  /** Build the upstream request; throw BadRequestError naming the parameter for what cannot be mapped. */
  buildRequest(body: ChatBody, ctx: ChatContext): UpstreamHttpRequest | Promise<UpstreamHttpRequest>;
  /** Translate a successful non-streamed upstream answer. */
  parseResponse(json: unknown, ctx: ChatContext): ChatCompletion;
  createStreamTranslator(ctx: ChatContext): ChatStreamTranslator;
  /** Map an upstream error answer to the gateway's envelope error (status rules in upstream-errors.ts). */
  parseError(status: number, text: string, headers: Headers, ctx: ChatContext): GatewayError;
}
