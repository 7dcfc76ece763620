/**
 * The streaming suite: Responses API event streams (plain text and a function call) and streamed
 * speech. Scenario bodies in streaming.ts, the stream grammar in responses-grammar.ts.
 */
import { describe } from 'vitest';
import { scenario } from '../scenario.ts';
import { CHECK_IDS, streamedResponse, streamedSpeech } from './streaming.ts';

const weather = { type: 'function', name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true };

describe('streaming', () => {
  scenario('responses: streamed text', CHECK_IDS.streamedResponse, streamedResponse({ input: 'Describe a lighthouse in two sentences.', max_output_tokens: 64 }));
  scenario('responses: streamed function call', CHECK_IDS.streamedResponse, streamedResponse({ input: 'What is the weather in Oslo?', tools: [weather], tool_choice: 'required' }));
  scenario('audio speech: streamed wav', CHECK_IDS.streamedSpeech, streamedSpeech);
});
