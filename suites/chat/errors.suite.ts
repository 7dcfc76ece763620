/**
 * Error behaviour of the chat endpoint: credentials, unknown models and malformed bodies are refused
 * with the right status and the OpenAI error envelope, and the gateway keeps serving afterwards.
 */
import { describe } from 'vitest';
import { contractViolations, envelopeViolations, statusViolations } from '../assertions.ts';
import { scenario } from '../scenario.ts';
import { plainChat } from './requests.ts';

const OP = 'createChatCompletion';

describe('chat errors and auth', () => {
  scenario('no Authorization header', ['auth.missing-key'], async (s) => {
    const res = await s.recorder.send('POST', '/chat/completions', { body: plainChat(s.target.models.chat), key: null });
    s.verdict('auth.missing-key', envelopeViolations(OP, res, 401));
  });

  scenario('invalid key', ['auth.invalid-key'], async (s) => {
    const res = await s.recorder.send('POST', '/chat/completions', { body: plainChat(s.target.models.chat), key: 'ts-not-a-valid-key-0000000000000000' });
    s.verdict('auth.invalid-key', envelopeViolations(OP, res, 401));
  });

  scenario('malformed JSON body', ['chat.errors.malformed-json'], async (s) => {
    const res = await s.recorder.send('POST', '/chat/completions', { raw: '{"model": "x", "messages": [' });
    s.verdict('chat.errors.malformed-json', envelopeViolations(OP, res, 400));
  });

  scenario('unknown model', ['chat.errors.unknown-model'], async (s) => {
    const res = await s.recorder.send('POST', '/chat/completions', { body: plainChat('touchstone-no-such-account/no-such-model') });
    s.verdict('chat.errors.unknown-model', envelopeViolations(OP, res, 404));
  });

  scenario('valid request after rejected ones', ['chat.errors.next-request'], async (s) => {
    await s.recorder.send('POST', '/chat/completions', { raw: 'not json at all' });
    await s.recorder.send('POST', '/chat/completions', { body: plainChat(s.target.models.chat), key: null });
    const res = await s.recorder.send('POST', '/chat/completions', { body: plainChat(s.target.models.chat) });
    s.verdict('chat.errors.next-request', [...statusViolations(res, 200), ...contractViolations(OP, res)]);
  });
});
