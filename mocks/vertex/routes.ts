/**
 * Vertex AI's URL space for generative models, under `/v1` (and `/v1beta1`):
 * `projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}` — Google's
 * own models (`generateContent`, `streamGenerateContent`, `countTokens`) are served by the Gemini core;
 * `publishers/anthropic` (`rawPredict`, `streamRawPredict`) goes to the Claude handler in ./anthropic.ts; any other
 * publisher is an unknown publisher model — and `projects/…/locations/…/cachedContents[/{id}]`.
 * Anything else is Google's HTML 404. Every route names its location, which the simulator checks
 * against the host's region; each carries its RPC method name for auth error details.
 */
import type { Offers } from '../gemini/capabilities.ts';

interface Located { project: string; location: string; version: string; rpc: string }

export type VertexRoute =
  | (Located & { kind: 'generate'; model: string; stream: boolean })
  | (Located & { kind: 'countTokens'; model: string })
  | (Located & { kind: 'anthropic' })
  | (Located & { kind: 'unknownPublisher'; publisher: string; model: string })
  | (Located & { kind: 'createCache' | 'listCaches' })
  | (Located & { kind: 'getCache' | 'deleteCache'; name: string });

const PREFIX = '^/(v1|v1beta1)/projects/([^/]+)/locations/([^/]+)';
const PUBLISHER_METHOD = new RegExp(`${PREFIX}/publishers/([^/]+)/models/([^/:]+):(\\w+)$`);
const CACHES = new RegExp(`${PREFIX}/cachedContents$`);
const CACHE = new RegExp(`${PREFIX}/cachedContents/([^/:]+)$`);

const PREDICTION = 'google.cloud.aiplatform.v1.PredictionService';
const CACHE_SERVICE = 'google.cloud.aiplatform.v1.GenAiCacheService';
const RPC: Record<string, string> = {
  generateContent: 'GenerateContent', streamGenerateContent: 'StreamGenerateContent', countTokens: 'CountTokens',
  rawPredict: 'RawPredict', streamRawPredict: 'StreamRawPredict',
};

export function matchVertexRoute(method: string, path: string, offers: Offers): VertexRoute | undefined {
  let m: RegExpExecArray | null;
  if ((m = PUBLISHER_METHOD.exec(path))) {
    const [, version, project, location, publisher, rawModel, action] = m as unknown as string[] as [string, string, string, string, string, string, string];
    const model = decodeURIComponent(rawModel);
    const base = { version, project, location, rpc: `${PREDICTION}.${RPC[action] ?? action}` };
    if (publisher === 'anthropic' && (action === 'rawPredict' || action === 'streamRawPredict')) return { ...base, kind: 'anthropic' };
    if (method !== 'POST' || !RPC[action]) return undefined;
    if (publisher !== 'google') return { ...base, kind: 'unknownPublisher', publisher, model };
    if (action === 'countTokens') return { ...base, kind: 'countTokens', model };
    if (action !== 'generateContent' && action !== 'streamGenerateContent') return { ...base, kind: 'unknownPublisher', publisher, model };
    const stream = action === 'streamGenerateContent';
    return offers(stream ? 'stream' : 'non_stream') ? { ...base, kind: 'generate', model, stream } : undefined;
  }
  if (!offers('prompt_caching')) return undefined;
  if ((m = CACHES.exec(path))) {
    const base = { version: m[1]!, project: m[2]!, location: m[3]! };
    if (method === 'POST') return { ...base, kind: 'createCache', rpc: `${CACHE_SERVICE}.CreateCachedContent` };
    if (method === 'GET') return { ...base, kind: 'listCaches', rpc: `${CACHE_SERVICE}.ListCachedContents` };
  }
  if ((m = CACHE.exec(path))) {
    const base = { version: m[1]!, project: m[2]!, location: m[3]! };
    const name = `projects/${base.project}/locations/${base.location}/cachedContents/${decodeURIComponent(m[4]!)}`;
    if (method === 'GET') return { ...base, kind: 'getCache', name, rpc: `${CACHE_SERVICE}.GetCachedContent` };
    if (method === 'DELETE') return { ...base, kind: 'deleteCache', name, rpc: `${CACHE_SERVICE}.DeleteCachedContent` };
  }
  return undefined;
}
