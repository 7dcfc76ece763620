/**
 * The catalogue of named checks: each one a requirement a gateway is held to, with its level
 * (MUST fails the run, SHOULD is reported as non-strict). Suites refer to checks by id; the report
 * quotes the requirement text.
 */
import type { CheckInfo } from '../reports/model.ts';
import { OPERATION_CHECKS } from './operations/checks.ts';
import { STATEFUL_CHECKS } from './stateful/checks.ts';
import { SMOKE_CHECKS } from './profile/checks.ts';

const CHAT = 'POST /chat/completions';

function chat(id: string, level: CheckInfo['level'], title: string, requirement: string): CheckInfo {
  return { id, title, requirement, level, suite: 'chat', endpoint: CHAT, operationId: 'createChatCompletion' };
}
/**
 * A provider capability column (spec/capabilities.yaml, seed 001): the column's meaning quoted from the
 * matrix file, what the suite counts as "works" through the gateway, and the rule for cells not claimed.
 */
function capability(column: string, title: string, meaning: string, works: string): CheckInfo {
  return {
    id: `capability.${column}`, title, level: 'MUST', suite: 'capabilities', endpoint: CHAT, operationId: 'createChatCompletion',
    requirement: `${title} (${column}) — "${meaning}" (spec/capabilities.yaml). Where the matrix claims it supported for a provider, `
      + `it MUST work through the gateway: ${works} Where the provider does not offer it (or the gateway cannot pass it through), `
      + 'the gateway MUST refuse the request with a 400 OpenAI error envelope naming the parameter, never silently drop it. '
      + 'A provider the gateway does not implement (501 provider_not_implemented) is reported as unimplemented.',
  };
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
  capability('stream', 'Stream', 'Incremental responses over a stream (SSE, or AWS eventstream for Bedrock).',
    'stream: true (with stream_options.include_usage) is answered 200 text/event-stream with a valid OpenAI stream — SSE framing, every chunk valid against CreateChatCompletionStreamResponse, role first, stable id, one finish_reason, one usage chunk, [DONE] last — carrying some content.'),
  capability('non_stream', 'Non Stream', 'One complete JSON response per request.',
    'a request without stream is answered 200 application/json with a completion valid against CreateChatCompletionResponse whose message has non-empty content.'),
  capability('tools', 'Tools', 'Function calling: the request declares functions (JSON Schema parameters), the model answers with calls to them and takes their results back.',
    'tool_choice "required" yields a well-formed call (id, type "function", the declared name, arguments parsing as a JSON object, finish_reason "tool_calls"), and sending the tool result back (openai SDK) yields a final answer with text content.'),
  capability('json_mode', 'JSON Mode', 'Valid-JSON output WITHOUT a schema (OpenAI response_format {type: json_object}, Gemini responseMimeType application/json).',
    'response_format {type: "json_object"} yields a valid completion whose content parses as a JSON object.'),
  capability('schema_mode', 'Schema Mode', 'A JSON Schema given in the request steers the output (OpenAI json_schema, Gemini responseSchema, Anthropic output_config.format, Bedrock outputConfig.textFormat ...), best-effort or guaranteed.',
    'response_format {type: "json_schema"} with strict false yields a valid completion whose content parses as JSON.'),
  capability('prompt_caching', 'Prompt Caching', 'The provider caches prompt prefixes (implicitly or with explicit markers) and reports or bills cached input tokens.',
    'the same long prompt (over 1024 tokens; its system part marked with cache_control for providers that need explicit breakpoints) sent twice reports usage.prompt_tokens_details.cached_tokens > 0 on the repeat.'),
  capability('reasoning', 'Reasoning', 'Reasoning/thinking models whose reasoning shows up as reasoning tokens or thinking content, with a request control (effort, budget, on/off, format).',
    'a reasoning model asked with reasoning_effort yields a valid completion reporting usage.completion_tokens_details.reasoning_tokens > 0 or a non-empty message.reasoning_content.'),
  capability('structured_output', 'Structured Output', 'Guaranteed schema adherence: the provider documents constrained decoding / strict mode (OpenAI strict json_schema, Anthropic structured outputs and strict tools, Gemini responseSchema, Groq/Cerebras strict: true ...), not merely "tries to follow".',
    'response_format {type: "json_schema"} with strict true yields a valid completion whose content is JSON that validates against the schema (ajv).'),
  auth('auth.missing-key', 'No key is a 401', 'A request without credentials MUST be answered 401 with the OpenAI error envelope.'),
  auth('auth.invalid-key', 'Bad key is a 401', 'A request with an invalid key MUST be answered 401 with the OpenAI error envelope.'),
  ...OPERATION_CHECKS,
  ...STATEFUL_CHECKS,
  ...SMOKE_CHECKS,
];

const byId = new Map(CHECKS.map((c) => [c.id, c]));

export function getCheck(id: string): CheckInfo {
  const check = byId.get(id);
  if (!check) throw new Error(`unknown check id "${id}"; known: ${[...byId.keys()].join(', ')}`);
  return check;
}
