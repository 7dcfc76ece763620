/**
 * InvokeModel bodies for Amazon Nova models. Nova's native request is the Converse request's twin
 * (messages, system, inferenceConfig, toolConfig; bytes base64 in JSON), with Nova's own names for a few
 * settings: `inferenceConfig.max_new_tokens` / `top_p` / `top_k` (Nova 1) next to `maxTokens` / `topP` /
 * `topK`, `schemaVersion: "messages-v1"`, and `reasoningConfig` at the top level (Nova 2). So the body is
 * renamed into Converse's form and read by the Converse reader; keys Nova does not know are refused by
 * Bedrock's schema check first. Deviation: problems deeper in the body are worded as Converse words them.
 */
import { parseConverseRequest, type ParsedConverse } from './converse-request.ts';
import { errors, type BedrockError } from './errors.ts';
import type { CapabilityGate } from './features.ts';
import type { BedrockModel } from './models.ts';

const TOP_LEVEL = new Set(['schemaVersion', 'messages', 'system', 'inferenceConfig', 'toolConfig', 'reasoningConfig']);

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

export function parseNovaRequest(body: unknown, model: BedrockModel, stream: boolean, gate: CapabilityGate): ParsedConverse | BedrockError {
  const b = obj(body);
  if (!b) return errors.validation('Malformed input request: #: expected type: JSONObject, please reformat your input and try again.');
  const extraneous = Object.keys(b).filter((k) => !TOP_LEVEL.has(k));
  if (extraneous.length) {
    return errors.validation(`Malformed input request: ${extraneous.map((k) => `#: extraneous key [${k}] is not permitted`).join('')}, please reformat your input and try again.`);
  }
  if (b.schemaVersion !== undefined && b.schemaVersion !== 'messages-v1') {
    return errors.validation(`Malformed input request: #/schemaVersion: ${String(b.schemaVersion)} is not a valid enum value, please reformat your input and try again.`);
  }
  const inference = obj(b.inferenceConfig) ?? {};
  const converseInference: Json = {};
  const maxTokens = inference.maxTokens ?? inference.max_new_tokens;
  if (maxTokens !== undefined) converseInference.maxTokens = maxTokens;
  if (inference.temperature !== undefined) converseInference.temperature = inference.temperature;
  const topP = inference.topP ?? inference.top_p;
  if (topP !== undefined) converseInference.topP = topP;
  if (inference.stopSequences !== undefined) converseInference.stopSequences = inference.stopSequences;
  const extra: Json = {};
  const topK = inference.topK ?? inference.top_k;
  if (topK !== undefined) extra.inferenceConfig = { topK };
  if (b.reasoningConfig !== undefined) extra.reasoningConfig = b.reasoningConfig;
  const converse: Json = {
    messages: b.messages, inferenceConfig: converseInference,
    ...(b.system !== undefined ? { system: b.system } : {}),
    ...(b.toolConfig !== undefined ? { toolConfig: b.toolConfig } : {}),
    ...(Object.keys(extra).length ? { additionalModelRequestFields: extra } : {}),
  };
  const parsed = parseConverseRequest(converse, model, stream, gate);
  if (!('conversation' in parsed)) return parsed;
  parsed.use.api = 'nova';
  return parsed;
}
