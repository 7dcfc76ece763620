/**
 * A Converse / ConverseStream request body → the simulator's `Conversation`, checked in Bedrock's
 * order: JSON types (SerializationException), the API model's constraints (one ValidationException
 * listing every violation), then the service's and the model's own rules (blank text, document names,
 * tool blocks without toolConfig, role order, tool pairing, thinking signatures), then the features the
 * matrix and the model offer (features.ts), then the model's limits (limits.ts).
 */
import { readCachePoint, readContentBlock, readSystemBlock, documentNameProblem, type BlockNotes } from './converse-blocks.ts';
import { checkConversation, type Block, type Conversation, type Message, type ToolChoice, type ToolDefinition } from './conversation.ts';
import { BedrockError, errors } from './errors.ts';
import { featureRefusal, type CapabilityGate, type FeatureUse } from './features.ts';
import { cachePointLimitProblem, countCachePoints, maxTokensProblem, readReasoning, thinkingProblem } from './limits.ts';
import type { BedrockModel } from './models.ts';
import { checkShape, ShapeChecker, type JsonObject } from './shape.ts';

export interface ParsedConverse {
  conversation: Conversation;
  use: FeatureUse;
  temperature?: number;
  /** Echoed in the response when given. */
  performanceConfig?: JsonObject;
  serviceTier?: JsonObject;
  /** `additionalModelResponseFieldPaths` (JSON pointers into the model's native response). */
  responseFieldPaths: string[];
}

/** Keys Anthropic models accept in additionalModelRequestFields. */
const ANTHROPIC_FIELDS = new Set(['thinking', 'reasoning_config', 'top_k', 'anthropic_beta']);
const TOOL_NAME = /^[a-zA-Z0-9_-]+$/;
const item = ShapeChecker.item;

interface RawRequest {
  messages: Message[];
  system: Block[];
  tools: Conversation['tools'];
  toolChoice: ToolChoice | null;
  maxTokens?: number;
  temperature?: number;
  stopSequences: string[];
  extra?: JsonObject;
  outputSchemaText?: string;
  guardrail: boolean;
  performanceConfig?: JsonObject;
  serviceTier?: JsonObject;
  responseFieldPaths: string[];
  notes: BlockNotes;
}

function readMessages(c: ShapeChecker, value: unknown, notes: BlockNotes): Message[] {
  const list = c.list(value);
  if (!c.required(list, 'messages')) return [];
  return list!.map((raw, i) => {
    const at = item('messages', i);
    const message = c.object(raw) ?? {};
    const role = c.string(message.role);
    if (c.required(role, `${at}.role`)) c.oneOf(role, `${at}.role`, ['user', 'assistant']);
    const content = c.list(message.content);
    c.required(content, `${at}.content`);
    const blocks = (content ?? []).map((b, j) => readContentBlock(c, b, item(`${at}.content`, j), notes)).filter((b): b is Block => !!b);
    return { role: role === 'assistant' ? 'assistant' : 'user', content: blocks };
  });
}

function readTools(c: ShapeChecker, config: JsonObject | undefined): { tools: Conversation['tools']; toolChoice: ToolChoice | null } {
  if (!config) return { tools: [], toolChoice: null };
  const list = c.list(config.tools);
  if (c.required(list, 'toolConfig.tools')) c.length(list, 'toolConfig.tools', 1);
  const tools = (list ?? []).map((raw, i): Conversation['tools'][number] => {
    const at = item('toolConfig.tools', i);
    const tool = c.object(raw);
    const member = c.union(tool, at, ['toolSpec', 'systemTool', 'cachePoint']);
    if (member === 'cachePoint') return readCachePoint(c, tool!.cachePoint, `${at}.cachePoint`) as { kind: 'cachePoint'; ttl: '5m' | '1h' };
    const spec = c.object(tool?.toolSpec) ?? {};
    const name = c.string(spec.name);
    if (c.required(name, `${at}.toolSpec.name`)) { c.length(name, `${at}.toolSpec.name`, 1, 64); c.pattern(name, `${at}.toolSpec.name`, TOOL_NAME, '[a-zA-Z0-9_-]+'); }
    const description = c.string(spec.description);
    c.length(description, `${at}.toolSpec.description`, 1);
    const schema = c.object(spec.inputSchema);
    if (c.required(schema, `${at}.toolSpec.inputSchema`)) c.union(schema, `${at}.toolSpec.inputSchema`, ['json']);
    return { name: name ?? '', description: description ?? '', schema: schema?.json ?? {}, strict: c.boolean(spec.strict) === true };
  });
  const choice = c.object(config.toolChoice);
  const kind = c.union(choice, 'toolConfig.toolChoice', ['auto', 'any', 'tool']);
  let toolChoice: ToolChoice | null = null;
  if (kind === 'tool') {
    const name = c.string(c.object(choice!.tool)?.name);
    if (c.required(name, 'toolConfig.toolChoice.tool.name')) c.pattern(name, 'toolConfig.toolChoice.tool.name', TOOL_NAME, '[a-zA-Z0-9_-]+');
    toolChoice = { kind: 'tool', name: name ?? '' };
  } else if (kind === 'auto' || kind === 'any') {
    toolChoice = { kind };
  }
  return { tools, toolChoice };
}

function readBody(c: ShapeChecker, body: unknown): RawRequest {
  const b = c.object(body) ?? {};
  const notes: BlockNotes = { unsupported: [] };
  const messages = readMessages(c, b.messages, notes);
  const system = (c.list(b.system) ?? []).map((s, i) => readSystemBlock(c, s, item('system', i))).filter((x): x is Block => !!x);
  const inference = c.object(b.inferenceConfig) ?? {};
  const maxTokens = c.integer(inference.maxTokens);
  const temperature = c.float(inference.temperature);
  const topP = c.float(inference.topP);
  c.range(maxTokens, 'inferenceConfig.maxTokens', 1);
  c.range(temperature, 'inferenceConfig.temperature', 0, 1);
  c.range(topP, 'inferenceConfig.topP', 0, 1);
  const stopSequences = (c.list(inference.stopSequences) ?? []).map((s, i) => {
    const text = c.string(s) ?? '';
    c.length(text, item('inferenceConfig.stopSequences', i), 1);
    return text;
  });
  const { tools, toolChoice } = readTools(c, c.object(b.toolConfig));
  const performanceConfig = c.object(b.performanceConfig);
  c.oneOf(c.string(performanceConfig?.latency), 'performanceConfig.latency', ['standard', 'optimized']);
  const serviceTier = c.object(b.serviceTier);
  if (serviceTier && c.required(serviceTier.type, 'serviceTier.type')) c.oneOf(c.string(serviceTier.type), 'serviceTier.type', ['priority', 'default', 'flex', 'reserved']);
  const guardrail = c.object(b.guardrailConfig);
  if (guardrail) {
    c.required(c.string(guardrail.guardrailIdentifier), 'guardrailConfig.guardrailIdentifier');
    c.required(c.string(guardrail.guardrailVersion), 'guardrailConfig.guardrailVersion');
    c.oneOf(c.string(guardrail.trace), 'guardrailConfig.trace', ['enabled', 'disabled', 'enabled_full']);
  }
  const textFormat = c.object(c.object(b.outputConfig)?.textFormat);
  let outputSchemaText: string | undefined;
  if (textFormat) {
    const type = c.string(textFormat.type);
    if (c.required(type, 'outputConfig.textFormat.type')) c.oneOf(type, 'outputConfig.textFormat.type', ['json_schema']);
    const structure = c.object(textFormat.structure);
    if (c.required(structure, 'outputConfig.textFormat.structure')) c.union(structure, 'outputConfig.textFormat.structure', ['jsonSchema']);
    outputSchemaText = c.string(c.object(structure?.jsonSchema)?.schema);
    if (structure?.jsonSchema) c.required(outputSchemaText, 'outputConfig.textFormat.structure.jsonSchema.schema');
  }
  const responseFieldPaths = (c.list(b.additionalModelResponseFieldPaths) ?? []).map((p) => c.string(p) ?? '');
  const extra = c.object(b.additionalModelRequestFields);
  return {
    messages, system, tools, toolChoice, stopSequences, guardrail: !!guardrail, responseFieldPaths, notes,
    ...(maxTokens !== undefined ? { maxTokens } : {}), ...(temperature !== undefined ? { temperature } : {}),
    ...(extra ? { extra } : {}), ...(outputSchemaText !== undefined ? { outputSchemaText } : {}),
    ...(performanceConfig ? { performanceConfig } : {}), ...(serviceTier ? { serviceTier } : {}),
  };
}

/** Blank text, document names and tool blocks without toolConfig: the service's own checks. */
function serviceProblem(raw: RawRequest, hasToolConfig: boolean): BedrockError | null {
  if (raw.notes.unsupported.length) {
    return errors.validation(`This model doesn't support the ${raw.notes.unsupported[0]} content block that you provided. Try again with a supported content block.`);
  }
  for (const [i, block] of raw.system.entries()) {
    if (block.kind === 'text' && !block.text.trim()) return errors.validation(`The text field in the SystemContentBlock object at system.${i} is blank. Add text to the text field, and try again.`);
  }
  for (const [i, message] of raw.messages.entries()) {
    for (const [j, block] of message.content.entries()) {
      if (block.kind === 'text' && !block.text.trim()) {
        return errors.validation(`The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`);
      }
      if (block.kind === 'document') { const problem = documentNameProblem(block.name); if (problem) return errors.validation(problem); }
      if ((block.kind === 'toolUse' || block.kind === 'toolResult') && !hasToolConfig) {
        return errors.validation('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
      }
    }
  }
  return null;
}

export function parseConverseRequest(body: unknown, model: BedrockModel, stream: boolean, gate: CapabilityGate): ParsedConverse | BedrockError {
  const raw = checkShape((c) => readBody(c, body));
  if (raw instanceof BedrockError) return raw;
  const defined = raw.tools.filter((t): t is ToolDefinition => !('kind' in t));
  const problem = serviceProblem(raw, defined.length > 0);
  if (problem) return problem;
  const conversational = checkConversation(raw.messages, { verifySignatures: model.family === 'anthropic', style: 'converse' });
  if (conversational) return conversational;

  const reasoning = readReasoning(raw.extra);
  const all = [...raw.system, ...raw.messages.flatMap((m) => m.content)];
  const use: FeatureUse = {
    api: 'converse', stream, tools: defined.length > 0, images: all.some((b) => b.kind === 'image'), documents: all.some((b) => b.kind === 'document'),
    cachePoints: 0, strictTools: defined.flatMap((t, i) => (t.strict ? [i] : [])),
    ...(raw.toolChoice ? { toolChoice: raw.toolChoice.kind } : {}),
    ...(reasoning.field ? { reasoningField: reasoning.field } : {}),
    ...(raw.outputSchemaText !== undefined ? { outputFormatField: 'outputConfig.textFormat' } : {}),
  };
  let outputSchema: unknown = null;
  if (raw.outputSchemaText !== undefined) {
    try { outputSchema = JSON.parse(raw.outputSchemaText); } catch {
      return errors.validation('The JSON schema in outputConfig.textFormat.structure.jsonSchema.schema is not valid JSON.');
    }
  }
  const conversation: Conversation = {
    tools: raw.tools, toolChoice: raw.toolChoice, system: raw.system, messages: raw.messages,
    maxTokens: raw.maxTokens ?? model.defaultMaxTokens, stopSequences: raw.stopSequences,
    reasoning: model.reasoning === 'always' ? { budgetTokens: 256, redacted: false } : reasoning.reasoning,
    outputSchema, guardrail: raw.guardrail,
  };
  use.cachePoints = countCachePoints(conversation);
  const refused = featureRefusal(use, model, gate);
  if (refused) return refused;
  if (model.family === 'anthropic') {
    const unknown = Object.keys(raw.extra ?? {}).find((k) => !ANTHROPIC_FIELDS.has(k));
    if (unknown) return errors.validation(`${unknown}: Extra inputs are not permitted`);
  }
  const names = defined.map((t) => t.name);
  if (new Set(names).size !== names.length) return errors.validation('tools: Tool names must be unique.');
  if (raw.toolChoice?.kind === 'tool' && !names.includes(raw.toolChoice.name)) {
    return errors.validation(`tool_choice: Tool '${raw.toolChoice.name}' not found in the provided tools.`);
  }
  const limit = reasoning.problem ?? maxTokensProblem(raw.maxTokens, model) ?? cachePointLimitProblem(use.cachePoints)
    ?? thinkingProblem(conversation, model, raw.temperature);
  if (limit) return limit;
  return {
    conversation, use, responseFieldPaths: raw.responseFieldPaths,
    ...(raw.temperature !== undefined ? { temperature: raw.temperature } : {}),
    ...(raw.performanceConfig ? { performanceConfig: raw.performanceConfig } : {}),
    ...(raw.serviceTier ? { serviceTier: raw.serviceTier } : {}),
  };
}
