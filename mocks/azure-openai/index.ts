/**
 * The Azure OpenAI simulator: `createAzureOpenAISimulator(options)` → `{ name, provider: 'azure-openai',
 * fetch, journal, faults }`. `fetch` sees Azure's paths (`/openai/deployments/{d}/chat/completions?
 * api-version=…`, `/openai/v1/responses`, …; the host is irrelevant). Layers: `journaled` → Azure's
 * request-id headers (added when an answer lacks them, e.g. a fault's) → `withFaults` (Azure's error
 * bodies) → the front: route and api-version (routes.ts), key or Entra token (auth.ts),
 * deployment → model (`deployments`), the Responsible-AI prompt filter (content-filter.ts), the
 * capability matrix (capabilities.ts) — then the OpenAI service's own handlers (inner.ts) with the
 * deployment's model, and Azure's additions on the way out (decorate.ts, headers.ts).
 *
 * Real base URL: https://touchstone.openai.azure.com — a made-up resource name (`touchstone`); any
 * host works in-process, msw intercepts this one, the loopback server mounts it at `/azure-openai`.
 */
import { bufferedBody } from '../../lib/serve.ts';
import { requestHash } from '../determinism.ts';
import { FaultController, withFaults } from '../faults/index.ts';
import { Journal, journaled, type JournalEntry, type RecordedHandler } from '../journal.ts';
import { FIXED_EPOCH_MS, type Simulator, type SimulatorOptions } from '../types.ts';
import { authenticate } from './auth.ts';
import { azureOffers, capabilityRefusal, type CapabilityCheck } from './capabilities.ts';
import { analyzePrompt, promptText, type PromptFilterResults } from './content-filter.ts';
import { decorateCompletion, decorateStream } from './decorate.ts';
import { AzureError, azureErrors, azureFaultRenderer } from './errors.ts';
import { azureHeaders, estimateTokens } from './headers.ts';
import { createInnerOpenAI } from './inner.ts';
import { resolveTarget, type AzureTarget } from './routes.ts';

export { azureOffers, parameterFor, type CapabilityCheck } from './capabilities.ts';
export { GA_API_VERSIONS, PREVIEW_API_VERSIONS } from './api-versions.ts';

export const AZURE_REAL_BASE_URL = 'https://touchstone.openai.azure.com';

/** Deployment name → the OpenAI model it serves (names equal to models, as the Azure portal suggests). */
export const DEFAULT_DEPLOYMENTS: Readonly<Record<string, string>> = Object.freeze({
  'gpt-4o-mini': 'gpt-4o-mini',
  'gpt-4o': 'gpt-4o',
  'gpt-4.1': 'gpt-4.1',
  'o4-mini': 'o4-mini',
  'text-embedding-3-small': 'text-embedding-3-small',
  'text-embedding-3-large': 'text-embedding-3-large',
});

export interface AzureOpenAISimulatorOptions extends SimulatorOptions {
  /** Exact list of accepted resource keys. Default: any 32-hex-character key. */
  apiKeys?: readonly string[];
  /** Exact list of accepted Entra ID tokens. Default: any JWT-shaped token. */
  entraTokens?: readonly string[];
  /** Deployment → model; the models must be ones the OpenAI simulator serves. */
  deployments?: Readonly<Record<string, string>>;
  /** `x-ms-region` (default `East US`). */
  location?: string;
  /** Which capability-matrix columns Azure OpenAI offers (default: spec/capabilities.yaml). */
  offers?: CapabilityCheck;
  timeScale?: number;
}

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const parse = (text: string): unknown => { try { return JSON.parse(text); } catch { return undefined; } };

export function createAzureOpenAISimulator(options: AzureOpenAISimulatorOptions = {}): Simulator {
  const name = options.name ?? 'azure-openai';
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now, { upstream: name, ...(options.region ? { region: options.region } : {}) });
  const faults = options.faults ?? new FaultController();
  const offers = options.offers ?? azureOffers;
  const deployments = options.deployments ?? DEFAULT_DEPLOYMENTS;
  const region = options.location ?? 'East US';
  const startedAt = performance.now();
  const inner = createInnerOpenAI({
    now,
    lifecycleNow: options.now ?? (() => FIXED_EPOCH_MS + (performance.now() - startedAt) * (options.timeScale ?? 1)),
    chunkDelayMs: options.chunkDelayMs ?? 0,
    timeScale: options.timeScale ?? 1,
  });

  const headersFor = (entry: JournalEntry, text: string, deployment?: string, body?: unknown) => {
    const headers = azureHeaders({
      hash: requestHash('azure', [entry.method, entry.path, entry.search, text]), region, tokens: estimateTokens(text, body),
      ...(deployment ? { deployment } : {}),
    });
    entry.requestId = headers['x-request-id'];
    return headers;
  };

  /**
   * The Azure answer around the service's: Azure headers; JSON re-serialised compactly as Azure's
   * front does; chat completions annotated (decorate.ts). Error bodies pass through as the service wrote them.
   */
  async function finish(response: Response, target: AzureTarget, creates: boolean, headers: Record<string, string>, screened: PromptFilterResults) {
    const type = response.headers.get('content-type') ?? 'application/json';
    const all = { 'content-type': type, ...headers };
    const caching = offers('prompt_caching');
    // An in-memory answer (lib/serve.ts bufferedResponse) is checked without asking for `.body`, which would
    // turn it into a stream and leave `json()` unusable.
    if (!response.ok || (bufferedBody(response) === undefined && !response.body)) return new Response(response.body, { status: response.status, headers: all });
    if (type.startsWith('text/event-stream')) {
      const body = target.api === 'chat' && creates ? decorateStream(response.body!, { promptResults: screened, caching }) : response.body;
      return new Response(body, { status: response.status, headers: all });
    }
    const json = await response.json() as Json;
    const body = target.api === 'chat' && creates ? decorateCompletion(json, { promptResults: screened, caching }) : json;
    return new Response(JSON.stringify(body), { status: response.status, headers: { ...all, 'content-type': 'application/json' } });
  }

  const route: RecordedHandler = async (request, { entry, text }) => {
    const target = resolveTarget(new URL(request.url));
    if (target instanceof AzureError) return target.toResponse(headersFor(entry, text));
    const denied = authenticate(request.headers, options);
    if (denied) return denied.toResponse(headersFor(entry, text, target.deployment));

    const method = request.method.toUpperCase();
    const creates = method === 'POST' && (target.api !== 'responses' || target.openaiPath === '/v1/responses');
    const body = asObject(parse(text));
    let forward = text;
    let screened = analyzePrompt('').results;
    const deployment = target.deployment ?? (creates && typeof body?.model === 'string' ? body.model : undefined);
    if (creates && deployment !== undefined) {
      const model = Object.hasOwn(deployments, deployment) ? deployments[deployment] : undefined;
      if (model === undefined) return azureErrors.deploymentNotFound().toResponse(headersFor(entry, text, deployment));
      if (body) {
        const fail = (error: AzureError) => error.toResponse(headersFor(entry, text, deployment, body));
        if (target.api !== 'embeddings') {
          const analysis = analyzePrompt(promptText(body));
          if (analysis.filtered) return fail(azureErrors.contentFilter(analysis.results));
          screened = analysis.results;
          const refusal = capabilityRefusal(body, target.api, offers);
          if (refusal) return fail(refusal);
        }
        forward = JSON.stringify({ ...body, model });
      }
    }
    const response = await inner(request, target.openaiPath, forward, entry);
    return finish(response, target, creates, headersFor(entry, text, deployment, body), screened);
  };

  const describe = (path: string, body: unknown) => {
    const b = asObject(body) ?? {};
    const model = /^\/openai\/deployments\/([^/]+)\//.exec(path)?.[1] ?? (typeof b.model === 'string' ? b.model : undefined);
    return { stream: b.stream === true, ...(model ? { model: decodeURIComponent(model) } : {}) };
  };
  /** Answers produced outside the front (faults) still carry Azure's request ids and region. */
  const withAzureHeaders = (handler: RecordedHandler): RecordedHandler => async (request, recorded) => {
    const response = await handler(request, recorded);
    if (response.headers.has('apim-request-id')) return response;
    const headers = new Headers(response.headers);
    for (const [k, v] of Object.entries(headersFor(recorded.entry, recorded.text))) if (!headers.has(k)) headers.set(k, v);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
  const fetch = journaled(journal, withAzureHeaders(withFaults(route, { upstream: name, controller: faults, describe, ...azureFaultRenderer })));
  return { name, provider: 'azure-openai', ...(options.region ? { region: options.region } : {}), fetch, journal, faults };
}
