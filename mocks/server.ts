/**
 * Every simulated upstream on one loopback port (via lib/serve.ts), each mounted under `/<name>`:
 * `http://127.0.0.1:P/openai/v1/chat/completions` reaches the openai simulator as
 * `https://api.openai.com/v1/chat/completions`. `GET /` lists the base URLs a gateway should use.
 * `createMockRouter` is the same routing as a plain fetch handler, for in-process use without sockets.
 */
import { serve, type FetchHandler } from '../lib/serve.ts';
import { findUpstream, createSimulators, type UpstreamOptions } from './registry.ts';
import type { Simulator } from './types.ts';

export interface MockServerOptions {
  port?: number;
  host?: string;
  /** Simulators to mount (default: one per registered upstream, created with `simulatorOptions`). */
  simulators?: Record<string, Simulator>;
  simulatorOptions?: UpstreamOptions;
  onError?: (error: unknown) => void;
}

export interface MockServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** name → base URL to configure a gateway with, e.g. `openai` → `http://127.0.0.1:41234/openai/v1`. */
  upstreams: Record<string, string>;
  simulators: Record<string, Simulator>;
  close(): Promise<void>;
}

function jsonError(status: number, message: string, code: string): Response {
  const body = { error: { message, type: 'invalid_request_error', param: null, code } };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Path of a simulator's real base URL (`/v1` for OpenAI); "" when unknown. */
function realPrefix(name: string): string {
  const real = findUpstream(name)?.realBaseURL;
  return real ? new URL(real).pathname.replace(/\/$/, '') : '';
}

/** name → base URL under `serverUrl`. */
export function upstreamBaseURLs(serverUrl: string, simulators: Record<string, Simulator>): Record<string, string> {
  return Object.fromEntries(Object.keys(simulators).map((name) => [name, `${serverUrl}/${name}${realPrefix(name)}`]));
}

export function createMockRouter(simulators: Record<string, Simulator>, serverUrl: () => string): FetchHandler {
  return (request) => {
    const url = new URL(request.url);
    if (url.pathname === '/' || url.pathname === '') {
      if (request.method !== 'GET') return jsonError(405, `Method ${request.method} not allowed on /`, 'method_not_allowed');
      return new Response(JSON.stringify({ upstreams: upstreamBaseURLs(serverUrl(), simulators) }), {
        headers: { 'content-type': 'application/json' },
      });
    }
    const [, name = '', ...rest] = url.pathname.split('/');
    const simulator = simulators[name];
    if (!simulator) {
      return jsonError(404, `No simulated upstream is mounted at /${name}. Known: ${Object.keys(simulators).join(', ')}.`, 'unknown_upstream');
    }
    const real = findUpstream(name)?.realBaseURL;
    const target = new URL(`/${rest.join('/')}${url.search}`, real ?? url.origin);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const forwarded = new Request(target, {
      method: request.method,
      headers: request.headers,
      body: hasBody ? request.body : undefined,
      signal: request.signal,
      // @ts-expect-error Node's fetch needs duplex for a streamed request body
      duplex: hasBody ? 'half' : undefined,
    });
    return simulator.fetch(forwarded);
  };
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const simulators = options.simulators ?? createSimulators(options.simulatorOptions);
  let url = '';
  const served = await serve(createMockRouter(simulators, () => url), {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    ...(options.onError ? { onError: options.onError } : {}),
  });
  url = served.url;
  return {
    url,
    upstreams: upstreamBaseURLs(url, simulators),
    simulators,
    close: () => served.close(),
  };
}
