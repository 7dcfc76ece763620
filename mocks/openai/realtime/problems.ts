/**
 * Realtime errors: what the simulator puts in an `error` server event (`{type, code, message, param,
 * event_id}`) when a client event is refused. The session stays open after these, as OpenAI's does.
 * Messages shared with the HTTP API reuse its factories (../errors.ts) so both read the same.
 *
 * Codes taken from OpenAI's docs and reports: `invalid_event` (the documented "The 'type' field is
 * missing."), `invalid_value` for an unknown `type`, `missing_required_parameter`, `unknown_parameter`,
 * `input_audio_buffer_commit_empty`, `response_cancel_not_active`,
 * `conversation_already_has_active_response`, `cannot_update_voice`. Inferred (no public sample):
 * `invalid_json` for a frame that is not JSON, `item_not_found` for an unknown item id.
 */
import { errors, type OpenAIError } from '../errors.ts';

export class RealtimeProblem extends Error {
  constructor(
    readonly code: string | null,
    message: string,
    readonly param: string | null = null,
    readonly errorType = 'invalid_request_error',
  ) {
    super(message);
    this.name = 'RealtimeProblem';
  }

  /** The `error` object of an `error` server event; `clientEventId` is the event that caused it. */
  toError(clientEventId: string | null): Record<string, unknown> {
    return { type: this.errorType, code: this.code, message: this.message, param: this.param, event_id: clientEventId };
  }
}

const fromHttp = (error: OpenAIError) => new RealtimeProblem(error.body.code, error.body.message, error.body.param, error.body.type);

export const CLIENT_EVENT_TYPES = [
  'session.update', 'input_audio_buffer.append', 'input_audio_buffer.commit', 'input_audio_buffer.clear',
  'output_audio_buffer.clear', 'conversation.item.create', 'conversation.item.retrieve', 'conversation.item.truncate',
  'conversation.item.delete', 'response.create', 'response.cancel',
] as const;

export const problems = {
  invalidJson: () => new RealtimeProblem('invalid_json', 'The client event could not be parsed as a JSON object.'),
  missingType: () => new RealtimeProblem('invalid_event', "The 'type' field is missing."),
  unknownType: (type: unknown) => fromHttp(errors.invalidEnum('type', type, CLIENT_EVENT_TYPES)),
  missingParameter: (param: string) => fromHttp(errors.missingParameter(param)),
  invalidType: (param: string, expected: string, value: unknown) => fromHttp(errors.invalidType(param, expected, value)),
  invalidEnum: (param: string, value: unknown, allowed: readonly string[]) => fromHttp(errors.invalidEnum(param, value, allowed)),
  invalidValue: (param: string | null, message: string) => new RealtimeProblem('invalid_value', message, param),
  unknownParameter: (param: string) => new RealtimeProblem('unknown_parameter', `Unknown parameter: '${param}'.`, param),
  belowMinimum: (param: string, min: number, value: number) => fromHttp(errors.belowMinimum(param, 'integer', min, value)),
  aboveMaximum: (param: string, max: number, value: number) => fromHttp(errors.aboveMaximum(param, 'integer', max, value)),
  commitEmpty: (ms: number) => new RealtimeProblem('input_audio_buffer_commit_empty',
    `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`),
  cancelNotActive: () => new RealtimeProblem('response_cancel_not_active', 'Cancellation failed: no active response found.'),
  activeResponse: (responseId: string) => new RealtimeProblem('conversation_already_has_active_response',
    `Conversation already has an active response in progress: ${responseId}. Wait until the response is finished before creating a new one.`),
  cannotUpdateVoice: () => new RealtimeProblem('cannot_update_voice',
    "Cannot update a conversation's voice if assistant audio is present.", 'session.audio.output.voice'),
  itemNotFound: (param: string, id: string) => new RealtimeProblem('item_not_found', `Item with item_id not found: ${id}`, param),
  modelNotFound: (model: string) => fromHttp(errors.modelNotFound(model)),
};
