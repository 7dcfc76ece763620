/** Placeholder until the vertex translator lands (issue 5). */
import { notImplemented, type ChatAdapter } from '../adapter.ts';

export const vertexChat: ChatAdapter = notImplemented('vertex');
