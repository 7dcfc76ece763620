// The Gemini translator end to end behind Gemini: the shared cases (google-cases.ts) with Gemini's
// endpoint and x-goog-api-key — the openai SDK → gateway → Gemini simulator, answers validated against
// spec/ and the stream grammar, tools, every matrix column, the 400s, upstream faults, the journal.
import { describeGoogleProvider } from './google-cases.ts';

describeGoogleProvider({
  title: 'gemini through the gateway',
  upstream: 'gemini',
  account: 'gemini-main',
  name: 'Gemini',
  refusedBy: 'Gemini',
  baseURL: 'https://generativelanguage.googleapis.com',
  path: (model, stream = false) => `/v1beta/models/${model}:${stream ? 'streamGenerateContent' : 'generateContent'}`,
  credentialHeaders: { 'x-goog-api-key': 'AIzaTouchstoneGemini0001' },
  serverErrorMessage: /An internal error has occurred/,
  badCredential: { noun: 'account key', value: 'not-a-google-key', upstreamMessage: 'API key not valid' },
});
