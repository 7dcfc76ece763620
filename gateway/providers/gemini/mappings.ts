/**
 * The named tables of the Gemini translation (Gemini API and Gemini on Vertex AI share them): finish
 * reasons, usage fields, reasoning effort ↔ thinking budget / thinking level, tool_choice ↔ function
 * calling mode, media types, Google error status names, and what happens to each OpenAI request
 * parameter. Sources: ai.google.dev/api/generate-content, ai.google.dev/gemini-api/docs/thinking,
 * ai.google.dev/gemini-api/docs/openai (reasoning_effort table), cloud.google.com/apis/design/errors.
 */
import type { ChatUsage } from '../types.ts';

// ------------------------------------------------------------------ finish reasons

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** Gemini `Candidate.finishReason` → OpenAI `finish_reason` (a candidate with functionCall parts is "tool_calls"). */
export const FINISH_REASONS: Readonly<Record<string, OpenAIFinishReason>> = {
  FINISH_REASON_UNSPECIFIED: 'stop',
  STOP: 'stop',
  MAX_TOKENS: 'length',
  CONTINUATION: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  LANGUAGE: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  IMAGE_RECITATION: 'content_filter',
  OTHER: 'stop',
  MALFORMED_FUNCTION_CALL: 'stop',
  UNEXPECTED_TOOL_CALL: 'stop',
  TOO_MANY_TOOL_CALLS: 'stop',
  NO_IMAGE: 'stop',
  IMAGE_OTHER: 'stop',
};

/** The OpenAI finish_reason of a finished candidate. Gemini says STOP after function calls; OpenAI says tool_calls. */
export function finishReasonOf(geminiReason: string, hasToolCalls: boolean): OpenAIFinishReason {
  const mapped = FINISH_REASONS[geminiReason] ?? 'stop';
  return hasToolCalls && mapped === 'stop' ? 'tool_calls' : mapped;
}

// ------------------------------------------------------------------ usage

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  totalTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
}

export type OpenAIUsage = ChatUsage;

/**
 * Which Gemini usage counters make up which OpenAI usage field. OpenAI's completion_tokens include the
 * reasoning tokens (reported again in completion_tokens_details); Gemini counts thoughts apart from the
 * candidates, and tool-use prompt tokens apart from the prompt.
 */
export const USAGE_FIELDS = {
  prompt_tokens: ['promptTokenCount', 'toolUsePromptTokenCount'],
  completion_tokens: ['candidatesTokenCount', 'thoughtsTokenCount'],
  cached_tokens: ['cachedContentTokenCount'],
  reasoning_tokens: ['thoughtsTokenCount'],
} as const satisfies Record<string, readonly (keyof GeminiUsageMetadata)[]>;

const count = (meta: GeminiUsageMetadata, fields: readonly (keyof GeminiUsageMetadata)[]) =>
  fields.reduce((sum, field) => sum + (Number.isInteger(meta[field]) && (meta[field] as number) > 0 ? (meta[field] as number) : 0), 0);

export function usageFromGemini(meta: GeminiUsageMetadata | undefined): OpenAIUsage {
  const m = meta ?? {};
  const prompt = count(m, USAGE_FIELDS.prompt_tokens);
  const completion = count(m, USAGE_FIELDS.completion_tokens);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: count(m, USAGE_FIELDS.cached_tokens) },
    completion_tokens_details: { reasoning_tokens: count(m, USAGE_FIELDS.reasoning_tokens) },
  };
}

// ------------------------------------------------------------------ reasoning

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high';

/** Gemini 2.x: reasoning_effort → thinkingConfig.thinkingBudget (tokens; 0 turns thinking off). Google's OpenAI-compatibility table. */
export const REASONING_EFFORT_TO_THINKING_BUDGET: Readonly<Record<ReasoningEffort, number>> = {
  none: 0,
  minimal: 1024,
  low: 1024,
  medium: 8192,
  high: 24576,
};

/** Gemini 3 and later: reasoning_effort → thinkingConfig.thinkingLevel. Thinking cannot be turned off there. */
export const REASONING_EFFORT_TO_THINKING_LEVEL: Readonly<Record<ReasoningEffort, string | undefined>> = {
  none: undefined,
  minimal: 'MINIMAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
};

/** Which thinking control a model family takes: a level (Gemini 3+) or a token budget (Gemini 2.x). */
export const THINKING_CONTROL_BY_FAMILY: readonly { family: RegExp; control: 'level' | 'budget' }[] = [
  { family: /^gemini-(?:[3-9]|\d{2,})(?:[.-]|$)/, control: 'level' },
  { family: /./, control: 'budget' },
];

export function thinkingControlFor(model: string): 'level' | 'budget' {
  return THINKING_CONTROL_BY_FAMILY.find((row) => row.family.test(model))!.control;
}

// ------------------------------------------------------------------ tools

/** OpenAI tool_choice string → Gemini functionCallingConfig.mode (a named function is ANY + allowedFunctionNames). */
export const TOOL_CHOICE_MODES: Readonly<Record<'none' | 'auto' | 'required', string>> = {
  none: 'NONE',
  auto: 'AUTO',
  required: 'ANY',
};

/** With every declared tool `strict: true`, "auto" asks Gemini to validate calls against the schemas. */
export const STRICT_TOOL_CHOICE_MODES: Readonly<Record<'none' | 'auto' | 'required', string>> = {
  none: 'NONE',
  auto: 'VALIDATED',
  required: 'ANY',
};

// ------------------------------------------------------------------ media

/** OpenAI input_audio.format → the IANA type Gemini takes in inlineData. */
export const AUDIO_FORMAT_MIME: Readonly<Record<string, string>> = {
  wav: 'audio/wav',
  mp3: 'audio/mp3',
};

/** File extension → media type, for URLs and file names that carry no type of their own. */
export const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', heic: 'image/heic', heif: 'image/heif',
  pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', html: 'text/html',
  wav: 'audio/wav', mp3: 'audio/mp3', aac: 'audio/aac', ogg: 'audio/ogg', flac: 'audio/flac', aiff: 'audio/aiff',
  mp4: 'video/mp4', mpeg: 'video/mpeg', mov: 'video/mov', avi: 'video/avi', webm: 'video/webm', wmv: 'video/wmv', flv: 'video/x-flv', '3gp': 'video/3gpp',
};

export function mimeFromName(name: string): string | undefined {
  const path = name.split(/[?#]/, 1)[0]!;
  const dot = path.lastIndexOf('.');
  return dot === -1 ? undefined : MIME_BY_EXTENSION[path.slice(dot + 1).toLowerCase()];
}

/** OpenAI image_url.detail → generationConfig.mediaResolution ("auto" leaves the model's default). */
export const IMAGE_DETAIL_RESOLUTION: Readonly<Record<string, string | undefined>> = {
  auto: undefined,
  low: 'MEDIA_RESOLUTION_LOW',
  high: 'MEDIA_RESOLUTION_HIGH',
};

// ------------------------------------------------------------------ errors

/** Google canonical error status names → the gateway's error code (statuses keep their HTTP code unless errors.ts says otherwise). */
export const GOOGLE_STATUS_CODES: Readonly<Record<string, string>> = {
  INVALID_ARGUMENT: 'invalid_argument',
  FAILED_PRECONDITION: 'failed_precondition',
  OUT_OF_RANGE: 'out_of_range',
  NOT_FOUND: 'model_not_found',
  ALREADY_EXISTS: 'already_exists',
  ABORTED: 'aborted',
  RESOURCE_EXHAUSTED: 'rate_limit_exceeded',
  UNAUTHENTICATED: 'upstream_auth_failed',
  PERMISSION_DENIED: 'upstream_auth_failed',
  UNAVAILABLE: 'overloaded',
  INTERNAL: 'upstream_error',
  UNKNOWN: 'upstream_error',
  DEADLINE_EXCEEDED: 'upstream_timeout',
  CANCELLED: 'upstream_error',
  UNIMPLEMENTED: 'upstream_error',
  DATA_LOSS: 'upstream_error',
};

/** ErrorInfo reasons that mean the account's credentials were refused, whatever the HTTP status (Gemini answers a bad key with 400). */
export const AUTH_FAILURE_REASONS: ReadonlySet<string> = new Set(['API_KEY_INVALID', 'API_KEY_SERVICE_BLOCKED', 'API_KEY_HTTP_REFERRER_BLOCKED', 'ACCESS_TOKEN_EXPIRED', 'ACCESS_TOKEN_TYPE_UNSUPPORTED']);

// ------------------------------------------------------------------ request parameters

/**
 * Every top-level parameter of OpenAI's chat request and what the Gemini translation does with it.
 * `mapped` parameters are translated by request.ts; a `rejected` one is answered 400 naming it (with
 * the reason) unless it is absent, null or the value in `unless` (OpenAI's default, which asks nothing).
 * Parameters not listed are unknown and rejected too.
 */
export const REQUEST_PARAMETERS: Readonly<Record<string, { mapped: string } | { rejected: string; unless?: unknown }>> = {
  model: { mapped: 'the URL path (models/{model})' },
  messages: { mapped: 'contents + systemInstruction' },
  stream: { mapped: 'streamGenerateContent?alt=sse' },
  stream_options: { mapped: 'include_usage → the final usage chunk' },
  tools: { mapped: 'tools[].functionDeclarations' },
  tool_choice: { mapped: 'toolConfig.functionCallingConfig' },
  parallel_tool_calls: { mapped: 'true is Gemini\'s behaviour; false is rejected (Gemini has no switch for it)' },
  response_format: { mapped: 'generationConfig.responseMimeType / responseJsonSchema' },
  n: { mapped: 'generationConfig.candidateCount' },
  stop: { mapped: 'generationConfig.stopSequences' },
  max_tokens: { mapped: 'generationConfig.maxOutputTokens' },
  max_completion_tokens: { mapped: 'generationConfig.maxOutputTokens' },
  temperature: { mapped: 'generationConfig.temperature' },
  top_p: { mapped: 'generationConfig.topP' },
  top_k: { mapped: 'generationConfig.topK' },
  presence_penalty: { mapped: 'generationConfig.presencePenalty' },
  frequency_penalty: { mapped: 'generationConfig.frequencyPenalty' },
  seed: { mapped: 'generationConfig.seed' },
  reasoning_effort: { mapped: 'generationConfig.thinkingConfig' },
  logprobs: { rejected: 'token log probabilities are not translated from Gemini by this gateway', unless: false },
  top_logprobs: { rejected: 'token log probabilities are not translated from Gemini by this gateway' },
  logit_bias: { rejected: 'Gemini has no logit bias' },
  user: { rejected: 'Gemini has no end-user identifier field' },
  safety_identifier: { rejected: 'Gemini has no end-user identifier field' },
  metadata: { rejected: 'Gemini does not store completions with metadata' },
  store: { rejected: 'Gemini does not store completions', unless: false },
  service_tier: { rejected: 'Gemini has no service tier selection on generateContent', unless: 'auto' },
  verbosity: { rejected: 'Gemini has no verbosity control' },
  prompt_cache_key: { rejected: 'Gemini caches prompt prefixes implicitly, without a cache key' },
  prompt_cache_retention: { rejected: 'Gemini\'s implicit cache retention is not selectable per request' },
  modalities: { rejected: 'only text output is translated', unless: ['text'] },
  audio: { rejected: 'audio output is not translated' },
  prediction: { rejected: 'Gemini has no predicted outputs' },
  web_search_options: { rejected: 'Google Search grounding is not translated from web_search_options' },
};
