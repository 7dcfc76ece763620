/**
 * Test fixtures for the Anthropic translator, written by hand from Anthropic's documentation examples
 * (Messages API reference, streaming guide, extended thinking guide, errors page) — not from any
 * simulator. Used by the unit tests beside the translator and by the property tests.
 */
import type { ResolvedAccount } from '../../config.ts';
import type { ChatContext, UpstreamFrame } from '../types.ts';

export const testAccount: ResolvedAccount = {
  name: 'anthropic-test',
  provider: 'anthropic',
  baseURL: 'https://api.anthropic.com',
  apiKey: 'sk-ant-test-key',
  models: new Set(['claude-sonnet-4-5']),
};

export const vertexTestAccount: ResolvedAccount = {
  name: 'vertex-test',
  provider: 'vertex',
  baseURL: 'https://us-east5-aiplatform.googleapis.com',
  apiKey: 'ya29.test-token',
  project: 'my-project',
  region: 'us-east5',
  models: new Set(['claude-sonnet-4-5']),
};

export function testContext(over: Partial<ChatContext> = {}): ChatContext {
  return {
    account: testAccount,
    model: 'claude-sonnet-4-5',
    requestedModel: 'anthropic-test/claude-sonnet-4-5',
    requestId: 'req_test',
    completionId: 'chatcmpl-test',
    created: 1_700_000_000,
    stream: false,
    includeUsage: false,
    ...over,
  };
}

/** One SSE frame as the driver hands it over: the event name and its JSON data. */
export const sse = (data: Record<string, unknown>): UpstreamFrame => ({ kind: 'sse', event: String(data.type), data: JSON.stringify(data) });

const usageStart = { input_tokens: 25, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
const messageStart = { type: 'message_start', message: { id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY', type: 'message', role: 'assistant', content: [], model: 'claude-sonnet-4-5-20250929', stop_reason: null, stop_sequence: null, usage: usageStart } };

/** The streaming guide's basic example: one text block "Hello!". */
export const textStream: Record<string, unknown>[] = [
  messageStart,
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '!' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } },
  { type: 'message_stop' },
];

/** The streaming guide's tool-use example, extended with a second (parallel) tool_use block. */
export const parallelToolStream: Record<string, unknown>[] = [
  messageStart,
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Okay, let me check.' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {} } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"location":' } },
  { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: ' "San Francisco, CA"}' } },
  { type: 'content_block_stop', index: 1 },
  { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_02Y2x2gK45rBnl3uOUsO8Vq7', name: 'get_time', input: {} } },
  { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"tz": "America/Los_Angeles"}' } },
  { type: 'content_block_stop', index: 2 },
  { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 89 } },
  { type: 'message_stop' },
];

/** The extended-thinking streaming example: thinking deltas, a signature_delta, then text. */
export const thinkingStream: Record<string, unknown>[] = [
  messageStart,
  { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\n\n' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: '1071 = 2 × 462 + 147' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP' } },
  { type: 'content_block_stop', index: 1 },
  { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'The greatest common divisor of 1071 and 462 is **21**.' } },
  { type: 'content_block_stop', index: 2 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 120, output_tokens_details: { thinking_tokens: 80 } } },
  { type: 'message_stop' },
];

/** The Messages API reference's example response, with a tool_use block and cache usage. */
export const toolUseMessage = {
  id: 'msg_01Aq9w938a90dw8q',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [
    { type: 'text', text: "I'll check the weather.", citations: null },
    { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA', unit: 'celsius' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 2095, output_tokens: 503, cache_creation_input_tokens: 100, cache_read_input_tokens: 1800, output_tokens_details: { thinking_tokens: 0 } },
};

/** The errors page's shapes. */
export const errorBodies = {
  overloaded: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' },
  invalid: { type: 'error', error: { type: 'invalid_request_error', message: 'messages: roles must alternate between "user" and "assistant"' }, request_id: 'req_1' },
  notFound: { type: 'error', error: { type: 'not_found_error', message: 'model: claude-nope' }, request_id: 'req_2' },
  auth: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: 'req_3' },
  rateLimit: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' }, request_id: 'req_4' },
  api: { type: 'error', error: { type: 'api_error', message: 'Internal server error' }, request_id: 'req_5' },
};
