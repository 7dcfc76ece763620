/**
 * POST /embeddings: OpenAI's request passed through with the bare model (OpenAI: `/embeddings`; Azure
 * OpenAI: the deployment route). Cost from `usage.prompt_tokens`.
 */
import { jsonEndpoint } from './endpoint.ts';
import { isRecord } from './forward.ts';

export const createEmbeddings = jsonEndpoint({
  endpoint: { api: 'embeddings', label: 'POST /embeddings', modelBound: true },
  path: '/embeddings',
  relay: {
    usage: (json) => {
      const tokens = isRecord(json) && isRecord(json.usage) ? json.usage.prompt_tokens : undefined;
      return typeof tokens === 'number' ? { inputTokens: tokens } : undefined;
    },
  },
});
