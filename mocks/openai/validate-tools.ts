/**
 * Validation of what a chat request offers the model and how it wants the answer: `tools` /
 * `tool_choice` (or the deprecated `functions` / `function_call`), `response_format`, and the strict
 * Structured Outputs rules OpenAI enforces on `strict: true` schemas (every object closed with
 * `additionalProperties: false`, every property listed in `required`, a root of type object), with
 * OpenAI's "Invalid schema for …: In context=(…)" messages.
 */
import { errors, OpenAIError } from './errors.ts';

export interface FunctionTool {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown> };

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

const patternMismatch = (param: string) =>
  errors.invalidValue(param, `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`);

/** Python's repr of a tuple of path segments, as OpenAI prints `context=`. */
function contextRepr(path: readonly (string | number)[]): string {
  const items = path.map((p) => (typeof p === 'number' ? String(p) : `'${p}'`));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** The first strict-mode violation in `schema`, as OpenAI words it after "Invalid schema for …: ". */
export function strictSchemaViolation(schema: Record<string, unknown>): string | null {
  if (schema.type !== 'object' || Array.isArray(schema.anyOf)) {
    const type = Array.isArray(schema.anyOf) ? 'None' : `"${String(schema.type ?? 'None')}"`;
    return `schema must be a JSON Schema of 'type: "object"', got 'type: ${type}'.`;
  }
  return walk(schema, []);
}

function walk(node: unknown, path: (string | number)[]): string | null {
  if (!isObject(node)) return null;
  const at = `In context=${contextRepr(path)}, `;
  const isObjectType = node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object')) || isObject(node.properties);
  if (isObjectType) {
    if (node.additionalProperties !== false) return `${at}'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys(isObject(node.properties) ? node.properties : {});
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = keys.filter((k) => !required.includes(k));
    if (missing.length) {
      return `${at}'required' is required to be supplied and to be an array including every key in properties. Missing ${missing.map((k) => `'${k}'`).join(', ')}.`;
    }
    for (const key of keys) {
      const found = walk((node.properties as Record<string, unknown>)[key], [...path, 'properties', key]);
      if (found) return found;
    }
  }
  if (isObject(node.items)) {
    const found = walk(node.items, [...path, 'items']);
    if (found) return found;
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = node[keyword];
    if (!Array.isArray(list)) continue;
    for (const [i, sub] of list.entries()) {
      const found = walk(sub, [...path, keyword, i]);
      if (found) return found;
    }
  }
  for (const keyword of ['$defs', 'definitions'] as const) {
    const defs = node[keyword];
    if (!isObject(defs)) continue;
    for (const [name, sub] of Object.entries(defs)) {
      const found = walk(sub, [...path, keyword, name]);
      if (found) return found;
    }
  }
  return null;
}

function checkFunction(fn: unknown, path: string): FunctionTool {
  if (fn === undefined) throw errors.missingParameter(path);
  if (!isObject(fn)) throw errors.invalidType(path, 'an object', fn);
  if (fn.name === undefined) throw errors.missingParameter(`${path}.name`);
  if (typeof fn.name !== 'string') throw errors.invalidType(`${path}.name`, 'a string', fn.name);
  if (!NAME_PATTERN.test(fn.name)) throw patternMismatch(`${path}.name`);
  if (fn.parameters !== undefined && !isObject(fn.parameters)) throw errors.invalidType(`${path}.parameters`, 'an object', fn.parameters);
  if (fn.strict === true && isObject(fn.parameters)) {
    const violation = strictSchemaViolation(fn.parameters);
    if (violation) {
      throw new OpenAIError(400, {
        message: `Invalid schema for function '${fn.name}': ${violation}`,
        type: 'invalid_request_error', param: `${path}.parameters`, code: 'invalid_function_parameters',
      });
    }
  }
  const tool: FunctionTool = { name: fn.name };
  if (typeof fn.description === 'string') tool.description = fn.description;
  if (isObject(fn.parameters)) tool.parameters = fn.parameters;
  return tool;
}

export interface CheckedTools { tools: FunctionTool[]; toolChoice: ToolChoice; legacyFunctions: boolean }

export function checkTools(body: Record<string, unknown>): CheckedTools {
  const rawTools = Array.isArray(body.tools) ? body.tools : [];
  let tools = rawTools.map((tool, i) => {
    if (!isObject(tool)) throw errors.invalidType(`tools[${i}]`, 'an object', tool);
    if (tool.type === undefined) throw errors.missingParameter(`tools[${i}].type`);
    if (tool.type === 'custom') {
      throw errors.invalidValue(`tools[${i}].type`, `Invalid value for 'tools[${i}].type': custom tools are not implemented by the Touchstone OpenAI simulator.`);
    }
    if (tool.type !== 'function') throw errors.invalidEnum(`tools[${i}].type`, tool.type, ['function', 'custom']);
    return checkFunction(tool.function, `tools[${i}].function`);
  });

  if (!rawTools.length && Array.isArray(body.functions)) return checkLegacyFunctions(body.functions, body.function_call);

  const tc = body.tool_choice;
  if (tc !== undefined && tc !== null && !rawTools.length) throw errors.toolChoiceWithoutTools();
  let toolChoice: ToolChoice = tools.length ? 'auto' : 'none';
  if (typeof tc === 'string') {
    if (tc !== 'none' && tc !== 'auto' && tc !== 'required') throw errors.invalidEnum('tool_choice', tc, ['none', 'auto', 'required']);
    toolChoice = tc;
  } else if (isObject(tc)) {
    if (tc.type === 'function') {
      const name = isObject(tc.function) ? tc.function.name : undefined;
      if (typeof name !== 'string') throw errors.missingParameter('tool_choice.function.name');
      if (!tools.some((t) => t.name === name)) {
        throw errors.invalidValue('tool_choice', `Invalid value for 'tool_choice': function '${name}' is not among the provided 'tools'.`);
      }
      toolChoice = { name };
    } else if (tc.type === 'allowed_tools') {
      const allowed = isObject(tc.allowed_tools) ? tc.allowed_tools : {};
      const names = new Set((Array.isArray(allowed.tools) ? allowed.tools : [])
        .map((t) => (isObject(t) && isObject(t.function) ? t.function.name : undefined)));
      tools = tools.filter((t) => names.has(t.name));
      toolChoice = allowed.mode === 'required' ? 'required' : 'auto';
    } else {
      throw errors.invalidEnum('tool_choice.type', tc.type, ['function', 'allowed_tools', 'custom']);
    }
  } else if (tc !== undefined && tc !== null) {
    throw errors.invalidType('tool_choice', 'one of a string or object', tc);
  }
  return { tools, toolChoice, legacyFunctions: false };
}

function checkLegacyFunctions(functions: unknown[], fc: unknown): CheckedTools {
  const fns = functions.map((fn, i) => checkFunction(fn, `functions[${i}]`));
  let choice: ToolChoice = fns.length ? 'auto' : 'none';
  if (fc === 'none' || fc === 'auto') choice = fc;
  else if (isObject(fc) && typeof fc.name === 'string') choice = { name: fc.name };
  else if (fc !== undefined && fc !== null) throw errors.invalidType('function_call', 'one of a string or object', fc);
  if (typeof choice === 'object' && !fns.some((f) => f.name === (choice as { name: string }).name)) {
    throw errors.invalidValue('function_call', `Invalid value for 'function_call': function '${choice.name}' is not among the provided 'functions'.`);
  }
  return { tools: fns, toolChoice: choice, legacyFunctions: true };
}

export function checkResponseFormat(format: unknown, messages: Record<string, unknown>[]): ResponseFormat {
  if (!isObject(format)) return { type: 'text' };
  if (format.type === undefined) throw errors.missingParameter('response_format.type');
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') {
    const mentionsJson = messages.some((m) => JSON.stringify(m.content ?? '').toLowerCase().includes('json'));
    if (!mentionsJson) throw errors.jsonWordRequired();
    return { type: 'json_object' };
  }
  if (format.type === 'json_schema') {
    const js = format.json_schema;
    if (!isObject(js)) throw errors.missingParameter('response_format.json_schema');
    if (js.name === undefined) throw errors.missingParameter('response_format.json_schema.name');
    if (typeof js.name !== 'string') throw errors.invalidType('response_format.json_schema.name', 'a string', js.name);
    if (!NAME_PATTERN.test(js.name)) throw patternMismatch('response_format.json_schema.name');
    if (js.schema !== undefined && !isObject(js.schema)) throw errors.invalidType('response_format.json_schema.schema', 'an object', js.schema);
    const schema = isObject(js.schema) ? js.schema : { type: 'object' };
    if (js.strict === true) {
      const violation = strictSchemaViolation(schema);
      if (violation) throw errors.invalidConversation('response_format', `Invalid schema for response_format '${js.name}': ${violation}`);
    }
    return { type: 'json_schema', name: js.name, schema };
  }
  throw errors.invalidEnum('response_format.type', format.type, ['text', 'json_object', 'json_schema']);
}
