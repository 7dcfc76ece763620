/**
 * Default OpenAI accounts of the in-process target: `openai-main` enables a model for every API of seed
 * 000's table (chat, reasoning, embeddings, images, speech, transcription, moderation, realtime), priced
 * per million tokens / per image / per audio second like OpenAI's list prices, so cost tracking is
 * measurable; `openai-eu` is the EU regional endpoint (data residency: its requests must reach only
 * the EU upstream).
 */
import type { ModelConfig } from '../../gateway/config.ts';
import type { DefaultAccount } from './types.ts';

const OPENAI_MODELS: ModelConfig[] = [
  { name: 'gpt-4o-mini', pricing: { input: 0.15, output: 0.6, cached_input: 0.075 } },
  { name: 'gpt-4o', pricing: { input: 2.5, output: 10, cached_input: 1.25 } },
  { name: 'gpt-4.1-mini', pricing: { input: 0.4, output: 1.6, cached_input: 0.1 } },
  { name: 'o4-mini', pricing: { input: 1.1, output: 4.4, cached_input: 0.275 } },
  { name: 'text-embedding-3-small', pricing: { input: 0.02 } },
  { name: 'text-embedding-3-large', pricing: { input: 0.13 } },
  { name: 'gpt-image-1', pricing: { per_image: 0.042 } },
  { name: 'dall-e-2', pricing: { per_image: 0.02 } },
  { name: 'dall-e-3', pricing: { per_image: 0.04 } },
  { name: 'tts-1' },
  { name: 'gpt-4o-mini-tts' },
  { name: 'whisper-1', pricing: { per_audio_second: 0.0001 } },
  { name: 'gpt-4o-transcribe' },
  { name: 'omni-moderation-latest' },
  { name: 'gpt-4o-realtime-preview', pricing: { input: 5, output: 20, cached_input: 2.5, audio_input: 40, audio_output: 80 } },
];

export const openaiAccounts: DefaultAccount[] = [
  { upstream: 'openai', chatModel: 'openai-main/gpt-4o-mini', reasoningModel: 'openai-main/o4-mini', account: { name: 'openai-main', provider: 'openai', api_key: { value: 'sk-touchstone-openai-main-0001' }, models: OPENAI_MODELS } },
  { upstream: 'openai-eu', chatModel: 'openai-eu/gpt-4o-mini', account: { name: 'openai-eu', provider: 'openai', api_key: { value: 'sk-touchstone-openai-eu-0001' }, models: OPENAI_MODELS.filter((m) => ['gpt-4o-mini', 'text-embedding-3-small', 'gpt-image-1', 'dall-e-2', 'tts-1', 'whisper-1', 'omni-moderation-latest', 'gpt-4o-realtime-preview'].includes(m.name)) } },
];
