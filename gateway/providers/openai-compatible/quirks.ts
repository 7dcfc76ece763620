/**
 * The eight OpenAI-compatible providers differ from OpenAI's Chat Completions only in small, documented
 * ways; this file holds those differences as data, one row per provider, each taken from that provider's
 * own API documentation (the `docs` URL). The shared translator (request.ts, response.ts, stream.ts,
 * errors.ts) reads these rows; it has no `if (provider === …)` branches.
 *
 * What is NOT here because every provider agrees with OpenAI: the request body shape (forwarded with the
 * bare model, unknown parameters included), `data: [DONE]` ending a stream, tool-call deltas keyed by
 * `index`. What IS normalized for every provider whatever its row says (a provider without that quirk
 * is left unchanged by it): `reasoning` → `reasoning_content`, usage folded into one final chunk, role
 * only on the first delta, one finish chunk with an empty delta, id/created/model from the gateway.
 */

export type OpenAICompatibleProvider = 'groq' | 'ai21' | 'cerebras' | 'sambanova' | 'perplexity' | 'together' | 'xai' | 'deepinfra';

export const OPENAI_COMPATIBLE_PROVIDERS: readonly OpenAICompatibleProvider[] = ['groq', 'ai21', 'cerebras', 'sambanova', 'perplexity', 'together', 'xai', 'deepinfra'];

/** A dotted path into a chunk/response where usage may sit (`usage`, `x_groq.usage`). */
export type UsagePath = readonly string[];

export interface ProviderQuirks {
  provider: OpenAICompatibleProvider;
  /** The provider's name in messages (as in the capability matrix). */
  label: string;
  /** The real API base (the account's base_url replaces it; documented here for readers). */
  apiBase: string;
  /** The documentation the row was taken from. */
  docs: string;
  /** Path of the chat endpoint below the base URL. */
  chatPath: string;
  /** Where usage may appear in an answer or stream chunk, first found wins. */
  usagePaths: readonly UsagePath[];
  /**
   * `completion_tokens` excludes reasoning tokens (reported beside it): add them, so completion_tokens
   * means what OpenAI means (reasoning included) and total = prompt + completion again.
   */
  reasoningOutsideCompletion: boolean;
  /**
   * Some models put their reasoning at the start of `content` as `<think>…</think>` (raw reasoning
   * format): split it into reasoning_content. Not applied when the client asked for the raw format.
   */
  thinkTags: boolean;
  /** The provider documents no `developer` role: send developer messages as `system`. */
  developerAsSystem: boolean;
  /** A header the provider documents for routing a conversation to its prompt cache (prompt_cache_key goes there). */
  promptCacheKeyHeader?: string;
  /**
   * Error messages that mean "the account's API key was refused" although the status is not 401/403
   * (xAI answers 400 and echoes part of the key): treated as an auth failure, message not relayed.
   */
  authFailureMessages: readonly RegExp[];
}

const USAGE: UsagePath = ['usage'];
const X_GROQ_USAGE: UsagePath = ['x_groq', 'usage'];

/** One row per provider. */
export const PROVIDER_QUIRKS: Readonly<Record<OpenAICompatibleProvider, ProviderQuirks>> = {
  // Streams carry usage in x_groq.usage on the last chunk (and in `usage` on the finish chunk when
  // include_usage); reasoning in `reasoning` (reasoning_format parsed) or <think> in content (raw, the
  // qwen3 default); strict request validation (unknown properties are 400).
  groq: {
    provider: 'groq', label: 'Groq', apiBase: 'https://api.groq.com/openai/v1',
    docs: 'https://console.groq.com/docs/api-reference#chat-create',
    chatPath: '/chat/completions', usagePaths: [USAGE, X_GROQ_USAGE], reasoningOutsideCompletion: false,
    thinkTags: true, developerAsSystem: false, authFailureMessages: [],
  },
  // Jamba chat: OpenAI-like; usage on the finish chunk; FastAPI error bodies ({detail}); roles
  // system/user/assistant/tool.
  ai21: {
    provider: 'ai21', label: 'AI21', apiBase: 'https://api.ai21.com/studio/v1',
    docs: 'https://docs.ai21.com/reference/jamba-1-6-api-ref',
    chatPath: '/chat/completions', usagePaths: [USAGE], reasoningOutsideCompletion: false,
    thinkTags: false, developerAsSystem: true, authFailureMessages: [],
  },
  // Usage (with time_info beside it) on the finish chunk; chunk choices may lack finish_reason/logprobs;
  // reasoning in `reasoning` (gpt-oss) or <think> in content (qwen-3); top-level error bodies
  // {message, type, param, code}.
  cerebras: {
    provider: 'cerebras', label: 'Cerebras', apiBase: 'https://api.cerebras.ai/v1',
    docs: 'https://inference-docs.cerebras.ai/api-reference/chat-completions',
    chatPath: '/chat/completions', usagePaths: [USAGE], reasoningOutsideCompletion: false,
    thinkTags: true, developerAsSystem: false, authFailureMessages: [],
  },
  // A separate usage chunk with choices [] (already OpenAI's shape) whose usage carries timing fields;
  // DeepSeek-R1 reasons in <think> tags.
  sambanova: {
    provider: 'sambanova', label: 'SambaNova', apiBase: 'https://api.sambanova.ai/v1',
    docs: 'https://docs.sambanova.ai/docs/api-reference/chat-completions/create-chat-based-completion',
    chatPath: '/chat/completions', usagePaths: [USAGE], reasoningOutsideCompletion: false,
    thinkTags: true, developerAsSystem: false, authFailureMessages: [],
  },
  // Sonar chat completions at /chat/completions (no /v1) — the OpenAI-compatible API this adapter speaks
  // (spec/capabilities.yaml describes Perplexity's newer Agent API; its cells still gate requests here):
  // stream chunks say object "chat.completion", repeat the role and
  // usage on every chunk and carry the cumulative `message` beside the delta; citations and
  // search_results at top level; sonar-reasoning models think in <think> tags; roles system, then
  // alternating user/assistant; openresty HTML bodies for 401 and gateway errors.
  perplexity: {
    provider: 'perplexity', label: 'Perplexity-AI', apiBase: 'https://api.perplexity.ai',
    docs: 'https://docs.perplexity.ai/docs/sonar/features',
    chatPath: '/chat/completions', usagePaths: [USAGE], reasoningOutsideCompletion: false,
    thinkTags: true, developerAsSystem: true, authFailureMessages: [],
  },
  // Chunks repeat role, add token_id to the delta and text/seed to the choice; usage on the finish
  // chunk; reasoning in `reasoning`.
  together: {
    provider: 'together', label: 'Together-AI', apiBase: 'https://api.together.xyz/v1',
    docs: 'https://docs.together.ai/reference/chat-completions-1',
    chatPath: '/chat/completions', usagePaths: [USAGE], reasoningOutsideCompletion: false,
    thinkTags: false, developerAsSystem: false, authFailureMessages: [],
  },
  // completion_tokens excludes completion_tokens_details.reasoning_tokens; usage on the finish chunk then
  // an extra chunk with choices [] and no usage; errors {code, error}; an invalid key is a 400 whose
  // message echoes part of the key; x-grok-conv-id routes a conversation to its cache.
  xai: {
    provider: 'xai', label: 'xAI', apiBase: 'https://api.x.ai/v1',
    docs: 'https://docs.x.ai/docs/api-reference#chat-completions',
    chatPath: '/chat/completions', usagePaths: [USAGE], reasoningOutsideCompletion: true,
    thinkTags: false, developerAsSystem: false, promptCacheKeyHeader: 'x-grok-conv-id',
    authFailureMessages: [/incorrect api key/i, /invalid api key/i, /no api key/i],
  },
  // OpenAI path below /v1/openai; usage (with estimated_cost) on the finish chunk; reasoning in
  // reasoning_content; FastAPI 422 {detail:[…]} validation errors.
  deepinfra: {
    provider: 'deepinfra', label: 'DeepInfra', apiBase: 'https://api.deepinfra.com/v1/openai',
    docs: 'https://docs.deepinfra.com/chat/streaming',
    chatPath: '/chat/completions', usagePaths: [USAGE], reasoningOutsideCompletion: false,
    thinkTags: false, developerAsSystem: false, authFailureMessages: [],
  },
};
