/**
 * Vertex AI's differences from the Gemini API, as data for the shared Gemini core (mocks/gemini):
 * its request messages (aiplatform v1: `labels`, `audioTimestamp`, `routingConfig`, `retrieval` tools,
 * safety `method`, display names on media; no `store`, `fileSearch`, civic answers), a required
 * `role` on every content, answers shaped the Vertex way (`{role, parts}`, no `index: 0`, `createTime`,
 * `trafficType`, severity scores), Vertex's "Unable to submit request because …" wording, and its
 * fault bodies (429 "Resource exhausted…").
 */
import { GoogleError } from '../gemini/errors.ts';
import { vertexOutOfRange, type Dialect } from '../gemini/dialect.ts';
import { anyField, boolField, enumOf, GEMINI_DESCRIPTOR, patchDescriptor, stringField } from '../gemini/proto.ts';

const LEARN_MORE = 'Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini';

export const VERTEX_DESCRIPTOR = patchDescriptor(GEMINI_DESCRIPTOR, {
  add: {
    GenerateContentRequest: { model_armor_config: anyField },
    GenerationConfig: { audio_timestamp: boolField, routing_config: anyField, model_config: anyField },
    FunctionCall: { partial_args: { type: 'any', repeated: true }, will_continue: boolField },
    FunctionCallingConfig: { stream_function_call_arguments: boolField },
    Tool: { retrieval: anyField, enterprise_web_search: anyField, parallel_ai_search: anyField, exa_ai_search: anyField },
    Blob: { display_name: stringField },
    FileData: { display_name: stringField },
    SafetySetting: { method: enumOf('SafetySetting.HarmBlockMethod', 'HARM_BLOCK_METHOD_UNSPECIFIED', 'SEVERITY', 'PROBABILITY') },
    CountTokensRequest: {
      model: stringField, instances: { type: 'any', repeated: true }, system_instruction: { type: { message: 'Content' } },
      tools: { type: { message: 'Tool' }, repeated: true }, generation_config: { type: { message: 'GenerationConfig' } },
    },
    CachedContent: { encryption_spec: anyField, kms_key_name: stringField },
  },
  remove: [
    'GenerateContentRequest.store', 'GenerationConfig.enable_enhanced_civic_answers', 'Tool.file_search',
    'FunctionResponse.will_continue', 'CountTokensRequest.generate_content_request',
  ],
});

export const VERTEX_DIALECT: Dialect = {
  provider: 'vertex',
  typePrefix: 'google.cloud.aiplatform.v1.',
  descriptor: VERTEX_DESCRIPTOR,
  roleRequired: true,
  indexZero: false,
  roleFirst: true,
  vertexExtras: true,
  outOfRange: vertexOutOfRange,
  thinkingUnsupported: () => new GoogleError(400, `Unable to submit request because thinking is not supported by this model. ${LEARN_MORE}`),
  signatureMissing: (name, contentIndex) => new GoogleError(400,
    `Unable to submit request because function call \`${name}\` in the \`${contentIndex}. content block\` is missing a \`thought_signature\`. `
    + 'Learn more: https://cloud.google.com/vertex-ai/generative-ai/docs/thought-signatures'),
  faultAnswers: {
    429: { message: 'Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.' },
    500: { message: 'Internal error encountered.' },
    503: { message: 'The service is currently unavailable.' },
    504: { message: 'Deadline expired before operation could complete.' },
  },
};
