/**
 * Validation of `generationConfig` against the model: numeric ranges (worded per dialect), stop
 * sequences, the response MIME type (JSON only while json_mode is offered), the response schema
 * (Google's structural rules: OBJECT needs properties, ARRAY needs items, `required` names defined
 * properties, `enum` only on STRING), and thinking (none on 2.0; a budget in the model's range on 2.5,
 * 0 only where thinking can be turned off; a level from the model's list on Gemini 3, never both).
 * Returns what the planner needs: output kind, candidate count, token limit, stops, thinking.
 */
import type { Dialect } from './dialect.ts';
import { GoogleError, type FieldViolation } from './errors.ts';
import type { GeminiModel, ThinkingLevel } from './models.ts';
import { allowedMimeTypes, type Offers } from './capabilities.ts';
import type { GenerationConfig, Schema } from './types.ts';

export type OutputSpec =
  | { kind: 'text' }
  | { kind: 'json'; schema?: { google: Schema } | { json: unknown } }
  | { kind: 'enum'; values: string[] };

export type ThinkingPlan =
  | { mode: 'off' }
  | { mode: 'dynamic'; includeThoughts: boolean }
  | { mode: 'budget'; budget: number; includeThoughts: boolean }
  | { mode: 'level'; level: ThinkingLevel; includeThoughts: boolean };

export interface ConfigPlan {
  candidateCount: number;
  maxOutputTokens: number | undefined;
  stopSequences: string[];
  output: OutputSpec;
  thinking: ThinkingPlan;
}

/** Google's structural rules for a Schema, recursively; problems land in `violations` under `path`. */
export function checkSchema(schema: Schema, path: string, violations: FieldViolation[]): void {
  const type = schema.type;
  if (type === 'OBJECT' && !schema.anyOf?.length && !Object.keys(schema.properties ?? {}).length) {
    violations.push({ field: `${path}.properties`, description: 'should be non-empty for OBJECT type' });
  }
  if (type === 'ARRAY' && !schema.items) violations.push({ field: `${path}.items`, description: 'missing field.' });
  if (schema.enum?.length && type && type !== 'STRING') violations.push({ field: `${path}.enum`, description: 'only allowed for STRING type' });
  (schema.required ?? []).forEach((name, i) => {
    if (!(name in (schema.properties ?? {}))) violations.push({ field: `${path}.required[${i}]`, description: 'property is not defined' });
  });
  for (const [key, child] of Object.entries(schema.properties ?? {})) checkSchema(child, `${path}.properties[${key}]`, violations);
  if (schema.items) checkSchema(schema.items, `${path}.items`, violations);
  (schema.anyOf ?? []).forEach((child, i) => checkSchema(child, `${path}.any_of[${i}]`, violations));
}

const RANGES: readonly [keyof GenerationConfig, string, number, number][] = [
  ['temperature', 'temperature', 0, 2], ['topP', 'top_p', 0, 1], ['presencePenalty', 'presence_penalty', -2, 2],
  ['frequencyPenalty', 'frequency_penalty', -2, 2], ['candidateCount', 'candidate_count', 1, 8], ['logprobs', 'logprobs', 0, 20],
];

function checkThinking(config: GenerationConfig, model: GeminiModel, dialect: Dialect, offers: Offers): ThinkingPlan {
  const tc = config.thinkingConfig ?? {};
  const includeThoughts = tc.includeThoughts === true;
  const { thinkingBudget: budget, thinkingLevel: rawLevel } = tc;
  const level = rawLevel === 'THINKING_LEVEL_UNSPECIFIED' ? undefined : rawLevel as ThinkingLevel | undefined;
  const thinking = model.thinking;
  if (!offers('reasoning')) return { mode: 'off' };
  if (thinking.kind === 'none') {
    if (includeThoughts || level !== undefined || (budget !== undefined && budget !== 0)) throw dialect.thinkingUnsupported();
    return { mode: 'off' };
  }
  if (budget !== undefined && level !== undefined) throw new GoogleError(400, 'You can only set only one of thinking budget and thinking level.');
  if (level !== undefined) {
    if (thinking.kind !== 'level') throw new GoogleError(400, 'Thinking level is not supported for this model.');
    if (!thinking.levels.includes(level)) {
      throw new GoogleError(400, `'${level.toLowerCase()}' is not a supported thinking level for this model. Allowed values are: ${thinking.levels.map((l) => l.toLowerCase()).join(', ')}.`);
    }
    return { mode: 'level', level, includeThoughts };
  }
  if (budget === undefined) {
    if (thinking.kind === 'level') return { mode: 'level', level: thinking.defaultLevel, includeThoughts };
    return thinking.defaultBudget === 0 ? { mode: 'off' } : { mode: 'dynamic', includeThoughts };
  }
  if (budget === -1) return { mode: 'dynamic', includeThoughts };
  const canDisable = thinking.kind === 'budget' && thinking.canDisable;
  if (budget === 0) {
    if (!canDisable) throw new GoogleError(400, 'Budget 0 is invalid. This model only works in thinking mode.');
    return { mode: 'off' };
  }
  const [min, max] = thinking.kind === 'budget' ? [Math.max(thinking.min, 1), thinking.max] : [1, 32768];
  if (budget < min || budget > max) {
    throw new GoogleError(400, `The thinking budget ${budget} is invalid. Please choose a value between ${canDisable && thinking.kind === 'budget' ? thinking.min : min} and ${max}.`);
  }
  return { mode: 'budget', budget, includeThoughts };
}

function outputSpec(config: GenerationConfig, offers: Offers, violations: FieldViolation[]): OutputSpec {
  const mime = config.responseMimeType || 'text/plain';
  const allowed = allowedMimeTypes(offers);
  if (!allowed.includes(mime)) {
    const list = allowed.map((m) => `\`${m}\``);
    violations.push({ field: 'generation_config.response_mime_type', description: `allowed mimetypes are ${list.slice(0, -1).join(', ')} and ${list.at(-1)}.` });
    return { kind: 'text' };
  }
  const { responseSchema, responseJsonSchema } = config;
  if (responseSchema && responseJsonSchema !== undefined) {
    violations.push({ field: 'generation_config', description: 'response_schema and response_json_schema cannot both be set' });
  }
  if (responseSchema) checkSchema(responseSchema, 'generation_config.response_schema', violations);
  if ((responseSchema || responseJsonSchema !== undefined) && mime === 'text/plain') {
    violations.push({ field: 'generation_config.response_mime_type', description: 'response_mime_type must be application/json or text/x.enum when a response schema is set' });
  }
  if (mime === 'text/x.enum') {
    const values = responseSchema?.enum ?? ((responseJsonSchema as { enum?: unknown } | undefined)?.enum as string[] | undefined);
    if (!values?.length) {
      violations.push({ field: 'generation_config.response_schema', description: 'response_schema must be a STRING with enum values when response_mime_type is text/x.enum' });
      return { kind: 'text' };
    }
    return { kind: 'enum', values: values.map(String) };
  }
  if (mime !== 'application/json') return { kind: 'text' };
  if (responseSchema) return { kind: 'json', schema: { google: responseSchema } };
  return responseJsonSchema !== undefined ? { kind: 'json', schema: { json: responseJsonSchema } } : { kind: 'json' };
}

export function checkGenerationConfig(raw: GenerationConfig, model: GeminiModel, dialect: Dialect, offers: Offers, violations: FieldViolation[]): ConfigPlan {
  // proto3: a zero count is the default, i.e. unset.
  const config: GenerationConfig = {
    ...raw,
    ...(raw.candidateCount === 0 ? { candidateCount: undefined } : {}),
    ...(raw.maxOutputTokens === 0 ? { maxOutputTokens: undefined } : {}),
    ...(raw.topK === 0 ? { topK: undefined } : {}),
  };
  for (const [key, field, min, max] of RANGES) {
    const value = config[key] as number | undefined;
    if (value !== undefined && (value < min || value > max)) throw dialect.outOfRange(field, value, min, max);
  }
  if (config.maxOutputTokens !== undefined && (config.maxOutputTokens < 1 || config.maxOutputTokens > model.outputTokenLimit)) {
    throw dialect.outOfRange('max_output_tokens', config.maxOutputTokens, 1, model.outputTokenLimit);
  }
  if (config.topK !== undefined && config.topK < 1) throw dialect.outOfRange('top_k', config.topK, 1, 64);
  if ((config.stopSequences?.length ?? 0) > 5) {
    violations.push({ field: 'generation_config.stop_sequences', description: 'stop_sequences must have at most 5 elements' });
  }
  if (config.responseLogprobs) throw new GoogleError(400, `Logprobs is not enabled for models/${model.id}`);
  return {
    candidateCount: config.candidateCount ?? 1,
    maxOutputTokens: config.maxOutputTokens,
    stopSequences: (config.stopSequences ?? []).filter(Boolean),
    output: outputSpec(config, offers, violations),
    thinking: checkThinking(config, model, dialect, offers),
  };
}
