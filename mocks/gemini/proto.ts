/**
 * The request messages of generateContent / countTokens / cachedContents, as data: field names
 * (snake_case, as the protos spell them; JSON may use lowerCamel too), types, repetition, oneofs.
 * proto-check.ts walks a JSON body against it and answers exactly the way Google's proto-JSON front end
 * does: an unknown field is a 400 "Unknown name … Cannot find field.", a wrong type is a 400 "Invalid
 * value at '…' (TYPE_…)". Deep messages the simulator does not interpret (speech, image, retrieval,
 * search configs) are `any`. Vertex's extra fields are patched in by its dialect; a capability the
 * provider does not offer is removed from the descriptor (capabilities.ts), so it is refused the same way.
 */

export type Scalar = 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'float' | 'double' | 'struct' | 'value' | 'any';
export type FieldType = Scalar | { enum: string; values: readonly string[] } | { message: string } | { map: FieldType };
export interface FieldDef { type: FieldType; repeated?: boolean; oneof?: string }
export type MessageDef = Record<string, FieldDef>;
export type Descriptor = Record<string, MessageDef>;

const s: FieldDef = { type: 'string' };
const b: FieldDef = { type: 'bool' };
const i32: FieldDef = { type: 'int32' };
const i64: FieldDef = { type: 'int64' };
const f: FieldDef = { type: 'float' };
const any: FieldDef = { type: 'any' };
const strings: FieldDef = { type: 'string', repeated: true };
const msg = (message: string, repeated = false): FieldDef => ({ type: { message }, ...(repeated ? { repeated } : {}) });
const oneof = (type: FieldType): FieldDef => ({ type, oneof: 'data' });
const enumOf = (name: string, ...values: string[]): FieldDef => ({ type: { enum: name, values } });

const HARM_CATEGORIES = [
  'HARM_CATEGORY_UNSPECIFIED', 'HARM_CATEGORY_DEROGATORY', 'HARM_CATEGORY_TOXICITY', 'HARM_CATEGORY_VIOLENCE',
  'HARM_CATEGORY_SEXUAL', 'HARM_CATEGORY_MEDICAL', 'HARM_CATEGORY_DANGEROUS', 'HARM_CATEGORY_HARASSMENT',
  'HARM_CATEGORY_HATE_SPEECH', 'HARM_CATEGORY_SEXUALLY_EXPLICIT', 'HARM_CATEGORY_DANGEROUS_CONTENT',
  'HARM_CATEGORY_CIVIC_INTEGRITY', 'HARM_CATEGORY_IMAGE_HATE', 'HARM_CATEGORY_IMAGE_DANGEROUS_CONTENT',
  'HARM_CATEGORY_IMAGE_HARASSMENT', 'HARM_CATEGORY_IMAGE_SEXUALLY_EXPLICIT', 'HARM_CATEGORY_JAILBREAK',
];
const THRESHOLDS = ['HARM_BLOCK_THRESHOLD_UNSPECIFIED', 'BLOCK_LOW_AND_ABOVE', 'BLOCK_MEDIUM_AND_ABOVE', 'BLOCK_ONLY_HIGH', 'BLOCK_NONE', 'OFF'];

/** The Gemini API (v1beta) request messages. */
export const GEMINI_DESCRIPTOR: Descriptor = {
  GenerateContentRequest: {
    model: s, contents: msg('Content', true), system_instruction: msg('Content'), tools: msg('Tool', true),
    tool_config: msg('ToolConfig'), safety_settings: msg('SafetySetting', true), generation_config: msg('GenerationConfig'),
    cached_content: s, labels: { type: { map: 'string' } }, service_tier: any, store: b,
  },
  CountTokensRequest: { contents: msg('Content', true), generate_content_request: msg('GenerateContentRequest') },
  CachedContent: {
    name: s, display_name: s, model: s, contents: msg('Content', true), system_instruction: msg('Content'),
    tools: msg('Tool', true), tool_config: msg('ToolConfig'), ttl: s, expire_time: s,
  },
  Content: { role: s, parts: msg('Part', true) },
  Part: {
    text: oneof('string'), inline_data: oneof({ message: 'Blob' }), function_call: oneof({ message: 'FunctionCall' }),
    function_response: oneof({ message: 'FunctionResponse' }), file_data: oneof({ message: 'FileData' }),
    executable_code: oneof('any'), code_execution_result: oneof('any'), tool_call: oneof('any'), tool_response: oneof('any'),
    thought: b, thought_signature: { type: 'bytes' }, video_metadata: any, part_metadata: { type: 'struct' }, media_resolution: any,
  },
  Blob: { mime_type: s, data: { type: 'bytes' } },
  FileData: { mime_type: s, file_uri: s },
  FunctionCall: { id: s, name: s, args: { type: 'struct' } },
  FunctionResponse: {
    id: s, name: s, response: { type: 'struct' }, parts: { type: 'any', repeated: true }, will_continue: b,
    scheduling: enumOf('FunctionResponse.Scheduling', 'SCHEDULING_UNSPECIFIED', 'SILENT', 'WHEN_IDLE', 'INTERRUPT'),
  },
  Tool: {
    function_declarations: msg('FunctionDeclaration', true), google_search_retrieval: any, code_execution: any,
    google_search: any, url_context: any, computer_use: any, file_search: any, google_maps: any, mcp_servers: { type: 'any', repeated: true },
  },
  FunctionDeclaration: {
    name: s, description: s, parameters: msg('Schema'), parameters_json_schema: { type: 'value' },
    response: msg('Schema'), response_json_schema: { type: 'value' },
    behavior: enumOf('FunctionDeclaration.Behavior', 'UNSPECIFIED', 'BLOCKING', 'NON_BLOCKING'),
  },
  Schema: {
    type: enumOf('Type', 'TYPE_UNSPECIFIED', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL'),
    format: s, title: s, description: s, nullable: b, enum: strings, max_items: i64, min_items: i64,
    properties: { type: { map: { message: 'Schema' } } }, required: strings, min_properties: i64, max_properties: i64,
    min_length: i64, max_length: i64, pattern: s, example: { type: 'value' }, any_of: msg('Schema', true),
    property_ordering: strings, default: { type: 'value' }, items: msg('Schema'), minimum: { type: 'double' }, maximum: { type: 'double' },
  },
  ToolConfig: { function_calling_config: msg('FunctionCallingConfig'), retrieval_config: any, include_server_side_tool_invocations: b },
  FunctionCallingConfig: {
    mode: enumOf('FunctionCallingConfig.Mode', 'MODE_UNSPECIFIED', 'AUTO', 'ANY', 'NONE', 'VALIDATED'),
    allowed_function_names: strings,
  },
  SafetySetting: { category: enumOf('HarmCategory', ...HARM_CATEGORIES), threshold: enumOf('SafetySetting.HarmBlockThreshold', ...THRESHOLDS) },
  GenerationConfig: {
    candidate_count: i32, stop_sequences: strings, max_output_tokens: i32, temperature: f, top_p: f, top_k: i32, seed: i32,
    response_mime_type: s, response_schema: msg('Schema'), response_json_schema: { type: 'value' },
    presence_penalty: f, frequency_penalty: f, response_logprobs: b, logprobs: i32, enable_enhanced_civic_answers: b,
    response_modalities: { type: { enum: 'GenerationConfig.Modality', values: ['MODALITY_UNSPECIFIED', 'TEXT', 'IMAGE', 'AUDIO'] }, repeated: true },
    speech_config: any, thinking_config: msg('ThinkingConfig'), media_resolution: any, image_config: any,
  },
  ThinkingConfig: {
    include_thoughts: b, thinking_budget: i32,
    thinking_level: enumOf('ThinkingConfig.ThinkingLevel', 'THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH'),
  },
};

/** A field addressed as `Message.field`. */
export type FieldRef = `${string}.${string}`;

export interface DescriptorPatch {
  add?: Record<string, MessageDef>;
  remove?: readonly FieldRef[];
}

/** A copy of `base` with fields added (new messages allowed) and removed. */
export function patchDescriptor(base: Descriptor, patch: DescriptorPatch): Descriptor {
  const out: Descriptor = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, { ...v }]));
  for (const [name, fields] of Object.entries(patch.add ?? {})) out[name] = { ...(out[name] ?? {}), ...fields };
  for (const ref of patch.remove ?? []) {
    const dot = ref.indexOf('.');
    const message = out[ref.slice(0, dot)];
    if (message) delete message[ref.slice(dot + 1)];
  }
  return out;
}

export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const camelCase = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export { i32, i64, s as stringField, b as boolField, any as anyField, enumOf };
