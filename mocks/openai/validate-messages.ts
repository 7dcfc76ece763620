/**
 * Validation of the `messages` array as OpenAI does it: shape and role of each message, the content
 * each role requires, the content parts each role may send (user: text, images, audio, PDF files;
 * system/developer/tool: text; assistant: text and refusals) and whether the model takes images, and
 * the pairing of assistant `tool_calls` with the `tool` messages answering them.
 * Note OpenAI's own param spelling for conversation-level rules: `messages.[3].role`.
 */
import { errors } from './errors.ts';
import type { ModelInfo } from './models.ts';
import { checkPart, PART_TYPES } from './validate-parts.ts';

const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'] as const;
const CONTENT_EXPECTED = 'one of a string or array of objects';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkContent(content: unknown, param: string, role: keyof typeof PART_TYPES, model: ModelInfo | undefined, index: number): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) throw errors.invalidType(param, CONTENT_EXPECTED, content);
  if (content.length === 0) throw errors.emptyArray(param);
  content.forEach((part, j) => {
    if (!isObject(part)) throw errors.invalidType(`${param}[${j}]`, 'an object', part);
    if (part.type === undefined) throw errors.missingParameter(`${param}[${j}].type`);
    checkPart(part, { param: `${param}[${j}]`, role, model, message: index, part: j });
  });
}

/** Validate `messages`; with `model`, also that its content parts are ones the model takes. */
export function checkMessages(messages: unknown, model?: ModelInfo): Record<string, unknown>[] {
  if (messages === undefined || messages === null) throw errors.missingParameter('messages');
  if (!Array.isArray(messages)) throw errors.invalidType('messages', 'an array', messages);
  if (messages.length === 0) throw errors.emptyArray('messages');

  messages.forEach((m, i) => {
    const at = `messages[${i}]`;
    if (!isObject(m)) throw errors.invalidType(at, 'an object', m);
    if (m.role === undefined) throw errors.missingParameter(`${at}.role`);
    if (!ROLES.includes(m.role as (typeof ROLES)[number])) throw errors.invalidEnum(`${at}.role`, m.role, ROLES);
    if (m.name !== undefined && typeof m.name !== 'string') throw errors.invalidType(`${at}.name`, 'a string', m.name);
    switch (m.role) {
      case 'system': case 'developer': case 'user':
        if (m.content === undefined) throw errors.missingParameter(`${at}.content`);
        checkContent(m.content, `${at}.content`, m.role as 'system' | 'developer' | 'user', model, i);
        break;
      case 'assistant':
        if (m.content != null) checkContent(m.content, `${at}.content`, 'assistant', model, i);
        if (m.tool_calls !== undefined && !Array.isArray(m.tool_calls)) throw errors.invalidType(`${at}.tool_calls`, 'an array', m.tool_calls);
        if (m.content == null && !Array.isArray(m.tool_calls) && !isObject(m.function_call)) {
          throw errors.invalidConversation(`messages.[${i}].content`, "Invalid value for 'content': expected a string, got null.");
        }
        break;
      case 'tool':
        if (m.content === undefined) throw errors.missingParameter(`${at}.content`);
        checkContent(m.content, `${at}.content`, 'tool', model, i);
        if (m.tool_call_id === undefined) throw errors.missingParameter(`${at}.tool_call_id`);
        if (typeof m.tool_call_id !== 'string') throw errors.invalidType(`${at}.tool_call_id`, 'a string', m.tool_call_id);
        break;
      case 'function':
        if (m.name === undefined) throw errors.missingParameter(`${at}.name`);
        break;
    }
  });
  checkToolPairing(messages as Record<string, unknown>[]);
  return messages as Record<string, unknown>[];
}

/** Every tool message answers a pending call; every assistant tool call is answered before the conversation moves on. */
function checkToolPairing(messages: Record<string, unknown>[]): void {
  let pending: { index: number; ids: Set<string> } | null = null;
  messages.forEach((m, i) => {
    if (m.role === 'tool') {
      if (!pending) {
        throw errors.invalidConversation(`messages.[${i}].role`,
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.");
      }
      pending.ids.delete(m.tool_call_id as string);
      return;
    }
    if (pending && pending.ids.size) throw unansweredCalls(pending.index, pending.ids);
    pending = null;
    if (m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length) {
      const ids = m.tool_calls.map((c) => (isObject(c) && typeof c.id === 'string' ? c.id : ''));
      pending = { index: i, ids: new Set(ids) };
    }
  });
  const last = pending as { index: number; ids: Set<string> } | null;
  if (last && last.ids.size) throw unansweredCalls(last.index, last.ids);
}

function unansweredCalls(index: number, ids: Set<string>) {
  return errors.invalidConversation(`messages.[${index}].role`,
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...ids].join(', ')}`);
}
