/**
 * Checks of the `messages` and `tools` of a Cohere v2 chat request, normalised for the planner: each
 * message as its role, its text (content strings and text/document parts joined), its tool calls and
 * tool_call_id; each tool as name, description and JSON-Schema parameters. Roles system/user/
 * assistant/tool; content a string or typed parts (text, image_url on vision models, document,
 * thinking in assistant turns). Messages without content fail with Cohere's "message must not be
 * empty in a turn"; the other wordings follow Cohere's "invalid request: …" style.
 */
import { CohereApiError, cohereErrors } from './errors.ts';
import type { CohereChatModel } from './models.ts';

export interface CohereMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  toolCallId?: string;
  images: number;
}

export interface CohereTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const PART_TYPES: Record<CohereMessage['role'], readonly string[]> = {
  system: ['text'],
  user: ['text', 'image_url', 'document'],
  assistant: ['text', 'thinking'],
  tool: ['text', 'document'],
};

const emptyTurn = () => new CohereApiError(400, 'message must not be empty in a turn');

/** Text of one content value; counts image parts into `media.images`. */
function contentText(content: unknown, role: CohereMessage['role'], at: string, model: CohereChatModel, media: { images: number }): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw cohereErrors.invalid(`${at}.content must be a string or a list of content items.`);
  const texts: string[] = [];
  content.forEach((part, j) => {
    const where = `${at}.content[${j}]`;
    if (!isObject(part) || typeof part.type !== 'string') throw cohereErrors.invalid(`${where} must be an object with a type.`);
    if (!PART_TYPES[role].includes(part.type)) {
      throw cohereErrors.invalid(`${where}.type '${part.type}' is not supported in a ${role} message.`);
    }
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw cohereErrors.invalid(`${where}.text must be a string.`);
      texts.push(part.text);
    } else if (part.type === 'thinking') {
      if (typeof part.thinking !== 'string') throw cohereErrors.invalid(`${where}.thinking must be a string.`);
    } else if (part.type === 'image_url') {
      if (!model.vision) throw cohereErrors.invalid(`model '${model.id}' does not support image inputs.`);
      const url = isObject(part.image_url) ? part.image_url.url : undefined;
      if (typeof url !== 'string' || !url) throw cohereErrors.invalid(`${where}.image_url.url must be a non-empty string.`);
      media.images++;
    } else {
      const data = isObject(part.document) ? part.document.data : undefined;
      if (!isObject(data)) throw cohereErrors.invalid(`${where}.document.data must be an object.`);
      texts.push(JSON.stringify(data));
    }
  });
  return texts.join('\n');
}

function toolCallsOf(value: unknown, at: string): CohereMessage['toolCalls'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw cohereErrors.invalid(`${at}.tool_calls must be a list.`);
  return value.map((call, k) => {
    const fn = isObject(call) && isObject(call.function) ? call.function : undefined;
    if (!isObject(call) || typeof call.id !== 'string' || typeof fn?.name !== 'string') {
      throw cohereErrors.invalid(`${at}.tool_calls[${k}] must have an id and a function name.`);
    }
    return { id: call.id, name: fn.name, arguments: typeof fn.arguments === 'string' ? fn.arguments : '{}' };
  });
}

export function checkMessages(messages: unknown, model: CohereChatModel): CohereMessage[] {
  if (messages === undefined) throw cohereErrors.invalid('messages is a required field.');
  if (!Array.isArray(messages)) throw cohereErrors.invalid('messages must be a list of messages.');
  if (messages.length === 0) throw cohereErrors.invalid('messages must not be empty.');
  let seenOther = false;
  return messages.map((raw, i): CohereMessage => {
    const at = `messages[${i}]`;
    if (!isObject(raw)) throw cohereErrors.invalid(`${at} must be an object.`);
    if (typeof raw.role !== 'string' || !ROLES.has(raw.role)) {
      throw cohereErrors.invalid(`${at}.role must be one of 'system', 'user', 'assistant', 'tool'.`);
    }
    const role = raw.role as CohereMessage['role'];
    if (role === 'system' && seenOther) throw new CohereApiError(400, 'system turn must be the first in the list');
    if (role !== 'system') seenOther = true;
    const media = { images: 0 };
    const toolCalls = role === 'assistant' ? toolCallsOf(raw.tool_calls, at) : [];
    if (raw.content === undefined || raw.content === null) {
      if (!toolCalls.length) throw emptyTurn();
    }
    const text = raw.content === undefined || raw.content === null ? '' : contentText(raw.content, role, at, model, media);
    if (role !== 'assistant' && !text.trim() && !media.images) throw emptyTurn();
    const message: CohereMessage = { role, text, toolCalls, images: media.images };
    if (role === 'assistant' && typeof raw.tool_plan === 'string') message.text = `${raw.tool_plan}\n${text}`.trim();
    if (role === 'tool') {
      if (typeof raw.tool_call_id !== 'string' || !raw.tool_call_id) throw cohereErrors.invalid(`${at}.tool_call_id is required for tool messages.`);
      message.toolCallId = raw.tool_call_id;
    }
    return message;
  });
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export function checkTools(tools: unknown, model: CohereChatModel): CohereTool[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw cohereErrors.invalid('tools must be a list of tools.');
  if (tools.length && !model.tools) throw cohereErrors.invalid(`tools are not supported for model '${model.id}'.`);
  const names = new Set<string>();
  return tools.map((tool, i) => {
    const at = `tools[${i}]`;
    if (!isObject(tool) || tool.type !== 'function') throw cohereErrors.invalid(`${at}.type must be 'function'.`);
    const fn = tool.function;
    if (!isObject(fn)) throw cohereErrors.invalid(`${at}.function is required.`);
    if (typeof fn.name !== 'string' || !TOOL_NAME.test(fn.name)) {
      throw cohereErrors.invalid(`${at}.function.name must match ^[a-zA-Z0-9_-]{1,64}$.`);
    }
    if (names.has(fn.name)) throw cohereErrors.invalid(`duplicate tool name '${fn.name}'.`);
    names.add(fn.name);
    if (fn.parameters !== undefined && !isObject(fn.parameters)) throw cohereErrors.invalid(`${at}.function.parameters must be a JSON schema object.`);
    return {
      name: fn.name,
      description: typeof fn.description === 'string' ? fn.description : '',
      parameters: (fn.parameters as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
    };
  });
}
