/**
 * The catalogue of named checks: each one a requirement a gateway is held to, with its level
 * (MUST fails the run, SHOULD is reported as non-strict). Suites refer to checks by id; the report
 * quotes the requirement text.
 */
import type { CheckInfo } from '../reports/model.ts';

const CHAT = 'POST /chat/completions';

function chat(id: string, level: CheckInfo['level'], title: string, requirement: string): CheckInfo {
  return { id, title, requirement, level, suite: 'chat', endpoint: CHAT, operationId: 'createChatCompletion' };
}
function auth(id: string, title: string, requirement: string): CheckInfo {
  return { id, title, requirement, level: 'MUST', suite: 'auth', endpoint: CHAT, operationId: 'createChatCompletion' };
}

export const CHECKS: readonly CheckInfo[] = [
  chat('chat.response.status', 'MUST', 'Valid request succeeds', 'A valid chat completion request MUST be answered 200 (a status documented for the operation), never a 5xx.'),
  chat('chat.response.content-type', 'MUST', 'JSON content type', 'A non-streamed chat completion MUST be sent as application/json.'),
  chat('chat.response.schema', 'MUST', 'Response matches the schema', 'The body of a chat completion MUST validate against CreateChatCompletionResponse of the contract.'),
  chat('chat.response.usage', 'SHOULD', 'Usage adds up', 'usage.total_tokens SHOULD equal prompt_tokens + completion_tokens.'),
  chat('chat.sdk.non-stream', 'MUST', 'OpenAI SDK parses the completion', 'The official openai client MUST complete chat.completions.create against the gateway and expose the assistant message.'),
  chat('chat.sdk.stream', 'MUST', 'OpenAI SDK parses the stream', 'The official openai client MUST iterate a streamed chat completion to its end and reassemble it with the stream helper.'),
  chat('chat.stream.content-type', 'MUST', 'Event-stream content type', 'A streamed chat completion MUST be sent as text/event-stream.'),
  chat('chat.stream.framing', 'MUST', 'SSE framing', 'Every event of a chat stream MUST be a `data:` event carrying one JSON chunk (or the final [DONE]); no partial event at the end.'),
  chat('chat.stream.chunk-schema', 'MUST', 'Every chunk matches the schema', 'Every chunk of a chat stream MUST validate against CreateChatCompletionStreamResponse of the contract.'),
  chat('chat.stream.role-first', 'MUST', 'Role comes first', 'The first delta of each choice MUST carry role "assistant", and no later delta may change it.'),
  chat('chat.stream.stable-id', 'MUST', 'Stable id, created, model', 'All chunks of one stream MUST share the same id, created and model.'),
  chat('chat.stream.one-finish', 'MUST', 'Exactly one finish_reason', 'Each choice MUST receive exactly one non-null finish_reason, and no content or tool-call delta after it.'),
  chat('chat.stream.usage-chunk', 'MUST', 'Usage chunk rules', 'With stream_options.include_usage, exactly one chunk MUST carry usage, with `choices: []`, after every finish_reason and last before [DONE]; every other chunk has usage null. Without it, no chunk carries usage.'),
  chat('chat.stream.done-last', 'MUST', '[DONE] ends the stream', 'A chat stream MUST end with exactly one `data: [DONE]` event and nothing after it.'),
  chat('chat.tools.call', 'MUST', 'Tool calls are well formed', 'When a tool call is required, the choice MUST carry tool_calls with an id, type "function", a declared function name and arguments that parse as a JSON object, and finish_reason "tool_calls".'),
  chat('chat.stream.tool-deltas', 'MUST', 'Tool-call deltas reassemble', 'Streamed tool calls MUST open each call index with id, type "function" and function.name; argument fragments MUST concatenate to a JSON object; the choice MUST finish with "tool_calls".'),
  chat('chat.errors.malformed-json', 'MUST', 'Malformed JSON is a 400', 'A body that is not valid JSON MUST be answered 400 with the OpenAI error envelope.'),
  chat('chat.errors.unknown-model', 'MUST', 'Unknown model is a 404', 'A model id that the gateway does not serve MUST be answered 404 with the OpenAI error envelope.'),
  chat('chat.errors.next-request', 'MUST', 'Still serving after errors', 'After rejecting bad requests the gateway MUST serve the next valid request.'),
  auth('auth.missing-key', 'No key is a 401', 'A request without credentials MUST be answered 401 with the OpenAI error envelope.'),
  auth('auth.invalid-key', 'Bad key is a 401', 'A request with an invalid key MUST be answered 401 with the OpenAI error envelope.'),
];

const byId = new Map(CHECKS.map((c) => [c.id, c]));

export function getCheck(id: string): CheckInfo {
  const check = byId.get(id);
  if (!check) throw new Error(`unknown check id "${id}"; known: ${[...byId.keys()].join(', ')}`);
  return check;
}
