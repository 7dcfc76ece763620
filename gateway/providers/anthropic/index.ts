/** Placeholder until the anthropic translator lands (issue 5). */
import { notImplemented, type ChatAdapter } from '../adapter.ts';

export const anthropicChat: ChatAdapter = notImplemented('anthropic');
