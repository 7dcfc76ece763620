/**
 * Which request features Bedrock lets through, for a model, honouring the seed-001 capability matrix
 * (spec/capabilities.ts). A feature is offered when the matrix says the provider offers its column AND
 * the model supports it; otherwise the request is refused exactly the way Bedrock refuses a model that
 * lacks it — so flipping a matrix cell to "unsupported" makes every model refuse that feature.
 *
 * Matrix column ↔ what a Bedrock request asks for:
 *   stream            ConverseStream, InvokeModelWithResponseStream
 *   non_stream        Converse, InvokeModel
 *   tools             toolConfig (Converse, Nova native), `tools` (Anthropic native)
 *   prompt_caching    cachePoint blocks (Converse, Nova native), `cache_control` (Anthropic native)
 *   reasoning         `thinking` / `reasoning_config` (Anthropic), `reasoningConfig` (Nova)
 *   structured_output outputConfig.textFormat, `output_config.format`, strict tool use (AWS's "structured outputs")
 *   schema_mode       also required by a JSON-schema output format (outputConfig.textFormat / output_config.format)
 *   json_mode         no wire feature of its own: Bedrock has no JSON-object mode, so nothing to refuse here
 */
import { providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { errors, type BedrockError } from './errors.ts';
import type { BedrockModel } from './models.ts';

/** Whether the provider offers a matrix column (default: spec/capabilities.yaml's Bedrock row). */
export type CapabilityGate = (column: CapabilityColumn) => boolean;

export const matrixGate: CapabilityGate = (column) => providerOffers('bedrock', column);

/** The features one request uses, whatever its wire format. */
export interface FeatureUse {
  api: 'converse' | 'anthropic' | 'nova';
  stream: boolean;
  tools: boolean;
  toolChoice?: 'auto' | 'any' | 'tool' | 'none';
  images: boolean;
  documents: boolean;
  cachePoints: number;
  /** The request field that asks for reasoning (`thinking`, `reasoning_config`, `reasoningConfig`). */
  reasoningField?: string;
  /** The request field that asks for a JSON-schema answer. */
  outputFormatField?: string;
  /** Indices of tools marked `strict`. */
  strictTools: number[];
}

const CACHE_REFUSAL = 'You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.';

/** A model-native field the model does not know: Anthropic's wording, or Bedrock's schema check for others. */
function extraInput(model: BedrockModel, field: string): BedrockError {
  if (model.family === 'anthropic') return errors.validation(`${field}: Extra inputs are not permitted`);
  const key = field.split('.').pop()!;
  return errors.validation(`Malformed input request: #: extraneous key [${key}] is not permitted, please reformat your input and try again.`);
}

function unsupportedField(field: string): BedrockError {
  return errors.validation(`This model doesn't support the ${field} field. Remove ${field} and try again.`);
}

/** The refusal Bedrock answers for the first feature not offered, or null. */
export function featureRefusal(use: FeatureUse, model: BedrockModel, gate: CapabilityGate): BedrockError | null {
  const offers = (column: CapabilityColumn, byModel: boolean) => byModel && gate(column);
  if (use.stream && !offers('stream', model.streaming)) return errors.validation('The model is unsupported for streaming.');
  if (!use.stream && !offers('non_stream', true)) return errors.validation('The model is unsupported for non-streaming invocation.');
  if (use.tools) {
    if (!offers('tools', model.tools)) return errors.validation("This model doesn't support tool use.");
    if (use.stream && !model.streamingTools) return errors.validation("This model doesn't support tool use in streaming mode.");
    const choice = use.toolChoice;
    if (use.api === 'converse' && choice && choice !== 'none' && !model.toolChoice.includes(choice)) {
      return unsupportedField(`toolConfig.toolChoice.${choice}`);
    }
  }
  if (use.images && !model.images) {
    return errors.validation("This model doesn't support the image content block that you provided. Try again with a supported content block.");
  }
  if (use.documents && !model.documents) {
    return errors.validation("This model doesn't support the document content block that you provided. Try again with a supported content block.");
  }
  if (use.cachePoints > 0 && !offers('prompt_caching', model.cacheMinTokens !== undefined)) return errors.validation(CACHE_REFUSAL);
  if (use.reasoningField && !offers('reasoning', model.reasoning === 'configurable')) return extraInput(model, use.reasoningField);
  if (use.outputFormatField && !(offers('structured_output', model.structuredOutput) && gate('schema_mode'))) {
    return use.api === 'converse' ? unsupportedField(use.outputFormatField) : extraInput(model, use.outputFormatField);
  }
  if (use.strictTools.length && !offers('structured_output', model.structuredOutput)) {
    const i = use.strictTools[0]!;
    return use.api === 'converse' ? unsupportedField(`toolConfig.tools.${i}.toolSpec.strict`) : extraInput(model, `tools.${i}.strict`);
  }
  return null;
}
