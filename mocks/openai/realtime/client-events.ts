/**
 * Client events in: one WebSocket text frame → a checked `ClientEvent`, or a RealtimeProblem naming
 * what is wrong (not JSON, no `type`, an unknown `type`, a missing or mistyped field, an unknown
 * field inside an item). Conversation items (`conversation.item.create`, `response.create`'s `input`)
 * are checked here too, against the GA item shapes: messages (system / user / assistant with the
 * content part types each role allows), `function_call` and `function_call_output`.
 */
import { CLIENT_EVENT_TYPES, RealtimeProblem, problems } from './problems.ts';
import type { Json } from './config.ts';

export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];

export interface ClientEvent extends Json {
  type: ClientEventType;
  event_id?: string;
}

/** The client's `event_id` when the frame carries one (errors echo it), else null. */
export function clientEventId(event: unknown): string | null {
  const id = (event as Json | null)?.event_id;
  return typeof id === 'string' ? id : null;
}

export function parseFrame(text: string): unknown {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw problems.invalidJson();
    return value;
  } catch (error) {
    if (error instanceof RealtimeProblem) throw error;
    throw problems.invalidJson();
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function requireString(obj: Json, key: string, param = key): string {
  const value = obj[key];
  if (value === undefined) throw problems.missingParameter(param);
  if (typeof value !== 'string') throw problems.invalidType(param, 'a string', value);
  return value;
}

function requireInteger(obj: Json, key: string): number {
  const value = obj[key];
  if (value === undefined) throw problems.missingParameter(key);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw problems.invalidType(key, 'an integer', value);
  if (value < 0) throw problems.belowMinimum(key, 0, value);
  return value;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeBase64(value: string, param: string): Buffer {
  if (value.length % 4 !== 0 || !BASE64.test(value)) throw problems.invalidValue(param, `Invalid '${param}': expected base64-encoded audio bytes.`);
  return Buffer.from(value, 'base64');
}

/** Check an event's shape; returns it typed, or throws a RealtimeProblem. */
export function checkClientEvent(value: unknown): ClientEvent {
  const event = value as Json;
  if (event.type === undefined) throw problems.missingType();
  if (typeof event.type !== 'string' || !(CLIENT_EVENT_TYPES as readonly string[]).includes(event.type)) throw problems.unknownType(event.type);
  if (event.event_id !== undefined && typeof event.event_id !== 'string') throw problems.invalidType('event_id', 'a string', event.event_id);
  switch (event.type as ClientEventType) {
    case 'session.update':
      if (event.session === undefined) throw problems.missingParameter('session');
      break;
    case 'input_audio_buffer.append':
      decodeBase64(requireString(event, 'audio'), 'audio');
      break;
    case 'conversation.item.create':
      if (event.item === undefined) throw problems.missingParameter('item');
      checkItem(event.item, 'item');
      if (event.previous_item_id !== undefined && event.previous_item_id !== null) requireString(event, 'previous_item_id');
      break;
    case 'conversation.item.retrieve':
    case 'conversation.item.delete':
      requireString(event, 'item_id');
      break;
    case 'conversation.item.truncate':
      requireString(event, 'item_id');
      requireInteger(event, 'content_index');
      requireInteger(event, 'audio_end_ms');
      break;
    case 'response.create':
      if (event.response !== undefined && !isObject(event.response)) throw problems.invalidType('response', 'an object', event.response);
      break;
    case 'response.cancel':
      if (event.response_id !== undefined) requireString(event, 'response_id');
      break;
    default:
      break;
  }
  return event as ClientEvent;
}

const PART_TYPES: Record<string, readonly string[]> = {
  system: ['input_text'],
  user: ['input_text', 'input_audio', 'input_image'],
  assistant: ['output_text'],
};

const ITEM_KEYS: Record<string, readonly string[]> = {
  message: ['id', 'type', 'object', 'status', 'role', 'content'],
  function_call: ['id', 'type', 'object', 'status', 'call_id', 'name', 'arguments'],
  function_call_output: ['id', 'type', 'object', 'status', 'call_id', 'output'],
};

/** Check a conversation item (as sent by the client); `param` is its path, e.g. `item`. */
export function checkItem(value: unknown, param: string): Json {
  if (!isObject(value)) throw problems.invalidType(param, 'an object', value);
  if (value.type === undefined) throw problems.missingParameter(`${param}.type`);
  const allowed = ITEM_KEYS[value.type as string];
  if (!allowed) throw problems.invalidEnum(`${param}.type`, value.type, Object.keys(ITEM_KEYS));
  for (const key of Object.keys(value)) if (!allowed.includes(key)) throw problems.unknownParameter(`${param}.${key}`);
  if (value.id !== undefined) requireString(value, 'id', `${param}.id`);
  if (value.type === 'function_call') {
    requireString(value, 'name', `${param}.name`);
    requireString(value, 'arguments', `${param}.arguments`);
    if (value.call_id !== undefined) requireString(value, 'call_id', `${param}.call_id`);
  } else if (value.type === 'function_call_output') {
    requireString(value, 'call_id', `${param}.call_id`);
    requireString(value, 'output', `${param}.output`);
  } else {
    const role = requireString(value, 'role', `${param}.role`);
    const parts = PART_TYPES[role];
    if (!parts) throw problems.invalidEnum(`${param}.role`, role, Object.keys(PART_TYPES));
    if (value.content === undefined) throw problems.missingParameter(`${param}.content`);
    if (!Array.isArray(value.content)) throw problems.invalidType(`${param}.content`, 'an array', value.content);
    value.content.forEach((part, i) => checkPart(part, parts, `${param}.content[${i}]`));
  }
  return value;
}

function checkPart(part: unknown, allowed: readonly string[], param: string): void {
  if (!isObject(part)) throw problems.invalidType(param, 'an object', part);
  if (part.type === undefined) throw problems.missingParameter(`${param}.type`);
  if (!allowed.includes(part.type as string)) throw problems.invalidEnum(`${param}.type`, part.type, allowed);
  if (part.type === 'input_text' || part.type === 'output_text') requireString(part, 'text', `${param}.text`);
  if (part.type === 'input_audio' && part.audio !== undefined) decodeBase64(requireString(part, 'audio', `${param}.audio`), `${param}.audio`);
  if (part.type === 'input_image') requireString(part, 'image_url', `${param}.image_url`);
}
