/**
 * Vertex AI chat adapter: Claude models (`claude-*`) go to Anthropic's Vertex adapter (rawPredict,
 * written with the Anthropic translator); every other model is a Google publisher model and goes to the
 * Gemini translator with Vertex's endpoint (gemini.ts).
 */
import type { ChatAdapter } from '../adapter.ts';
import { anthropicVertexChat } from '../anthropic/vertex.ts';
import { runTranslatedChat } from '../driver.ts';
import { vertexGeminiTranslator } from './gemini.ts';

/** Which Vertex publisher serves a model. */
export const isClaudeModel = (model: string): boolean => /^claude-/i.test(model);

export const vertexChat: ChatAdapter = (call) =>
  isClaudeModel(call.ctx.model) ? anthropicVertexChat(call) : runTranslatedChat(vertexGeminiTranslator, call);
