/**
 * Audio: speech (JSON in, audio out — the binary body, or its event stream, flows through as it
 * arrives, never buffered), transcriptions and translations (multipart uploads streamed through, the
 * `model` field rewritten). Cost: seconds of audio (`usage: {type: "duration"}` or verbose_json's
 * `duration`), else tokens (`usage: {type: "tokens"}`, also in a streamed transcript's final event).
 */
import { jsonEndpoint, multipartEndpoint } from './endpoint.ts';
import { audioUsage, isRecord, type RelayOptions } from './forward.ts';
import type { Endpoint } from './target.ts';

const endpoint = (label: string): Endpoint => ({ api: 'audio', label, modelBound: true });

const transcriptRelay: RelayOptions = {
  usage: audioUsage,
  sse: { usage: (data) => (isRecord(data) && data.type === 'transcript.text.done' ? audioUsage(data) : undefined) },
};

export const createSpeech = jsonEndpoint({
  endpoint: endpoint('POST /audio/speech'),
  path: '/audio/speech',
  relay: { streamed: true },
});
export const createTranscription = multipartEndpoint({ endpoint: endpoint('POST /audio/transcriptions'), path: '/audio/transcriptions', relay: transcriptRelay });
export const createTranslation = multipartEndpoint({ endpoint: endpoint('POST /audio/translations'), path: '/audio/translations', relay: transcriptRelay });
