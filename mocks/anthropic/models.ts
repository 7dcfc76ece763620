/**
 * The Claude models the simulator knows, as data from Anthropic's models overview and feature pages:
 * API id and aliases, the Vertex AI model id, context window and maximum output (and what a beta header
 * raises them to), the minimum cacheable prompt length for prompt caching, which thinking modes the model
 * accepts, whether it offers structured outputs, and the size of the tool-use system prompt (tool use
 * docs: tokens added per request with tools, by tool_choice). An unknown model is a 404 not_found_error.
 */

export type ThinkingSupport = 'none' | 'enabled' | 'adaptive';

export interface ClaudeModel {
  /** The id responses report (dated snapshot, or the bare id for models without snapshots). */
  id: string;
  aliases: readonly string[];
  /** Model id on Vertex AI (`claude-sonnet-4-5@20250929`). */
  vertexId: string;
  contextWindow: number;
  /** Context window with the `context-1m-2025-08-07` beta, when the model offers it. */
  contextWindow1m?: number;
  maxOutput: number;
  /** Maximum output with the `output-128k-2025-02-19` beta (Claude Sonnet 3.7). */
  maxOutputBeta?: number;
  /** Minimum cacheable prompt length in tokens. */
  minCacheTokens: number;
  /** `enabled`: manual extended thinking; `adaptive`: also `thinking: {type: "adaptive"}`. */
  thinking: ThinkingSupport;
  structuredOutputs: boolean;
  /** Tool-use system prompt tokens: [auto or none, any or tool]. */
  toolPromptTokens: readonly [number, number];
}

const CLAUDE_4_TOOLS = [346, 313] as const;
const CLAUDE_3_TOOLS = [264, 340] as const;

export const CLAUDE_MODELS: readonly ClaudeModel[] = [
  { id: 'claude-opus-4-6', aliases: [], vertexId: 'claude-opus-4-6', contextWindow: 200_000, contextWindow1m: 1_000_000, maxOutput: 128_000,
    minCacheTokens: 4096, thinking: 'adaptive', structuredOutputs: true, toolPromptTokens: CLAUDE_4_TOOLS },
  { id: 'claude-sonnet-4-6', aliases: [], vertexId: 'claude-sonnet-4-6', contextWindow: 200_000, contextWindow1m: 1_000_000, maxOutput: 64_000,
    minCacheTokens: 1024, thinking: 'adaptive', structuredOutputs: true, toolPromptTokens: CLAUDE_4_TOOLS },
  { id: 'claude-opus-4-5-20251101', aliases: ['claude-opus-4-5'], vertexId: 'claude-opus-4-5@20251101', contextWindow: 200_000, maxOutput: 64_000,
    minCacheTokens: 4096, thinking: 'enabled', structuredOutputs: true, toolPromptTokens: CLAUDE_4_TOOLS },
  { id: 'claude-sonnet-4-5-20250929', aliases: ['claude-sonnet-4-5'], vertexId: 'claude-sonnet-4-5@20250929', contextWindow: 200_000,
    contextWindow1m: 1_000_000, maxOutput: 64_000, minCacheTokens: 1024, thinking: 'enabled', structuredOutputs: true, toolPromptTokens: CLAUDE_4_TOOLS },
  { id: 'claude-haiku-4-5-20251001', aliases: ['claude-haiku-4-5'], vertexId: 'claude-haiku-4-5@20251001', contextWindow: 200_000, maxOutput: 64_000,
    minCacheTokens: 4096, thinking: 'enabled', structuredOutputs: true, toolPromptTokens: CLAUDE_4_TOOLS },
  { id: 'claude-opus-4-1-20250805', aliases: ['claude-opus-4-1'], vertexId: 'claude-opus-4-1@20250805', contextWindow: 200_000, maxOutput: 32_000,
    minCacheTokens: 1024, thinking: 'enabled', structuredOutputs: false, toolPromptTokens: CLAUDE_4_TOOLS },
  { id: 'claude-opus-4-20250514', aliases: ['claude-opus-4-0'], vertexId: 'claude-opus-4@20250514', contextWindow: 200_000, maxOutput: 32_000,
    minCacheTokens: 1024, thinking: 'enabled', structuredOutputs: false, toolPromptTokens: CLAUDE_4_TOOLS },
  { id: 'claude-sonnet-4-20250514', aliases: ['claude-sonnet-4-0'], vertexId: 'claude-sonnet-4@20250514', contextWindow: 200_000,
    contextWindow1m: 1_000_000, maxOutput: 64_000, minCacheTokens: 1024, thinking: 'enabled', structuredOutputs: false, toolPromptTokens: CLAUDE_4_TOOLS },
  { id: 'claude-3-7-sonnet-20250219', aliases: ['claude-3-7-sonnet-latest'], vertexId: 'claude-3-7-sonnet@20250219', contextWindow: 200_000,
    maxOutput: 64_000, maxOutputBeta: 128_000, minCacheTokens: 1024, thinking: 'enabled', structuredOutputs: false, toolPromptTokens: CLAUDE_4_TOOLS },
  { id: 'claude-3-5-haiku-20241022', aliases: ['claude-3-5-haiku-latest'], vertexId: 'claude-3-5-haiku@20241022', contextWindow: 200_000,
    maxOutput: 8192, minCacheTokens: 2048, thinking: 'none', structuredOutputs: false, toolPromptTokens: CLAUDE_3_TOOLS },
  { id: 'claude-3-haiku-20240307', aliases: [], vertexId: 'claude-3-haiku@20240307', contextWindow: 200_000,
    maxOutput: 4096, minCacheTokens: 2048, thinking: 'none', structuredOutputs: false, toolPromptTokens: CLAUDE_3_TOOLS },
];

/** The model an API id or alias names. */
export function findClaudeModel(name: string): ClaudeModel | undefined {
  return CLAUDE_MODELS.find((m) => m.id === name || m.aliases.includes(name));
}

/** The model a Vertex AI model id names (`claude-sonnet-4-5@20250929`). */
export function findVertexClaudeModel(name: string): ClaudeModel | undefined {
  return CLAUDE_MODELS.find((m) => m.vertexId === name);
}

/** Betas (from `anthropic-beta`) that change a model's limits. */
export function effectiveLimits(model: ClaudeModel, betas: ReadonlySet<string>): { contextWindow: number; maxOutput: number } {
  return {
    contextWindow: betas.has('context-1m-2025-08-07') && model.contextWindow1m ? model.contextWindow1m : model.contextWindow,
    maxOutput: betas.has('output-128k-2025-02-19') && model.maxOutputBeta ? model.maxOutputBeta : model.maxOutput,
  };
}
