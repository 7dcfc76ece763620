/**
 * Test kit for the Bedrock simulator: a loopback server (127.0.0.1, port 0) with the `bedrock`
 * upstream, the official `@aws-sdk/client-bedrock-runtime` client pointed at it (static test
 * credentials; the HTTP/1.1 handler, since the loopback server speaks HTTP/1.1 while the client's
 * default handler is HTTP/2), raw requests authenticated with a Bedrock API key (no signing needed),
 * and the error a failing SDK call throws.
 */
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createBedrockSimulator, TOUCHSTONE_ACCESS_KEY_ID, TOUCHSTONE_SECRET_ACCESS_KEY, type BedrockSimulatorOptions } from './index.ts';
import { startMockServer, type MockServer } from '../server.ts';
import type { Simulator } from '../types.ts';

export const TEST_API_KEY = 'ABSKdG91Y2hzdG9uZS10ZXN0LWtleQ==';

export interface BedrockHarness {
  server: MockServer;
  sim: Simulator;
  base: string;
  client(config?: Partial<BedrockRuntimeClientConfig>): BedrockRuntimeClient;
  /** POST a JSON (or raw string) body to `/model/<id>/<operation>` with a Bedrock API key. */
  post(modelId: string, operation: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** The official client with the test credentials; `endpoint` undefined means the real regional endpoint. */
export function bedrockClient(endpoint: string | undefined, config: Partial<BedrockRuntimeClientConfig> = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    credentials: { accessKeyId: TOUCHSTONE_ACCESS_KEY_ID, secretAccessKey: TOUCHSTONE_SECRET_ACCESS_KEY },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
    ...config,
  });
}

export async function startBedrock(options: BedrockSimulatorOptions = {}): Promise<BedrockHarness> {
  const sim = createBedrockSimulator({ ...options, name: 'bedrock' });
  const server = await startMockServer({ simulators: { bedrock: sim } });
  const base = server.upstreams.bedrock!;
  return {
    server, sim, base,
    client: (config = {}) => bedrockClient(base, config),
    post: (modelId, operation, body, headers = {}) => fetch(`${base}/model/${encodeURIComponent(modelId)}/${operation}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    close: () => server.close(),
  };
}

export interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $fault?: string;
}

export async function sdkError(work: Promise<unknown> | (() => Promise<unknown>)): Promise<SdkError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

export const user = (text: string) => ({ role: 'user' as const, content: [{ text }] });

/** A system prompt long enough (> 2048 tokens) to reach every model's cache checkpoint minimum. */
export const LONG_SYSTEM = Array.from({ length: 700 }, (_, i) => `Rule ${i}: answer politely.`).join(' ');
