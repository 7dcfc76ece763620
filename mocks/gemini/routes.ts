/**
 * The Gemini API's URL space (generativelanguage.googleapis.com), as a small table of path patterns:
 * `models/{model}:generateContent | :streamGenerateContent | :countTokens`, `GET models`,
 * `GET models/{model}`, and the cachedContents collection, under `/v1beta` (the SDK's default) and
 * `/v1`. A request no pattern matches — or a method the capability matrix withholds — gets Google's
 * HTML 404, as the real front end answers an unknown URL.
 */
import type { Offers } from './capabilities.ts';

export type GeminiRoute =
  | { kind: 'generate'; version: string; model: string; stream: boolean }
  | { kind: 'countTokens'; version: string; model: string }
  | { kind: 'listModels'; version: string }
  | { kind: 'getModel'; version: string; model: string }
  | { kind: 'createCache' | 'listCaches' }
  | { kind: 'getCache' | 'deleteCache'; name: string };

const VERSION = '(v1beta|v1|v1alpha)';
const MODEL_METHOD = new RegExp(`^/${VERSION}/models/([^/:]+):(generateContent|streamGenerateContent|countTokens)$`);
const MODELS = new RegExp(`^/${VERSION}/models$`);
const MODEL = new RegExp(`^/${VERSION}/models/([^/:]+)$`);
const CACHES = new RegExp(`^/${VERSION}/cachedContents$`);
const CACHE = new RegExp(`^/${VERSION}/cachedContents/([^/:]+)$`);

export function matchGeminiRoute(method: string, path: string, offers: Offers): GeminiRoute | undefined {
  let m: RegExpExecArray | null;
  if (method === 'POST' && (m = MODEL_METHOD.exec(path))) {
    const [, version, rawModel, action] = m as unknown as [string, string, string, string];
    const model = decodeURIComponent(rawModel);
    if (action === 'countTokens') return { kind: 'countTokens', version, model };
    const stream = action === 'streamGenerateContent';
    if (!offers(stream ? 'stream' : 'non_stream')) return undefined;
    return { kind: 'generate', version, model, stream };
  }
  if (method === 'GET' && (m = MODELS.exec(path))) return { kind: 'listModels', version: m[1]! };
  if (method === 'GET' && (m = MODEL.exec(path))) return { kind: 'getModel', version: m[1]!, model: decodeURIComponent(m[2]!) };
  if (!offers('prompt_caching')) return undefined;
  if ((m = CACHES.exec(path))) {
    if (method === 'POST') return { kind: 'createCache' };
    if (method === 'GET') return { kind: 'listCaches' };
  }
  if ((m = CACHE.exec(path))) {
    const name = `cachedContents/${decodeURIComponent(m[2]!)}`;
    if (method === 'GET') return { kind: 'getCache', name };
    if (method === 'DELETE') return { kind: 'deleteCache', name };
  }
  return undefined;
}
