/** Placeholder until the cohere translator lands (issue 5). */
import { notImplemented, type ChatAdapter } from '../adapter.ts';

export const cohereChat: ChatAdapter = notImplemented('cohere');
