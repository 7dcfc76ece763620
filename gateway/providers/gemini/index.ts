/** Placeholder until the gemini translator lands (issue 5). */
import { notImplemented, type ChatAdapter } from '../adapter.ts';

export const geminiChat: ChatAdapter = notImplemented('gemini');
