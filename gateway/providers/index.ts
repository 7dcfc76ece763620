/**
 * Provider → chat adapter, for every provider of the capability matrix. Each adapter lives in its own
 * folder; OpenAI-compatible ones share a base with their quirks as data.
 */
import type { ProviderKind } from '../config.ts';
import type { ChatAdapter } from './adapter.ts';
import { anthropicChat } from './anthropic/index.ts';
import { azureOpenAIChat } from './azure-openai/index.ts';
import { bedrockChat } from './bedrock/index.ts';
import { cohereChat } from './cohere/index.ts';
import { geminiChat } from './gemini/index.ts';
import { openaiChat } from './openai/chat.ts';
import { openAICompatibleChat } from './openai-compatible/index.ts';
import { vertexChat } from './vertex/index.ts';

export const chatAdapters: Record<ProviderKind, ChatAdapter> = {
  openai: openaiChat,
  'azure-openai': azureOpenAIChat,
  anthropic: anthropicChat,
  bedrock: bedrockChat,
  vertex: vertexChat,
  cohere: cohereChat,
  gemini: geminiChat,
  ...openAICompatibleChat,
};
