/**
 * Validation of a Messages (or count_tokens) request body, top level, in the order the API reports
 * problems: fields it does not accept (`x: Extra inputs are not permitted`, which is also how a feature
 * the capability matrix says the provider does not offer is refused), required fields and their types,
 * the model (404 not_found_error when unknown), then the rules between fields: `max_tokens` against the
 * model's output limit, extended thinking (`budget_tokens` ≥ 1024 and < `max_tokens`, sampling limits,
 * no forced tool use, thinking blocks in tool loops), structured outputs per model. API version
 * 2026-10-21 removes `temperature`, `top_p` and `top_k`. On Vertex AI the model comes from the URL and
 * the body carries `anthropic_version: "vertex-2023-10-16"` instead.
 */
import { refuseUnoffered, type Offers } from './capabilities.ts';
import { errors, extraInput, fieldRequired, invalid } from './errors.ts';
import { effectiveLimits, findClaudeModel, type ClaudeModel } from './models.ts';
import { isObject, type ApiVersion, type Json, type MessagesRequest, type Platform, type ThinkingConfig } from './request.ts';
import { checkThinkingTurns } from './thinking.ts';
import { checkCacheControl, checkMessages, checkSystem } from './validate-content.ts';
import { checkToolChoice, checkTools } from './validate-tools.ts';

export type Endpoint = 'messages' | 'count_tokens';

export interface ValidationContext {
  endpoint: Endpoint;
  platform: Platform;
  version: ApiVersion;
  betas: ReadonlySet<string>;
  offers: Offers;
  /** Vertex AI: the model named by the URL (the body may not carry one). */
  urlModel?: ClaudeModel;
  /** How the body's `model` is looked up (default: Anthropic API ids and aliases). */
  findModel?: (name: string) => ClaudeModel | undefined;
}

const MESSAGES_FIELDS = [
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p', 'top_k',
  'tools', 'tool_choice', 'thinking', 'service_tier', 'cache_control', 'output_config', 'output_format', 'container',
  'inference_geo', 'speed', 'diagnostics',
];
const COUNT_FIELDS = ['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'cache_control', 'output_config', 'output_format'];
const SAMPLING = ['temperature', 'top_p', 'top_k'];
const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'];
const THINKING_DOCS = 'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

export const VERTEX_ANTHROPIC_VERSION = 'vertex-2023-10-16';

function allowedFields(ctx: ValidationContext): string[] {
  let fields = ctx.endpoint === 'messages' ? MESSAGES_FIELDS : COUNT_FIELDS;
  if (ctx.version === '2026-10-21') fields = fields.filter((f) => !SAMPLING.includes(f));
  if (ctx.platform === 'vertex') fields = [...fields.filter((f) => f !== 'model' || ctx.endpoint === 'count_tokens'), 'anthropic_version'];
  return fields;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function checkNumber(body: Json, key: string, min: number, max: number, integer = false): void {
  const v = body[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || (integer && !Number.isInteger(v))) throw invalid(`${key}: Input should be a valid ${integer ? 'integer' : 'number'}`);
  if (v < min) throw invalid(`${key}: Input should be greater than or equal to ${min}`);
  if (v > max) throw invalid(`${key}: Input should be less than or equal to ${max}`);
}

function checkMetadata(metadata: unknown): void {
  if (metadata === undefined || metadata === null) return;
  if (!isObject(metadata)) throw invalid('metadata: Input should be a valid dictionary or object to extract fields from');
  // `touchstone_fault` is the harness's own fault marker (mocks/faults), consumed before the request gets here.
  for (const key of Object.keys(metadata)) if (key !== 'user_id' && key !== 'touchstone_fault') throw extraInput(`metadata.${key}`);
  if (metadata.user_id != null && typeof metadata.user_id !== 'string') throw invalid('metadata.user_id: Input should be a valid string');
}

function checkStopSequences(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('stop_sequences: Input should be a valid list');
  return value.map((s, i) => {
    if (typeof s !== 'string') throw invalid(`stop_sequences.${i}: Input should be a valid string`);
    if (!/\S/.test(s)) throw invalid('stop_sequences: each stop sequence must contain non-whitespace');
    return s;
  });
}

function checkThinking(value: unknown): ThinkingConfig | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw invalid('thinking: Input should be a valid dictionary or object to extract fields from');
  const type = value.type;
  if (type !== 'enabled' && type !== 'disabled' && type !== 'adaptive') {
    throw invalid(`thinking: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'`);
  }
  const fields = type === 'enabled' ? ['type', 'budget_tokens', 'display'] : type === 'adaptive' ? ['type', 'display'] : ['type'];
  for (const key of Object.keys(value)) if (!fields.includes(key)) throw extraInput(`thinking.${type}.${key}`);
  if (value.display != null && value.display !== 'summarized' && value.display !== 'omitted') {
    throw invalid(`thinking.${type}.display: Input should be 'summarized' or 'omitted'`);
  }
  if (type === 'disabled') return null;
  const omitted = value.display === 'omitted';
  if (type === 'adaptive') return { type, budget: null, omitted };
  if (value.budget_tokens === undefined) throw fieldRequired('thinking.enabled.budget_tokens');
  if (!isInt(value.budget_tokens)) throw invalid('thinking.enabled.budget_tokens: Input should be a valid integer');
  if (value.budget_tokens < 1024) throw invalid('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  return { type, budget: value.budget_tokens, omitted };
}

/** What a schema-less JSON format (`json_object`, offered only where the matrix says JSON mode is) asks for. */
export const JSON_OBJECT_SCHEMA: Json = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

function checkFormat(format: unknown, path: string): Json | null {
  if (format === undefined || format === null) return null;
  // `json_object` only gets here when JSON mode is offered (capabilities.ts refuses it otherwise).
  if (isObject(format) && format.type === 'json_object') {
    for (const key of Object.keys(format)) if (key !== 'type') throw extraInput(`${path}.json_object.${key}`);
    return JSON_OBJECT_SCHEMA;
  }
  if (!isObject(format) || format.type !== 'json_schema') throw invalid(`${path}: Input tag '${String(isObject(format) ? format.type : format)}' found using 'type' does not match any of the expected tags: 'json_schema'`);
  for (const key of Object.keys(format)) if (key !== 'type' && key !== 'schema') throw extraInput(`${path}.json_schema.${key}`);
  if (format.schema === undefined) throw fieldRequired(`${path}.json_schema.schema`);
  if (!isObject(format.schema)) throw invalid(`${path}.json_schema.schema: Input should be a valid dictionary`);
  return format.schema;
}

function checkOutputConfig(body: Json): Json | null {
  const config = body.output_config;
  let schema: Json | null = null;
  if (config !== undefined && config !== null) {
    if (!isObject(config)) throw invalid('output_config: Input should be a valid dictionary or object to extract fields from');
    for (const key of Object.keys(config)) if (key !== 'effort' && key !== 'format') throw extraInput(`output_config.${key}`);
    if (config.effort != null && !EFFORTS.includes(String(config.effort))) {
      throw invalid(`output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'`);
    }
    schema = checkFormat(config.format, 'output_config.format');
  }
  const legacy = checkFormat(body.output_format, 'output_format');
  if (schema && legacy) throw invalid('Only one of `output_format` and `output_config.format` may be specified.');
  return schema ?? legacy;
}

function checkThinkingRules(body: Json, thinking: ThinkingConfig, req: Pick<MessagesRequest, 'model' | 'maxTokens' | 'toolChoice' | 'turns'>): void {
  if (req.model.thinking === 'none') throw invalid(`thinking: ${req.model.id} does not support thinking.`);
  if (thinking.type === 'adaptive' && req.model.thinking !== 'adaptive') {
    throw invalid(`thinking.adaptive: adaptive thinking is not supported on ${req.model.id}. Use \`thinking.type: "enabled"\` with \`budget_tokens\` instead.`);
  }
  if (thinking.budget !== null && req.maxTokens !== null && req.maxTokens <= thinking.budget) {
    throw invalid(`\`max_tokens\` must be greater than \`thinking.budget_tokens\`. ${THINKING_DOCS}#max-tokens-and-context-window-size`);
  }
  if (body.temperature != null && body.temperature !== 1) throw invalid(`\`temperature\` may only be set to 1 when thinking is enabled. ${THINKING_DOCS}#feature-compatibility`);
  if (body.top_k != null) throw invalid(`\`top_k\` must be unset when thinking is enabled. ${THINKING_DOCS}#feature-compatibility`);
  if (body.top_p != null && (body.top_p as number) < 0.95) throw invalid(`\`top_p\` must be greater than or equal to 0.95 or unset when thinking is enabled. ${THINKING_DOCS}#feature-compatibility`);
  if (req.toolChoice.type === 'any' || req.toolChoice.type === 'tool') throw invalid('Thinking may not be enabled when tool_choice forces tool use.');
  if (req.turns[req.turns.length - 1]!.role === 'assistant') {
    throw invalid(`messages: the final message may not be an \`assistant\` message when thinking is enabled: pre-filling the response is not supported with extended thinking. ${THINKING_DOCS}#feature-compatibility`);
  }
  checkThinkingTurns(req.turns);
}

/** Validate a Messages / count_tokens body; throws AnthropicError with the API's status and message. */
export function validateRequest(raw: unknown, ctx: ValidationContext): MessagesRequest {
  if (!isObject(raw)) throw errors.notAnObject();
  const body = raw;
  const allowed = allowedFields(ctx);
  for (const key of Object.keys(body)) if (!allowed.includes(key)) throw extraInput(key);
  const refusal = refuseUnoffered(body, ctx.offers, ctx.endpoint === 'messages');
  if (refusal) throw refusal;

  if (ctx.platform === 'vertex') {
    if (body.anthropic_version === undefined) throw fieldRequired('anthropic_version');
    if (body.anthropic_version !== VERTEX_ANTHROPIC_VERSION) throw invalid(`anthropic_version: Input should be '${VERTEX_ANTHROPIC_VERSION}'`);
  }
  const needsModel = !(ctx.platform === 'vertex' && ctx.endpoint === 'messages');
  if (needsModel && body.model === undefined) throw fieldRequired('model');
  if (needsModel && typeof body.model !== 'string') throw invalid('model: Input should be a valid string');
  const content = { version: ctx.version, platform: ctx.platform };
  const turns = checkMessages(body.messages, content);
  let maxTokens: number | null = null;
  if (ctx.endpoint === 'messages') {
    if (body.max_tokens === undefined) throw fieldRequired('max_tokens');
    if (!isInt(body.max_tokens)) throw invalid('max_tokens: Input should be a valid integer');
    if (body.max_tokens < 0) throw invalid('max_tokens: Input should be greater than or equal to 0');
    maxTokens = body.max_tokens;
  }
  const system = checkSystem(body.system, content);
  checkMetadata(body.metadata);
  const stopSequences = checkStopSequences(body.stop_sequences);
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw invalid('stream: Input should be a valid boolean');
  checkNumber(body, 'temperature', 0, 1);
  checkNumber(body, 'top_p', 0, 1);
  checkNumber(body, 'top_k', 0, Number.MAX_SAFE_INTEGER, true);
  const tools = checkTools(body.tools);
  const toolChoice = checkToolChoice(body.tool_choice, tools);
  const thinking = checkThinking(body.thinking);
  if (body.service_tier !== undefined && body.service_tier !== 'auto' && body.service_tier !== 'standard_only') {
    throw invalid(`service_tier: Input should be 'auto' or 'standard_only'`);
  }
  checkCacheControl(body.cache_control, 'cache_control');
  const outputSchema = checkOutputConfig(body);

  const model = ctx.urlModel ?? (ctx.findModel ?? findClaudeModel)(String(body.model));
  if (!model) throw errors.unknownModel(String(body.model));
  const limits = effectiveLimits(model, ctx.betas);
  if (maxTokens !== null && maxTokens > limits.maxOutput) {
    throw invalid(`max_tokens: ${maxTokens} > ${limits.maxOutput}, which is the maximum allowed number of output tokens for ${model.id}`);
  }
  if ((outputSchema || tools.some((t) => t.strict === true)) && !model.structuredOutputs) {
    throw invalid(`'${model.id}' does not support output format.`);
  }
  const req: MessagesRequest = {
    body, modelName: ctx.urlModel ? model.vertexId : String(body.model), model, maxTokens, system, turns, tools, toolChoice, thinking,
    stopSequences, stream: body.stream === true, outputSchema,
    autoCache: isObject(body.cache_control) ? (body.cache_control.ttl === '1h' ? '1h' : '5m') : null,
    betas: ctx.betas, version: ctx.version, platform: ctx.platform, limits,
  };
  if (thinking) checkThinkingRules(body, thinking, req);
  return req;
}
