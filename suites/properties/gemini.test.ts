// Property tests of the Gemini translator (fast-check) behind Gemini: the shared properties
// (google-properties.ts, (a)–(e)) through the in-process gateway + Gemini simulator, and directly on
// the translator for stream ≡ non-stream.
import { geminiTranslator } from '../../gateway/providers/gemini/index.ts';
import { describeGoogleProperties } from './google-properties.ts';

describeGoogleProperties({
  title: 'gemini translator properties',
  upstream: 'gemini',
  simulator: 'Gemini',
  account: 'gemini-main',
  baseURL: 'https://generativelanguage.googleapis.com',
  translator: geminiTranslator,
  contextAccount: {},
});
