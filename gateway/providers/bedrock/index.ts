/** Placeholder until the bedrock translator lands (issue 5). */
import { notImplemented, type ChatAdapter } from '../adapter.ts';

export const bedrockChat: ChatAdapter = notImplemented('bedrock');
