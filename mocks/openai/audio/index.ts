/**
 * The Audio API: POST /v1/audio/speech (speech.ts), /v1/audio/transcriptions and
 * /v1/audio/translations (transcribe.ts). Stateless: everything derives from the request, and a file
 * made by the speech endpoint carries its text, so transcription round-trips it.
 */
import type { OpenAIRoute, OpenAISim } from '../routes.ts';
import { handleSpeech } from './speech.ts';
import { handleTranscription } from './transcribe.ts';

export function audioRoutes(sim: OpenAISim): OpenAIRoute[] {
  return [
    { method: 'POST', path: '/v1/audio/speech', handle: (ctx) => handleSpeech(ctx, sim) },
    { method: 'POST', path: '/v1/audio/transcriptions', handle: (ctx) => handleTranscription(ctx, sim, 'transcribe') },
    { method: 'POST', path: '/v1/audio/translations', handle: (ctx) => handleTranscription(ctx, sim, 'translate') },
  ];
}
