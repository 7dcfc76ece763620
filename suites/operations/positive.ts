/**
 * Which optional request properties the positive-acceptance checks generate, per operation, and why
 * only these: each is valid for the target's model whatever value its schema allows. Left out on
 * purpose are properties whose validity depends on something the schema cannot say — another
 * property (`top_logprobs` needs `logprobs`, `parallel_tool_calls` needs `tools`, `stream_options`
 * needs `stream`, chat `max_completion_tokens` next to the base's `max_tokens`), the model (image
 * `size`/`quality`/`n` and `response_format` differ between gpt-image-1 and dall-e-*, embedding
 * `dimensions`, speech `instructions`, transcription `diarized_json` — gpt-4o-transcribe-diarize only), the file's content (upload `purpose`), or a language code.
 * Caps keep generated runs small (few tokens, few images).
 */
import type { ValueCaps } from './arbitraries.ts';

export const POSITIVE: Record<string, Record<string, ValueCaps>> = {
  createChatCompletion: { temperature: {}, top_p: {}, presence_penalty: {}, frequency_penalty: {}, seed: { max: 1000 }, user: {}, n: { max: 2 }, stop: {}, logprobs: {} },
  createEmbeddings: { encoding_format: {}, user: {} },
  createResponse: { temperature: {}, top_p: {}, max_output_tokens: { min: 16, max: 64 }, user: {}, store: {}, truncation: {}, instructions: {} },
  generateImages: { user: {} },
  editImages: { n: { max: 2 }, response_format: {}, user: {} },
  createImageVariations: { n: { max: 2 }, response_format: {}, user: {} },
  createSpeech: { speed: {}, response_format: {} },
  createTranscription: { response_format: { exclude: ['diarized_json'] }, temperature: {}, prompt: {} },
  createTranslation: { response_format: {}, temperature: {}, prompt: {} },
  createModeration: { input: {} },
  createBatch: { metadata: {} },
  createFineTuningJob: { suffix: {}, seed: {}, metadata: {} },
  rerankDocuments: { top_n: { max: 2 }, return_documents: {} },
};
