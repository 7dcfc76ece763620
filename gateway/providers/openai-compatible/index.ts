/**
 * Chat adapters of the eight OpenAI-compatible providers (Groq, AI21, Cerebras, SambaNova, Perplexity,
 * Together, xAI, DeepInfra): one shared translator (request.ts, response.ts, stream.ts, errors.ts)
 * driven by each provider's documented quirks as data (quirks.ts), run by the shared driver.
 */
import type { ChatAdapter } from '../adapter.ts';
import { runTranslatedChat } from '../driver.ts';
import { OPENAI_COMPATIBLE_PROVIDERS, PROVIDER_QUIRKS, type OpenAICompatibleProvider } from './quirks.ts';
import { createTranslator } from './translator.ts';

export type { OpenAICompatibleProvider } from './quirks.ts';

export function openAICompatibleAdapter(provider: OpenAICompatibleProvider): ChatAdapter {
  const quirks = PROVIDER_QUIRKS[provider];
  return (call) => runTranslatedChat(createTranslator(quirks, call.body), call);
}

export const openAICompatibleChat = Object.fromEntries(
  OPENAI_COMPATIBLE_PROVIDERS.map((provider) => [provider, openAICompatibleAdapter(provider)]),
) as Record<OpenAICompatibleProvider, ChatAdapter>;
