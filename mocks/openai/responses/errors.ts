/**
 * The Responses API's own error bodies (its newer validation layer: 2-space JSON, no trailing newline),
 * built on the shared `OpenAIError`. Wording follows what api.openai.com sends where it is known
 * (unknown id, previous response not found, synchronous cancel, unknown parameter, unknown model);
 * limits of the simulator itself say so plainly instead of pretending to be OpenAI.
 */
import { OpenAIError } from '../errors.ts';

const invalid = (status: number, message: string, param: string | null, code: string | null) =>
  new OpenAIError(status, { message, type: 'invalid_request_error', param, code }, 'modern');

export const responseErrors = {
  notFound: (id: string) => invalid(404, `Response with id '${id}' not found.`, null, null),
  previousNotFound: (id: string) => invalid(404,
    `Previous response with id '${id}' not found.`, 'previous_response_id', 'previous_response_not_found'),
  badIdPrefix: (param: string, id: string) => invalid(400,
    `Invalid '${param}': '${id}'. Expected an ID that begins with 'resp'.`, param, 'invalid_value'),
  unknownParameter: (param: string) => invalid(400, `Unknown parameter: '${param}'.`, param, 'unknown_parameter'),
  modelNotFound: (model: string) => invalid(400, `The requested model '${model}' does not exist.`, 'model', 'model_not_found'),
  cancelSynchronous: () => invalid(400, 'Cannot cancel a synchronous response.', null, null),
  noToolCallForOutput: (callId: string) => invalid(400,
    `No tool call found for function call output with call_id ${callId}.`, 'input', null),
  noToolOutputForCall: (callId: string) => invalid(400, `No tool output found for function call ${callId}.`, 'input', null),
  jsonWordRequired: () => invalid(400,
    "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.", 'input', null),
  toolChoiceNotFound: (name: string) => invalid(400,
    `Tool choice 'function' with name '${name}' not found in 'tools' parameter.`, 'tool_choice', null),
  backgroundWithoutStore: () => invalid(400,
    "Invalid value for 'background': background responses require 'store' to be true.", 'background', 'invalid_value'),
  streamNotBackground: () => invalid(400,
    'Streaming a stored response is only supported for responses created with background=true.', 'stream', null),
  tooManyProperties: (param: string, max: number, count: number) => invalid(400,
    `Invalid '${param}': too many properties. Expected an object with at most ${max} properties, but got an object with ${count} properties instead.`,
    param, 'object_above_max_properties'),
  stringTooLong: (param: string, max: number, length: number) => invalid(400,
    `Invalid '${param}': string too long. Expected a string with maximum length ${max}, but got a string with length ${length} instead.`,
    param, 'string_above_max_length'),
  /** Something OpenAI offers that this simulator does not model: rejected loudly, never ignored. */
  notSimulated: (param: string, what: string) => invalid(400,
    `Invalid value for '${param}': ${what} is not implemented by the Touchstone OpenAI simulator.`, param, 'invalid_value'),
};
