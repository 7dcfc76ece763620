/** Placeholder until the azure-openai translator lands (issue 5). */
import { notImplemented, type ChatAdapter } from '../adapter.ts';

export const azureOpenAIChat: ChatAdapter = notImplemented('azure-openai');
