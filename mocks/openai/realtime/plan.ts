/**
 * What a realtime response will say, decided before it streams: `planResponse` merges the
 * `response.create` parameters over the session (output modalities, instructions, tools, tool choice,
 * output-token cap, out-of-band `conversation: "none"`, explicit `input` context) and picks the output
 * from a hash of that context, so the same conversation always gets the same answer.
 *
 * Tool policy (the chat simulator's, see ../generate.ts): `tool_choice` "none" or no function tools →
 * speech/text; a named function → that one; "required" → the first tool; "auto" → the first tool when
 * the last context item is a user message. `parallel_tool_calls: true` calls every function tool.
 * After a `function_call_output`, the answer names the tool and quotes its result.
 */
import { Rng, requestHash } from '../../determinism.ts';
import { valueForSchema } from '../schema-value.ts';
import { countTokens, tokenize } from '../tokens.ts';
import { paragraph } from '../vocabulary.ts';
import { checkItem } from './client-events.ts';
import { checkMaxOutputTokens, checkModalities, checkToolChoice, checkTools, type Json } from './config.ts';
import { problems } from './problems.ts';

export interface CallPlan { name: string; argumentTokens: string[] }

export interface ResponsePlan {
  /** Items are added to the session's conversation ("auto") or not ("none": out of band). */
  inConversation: boolean;
  modality: 'text' | 'audio';
  maxOutputTokens: number | 'inf';
  metadata: unknown;
  audioFormat: unknown;
  voice: string;
  /** Either function calls, or the tokens of the text / transcript. */
  calls: CallPlan[];
  tokens: string[];
  /** The reply was cut at `max_output_tokens`. */
  truncated: boolean;
  inputTextTokens: number;
  /** Input audio in milliseconds, user audio and earlier assistant audio apart (they bill differently). */
  inputAudioMs: { user: number; assistant: number };
}

const PARAM_KEYS = ['conversation', 'input', 'instructions', 'output_modalities', 'tools', 'tool_choice', 'max_output_tokens',
  'metadata', 'audio', 'prompt', 'parallel_tool_calls', 'reasoning'];

/** `audioMs(itemId)`: milliseconds of audio the conversation holds for an item. Throws RealtimeProblem. */
export function planResponse(session: Json, conversation: Json[], params: Json, audioMs: (id: string) => number): ResponsePlan {
  for (const key of Object.keys(params)) if (!PARAM_KEYS.includes(key)) throw problems.unknownParameter(`response.${key}`);
  const conv = params.conversation ?? 'auto';
  if (conv !== 'auto' && conv !== 'none') throw problems.invalidEnum('response.conversation', conv, ['auto', 'none']);
  let context = conversation;
  if (params.input !== undefined) {
    if (!Array.isArray(params.input)) throw problems.invalidType('response.input', 'an array', params.input);
    context = params.input.map((item, i) => checkItem(item, `response.input[${i}]`));
  }
  if (params.instructions !== undefined && typeof params.instructions !== 'string') {
    throw problems.invalidType('response.instructions', 'a string', params.instructions);
  }
  const instructions = (params.instructions ?? session.instructions) as string;
  const modalities = params.output_modalities !== undefined ? checkModalities(params.output_modalities, 'response.output_modalities') : session.output_modalities as string[];
  const tools = params.tools !== undefined ? checkTools(params.tools, 'response.tools') : session.tools as Json[];
  const toolChoice = params.tool_choice !== undefined ? checkToolChoice(params.tool_choice, 'response.tool_choice') : session.tool_choice;
  const maxOutputTokens = params.max_output_tokens !== undefined ? checkMaxOutputTokens(params.max_output_tokens, 'response.max_output_tokens') : session.max_output_tokens as number | 'inf';
  const sessionOutput = (session.audio as { output: Json }).output;
  const audioOut = ((params.audio as Json | undefined)?.output ?? {}) as Json;

  const functions = tools.filter((t) => t.type === 'function');
  if (typeof toolChoice === 'object' && (toolChoice as Json).type === 'function' && !functions.some((t) => t.name === (toolChoice as Json).name)) {
    throw problems.invalidValue('response.tool_choice', `Tool choice 'function' with name '${String((toolChoice as Json).name)}' not found in tools.`);
  }
  const seed = requestHash('realtime.response', { context: context.map(contentOf), instructions, modalities, tools, toolChoice });
  const budget = maxOutputTokens === 'inf' ? Infinity : maxOutputTokens;
  let calls = chooseCalls(functions, toolChoice, context, params.parallel_tool_calls ?? session.parallel_tool_calls).map((tool, i): CallPlan => {
    const args = JSON.stringify(valueForSchema(tool.parameters ?? { type: 'object', properties: {} }, new Rng(seed, `call-${i}`)));
    return { name: String(tool.name), argumentTokens: tokenize(args) };
  });
  let tokens = calls.length ? [] : tokenize(replyText(context, new Rng(seed, 'text')));
  let truncated = false;
  if (tokens.length > budget) { tokens = tokens.slice(0, budget); truncated = true; }
  let used = 0;
  calls = calls.flatMap((call) => {
    if (used >= budget) { truncated = true; return []; }
    const room = budget - used;
    used += Math.min(room, call.argumentTokens.length);
    if (call.argumentTokens.length > room) { truncated = true; return [{ ...call, argumentTokens: call.argumentTokens.slice(0, room) }]; }
    return [call];
  });

  let inputTextTokens = countTokens(instructions) + (tools.length ? countTokens(JSON.stringify(tools)) : 0);
  const inputAudioMs = { user: 0, assistant: 0 };
  for (const item of context) {
    inputTextTokens += 4 + countTokens(contentOf(item).text);
    if (typeof item.id === 'string') inputAudioMs[item.role === 'assistant' ? 'assistant' : 'user'] += audioMs(item.id);
  }
  return {
    inConversation: conv === 'auto',
    modality: modalities[0] === 'text' ? 'text' : 'audio',
    maxOutputTokens,
    metadata: params.metadata ?? null,
    audioFormat: sessionOutput.format,
    voice: typeof audioOut.voice === 'string' ? audioOut.voice : sessionOutput.voice as string,
    calls,
    tokens,
    truncated,
    inputTextTokens,
    inputAudioMs,
  };
}

/** The words of an item (ids left out so the same conversation always hashes the same). */
function contentOf(item: Json): { type: unknown; role: unknown; text: string } {
  const parts = Array.isArray(item.content) ? item.content as Json[] : [];
  const text = [
    ...parts.map((p) => String(p.text ?? p.transcript ?? '')),
    item.name, item.arguments, item.output,
  ].filter((s) => typeof s === 'string' && s).join(' ');
  return { type: item.type, role: item.role, text };
}

function chooseCalls(functions: Json[], toolChoice: unknown, context: Json[], parallel: unknown): Json[] {
  if (!functions.length || toolChoice === 'none') return [];
  if (typeof toolChoice === 'object') {
    const choice = toolChoice as Json;
    return choice.type === 'function' ? functions.filter((t) => t.name === choice.name).slice(0, 1) : [];
  }
  const last = context[context.length - 1];
  if (toolChoice === 'auto' && !(last?.type === 'message' && last.role === 'user')) return [];
  return parallel === true ? functions : functions.slice(0, 1);
}

function replyText(context: Json[], rng: Rng): string {
  const last = context[context.length - 1];
  if (last?.type === 'function_call_output') {
    const call = context.find((i) => i.type === 'function_call' && i.call_id === last.call_id);
    const flat = String(last.output).replace(/\s+/g, ' ').trim();
    const quoted = flat.length > 120 ? `${flat.slice(0, 117)}...` : flat || 'an empty result';
    return `The ${typeof call?.name === 'string' ? call.name : 'requested'} tool returned ${quoted}. ${paragraph(rng, 1, 2)}`;
  }
  return paragraph(rng);
}
