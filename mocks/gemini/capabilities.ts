/**
 * The capability matrix (spec/capabilities.yaml, seed 001) honoured at request time. A column the
 * matrix marks `unsupported` for this provider is refused exactly the way Google refuses what an API
 * does not have, so a gateway sees the real failure mode:
 *
 * | column            | what expresses it in a request                          | refusal when not offered                         |
 * |-------------------|----------------------------------------------------------|--------------------------------------------------|
 * | stream            | the `:streamGenerateContent` method                      | Google's HTML 404 (no such method)               |
 * | non_stream        | the `:generateContent` method                            | Google's HTML 404                                |
 * | tools             | `tools`, `toolConfig`                                    | 400 "Unknown name … Cannot find field."           |
 * | json_mode         | `responseMimeType: "application/json"`                   | 400 "allowed mimetypes are …" (JSON not listed)  |
 * | schema_mode       | `responseSchema` (Google's OpenAPI-subset Schema)        | 400 unknown field                                |
 * | structured_output | `responseJsonSchema` (JSON Schema)                       | 400 unknown field                                |
 * | prompt_caching    | `cachedContent`, the cachedContents API, implicit hits   | 400 unknown field; 404; no cachedContentTokenCount|
 * | reasoning         | `thinkingConfig`; thoughts of thinking models            | 400 unknown field; answers carry no thoughts     |
 *
 * `matrixOffers(provider, overrides)` reads the matrix on every request (so a changed matrix applies
 * at once); `overrides` lets a test or a scenario pin a column without editing the matrix.
 */
import { CAPABILITY_COLUMNS, providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { patchDescriptor, type Descriptor, type FieldRef } from './proto.ts';

export type Offers = (column: CapabilityColumn) => boolean;
export type CapabilityOverrides = Partial<Record<CapabilityColumn, boolean>>;

/** Request fields that exist only while their column is offered. */
export const FEATURE_FIELDS: Readonly<Record<CapabilityColumn, readonly FieldRef[]>> = {
  stream: [],
  non_stream: [],
  tools: ['GenerateContentRequest.tools', 'GenerateContentRequest.tool_config', 'CachedContent.tools', 'CachedContent.tool_config'],
  json_mode: [],
  schema_mode: ['GenerationConfig.response_schema'],
  structured_output: ['GenerationConfig.response_json_schema'],
  prompt_caching: ['GenerateContentRequest.cached_content'],
  reasoning: ['GenerationConfig.thinking_config'],
};

export function matrixOffers(provider: 'gemini' | 'vertex', overrides: CapabilityOverrides = {}): Offers {
  return (column) => overrides[column] ?? providerOffers(provider, column);
}

/** The MIME types `responseMimeType` accepts; JSON only while json_mode is offered. */
export function allowedMimeTypes(offers: Offers): string[] {
  return ['text/plain', ...(offers('json_mode') ? ['application/json'] : []), 'text/x.enum'];
}

/** `base` without the fields of every column not offered. */
export function descriptorFor(base: Descriptor, offers: Offers): Descriptor {
  const remove = CAPABILITY_COLUMNS.filter((c) => !offers(c)).flatMap((c) => FEATURE_FIELDS[c]);
  return remove.length ? patchDescriptor(base, { remove }) : base;
}
