/**
 * Gemini API chat adapter: OpenAI chat completions translated to generateContent /
 * streamGenerateContent (translator.ts) and driven by the shared driver.
 */
import type { ChatAdapter } from '../adapter.ts';
import { runTranslatedChat } from '../driver.ts';
import { createGeminiTranslator, geminiApiEndpoint } from './translator.ts';

export const geminiTranslator = createGeminiTranslator(geminiApiEndpoint);

export const geminiChat: ChatAdapter = (call) => runTranslatedChat(geminiTranslator, call);
