/**
 * "It works through the gateway", one probe per matrix column, for cells the matrix claims supported.
 * Each probe sends what a client sends to use the capability and returns the violations of what
 * "works" means for that column (the check texts in suites/checks.ts say the same in words).
 */
import type { ErrorObject } from 'ajv';
import { Ajv } from 'ajv';
import type { CapabilityColumn } from '../../spec/capabilities.ts';
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import { contentTypeViolations, eventViolations, prefixed, statusViolations } from '../assertions.ts';
import * as grammar from '../chat/grammar.ts';
import type { ScenarioContext } from '../scenario.ts';
import type { TargetProvider } from '../target.ts';
import {
  OP, atExchange, completionViolations, contentViolations, firstChoice, isJsonObject, parseJsonContent, postChat, sdkClient,
  sdkErrorViolation, statusLine, usageOf,
} from './probe-kit.ts';
import {
  CITY_SCHEMA, cachingChat, jsonModeChat, needsCacheBreakpoint, reasoningChat, schemaChat, textChat, toolChat, weatherTool,
} from './requests.ts';

export interface ProbeResult {
  violations: Violation[];
  /** What was seen, in a line or two, for the report's "observed". */
  observed: string;
  /** The model the probe used. */
  model: string;
}

type Probe = (s: ScenarioContext, subject: TargetProvider) => Promise<ProbeResult>;

/** A number as itself, anything else described. */
const show = (v: unknown): string => (typeof v === 'number' ? String(v) : describeValue(v));

const stream: Probe = async (s, { chatModel: model }) => {
  const res = await postChat(s, textChat(model, { stream: true, stream_options: { include_usage: true } }));
  const status = statusViolations(res, 200);
  if (status.length) return { violations: status, observed: statusLine(res), model };
  const parsed = grammar.parseStream(res.events, res.partial);
  const text = parsed.chunks.map((c) => (Array.isArray(c?.choices) ? String((c.choices[0] as { delta?: { content?: unknown } })?.delta?.content ?? '') : '')).join('');
  const violations = [
    ...contentTypeViolations(res, 'text/event-stream'),
    ...prefixed('/events', [
      ...grammar.checkFraming(parsed), ...grammar.checkRoleFirst(parsed), ...grammar.checkStableId(parsed),
      ...grammar.checkOneFinish(parsed), ...grammar.checkUsageChunk(parsed, true), ...grammar.checkDoneLast(parsed),
    ]),
    ...eventViolations(OP, parsed.chunks),
    ...(text.trim() ? [] : [violation('/events', 'content deltas carrying text', describeValue(text), 'capability.content')]),
  ];
  return { violations, observed: `${res.events.length} events; text ${describeValue(text)}`, model };
};

const nonStream: Probe = async (s, { chatModel: model }) => {
  const res = await postChat(s, textChat(model));
  const violations = completionViolations(res);
  const content = firstChoice(res)?.message?.content;
  if (res.status === 200) violations.push(...contentViolations('/body/choices/0/message/content', content));
  return { violations, observed: res.status === 200 ? `200; content ${describeValue(content)}` : statusLine(res), model };
};

/** The tool result the suite hands back for every call. */
const WEATHER_RESULT = JSON.stringify({ city: 'Paris', temperature: 18, unit: 'celsius', conditions: 'sunny' });

function toolCallViolations(choice: Record<string, any> | undefined): Violation[] {
  const out: Violation[] = [];
  const calls: unknown = choice?.message?.tool_calls;
  const at = '/exchanges/0/body/choices/0';
  if (!Array.isArray(calls) || calls.length === 0) return [violation(`${at}/message/tool_calls`, 'a non-empty array of tool calls', describeValue(calls), 'capability.tool-missing')];
  calls.forEach((call: any, i: number) => {
    const ptr = `${at}/message/tool_calls/${i}`;
    if (typeof call?.id !== 'string' || !call.id) out.push(violation(`${ptr}/id`, 'a non-empty string', describeValue(call?.id), 'capability.tool-id'));
    if (call?.type !== 'function') out.push(violation(`${ptr}/type`, '"function"', describeValue(call?.type), 'capability.tool-type'));
    if (call?.function?.name !== weatherTool.function.name) out.push(violation(`${ptr}/function/name`, `"${weatherTool.function.name}"`, describeValue(call?.function?.name), 'capability.tool-name'));
    const args = parseJsonContent(`${ptr}/function/arguments`, call?.function?.arguments);
    if (args.violations.length || !isJsonObject(args.value)) out.push(violation(`${ptr}/function/arguments`, 'a string holding a JSON object', describeValue(call?.function?.arguments), 'capability.tool-args'));
  });
  if (choice?.finish_reason !== 'tool_calls') out.push(violation(`${at}/finish_reason`, '"tool_calls"', describeValue(choice?.finish_reason), 'capability.tool-finish'));
  return out;
}

const tools: Probe = async (s, { chatModel: model }) => {
  const request = toolChat(model);
  const res = await postChat(s, request);
  const first = atExchange(0, completionViolations(res));
  if (first.length) return { violations: first, observed: statusLine(res), model };
  const choice = firstChoice(res);
  const callProblems = toolCallViolations(choice);
  const calls = (choice?.message?.tool_calls ?? []) as { id: string; function: { name: string; arguments: string } }[];
  const callText = Array.isArray(calls) ? calls.map((c) => `${String(c?.function?.name)}(${String(c?.function?.arguments)})`).join(', ') : 'none';
  if (callProblems.length) return { violations: callProblems, observed: `call: ${callText}`, model };
  // Second turn, as a client does it: the assistant's calls and one tool result per call (openai SDK).
  const messages = [
    ...request.messages,
    { role: 'assistant', content: choice!.message.content ?? null, tool_calls: choice!.message.tool_calls },
    ...calls.map((c) => ({ role: 'tool', tool_call_id: c.id, content: WEATHER_RESULT })),
  ];
  try {
    const final = await sdkClient(s).chat.completions.create({ model, messages, tools: request.tools } as never);
    const answer = final.choices[0];
    const out = [...contentViolations('/exchanges/1/body/choices/0/message/content', answer?.message?.content)];
    if (answer?.finish_reason === 'tool_calls') out.push(violation('/exchanges/1/body/choices/0/finish_reason', 'a final answer (not another tool call) after the tool result', '"tool_calls"', 'capability.tool-final'));
    return { violations: out, observed: `call: ${callText}; final answer ${describeValue(answer?.message?.content)}`, model };
  } catch (error) {
    return { violations: [sdkErrorViolation('/exchanges/1', 'a final answer to the tool result (200)', error)], observed: `call: ${callText}; no final answer`, model };
  }
};

const jsonMode: Probe = async (s, { chatModel: model }) => {
  const res = await postChat(s, jsonModeChat(model));
  const violations = completionViolations(res);
  if (violations.length) return { violations, observed: statusLine(res), model };
  const content = firstChoice(res)?.message?.content;
  const parsed = parseJsonContent('/body/choices/0/message/content', content);
  violations.push(...parsed.violations);
  if (!parsed.violations.length && !isJsonObject(parsed.value)) violations.push(violation('/body/choices/0/message/content', 'a JSON object', describeValue(parsed.value), 'capability.json-object'));
  return { violations, observed: `content ${describeValue(content)}`, model };
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateCity = ajv.compile(CITY_SCHEMA);
const schemaErrors = (errors: ErrorObject[] | null | undefined) => (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}`).join('; ');

function schemaProbe(strict: boolean): Probe {
  return async (s, { chatModel: model }) => {
    const res = await postChat(s, schemaChat(model, strict));
    const violations = completionViolations(res);
    if (violations.length) return { violations, observed: statusLine(res), model };
    const pointer = '/body/choices/0/message/content';
    const content = firstChoice(res)?.message?.content;
    const parsed = parseJsonContent(pointer, content);
    violations.push(...parsed.violations);
    let observed = `content ${describeValue(content)}`;
    if (!parsed.violations.length) {
      const valid = validateCity(parsed.value);
      if (!valid && strict) violations.push(violation(pointer, 'JSON valid against the requested schema (strict)', `${describeValue(parsed.value)}: ${schemaErrors(validateCity.errors)}`, 'capability.schema'));
      if (!strict) observed += valid ? ' (also valid against the schema)' : ` (not valid against the schema: ${schemaErrors(validateCity.errors)}; best effort is allowed here)`;
    }
    return { violations, observed, model };
  };
}

const promptCaching: Probe = async (s, subject) => {
  const model = subject.cachingModel ?? subject.chatModel;
  const body = cachingChat(model, needsCacheBreakpoint(subject.provider, model));
  const first = await postChat(s, body);
  const firstProblems = atExchange(0, completionViolations(first));
  if (firstProblems.length) return { violations: firstProblems, observed: statusLine(first), model };
  const repeat = await postChat(s, body);
  const violations = atExchange(1, completionViolations(repeat));
  if (violations.length) return { violations, observed: statusLine(repeat), model };
  const cached = (u: Record<string, any> | undefined) => u?.prompt_tokens_details?.cached_tokens;
  const [before, after] = [usageOf(first), usageOf(repeat)];
  if (!(typeof cached(after) === 'number' && cached(after) > 0)) {
    violations.push(violation('/exchanges/1/body/usage/prompt_tokens_details/cached_tokens', 'a number > 0 on the repeated prompt', describeValue(cached(after)), 'capability.cached-tokens'));
  }
  return { violations, observed: `prompt_tokens ${show(before?.prompt_tokens)}; cached_tokens first ${show(cached(before))}, repeat ${show(cached(after))}`, model };
};

const reasoning: Probe = async (s, subject) => {
  const model = subject.reasoningModel ?? subject.chatModel;
  const res = await postChat(s, reasoningChat(model));
  const violations = completionViolations(res);
  if (violations.length) return { violations, observed: statusLine(res), model };
  const tokens = usageOf(res)?.completion_tokens_details?.reasoning_tokens;
  const text = firstChoice(res)?.message?.reasoning_content;
  const shown = typeof text === 'string' && text.trim().length > 0;
  if (!(typeof tokens === 'number' && tokens > 0) && !shown) {
    violations.push(violation('/body/usage/completion_tokens_details/reasoning_tokens', 'reasoning_tokens > 0 (or a non-empty choices[0].message.reasoning_content)', describeValue(tokens), 'capability.reasoning'));
  }
  return { violations, observed: `reasoning_tokens ${show(tokens)}; reasoning_content ${shown ? `${text.length} characters` : show(text)}`, model };
};

export const WORKS: Record<CapabilityColumn, Probe> = {
  stream, non_stream: nonStream, tools, json_mode: jsonMode, schema_mode: schemaProbe(false),
  prompt_caching: promptCaching, reasoning, structured_output: schemaProbe(true),
};
