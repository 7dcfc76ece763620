/**
 * Validation of `tools` (client tools: `name`, `description`, `input_schema` of type object, optional
 * `cache_control`, `strict`, `input_examples`, `type: "custom"`) and `tool_choice` (auto / any / tool /
 * none, `disable_parallel_tool_use`), with the Messages API's paths (`tools.0.custom.name`) and messages.
 * Server tools (web search, code execution, …) are not simulated: their tags are refused like unknown ones.
 */
import { extraInput, fieldRequired, invalid } from './errors.ts';
import { isObject, type Json, type ToolChoice } from './request.ts';
import { checkCacheControl } from './validate-content.ts';

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const TOOL_FIELDS = ['type', 'name', 'description', 'input_schema', 'cache_control', 'strict', 'input_examples', 'defer_loading', 'eager_input_streaming'];
const CHOICE_TYPES = ['auto', 'any', 'tool', 'none'];

export function checkTools(tools: unknown): Json[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw invalid('tools: Input should be a valid list');
  const names = new Set<string>();
  return tools.map((tool, i) => {
    if (!isObject(tool)) throw invalid(`tools.${i}: Input should be a valid dictionary or object to extract fields from`);
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      throw invalid(`tools.${i}: Input tag '${String(tool.type)}' found using 'type' does not match any of the expected tags: 'custom'`);
    }
    const at = `tools.${i}.custom`;
    for (const key of Object.keys(tool)) if (!TOOL_FIELDS.includes(key)) throw extraInput(`${at}.${key}`);
    if (tool.name === undefined) throw fieldRequired(`${at}.name`);
    if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) throw invalid(`${at}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    if (tool.description !== undefined && typeof tool.description !== 'string') throw invalid(`${at}.description: Input should be a valid string`);
    if (tool.input_schema === undefined) throw fieldRequired(`${at}.input_schema`);
    if (!isObject(tool.input_schema)) throw invalid(`${at}.input_schema: Input should be a valid dictionary or object to extract fields from`);
    if (tool.input_schema.type !== 'object') throw invalid(`${at}.input_schema.type: Input should be 'object'`);
    if (tool.strict !== undefined && typeof tool.strict !== 'boolean') throw invalid(`${at}.strict: Input should be a valid boolean`);
    checkCacheControl(tool.cache_control, `${at}.cache_control`);
    if (names.has(tool.name)) throw invalid('tools: Tool names must be unique.');
    names.add(tool.name);
    return tool;
  });
}

export function checkToolChoice(choice: unknown, tools: readonly Json[]): ToolChoice {
  if (choice === undefined || choice === null) return { type: 'auto', disableParallel: false };
  if (!isObject(choice)) throw invalid('tool_choice: Input should be a valid dictionary or object to extract fields from');
  if (typeof choice.type !== 'string' || !CHOICE_TYPES.includes(choice.type)) {
    throw invalid(`tool_choice: Input tag '${String(choice.type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`);
  }
  const type = choice.type as ToolChoice['type'];
  const allowed = type === 'none' ? ['type'] : type === 'tool' ? ['type', 'name', 'disable_parallel_tool_use'] : ['type', 'disable_parallel_tool_use'];
  for (const key of Object.keys(choice)) if (!allowed.includes(key)) throw extraInput(`tool_choice.${type}.${key}`);
  const disable = choice.disable_parallel_tool_use;
  if (disable !== undefined && typeof disable !== 'boolean') throw invalid(`tool_choice.${type}.disable_parallel_tool_use: Input should be a valid boolean`);
  if (type !== 'none' && tools.length === 0) throw invalid('tool_choice may only be specified while providing tools.');
  if (type === 'tool') {
    if (choice.name === undefined) throw fieldRequired('tool_choice.tool.name');
    if (typeof choice.name !== 'string') throw invalid('tool_choice.tool.name: Input should be a valid string');
    if (!tools.some((t) => t.name === choice.name)) throw invalid(`Tool '${choice.name}' not found in provided tools`);
    return { type, name: choice.name, disableParallel: disable === true };
  }
  return { type, disableParallel: disable === true };
}
