/**
 * InvokeModel bodies for Anthropic models: Anthropic's Messages request in Bedrock's form
 * (`anthropic_version: "bedrock-2023-05-31"`, no `model`, no `stream` — the operation decides that),
 * read into the simulator's `Conversation`. Bedrock checks the body against the model's JSON schema
 * first ("Malformed input request: #: required key [max_tokens] not found, please reformat your input
 * and try again."; `#/path: expected type: …`); the model then applies its own rules in Anthropic's
 * wording ("messages: roles must alternate …", "thinking: Extra inputs are not permitted").
 * `cache_control` on a block, a system part or a tool is a cache checkpoint right after it.
 */
import { checkConversation, type Block, type CacheTtl, type Conversation, type Message, type ToolChoice } from './conversation.ts';
import { errors, type BedrockError } from './errors.ts';
import { featureRefusal, type CapabilityGate, type FeatureUse } from './features.ts';
import { cachePointLimitProblem, countCachePoints, maxTokensProblem, readReasoning, thinkingProblem } from './limits.ts';
import type { BedrockModel } from './models.ts';

export const ANTHROPIC_BEDROCK_VERSION = 'bedrock-2023-05-31';

const TOP_LEVEL = new Set(['anthropic_version', 'anthropic_beta', 'max_tokens', 'messages', 'system', 'temperature', 'top_p', 'top_k',
  'stop_sequences', 'tools', 'tool_choice', 'thinking', 'output_config', 'metadata']);

type Json = Record<string, unknown>;

export interface ParsedNative {
  conversation: Conversation;
  use: FeatureUse;
}

function malformed(problems: string[]): BedrockError {
  return errors.validation(`Malformed input request: ${problems.join('')}, please reformat your input and try again.`);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'JSONArray';
  if (value === null) return 'Null';
  return ({ string: 'String', number: Number.isInteger(value) ? 'Integer' : 'BigDecimal', boolean: 'Boolean', object: 'JSONObject' } as Record<string, string>)[typeof value] ?? 'Unknown';
}

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

function cachePointAfter(part: Json | undefined, out: Block[]): void {
  const control = obj(part?.cache_control);
  if (control) out.push({ kind: 'cachePoint', ttl: control.ttl === '1h' ? '1h' : '5m' as CacheTtl });
}

function readBlocks(content: unknown): Block[] {
  if (typeof content === 'string') return [{ kind: 'text', text: content }];
  const out: Block[] = [];
  for (const raw of Array.isArray(content) ? content : []) {
    const part = obj(raw) ?? {};
    const source = obj(part.source);
    const data = typeof source?.data === 'string' ? source.data : '';
    switch (part.type) {
      case 'text': out.push({ kind: 'text', text: String(part.text ?? '') }); break;
      case 'image': out.push({ kind: 'image', format: String(source?.media_type ?? ''), size: Math.floor((data.length * 3) / 4) }); break;
      case 'document': out.push({ kind: 'document', format: String(source?.media_type ?? ''), name: 'document', size: Math.floor((data.length * 3) / 4) }); break;
      case 'tool_use': out.push({ kind: 'toolUse', id: String(part.id ?? ''), name: String(part.name ?? ''), input: part.input ?? {} }); break;
      case 'tool_result': {
        const inner = readBlocks(part.content ?? '');
        out.push({ kind: 'toolResult', id: String(part.tool_use_id ?? ''), text: inner.map((b) => (b.kind === 'text' ? b.text : '')).join('\n'), ...(part.is_error ? { status: 'error' } : {}) });
        break;
      }
      case 'thinking': out.push({ kind: 'reasoning', text: String(part.thinking ?? ''), ...(typeof part.signature === 'string' ? { signature: part.signature } : {}) }); break;
      case 'redacted_thinking': out.push({ kind: 'reasoning', text: String(part.data ?? ''), redacted: true }); break;
      default: break;
    }
    cachePointAfter(part, out);
  }
  return out;
}

function schemaProblems(body: Json): string[] {
  const problems: string[] = [];
  for (const key of ['anthropic_version', 'max_tokens', 'messages']) if (body[key] === undefined) problems.push(`#: required key [${key}] not found`);
  for (const key of Object.keys(body)) if (!TOP_LEVEL.has(key)) problems.push(`#: extraneous key [${key}] is not permitted`);
  const expect = (key: string, ok: boolean, type: string) => { if (body[key] !== undefined && !ok) problems.push(`#/${key}: expected type: ${type}, found: ${kindOf(body[key])}`); };
  expect('max_tokens', Number.isInteger(body.max_tokens), 'Integer');
  expect('messages', Array.isArray(body.messages), 'JSONArray');
  expect('temperature', typeof body.temperature === 'number', 'Number');
  expect('stop_sequences', Array.isArray(body.stop_sequences), 'JSONArray');
  expect('tools', Array.isArray(body.tools), 'JSONArray');
  if (body.anthropic_version !== undefined && body.anthropic_version !== ANTHROPIC_BEDROCK_VERSION) {
    problems.push(`#/anthropic_version: ${String(body.anthropic_version)} is not a valid enum value`);
  }
  return problems;
}

export function parseAnthropicRequest(body: unknown, model: BedrockModel, stream: boolean, gate: CapabilityGate): ParsedNative | BedrockError {
  const b = obj(body);
  if (!b) return malformed([`#: expected type: JSONObject, found: ${kindOf(body)}`]);
  const problems = schemaProblems(b);
  if (problems.length) return malformed(problems);

  const messages: Message[] = [];
  for (const [i, raw] of (b.messages as unknown[]).entries()) {
    const m = obj(raw) ?? {};
    if (m.role !== 'user' && m.role !== 'assistant') return errors.validation(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    const content = readBlocks(m.content);
    if (content.some((c) => c.kind === 'text' && !c.text)) return errors.validation('messages: text content blocks must be non-empty');
    messages.push({ role: m.role, content });
  }
  if (!messages.length) return errors.validation('messages: at least one message is required');
  const bad = checkConversation(messages, { verifySignatures: true, style: 'anthropic' });
  if (bad) return bad;

  const system = readBlocks(b.system ?? []);
  const tools: Conversation['tools'] = [];
  const strictTools: number[] = [];
  for (const [i, raw] of ((b.tools as unknown[] | undefined) ?? []).entries()) {
    const t = obj(raw) ?? {};
    if (typeof t.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(t.name)) return errors.validation(`tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
    tools.push({ name: t.name, description: String(t.description ?? ''), schema: t.input_schema ?? {}, strict: t.strict === true });
    if (t.strict === true) strictTools.push(i);
    const control = obj(t.cache_control);
    if (control) tools.push({ kind: 'cachePoint', ttl: control.ttl === '1h' ? '1h' : '5m' });
  }
  const choice = obj(b.tool_choice);
  const toolChoice: ToolChoice | null = !choice ? null : choice.type === 'tool' ? { kind: 'tool', name: String(choice.name ?? '') }
    : choice.type === 'any' || choice.type === 'none' ? { kind: choice.type } : { kind: 'auto' };
  const format = obj(obj(b.output_config)?.format);
  const reasoning = readReasoning(b);
  const all = [...system, ...messages.flatMap((m) => m.content)];
  const conversation: Conversation = {
    tools, toolChoice, system, messages, maxTokens: b.max_tokens as number,
    stopSequences: ((b.stop_sequences as unknown[] | undefined) ?? []).map(String),
    reasoning: reasoning.reasoning, outputSchema: format?.schema ?? null, guardrail: false,
  };
  const use: FeatureUse = {
    api: 'anthropic', stream, tools: tools.some((t) => !('kind' in t)), images: all.some((x) => x.kind === 'image'),
    documents: all.some((x) => x.kind === 'document'), cachePoints: countCachePoints(conversation), strictTools,
    ...(toolChoice ? { toolChoice: toolChoice.kind } : {}),
    ...(reasoning.field ? { reasoningField: reasoning.field } : {}),
    ...(format ? { outputFormatField: 'output_config' } : {}),
  };
  const temperature = typeof b.temperature === 'number' ? b.temperature : undefined;
  const problem = featureRefusal(use, model, gate) ?? reasoning.problem ?? maxTokensProblem(conversation.maxTokens, model)
    ?? cachePointLimitProblem(use.cachePoints) ?? thinkingProblem(conversation, model, temperature);
  return problem ?? { conversation, use };
}
