/**
 * The Amazon Bedrock Runtime simulator: `createBedrockSimulator(options)` → `{ name, provider, region,
 * fetch, journal, faults }`. `fetch` sees paths exactly as bedrock-runtime.<region>.amazonaws.com does
 * (`/model/{modelId}/converse`, `/converse-stream`, `/invoke`, `/invoke-with-response-stream`; the
 * model id URL-encoded). Layers, outermost first: `journaled` (every request recorded) → AWS headers
 * (`x-amzn-requestid` on every answer, `x-amzn-errortype` on errors that lack it, e.g. fault answers)
 * → `withFaults` (Bedrock's error body, exception frames and binary event-stream framing) → route:
 * the operation table, authentication (SigV4 or a Bedrock API key, auth.ts), then the operation.
 *
 * The capability matrix (spec/capabilities.yaml, Bedrock row) is read at request time: a feature the
 * matrix says Bedrock does not offer is refused the way Bedrock refuses it (features.ts).
 */
import { requestHash } from '../determinism.ts';
import { FaultController, withFaults } from '../faults/index.ts';
import { resolveStatusFault } from '../faults/presets.ts';
import { Journal, journaled, type RecordedHandler } from '../journal.ts';
import { FIXED_EPOCH_MS, type Simulator, type SimulatorOptions } from '../types.ts';
import { authenticate } from './auth.ts';
import { errors, errorTypeForStatus } from './errors.ts';
import { bedrockFaultRenderer, faultErrorType } from './fault-renderer.ts';
import { matrixGate, type CapabilityGate } from './features.ts';
import { OPERATIONS, runOperation, type BedrockSim, type Operation } from './operations.ts';
import { PromptCache } from './prompt-cache.ts';
import { DEFAULT_CREDENTIALS, type AwsCredential } from './sigv4.ts';

export { BEDROCK_MODELS, resolveModel, type BedrockModel } from './models.ts';
export { DEFAULT_CREDENTIALS, TOUCHSTONE_ACCESS_KEY_ID, TOUCHSTONE_SECRET_ACCESS_KEY, type AwsCredential } from './sigv4.ts';
export { matrixGate, type CapabilityGate } from './features.ts';
export { eventStreamFraming } from './fault-renderer.ts';

export const BEDROCK_DEFAULT_REGION = 'us-east-1';

export interface BedrockSimulatorOptions extends SimulatorOptions {
  /** SigV4 access key id → secret (and session token). Default: DEFAULT_CREDENTIALS. */
  credentials?: Readonly<Record<string, AwsCredential>>;
  /** Exact list of valid Bedrock API keys (bearer). Default: any key starting with `ABSK`. */
  apiKeys?: readonly string[];
  /** Whether the provider offers a matrix column. Default: spec/capabilities.yaml's Bedrock row, read per request. */
  capabilities?: CapabilityGate;
  /** Bedrock's `p` padding member in stream payloads (default true). */
  streamPadding?: boolean;
}

const PATH = /^\/model\/([^/]+)\/([a-z-]+)$/;

function uuidFrom(hash: string): string {
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-4${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
}

function describeBedrockRequest(path: string): { stream: boolean; model?: string } {
  const m = PATH.exec(path);
  let model: string | undefined;
  try { model = m ? decodeURIComponent(m[1]!) : undefined; } catch { model = undefined; }
  return { stream: /\/(converse-stream|invoke-with-response-stream)$/.test(path), ...(model ? { model } : {}) };
}

export function createBedrockSimulator(options: BedrockSimulatorOptions = {}): Simulator {
  const name = options.name ?? 'bedrock';
  const region = options.region ?? BEDROCK_DEFAULT_REGION;
  const now = options.now ?? (() => FIXED_EPOCH_MS);
  const journal = new Journal(now, { upstream: name, region });
  const faults = options.faults ?? new FaultController();
  const sim: BedrockSim = {
    region, chunkDelayMs: options.chunkDelayMs ?? 0, cache: new PromptCache(now),
    gate: options.capabilities ?? matrixGate, streamPadding: options.streamPadding ?? true,
  };
  const policy = {
    region, credentials: options.credentials ?? DEFAULT_CREDENTIALS, pathPrefixes: [`/${name}`],
    ...(options.apiKeys ? { apiKeys: options.apiKeys } : {}),
  };

  const route: RecordedHandler = (request, { entry, bytes }) => {
    // InvokeModel bodies may come as application/octet-stream, which the journal keeps as bytes only.
    const text = new TextDecoder().decode(bytes);
    const requestId = uuidFrom(requestHash('request-id', [request.method, entry.path, text]));
    const match = PATH.exec(entry.path);
    const operation = match?.[2] as Operation | undefined;
    const denied = authenticate({ method: request.method, url: new URL(request.url), headers: request.headers, body: bytes }, policy);
    if (denied) return denied.toResponse(requestId);
    if (!match || !OPERATIONS.includes(operation!) || request.method.toUpperCase() !== 'POST') return errors.unknownOperation().toResponse(requestId);
    let modelId: string;
    try { modelId = decodeURIComponent(match[1]!); } catch { return errors.invalidModel().toResponse(requestId); }
    return runOperation(sim, { operation: operation!, modelId, text, entry, requestId });
  };

  /** Every answer carries x-amzn-requestid; an error without x-amzn-errortype (a fault's) gets one. */
  const withAwsHeaders = (handler: RecordedHandler): RecordedHandler => async (request, recorded) => {
    const response = await handler(request, recorded);
    const { entry, text } = recorded;
    const missingId = !response.headers.has('x-amzn-requestid');
    const missingType = response.status >= 400 && !response.headers.has('x-amzn-errortype');
    if (!missingId && !missingType) { entry.requestId = response.headers.get('x-amzn-requestid')!; return response; }
    const headers = new Headers(response.headers);
    if (missingId) headers.set('x-amzn-requestid', uuidFrom(requestHash('request-id', [entry.method, entry.path, text])));
    if (missingType) {
      const fault = entry.fault?.fault;
      const type = fault?.kind === 'status' ? faultErrorType(resolveStatusFault(fault).error) : errorTypeForStatus(response.status);
      headers.set('x-amzn-errortype', `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`);
    }
    entry.requestId = headers.get('x-amzn-requestid')!;
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };

  const fetch = journaled(journal, withAwsHeaders(withFaults(route, {
    upstream: name, controller: faults, ...bedrockFaultRenderer, describe: describeBedrockRequest,
  })));
  return { name, provider: 'bedrock', region, fetch, journal, faults };
}
