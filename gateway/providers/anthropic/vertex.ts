/**
 * Claude on Vertex AI: the same Anthropic Messages translation, sent to Vertex's publisher endpoint
 *   POST {base}/v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict
 *   (…:streamRawPredict when streaming)
 * with `Authorization: Bearer <access token>`, no `model` in the body (it is in the URL) and
 * `anthropic_version: "vertex-2023-10-16"` in the body instead of a header (Vertex's Claude guide).
 * The Vertex adapter calls this for claude-* models of vertex accounts.
 */
import { InternalError } from '../../errors.ts';
import type { ChatAdapter } from '../adapter.ts';
import { runTranslatedChat } from '../driver.ts';
import { createAnthropicTranslator, type AnthropicTransport } from './index.ts';
import { VERTEX_ANTHROPIC_VERSION, vertexModelId } from './mappings.ts';

export const vertexClaudeTransport: AnthropicTransport = {
  label: 'Claude on Vertex AI',
  toHttp: (messagesBody, ctx) => {
    const { baseURL, project, region, apiKey, name } = ctx.account;
    if (!project || !region) {
      throw new InternalError(`Vertex account "${name}" has no project or region to call Claude with.`); // config.ts requires both
    }
    const model = encodeURIComponent(vertexModelId(ctx.model)).replaceAll('%40', '@');
    const method = ctx.stream ? 'streamRawPredict' : 'rawPredict';
    return {
      url: `${baseURL}/v1/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(region)}/publishers/anthropic/models/${model}:${method}`,
      headers: {
        'content-type': 'application/json',
        accept: ctx.stream ? 'text/event-stream' : 'application/json',
        authorization: `Bearer ${apiKey}`,
      },
      body: JSON.stringify({ anthropic_version: VERTEX_ANTHROPIC_VERSION, ...messagesBody }),
    };
  },
};

export const vertexClaudeTranslator = createAnthropicTranslator(vertexClaudeTransport);

export const anthropicVertexChat: ChatAdapter = (call) => runTranslatedChat(vertexClaudeTranslator, call);
