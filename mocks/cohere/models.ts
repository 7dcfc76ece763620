/**
 * The Cohere models the simulator serves (docs.cohere.com/docs/models): chat models with their output
 * ceiling and what they accept (tool_choice only on Command R7B and newer, thinking only on the
 * reasoning model, images only on the vision model), and the rerank models.
 */

export interface CohereChatModel {
  id: string;
  kind: 'chat';
  /** Largest `max_tokens` accepted. */
  maxOutputTokens: number;
  /** `tool_choice` accepted (Command R7B 12-2024 and newer). */
  toolChoice: boolean;
  /** Reasons by default; `thinking` accepted. */
  reasoning: boolean;
  /** Accepts `image_url` content. */
  vision: boolean;
  /** Accepts `tools`. */
  tools: boolean;
}

export interface CohereRerankModel {
  id: string;
  kind: 'rerank';
  /** Default (and largest) `max_tokens_per_doc`. */
  maxTokensPerDoc: number;
}

export type CohereModel = CohereChatModel | CohereRerankModel;

const chat = (id: string, maxOutputTokens: number, toolChoice: boolean, extra: Partial<CohereChatModel> = {}): CohereChatModel =>
  ({ id, kind: 'chat', maxOutputTokens, toolChoice, reasoning: false, vision: false, tools: true, ...extra });
const rerank = (id: string, maxTokensPerDoc = 4096): CohereRerankModel => ({ id, kind: 'rerank', maxTokensPerDoc });

export const COHERE_MODELS: readonly CohereModel[] = [
  chat('command-a-03-2025', 8000, true),
  chat('command-a-reasoning-08-2025', 32000, true, { reasoning: true }),
  chat('command-a-vision-07-2025', 8000, false, { vision: true, tools: false }),
  chat('command-r7b-12-2024', 4000, true),
  chat('command-r-plus-08-2024', 4000, false),
  chat('command-r-08-2024', 4000, false),
  chat('command-r-plus', 4000, false),
  chat('command-r', 4000, false),
  rerank('rerank-v3.5'),
  rerank('rerank-english-v3.0'),
  rerank('rerank-multilingual-v3.0'),
  rerank('rerank-v4.0-pro', 32768),
  rerank('rerank-v4.0-fast', 32768),
];

const byId = new Map(COHERE_MODELS.map((m) => [m.id, m]));

export function findCohereModel(id: string): CohereModel | undefined {
  return byId.get(id);
}
