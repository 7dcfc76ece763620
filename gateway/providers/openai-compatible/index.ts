/** Placeholder until the OpenAI-compatible providers' adapters land (issue 5). */
import { notImplemented, type ChatAdapter } from '../adapter.ts';

export type OpenAICompatibleProvider = 'groq' | 'ai21' | 'cerebras' | 'sambanova' | 'perplexity' | 'together' | 'xai' | 'deepinfra';

export const openAICompatibleChat: Record<OpenAICompatibleProvider, ChatAdapter> = {
  groq: notImplemented('groq'), ai21: notImplemented('ai21'), cerebras: notImplemented('cerebras'), sambanova: notImplemented('sambanova'),
  perplexity: notImplemented('perplexity'), together: notImplemented('together'), xai: notImplemented('xai'), deepinfra: notImplemented('deepinfra'),
};
