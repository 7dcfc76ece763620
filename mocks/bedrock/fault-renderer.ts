/**
 * What the provider-neutral fault layer (mocks/faults) needs to know about Bedrock: its error body
 * (`{"message": …}`; the type travels in `x-amzn-errortype`, added by the simulator's header layer),
 * its mid-stream error (a `:message-type exception` frame), and its stream framing (the binary event
 * stream: frames are cut by their length prefix; a malformed frame is a well-framed event whose JSON
 * payload does not parse — `contentBlockDelta` on ConverseStream, `chunk` on InvokeModelWithResponseStream).
 *
 * Error types: a fault's `type` naming an AWS exception (`ThrottlingException` or `throttlingException`)
 * is used as is; otherwise the type follows the status (errors.ts), and a mid-stream server error is
 * Bedrock's `modelStreamErrorException`.
 */
import type { FaultError, FaultRenderer, StreamFraming } from '../faults/index.ts';
import { errorTypeForStatus, streamMemberName } from './errors.ts';
import { encodeMessage, EventStreamSplitter, exceptionFrame } from './eventstream.ts';
import { EVENTSTREAM_CONTENT_TYPE } from './stream-body.ts';

/** The AWS exception name a fault's error stands for. */
export function faultErrorType(error: Pick<FaultError, 'status' | 'type'>): string {
  if (/^[A-Za-z]+Exception$/.test(error.type)) return error.type.charAt(0).toUpperCase() + error.type.slice(1);
  return errorTypeForStatus(error.status);
}

export const eventStreamFraming: StreamFraming = {
  contentType: EVENTSTREAM_CONTENT_TYPE,
  splitter: () => new EventStreamSplitter(),
  malformedFrame(data, { path }) {
    const eventType = path.endsWith('/invoke-with-response-stream') ? 'chunk' : 'contentBlockDelta';
    return encodeMessage({
      headers: {
        ':event-type': { type: 'string', value: eventType },
        ':content-type': { type: 'string', value: 'application/json' },
        ':message-type': { type: 'string', value: 'event' },
      },
      payload: new TextEncoder().encode(data ?? '{not json'),
    });
  },
};

export const bedrockFaultRenderer: Required<FaultRenderer> = {
  errorBody: (error) => JSON.stringify({ message: error.message }),
  errorEvent(error) {
    const type = /Exception$/.test(error.type) ? faultErrorType(error)
      : error.status >= 500 && error.status !== 503 ? 'ModelStreamErrorException' : errorTypeForStatus(error.status);
    return exceptionFrame(streamMemberName(type), { message: error.message });
  },
  framing: eventStreamFraming,
};
