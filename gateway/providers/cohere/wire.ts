/**
 * Cohere Chat v2 wire shapes (`POST /v2/chat`), as far as the translator reads or writes them. Taken
 * from Cohere's API reference (docs.cohere.com/reference/chat, /reference/chat-stream) and the raw
 * (snake_case) serialization types of the official `cohere-ai` SDK. Types only: nothing here runs.
 */

export type CohereTextContent = { type: 'text'; text: string };
export type CohereThinkingContent = { type: 'thinking'; thinking: string };
export type CohereImageContent = { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface CohereToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type CohereMessage =
  | { role: 'system'; content: string | CohereTextContent[] }
  | { role: 'user'; content: string | (CohereTextContent | CohereImageContent)[] }
  | { role: 'assistant'; content?: string | (CohereTextContent | CohereThinkingContent)[]; tool_calls?: CohereToolCall[]; tool_plan?: string }
  | { role: 'tool'; tool_call_id: string; content: string | CohereTextContent[] };

export interface CohereTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type CohereResponseFormat = { type: 'text' } | { type: 'json_object'; json_schema?: Record<string, unknown> };

export interface CohereThinking { type: 'enabled' | 'disabled'; token_budget?: number }

export interface CohereChatRequest {
  model: string;
  messages: CohereMessage[];
  stream?: boolean;
  tools?: CohereTool[];
  strict_tools?: boolean;
  tool_choice?: 'REQUIRED' | 'NONE';
  response_format?: CohereResponseFormat;
  max_tokens?: number;
  stop_sequences?: string[];
  temperature?: number;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  k?: number;
  p?: number;
  thinking?: CohereThinking;
}

export type CohereFinishReason = 'COMPLETE' | 'STOP_SEQUENCE' | 'MAX_TOKENS' | 'TOOL_CALL' | 'ERROR' | 'TIMEOUT';

export interface CohereUsage {
  billed_units?: { input_tokens?: number; output_tokens?: number; search_units?: number; classifications?: number } | null;
  tokens?: { input_tokens?: number; output_tokens?: number } | null;
  cached_tokens?: number | null;
}

export interface CohereChatResponse {
  id: string;
  finish_reason: CohereFinishReason;
  message: {
    role: 'assistant';
    content?: (CohereTextContent | CohereThinkingContent)[] | null;
    tool_plan?: string | null;
    tool_calls?: CohereToolCall[] | null;
    citations?: unknown[] | null;
  };
  usage?: CohereUsage | null;
}

/** One `data:` payload of the v2 chat stream; the `type` names the event (the SSE `event:` field repeats it). */
export interface CohereStreamEvent {
  type?: string;
  id?: string;
  index?: number;
  delta?: {
    message?: {
      role?: string;
      content?: { type?: 'text' | 'thinking'; text?: string; thinking?: string } | unknown[];
      tool_plan?: string;
      tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string } };
    };
    finish_reason?: CohereFinishReason | string;
    usage?: CohereUsage | null;
    error?: string | null;
  };
  /** Present on error payloads ({id?, message}), never on a typed event. */
  message?: string;
}
