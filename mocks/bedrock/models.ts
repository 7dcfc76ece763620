/**
 * The simulated Bedrock model catalogue and model-id resolution. A request names a model by base id
 * (`anthropic.claude-3-5-sonnet-20240620-v1:0`), by a cross-region inference profile (`us.`, `eu.`,
 * `apac.`, `global.` + base id) or by ARN (`arn:aws:bedrock:<region>::foundation-model/<id>`,
 * `arn:aws:bedrock:<region>:<account>:inference-profile/<profile id>`). Per model: what the Converse
 * API lets it do (taken from AWS's "supported models and model features" tables, simplified), its
 * limits, and whether it needs an inference profile (newer Claude models have no on-demand throughput).
 *
 * Unknown well-formed ids answer `The provided model identifier is invalid.` (400), as Bedrock does;
 * retired ids answer ResourceNotFoundException (404, end of life).
 */
import { errors, type BedrockError } from './errors.ts';

export type ModelFamily = 'anthropic' | 'nova' | 'meta' | 'mistral' | 'deepseek';
export type ToolChoiceKind = 'auto' | 'any' | 'tool';

export interface BedrockModel {
  id: string;
  family: ModelFamily;
  /** The name Anthropic's native responses carry (`claude-3-5-sonnet-20240620`). */
  nativeName: string;
  contextWindow: number;
  maxOutputTokens: number;
  /** Default `maxTokens` when a Converse request gives none. */
  defaultMaxTokens: number;
  streaming: boolean;
  tools: boolean;
  /** Tool use in ConverseStream (Llama and Mistral offer it only without streaming). */
  streamingTools: boolean;
  toolChoice: readonly ToolChoiceKind[];
  images: boolean;
  documents: boolean;
  systemPrompt: boolean;
  /** Extended thinking (`thinking` / `reasoning_config`, Nova's `reasoningConfig`), or reasoning it always emits. */
  reasoning: 'none' | 'configurable' | 'always';
  /** Minimum tokens before a cache checkpoint; absent when the model has no prompt caching. */
  cacheMinTokens?: number;
  /** `outputConfig.textFormat` and strict tool use (structured outputs). */
  structuredOutput: boolean;
  /** No on-demand throughput: only callable through an inference profile. */
  profileOnly: boolean;
}

type Row = Partial<BedrockModel> & Pick<BedrockModel, 'id' | 'family' | 'contextWindow' | 'maxOutputTokens'>;

const CLAUDE = { family: 'anthropic', streaming: true, tools: true, streamingTools: true, toolChoice: ['auto', 'any', 'tool'], images: true, documents: true, systemPrompt: true } as const;
const NOVA = { family: 'nova', streaming: true, tools: true, streamingTools: true, toolChoice: ['auto', 'any', 'tool'], systemPrompt: true, documents: true } as const;

const ROWS: Row[] = [
  { ...CLAUDE, id: 'anthropic.claude-3-haiku-20240307-v1:0', contextWindow: 200_000, maxOutputTokens: 4096 },
  { ...CLAUDE, id: 'anthropic.claude-3-5-sonnet-20240620-v1:0', contextWindow: 200_000, maxOutputTokens: 8192 },
  { ...CLAUDE, id: 'anthropic.claude-3-5-sonnet-20241022-v2:0', contextWindow: 200_000, maxOutputTokens: 8192 },
  { ...CLAUDE, id: 'anthropic.claude-3-5-haiku-20241022-v1:0', contextWindow: 200_000, maxOutputTokens: 8192, cacheMinTokens: 2048 },
  { ...CLAUDE, id: 'anthropic.claude-3-7-sonnet-20250219-v1:0', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: 'configurable', cacheMinTokens: 1024, profileOnly: true },
  { ...CLAUDE, id: 'anthropic.claude-sonnet-4-20250514-v1:0', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: 'configurable', cacheMinTokens: 1024, profileOnly: true },
  { ...CLAUDE, id: 'anthropic.claude-opus-4-20250514-v1:0', contextWindow: 200_000, maxOutputTokens: 32_000, reasoning: 'configurable', cacheMinTokens: 1024, profileOnly: true },
  { ...CLAUDE, id: 'anthropic.claude-opus-4-1-20250805-v1:0', contextWindow: 200_000, maxOutputTokens: 32_000, reasoning: 'configurable', cacheMinTokens: 1024, profileOnly: true },
  { ...CLAUDE, id: 'anthropic.claude-sonnet-4-5-20250929-v1:0', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: 'configurable', cacheMinTokens: 1024, structuredOutput: true, profileOnly: true },
  { ...CLAUDE, id: 'anthropic.claude-haiku-4-5-20251001-v1:0', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: 'configurable', cacheMinTokens: 2048, structuredOutput: true, profileOnly: true },
  { ...CLAUDE, id: 'anthropic.claude-opus-4-5-20251101-v1:0', contextWindow: 200_000, maxOutputTokens: 64_000, reasoning: 'configurable', cacheMinTokens: 1024, structuredOutput: true, profileOnly: true },
  { ...NOVA, id: 'amazon.nova-micro-v1:0', contextWindow: 128_000, maxOutputTokens: 10_000, cacheMinTokens: 1000 },
  { ...NOVA, id: 'amazon.nova-lite-v1:0', contextWindow: 300_000, maxOutputTokens: 10_000, images: true, cacheMinTokens: 1000 },
  { ...NOVA, id: 'amazon.nova-pro-v1:0', contextWindow: 300_000, maxOutputTokens: 10_000, images: true, cacheMinTokens: 1000 },
  { ...NOVA, id: 'amazon.nova-premier-v1:0', contextWindow: 1_000_000, maxOutputTokens: 32_000, images: true, profileOnly: true },
  { ...NOVA, id: 'amazon.nova-2-lite-v1:0', contextWindow: 1_000_000, maxOutputTokens: 65_536, images: true, reasoning: 'configurable', cacheMinTokens: 1000, profileOnly: true },
  { id: 'meta.llama3-8b-instruct-v1:0', family: 'meta', contextWindow: 8192, maxOutputTokens: 2048, streaming: true, systemPrompt: true },
  { id: 'meta.llama3-70b-instruct-v1:0', family: 'meta', contextWindow: 8192, maxOutputTokens: 2048, streaming: true, systemPrompt: true },
  { id: 'meta.llama3-1-70b-instruct-v1:0', family: 'meta', contextWindow: 128_000, maxOutputTokens: 2048, streaming: true, tools: true, toolChoice: ['auto'], systemPrompt: true },
  { id: 'meta.llama3-3-70b-instruct-v1:0', family: 'meta', contextWindow: 128_000, maxOutputTokens: 8192, streaming: true, tools: true, toolChoice: ['auto'], systemPrompt: true, profileOnly: true },
  { id: 'meta.llama4-maverick-17b-instruct-v1:0', family: 'meta', contextWindow: 1_000_000, maxOutputTokens: 8192, streaming: true, tools: true, toolChoice: ['auto'], systemPrompt: true, images: true, profileOnly: true },
  { id: 'mistral.mistral-large-2407-v1:0', family: 'mistral', contextWindow: 128_000, maxOutputTokens: 8192, streaming: true, tools: true, toolChoice: ['auto', 'any'], systemPrompt: true },
  { id: 'deepseek.r1-v1:0', family: 'deepseek', contextWindow: 128_000, maxOutputTokens: 32_768, streaming: true, systemPrompt: true, reasoning: 'always', profileOnly: true },
];

function complete(row: Row): BedrockModel {
  const nativeName = row.family === 'anthropic' ? row.id.replace(/^anthropic\./, '').replace(/-v\d+:\d+$/, '') : row.id;
  return {
    nativeName, defaultMaxTokens: Math.min(row.maxOutputTokens, row.family === 'anthropic' ? 4096 : 2048),
    streaming: false, tools: false, streamingTools: false, toolChoice: [], images: false, documents: false, systemPrompt: false,
    reasoning: 'none', structuredOutput: false, profileOnly: false, ...row,
  };
}

export const BEDROCK_MODELS: readonly BedrockModel[] = ROWS.map(complete);
const BY_ID = new Map(BEDROCK_MODELS.map((m) => [m.id, m]));

/** Retired base models: ResourceNotFoundException, end of life. */
const END_OF_LIFE = new Set(['anthropic.claude-v1', 'anthropic.claude-v2', 'anthropic.claude-v2:1', 'anthropic.claude-instant-v1']);

/** Cross-region inference profile geographies and the regions that may call them. */
const GEOGRAPHIES: Record<string, (region: string) => boolean> = {
  us: (r) => r.startsWith('us-'),
  eu: (r) => r.startsWith('eu-'),
  apac: (r) => r.startsWith('ap-'),
  global: () => true,
};

/** Bedrock's `modelId` pattern (a simplified form of the constraint in the API reference). */
const MODEL_ID_PATTERN = /^(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{0,12}:[a-z-]+\/[A-Za-z0-9.:/_-]+|[A-Za-z0-9][A-Za-z0-9.:_-]{0,255})$/;

export interface ResolvedModel {
  model: BedrockModel;
  /** The id as requested (after URL decoding). */
  requested: string;
  /** True when called through an inference profile. */
  viaProfile: boolean;
}

/** Resolve a request's model id for a simulator serving `region`, or the error Bedrock answers. */
export function resolveModel(requested: string, region: string): ResolvedModel | BedrockError {
  if (!MODEL_ID_PATTERN.test(requested)) {
    return errors.constraints([{ path: 'modelId', value: requested, constraint: `Member must satisfy regular expression pattern: ${MODEL_ID_PATTERN.source}` }]);
  }
  let id = requested;
  const arn = /^arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]+):(\d*):(foundation-model|inference-profile)\/(.+)$/.exec(requested);
  if (arn) {
    if (arn[1] !== region) return errors.invalidModel();
    if (arn[3] === 'foundation-model' && arn[2]) return errors.invalidModel();
    id = arn[4]!;
  } else if (requested.startsWith('arn:')) {
    return errors.invalidModel();
  }
  if (END_OF_LIFE.has(id)) return errors.endOfLife();
  const geo = /^([a-z]+)\.(.+)$/.exec(id);
  if (geo && GEOGRAPHIES[geo[1]!] && BY_ID.has(geo[2]!)) {
    if (!GEOGRAPHIES[geo[1]!]!(region)) return errors.invalidModel();
    return { model: BY_ID.get(geo[2]!)!, requested, viaProfile: true };
  }
  const model = BY_ID.get(id);
  if (!model) return errors.invalidModel();
  if (model.profileOnly) return errors.onDemandUnsupported(id);
  return { model, requested, viaProfile: false };
}
