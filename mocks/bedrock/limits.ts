/**
 * Model-level rules every request format shares once its shape is valid: the output budget against the
 * model's limit, extended thinking's constraints (budget ≥ 1024 and below `max_tokens`, temperature
 * left at 1, no forced tool use), at most four cache checkpoints, and reasoning settings read from
 * Anthropic's `thinking` / `reasoning_config` or Nova's `reasoningConfig`.
 */
import type { Conversation, ToolChoice } from './conversation.ts';
import { errors, type BedrockError } from './errors.ts';
import type { BedrockModel } from './models.ts';

const EXTENDED_THINKING_DOCS = 'https://docs.claude.com/en/docs/build-with-claude/extended-thinking';
const NOVA_EFFORT_BUDGET: Record<string, number> = { low: 512, medium: 1024, high: 2048 };

export function maxTokensProblem(requested: number | undefined, model: BedrockModel): BedrockError | null {
  if (requested === undefined || requested <= model.maxOutputTokens) return null;
  const limit = model.maxOutputTokens;
  return errors.validation(`The maximum tokens you requested exceeds the model limit of ${limit}. Try again with a maximum tokens value that is lower than ${limit}.`);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Reasoning asked for by a model-native settings object (Converse's additionalModelRequestFields or a
 * native body): `{ field, settings }` when the key is present, the budget when reasoning is enabled.
 */
export function readReasoning(fields: Record<string, unknown> | undefined):
  { field?: string; reasoning: Conversation['reasoning']; problem?: BedrockError } {
  if (!fields) return { reasoning: null };
  if (fields.reasoningConfig !== undefined) {
    const config = record(fields.reasoningConfig);
    const enabled = config?.type === 'enabled';
    const effort = typeof config?.maxReasoningEffort === 'string' ? config.maxReasoningEffort : 'low';
    return { field: 'reasoningConfig', reasoning: enabled ? { budgetTokens: NOVA_EFFORT_BUDGET[effort] ?? 512, redacted: true } : null };
  }
  const field = fields.thinking !== undefined ? 'thinking' : fields.reasoning_config !== undefined ? 'reasoning_config' : undefined;
  if (!field) return { reasoning: null };
  const config = record(fields[field]);
  if (config?.type !== 'enabled') return { field, reasoning: null };
  const budget = config.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget)) {
    return { field, reasoning: null, problem: errors.validation(`${field}.enabled.budget_tokens: Field required`) };
  }
  if (budget < 1024) {
    return { field, reasoning: null, problem: errors.validation(`${field}.enabled.budget_tokens: Input should be greater than or equal to 1024`) };
  }
  return { field, reasoning: { budgetTokens: budget, redacted: false } };
}

/** Extended thinking's constraints on the rest of the request (Anthropic models). */
export function thinkingProblem(conv: Conversation, model: BedrockModel, temperature: number | undefined): BedrockError | null {
  if (!conv.reasoning || model.family !== 'anthropic') return null;
  if (conv.maxTokens <= conv.reasoning.budgetTokens) {
    return errors.validation(`\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at ${EXTENDED_THINKING_DOCS}#max-tokens-and-context-window-size`);
  }
  if (temperature !== undefined && temperature !== 1) {
    return errors.validation(`\`temperature\` may only be set to 1 when thinking is enabled. Please consult our documentation at ${EXTENDED_THINKING_DOCS}#feature-compatibility`);
  }
  const forced: ToolChoice['kind'][] = ['any', 'tool'];
  if (conv.toolChoice && forced.includes(conv.toolChoice.kind)) return errors.validation('Thinking may not be enabled when tool_choice forces tool use.');
  return null;
}

export function countCachePoints(conv: Conversation): number {
  const inBlocks = [...conv.system, ...conv.messages.flatMap((m) => m.content)].filter((b) => b.kind === 'cachePoint').length;
  return inBlocks + conv.tools.filter((t) => 'kind' in t).length;
}

export function cachePointLimitProblem(count: number): BedrockError | null {
  return count > 4 ? errors.validation(`A maximum of 4 blocks with cache_control may be provided. Found ${count}.`) : null;
}
