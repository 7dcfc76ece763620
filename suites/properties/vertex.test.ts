// Property tests of Gemini on Vertex AI (fast-check): the shared properties (google-properties.ts,
// (a)–(e)) for the Gemini translator with Vertex's endpoint, through the in-process gateway + Vertex
// simulator, and directly on the Vertex translator for stream ≡ non-stream (Vertex omits the index of
// candidate 0 — the reply generator does too, at random).
import { vertexGeminiTranslator } from '../../gateway/providers/vertex/gemini.ts';
import { describeGoogleProperties } from './google-properties.ts';

const REAL_BASE = 'https://us-central1-aiplatform.googleapis.com';

describeGoogleProperties({
  title: 'vertex (Gemini) translator properties',
  upstream: 'vertex',
  simulator: 'Vertex',
  account: 'vertex-main',
  baseURL: REAL_BASE,
  translator: vertexGeminiTranslator,
  contextAccount: { name: 'vertex-test', provider: 'vertex', baseURL: REAL_BASE, apiKey: 'ya29.test', project: 'p', region: 'us-central1' },
});
