/**
 * The checks of the stateful, streaming, realtime and routing suites (issue 7): objects readable right
 * after creation and gone after deletion, batch and fine-tuning lifecycles, Responses event order and
 * audio streamed in chunks, the realtime WebSocket session, regional routing and the x-tfy-* headers.
 * One catalogue for the four folders (suites/stateful, streaming, realtime, routing).
 */
import type { CheckInfo } from '../../reports/model.ts';

type Level = CheckInfo['level'];

function check(suite: string, endpoint: string, operationId: string) {
  return (id: string, title: string, requirement: string, level: Level = 'MUST'): CheckInfo =>
    ({ id, title, requirement, level, suite, endpoint, operationId });
}

const files = check('stateful', 'POST /files', 'uploadFile');
const responses = check('stateful', 'POST /responses', 'createResponse');
const batches = check('stateful', 'POST /batches', 'createBatch');
const fineTuning = check('stateful', 'POST /fine_tuning/jobs', 'createFineTuningJob');
const streamedResponses = check('streaming', 'POST /responses', 'createResponse');
const speech = check('streaming', 'POST /audio/speech', 'createSpeech');
const realtime = check('realtime', 'GET /live/{provider-account}', 'connectRealtime');
const routing = check('routing', 'POST /chat/completions', 'createChatCompletion');
const providerHeader = check('routing', 'GET /responses/{response_id}', 'getResponse');

export const STATEFUL_CHECKS: readonly CheckInfo[] = [
  files('stateful.files.read-after-create', 'Uploaded file is readable at once',
    'Right after an upload answers 200, GET /files/{id} MUST answer 200 with the same id, bytes, purpose and filename (valid against OpenAIFile).'),
  files('stateful.files.content', 'File content is what was uploaded',
    'GET /files/{id}/content MUST answer 200 with exactly the bytes that were uploaded.'),
  files('stateful.files.listed', 'Uploaded file is listed',
    'GET /files MUST list a file right after its upload (valid against ListFilesResponse).'),
  files('stateful.files.deleted', 'Deleted file answers 404',
    'DELETE /files/{id} MUST answer 200 {id, object: "file", deleted: true}; afterwards GET /files/{id} MUST answer 404 with the OpenAI error envelope.'),
  responses('stateful.responses.read-after-create', 'Stored response is readable at once',
    'Right after POST /responses answers 200, GET /responses/{id} (with x-tfy-provider-name where the target routes by it) MUST answer 200 with the same id, status and output text.'),
  responses('stateful.responses.deleted', 'Deleted response answers 404',
    'DELETE /responses/{id} MUST answer 200 with deleted: true; afterwards GET /responses/{id} MUST answer 404 with the OpenAI error envelope.'),
  batches('stateful.batches.read-after-create', 'Batch is readable at once',
    'Right after POST /batches answers 200, GET /batches/{id} MUST answer 200 with the same id, input_file_id and endpoint (valid against Batch).'),
  batches('stateful.batches.lifecycle', 'Batch reaches completed with consistent counts',
    'A batch of valid lines MUST reach status "completed" (through documented statuses only, never going back) within the deadline; then request_counts.total MUST equal the number of input lines and completed + failed, and output_file_id MUST be set.'),
  batches('stateful.batches.custom-ids', 'Every custom_id exactly once',
    'Across the output and error files of a completed batch, every custom_id of the input MUST appear exactly once, and no other custom_id.'),
  fineTuning('stateful.fine-tuning.read-after-create', 'Fine-tuning job is readable at once',
    'Right after POST /fine_tuning/jobs answers 200, GET /fine_tuning/jobs/{id} MUST answer 200 with the same id, model and training_file (valid against FineTuningJob).'),
  fineTuning('stateful.fine-tuning.events', 'Job events are listed',
    'GET /fine_tuning/jobs/{id}/events MUST answer 200 with a list of fine_tuning.job.event objects (valid against ListFineTuningJobEventsResponse), at least one once the job is terminal.'),
  fineTuning('stateful.fine-tuning.lifecycle', 'Job reaches a terminal state with consistent fields',
    'A job on a valid dataset MUST reach "succeeded" within the deadline, through documented statuses only; then fine_tuned_model, finished_at (not before created_at) and trained_tokens MUST be set and error null.'),
  fineTuning('stateful.fine-tuning.cancel', 'Cancelled job stays cancelled',
    'POST /fine_tuning/jobs/{id}/cancel on a running job MUST answer 200 with status "cancelled", and a later GET MUST still say "cancelled" with fine_tuned_model null.'),

  streamedResponses('streaming.responses.content-type', 'Streamed response is an event stream',
    'POST /responses with stream: true MUST answer 200 text/event-stream, every event a complete SSE event whose data is one JSON object.'),
  streamedResponses('streaming.responses.order', 'Responses events come in order',
    'response.created MUST come first and response.in_progress next; each output item MUST be opened (output_item.added) before any event about it and closed (output_item.done) after the last; each content or summary part likewise (…part.added before its deltas, …part.done after); exactly one terminal event (response.completed, response.incomplete or response.failed) MUST come last.'),
  streamedResponses('streaming.responses.sequence', 'sequence_number counts from 0 by 1',
    'The sequence_number of the events of one Responses stream MUST be 0, 1, 2, … in order.'),
  streamedResponses('streaming.responses.event-schema', 'Every event matches the schema',
    'Every event of a Responses stream MUST validate against ResponseStreamEvent of the contract, and its SSE event name (when sent) MUST equal its type.'),
  speech('streaming.speech.content-type', 'Speech is audio',
    'POST /audio/speech (response_format wav) MUST answer 200 with the audio/wav content type.'),
  speech('streaming.speech.chunked', 'Speech arrives in chunks',
    'The body of a speech response MUST arrive in more than one chunk (it is streamed, not sent as one buffer after synthesis).'),
  speech('streaming.speech.valid-audio', 'Streamed speech is a valid WAV file',
    'The concatenated body MUST be a RIFF/WAVE file whose RIFF size is the file length − 8, with a fmt chunk and a data chunk whose size covers the rest of the file.'),

  realtime('realtime.session-created-first', 'session.created comes first',
    'After the WebSocket upgrade to /live/{account}, the first server event MUST be session.created.'),
  realtime('realtime.event-schema', 'Every server event matches the schema',
    'Every server event of a realtime session MUST validate against the realtime server event schema of the contract.'),
  realtime('realtime.response-cycle', 'A response cycle completes',
    'session.update → session.updated; conversation.item.create (text) → conversation.item.added/done; response.create → response.created … response.done with status "completed" and output text equal to the concatenated text deltas.'),
  realtime('realtime.error-keeps-session', 'An invalid client event leaves the session open',
    'An invalid client event MUST be answered with an `error` event (echoing its event_id) while the socket stays open, and a later response cycle MUST still complete.'),
  realtime('realtime.auth.missing-key', 'Upgrade without a key is a 401',
    'A WebSocket upgrade to /live/{account} without credentials MUST be refused with HTTP 401 and the OpenAI error envelope.'),
  realtime('realtime.auth.invalid-key', 'Upgrade with a bad key is a 401',
    'A WebSocket upgrade to /live/{account} with an invalid key MUST be refused with HTTP 401 and the OpenAI error envelope.'),

  routing('routing.region.upstream', 'Regional model reaches only its region',
    'A chat request to a regional account\'s model MUST be served by that region\'s upstream and reach no other upstream (data residency; shown by the simulators\' journals).'),
  providerHeader('routing.provider-header.required', 'No provider header is a 4xx',
    'A request that names no provider account (GET /responses/{id} without x-tfy-provider-name) MUST be refused with a 4xx OpenAI error envelope, never a 5xx.'),
  providerHeader('routing.provider-header.routes', 'The provider header routes',
    'The same GET /responses/{id} with x-tfy-provider-name naming the account that created it MUST answer 200 with that response.'),
  routing('routing.metadata.invalid-json', 'Malformed x-tfy-metadata is a 400',
    'x-tfy-metadata that is not JSON MUST be refused with 400 and the OpenAI error envelope naming the header (param or message).'),
  routing('routing.metadata.non-string', 'x-tfy-metadata values are strings',
    'x-tfy-metadata whose object holds a non-string value MUST be refused with 400 and the OpenAI error envelope naming the header.'),
  routing('routing.metadata.not-forwarded', 'x-tfy-metadata stays in the gateway',
    'A request with a valid x-tfy-metadata object MUST be served (200), and the header MUST NOT reach the upstream.'),
];
