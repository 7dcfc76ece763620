/**
 * Claude on Vertex AI: the Anthropic publisher routes of the Vertex simulator, built on the Anthropic
 * simulator's Messages logic (mocks/anthropic/messages.ts), so it exists once.
 *
 *   POST /v1/projects/{project}/locations/{location}/publishers/anthropic/models/{model}:rawPredict
 *   POST /v1/projects/{project}/locations/{location}/publishers/anthropic/models/{model}:streamRawPredict
 *   POST /v1/projects/{project}/locations/{location}/publishers/anthropic/models/count-tokens:rawPredict
 *
 * The body is an Anthropic Messages body with `anthropic_version: "vertex-2023-10-16"` and no `model`
 * (the URL names it, as a Vertex model id: `claude-sonnet-4-5@20250929`; count-tokens takes `model` in the
 * body); `stream: true` in the body makes the answer an Anthropic event stream (the official Vertex client
 * sends those to `:streamRawPredict`). Auth is a Google OAuth access token, `Authorization: Bearer ya29.…`.
 * Google-style errors (`{"error":{"code","message","status"}}`) for what Vertex's front end decides — a
 * missing or invalid token, an unknown publisher model, a route that does not exist — and Anthropic-shaped
 * errors (`req_vrtx_…` request ids) for everything the model side decides. URL document sources are refused
 * (Vertex does not fetch them). Capabilities follow the seed-001 matrix row `anthropic` by default: the
 * `vertex` row describes Gemini on Vertex (its note says partner models are not what it describes), and
 * Claude on Vertex offers what Claude offers; pass `offers` to decide otherwise.
 *
 * Signature (used by the Vertex simulator in mocks/vertex/):
 *
 *   const claude = vertexAnthropicRoutes({ now?, chunkDelayMs?, accessTokens?, authenticate?, offers? });
 *   claude.matches(path)                       // true for the three routes above (any method)
 *   await claude.handle(request, recorded?)    // Response; `recorded` = the journal's { entry, text, bytes }
 *                                              // when the body was already read (journaled), else it is read
 *   claude.faults                              // FaultRenderer: Anthropic's error body / mid-stream error event
 */
import { requestHash } from '../determinism.ts';
import type { FaultRenderer } from '../faults/index.ts';
import type { JournalEntry } from '../journal.ts';
import { FIXED_EPOCH_MS } from '../types.ts';
import { matrixOffers, type Offers } from '../anthropic/capabilities.ts';
import { faultRenderer } from '../anthropic/errors.ts';
import { requestIdFor } from '../anthropic/headers.ts';
import { answerMessages, type MessagesState } from '../anthropic/messages.ts';
import { findClaudeModel, findVertexClaudeModel } from '../anthropic/models.ts';
import { PromptCache } from '../anthropic/prompt-cache.ts';
import { parseBetas } from '../anthropic/request.ts';

export interface VertexAnthropicOptions {
  /** Simulated clock (default: the fixed epoch). */
  now?: () => number;
  /** Delay before each streamed event, in milliseconds (default 0). */
  chunkDelayMs?: number;
  /** Exact list of accepted OAuth access tokens. Default: any bearer token starting with `ya29.`. */
  accessTokens?: readonly string[];
  /** `false` when the caller has already authenticated the request (default true). */
  authenticate?: boolean;
  /** Which capability columns are offered. Default: the seed-001 matrix row `anthropic` (see the header). */
  offers?: Offers;
}

export interface VertexAnthropicRoutes {
  matches(path: string): boolean;
  handle(request: Request, recorded?: { entry?: JournalEntry; text: string; bytes: Uint8Array }): Promise<Response>;
  faults: FaultRenderer;
}

const ROUTE = /^\/v1(?:beta1)?\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/;

/** Whether `path` is one of Vertex AI's Anthropic publisher routes. */
export function isVertexAnthropicPath(path: string): boolean {
  return ROUTE.test(path);
}

const GOOGLE_AUTH_HINT = 'Expected OAuth 2 access token, login cookie or other valid authentication credential. '
  + 'See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/** Google's error envelope (pretty-printed, as Google front ends write it). */
function googleError(code: number, status: string, message: string, reason?: string): Response {
  const details = reason ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com',
    metadata: { service: 'aiplatform.googleapis.com', method: 'google.cloud.aiplatform.v1.PredictionService.RawPredict' } }] : undefined;
  const body = { error: { code, message, status, ...(details ? { details } : {}) } };
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { status: code, headers: { 'content-type': 'application/json; charset=UTF-8' } });
}

export function vertexAnthropicRoutes(options: VertexAnthropicOptions = {}): VertexAnthropicRoutes {
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const state: MessagesState = {
    now, chunkDelayMs: options.chunkDelayMs ?? 0, cache: new PromptCache(now), offers: options.offers ?? matrixOffers('anthropic'),
  };

  function denied(request: Request): Response | null {
    if (options.authenticate === false) return null;
    const token = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]?.trim();
    if (!token) return googleError(401, 'UNAUTHENTICATED', `Request is missing required authentication credential. ${GOOGLE_AUTH_HINT}`, 'CREDENTIALS_MISSING');
    const valid = options.accessTokens ? options.accessTokens.includes(token) : token.startsWith('ya29.');
    return valid ? null : googleError(401, 'UNAUTHENTICATED', `Request had invalid authentication credentials. ${GOOGLE_AUTH_HINT}`, 'ACCESS_TOKEN_TYPE_UNSUPPORTED');
  }

  async function handle(request: Request, recorded?: { entry?: JournalEntry; text: string; bytes: Uint8Array }): Promise<Response> {
    const path = new URL(request.url).pathname;
    const match = ROUTE.exec(path);
    if (!match || request.method.toUpperCase() !== 'POST') return googleError(404, 'NOT_FOUND', `The requested URL ${path} was not found on this server.`);
    const refused = denied(request);
    if (refused) return refused;
    const bytes = recorded?.bytes ?? new Uint8Array(await request.arrayBuffer());
    const text = recorded?.text ?? new TextDecoder().decode(bytes);
    const [, project, location, modelId, method] = match as unknown as [string, string, string, string, string];
    const countTokens = modelId === 'count-tokens' && method === 'rawPredict';
    const model = countTokens ? undefined : findVertexClaudeModel(modelId);
    if (!countTokens && !model) {
      return googleError(404, 'NOT_FOUND', `Publisher Model \`projects/${project}/locations/${location}/publishers/anthropic/models/${modelId}\` not found.`);
    }
    const requestId = requestIdFor(requestHash('vertex.anthropic.request', [path, text]), true);
    if (recorded?.entry) recorded.entry.requestId = requestId;
    return answerMessages(state, {
      endpoint: countTokens ? 'count_tokens' : 'messages', platform: 'vertex', version: '2023-06-01',
      betas: parseBetas(request.headers.get('anthropic-beta')),
      text, byteLength: bytes.byteLength, headers: { 'request-id': requestId },
      ...(model ? { urlModel: model } : { findModel: (name: string) => findVertexClaudeModel(name) ?? findClaudeModel(name) }),
      ...(recorded?.entry ? { entry: recorded.entry } : {}),
    });
  }

  return { matches: isVertexAnthropicPath, handle, faults: faultRenderer };
}
