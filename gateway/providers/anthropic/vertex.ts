/** Placeholder until the Anthropic translator lands: Claude on Vertex AI (rawPredict / streamRawPredict). */
import { notImplemented, type ChatAdapter } from '../adapter.ts';

export const anthropicVertexChat: ChatAdapter = notImplemented('vertex (Claude)');
