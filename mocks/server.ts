/**
 * Every simulated upstream on one loopback port (via lib/serve.ts), each mounted under `/<name>`:
 * `http://127.0.0.1:P/openai/v1/chat/completions` reaches the openai simulator as
 * `https://api.openai.com/v1/chat/completions`. `GET /` lists the base URLs a gateway should use;
 * `/_touchstone/journal` and `/_touchstone/faults` are the control endpoints (mocks/control.ts).
 * The simulators the server creates share one `FaultController`, so a profile (`faults` option, or
 * `PUT /_touchstone/faults`) applies to all of them. `createMockRouter` is the same routing as a plain
 * fetch handler, for in-process use without sockets.
 */
import { routeUpgrades } from './upgrade.ts';
import { NodeRequest } from '../lib/node-request.ts';
import { serve, type FetchHandler } from '../lib/serve.ts';
import { nativeLane } from './native.ts';
import { CONTROL_PREFIX, createControlHandler, faultControllers } from './control.ts';
import { FaultController, type FaultProfile } from './faults/index.ts';
import { findUpstream, createSimulators, type UpstreamOptions } from './registry.ts';
import type { Simulator } from './types.ts';

export interface MockServerOptions {
  port?: number;
  host?: string;
  /** Simulators to mount (default: one per registered upstream, created with `simulatorOptions`). */
  simulators?: Record<string, Simulator>;
  simulatorOptions?: UpstreamOptions;
  /** Fault profile (or controller) for the simulators the server creates. */
  faults?: FaultProfile | FaultController;
  onError?: (error: unknown) => void;
  /**
   * Serve the simulators' hot paths (non-streamed OpenAI chat completions) on Node's own objects, without
   * Request/Response objects (default true; the answers, journal entries and faults are the same).
   */
  native?: boolean;
}

export interface MockServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** name → base URL to configure a gateway with, e.g. `openai` → `http://127.0.0.1:41234/openai/v1`. */
  upstreams: Record<string, string>;
  simulators: Record<string, Simulator>;
  /** The fault controller the simulators share (replace its profile to change faults at run time). */
  faults: FaultController;
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
  const control = createControlHandler(simulators);
  return (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith(CONTROL_PREFIX)) return control(request);
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
    // A request `serve` made off the socket is re-aimed as is (its body still unread, no web stream).
    const retargeted = request instanceof NodeRequest ? request.retarget(target.href) : undefined;
    if (retargeted) return simulator.fetch(retargeted);
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
  const faults = options.faults instanceof FaultController ? options.faults
    : options.simulatorOptions?.faults ?? new FaultController(options.faults ?? {});
  const simulators = options.simulators ?? createSimulators({ ...options.simulatorOptions, faults });
  let url = '';
  const served = await serve(createMockRouter(simulators, () => url), {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    onUpgrade: routeUpgrades(simulators),
    ...(options.native === false ? {} : { native: nativeLane(simulators, options.onError) }),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  url = served.url;
  return {
    url,
    upstreams: upstreamBaseURLs(url, simulators),
    simulators,
    faults: options.simulators ? faultControllers(simulators)[0] ?? faults : faults,
    close: () => served.close(),
  };
}
