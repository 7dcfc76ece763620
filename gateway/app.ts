/**
 * The reference gateway as one fetch-shaped handler: `createGateway(config).fetch(request)`.
 * Routing table → authentication → `x-tfy-metadata` → route handler, with one `Exchange` per request
 * carrying access control, limits and budgets, usage and cost, the trace span and the request-log line.
 * Every failure leaves as the OpenAI error envelope. `reload(config)` swaps the config atomically:
 * requests already running finish with the config they started with. Serve it with lib/serve.ts (see
 * server.ts, which also routes WebSocket upgrades to the realtime proxy), or call it in-process.
 */
import { bufferedBody, bufferedResponse, writeResponse, type NativeHandler } from '../lib/serve.ts';
import type { GatewayConfig } from './config.ts';
import { formatCost } from './cost.ts';
import { BadRequestError, GatewayError, InternalError, MethodNotAllowedError, NotFoundError } from './errors.ts';
import { Exchange, newRequestId, type ApiName } from './exchange.ts';
import { createNativeLane } from './lane.ts';
import { createPlatform, type Platform } from './platform.ts';
import { routes, type RouteHandler } from './routes/index.ts';
import { createUpstreamTransport } from './transport.ts';

export interface GatewayContext {
  config: GatewayConfig;
  /** The fetch used for upstream calls; read at call time so in-process interception (msw) applies. */
  fetch: typeof fetch;
  requestId: string;
  /** This request on the platform: `admit(account, model)` before calling upstream, `addUsage` after. */
  exchange: Exchange;
}

export interface GatewayOptions {
  fetch?: typeof fetch;
  onError?: (error: unknown) => void;
  /** Clock for limits and budgets (ms). */
  now?: () => number;
  /** Request-log sink override (tests): receives each line as an object. */
  onLog?: (line: Record<string, unknown>) => void;
}

export interface Gateway {
  fetch(request: Request): Promise<Response>;
  readonly config: GatewayConfig;
  readonly platform: Platform;
  /** Serve `config` from now on; running requests keep theirs. Limit counters survive (same store). */
  reload(config: GatewayConfig): Promise<void>;
  /**
   * Start an exchange outside the HTTP route table (the realtime WebSocket proxy): authenticates the
   * key and parses `x-tfy-metadata` (throwing 401/400 GatewayErrors); the caller admits, adds usage and
   * finishes it. The config returned is the one this exchange keeps for its whole life.
   */
  begin(api: ApiName, method: string, path: string, headers: Headers): { exchange: Exchange; config: GatewayConfig };
  /**
   * The native lane for lib/serve.ts (gateway/lane.ts): the hot requests served on Node's objects, the
   * rest left to `fetch`. Only with the gateway's own upstream transport (not with an injected fetch).
   */
  readonly native?: NativeHandler;
  /** Flush traces and logs, close the limit store. */
  close(): Promise<void>;
}

interface CompiledRoute { api: ApiName; template: string; pattern: RegExp; methods: Record<string, RouteHandler> }

export const COST_HEADER = 'x-gateway-cost-usd';

export function createGateway(initial: GatewayConfig, options: GatewayOptions = {}): Gateway {
  // Upstream calls go over keep-alive pools (transport.ts) unless the caller brings its own fetch (tests, msw).
  const transport = options.fetch ? undefined : createUpstreamTransport();
  const upstreamFetch: typeof fetch = options.fetch ?? transport!.fetch;
  let state = compile(initial, createPlatform(initial, options));

  function compile(config: GatewayConfig, platform: Platform) {
    const table: CompiledRoute[] = routes.map((r) => ({
      api: r.api,
      template: config.basePath + r.path,
      methods: r.methods,
      pattern: new RegExp(`^${escape(config.basePath)}${r.path.replace(/\{[^}]+\}/g, '([^/]+)')}/?$`),
    }));
    return { config, platform, table };
  }

  async function handle(request: Request): Promise<Response> {
    const { config, platform, table } = state; // one config for the whole request, even across a reload
    const requestId = newRequestId();
    const { pathname } = new URL(request.url);
    let route: CompiledRoute | undefined;
    let match: RegExpExecArray | null = null;
    for (const r of table) {
      match = r.pattern.exec(pathname);
      if (match) { route = r; break; }
    }
    const trace = platform.telemetry.start(request, route?.template);
    const exchange = new Exchange(platform, config, requestId, route?.api ?? 'models', request.method, pathname, trace);
    try {
      if (!route) throw new NotFoundError('route_not_found', `Unknown route ${request.method} ${pathname}.`);
      const handler = route.methods[request.method];
      if (!handler) throw new MethodNotAllowedError(request.method, pathname, Object.keys(route.methods));
      const params = match!.slice(1).map(pathParam);
      exchange.identify(request.headers);
      const response = await handler(request, { config, fetch: upstreamFetch, requestId, exchange }, params);
      return finishResponse(response, exchange);
    } catch (error) {
      return failure(error, exchange, request.signal.aborted);
    }
  }

  /** A failed exchange: finish it, and answer with its envelope (a bare 499 when the client left). */
  function failure(error: unknown, exchange: Exchange, aborted: boolean): Response {
    if (aborted) { exchange.finish(499, 'client_closed_request'); return new Response(null, { status: 499 }); }
    const gatewayError = error instanceof GatewayError ? error : new InternalError();
    if (!(error instanceof GatewayError)) options.onError?.(error);
    exchange.finish(gatewayError.status, gatewayError.code);
    return gatewayError.toResponse({ 'x-request-id': exchange.requestId, ...exchange.limitHeaders });
  }

  const native = transport && createNativeLane({
    state: () => state,
    dispatcher: transport.dispatcher,
    failure,
    write: (response, res) => { void writeResponse(response, res, new AbortController().signal); },
    costHeader: COST_HEADER,
  });

  return {
    fetch: handle,
    ...(native ? { native } : {}),
    get config() { return state.config; },
    get platform() { return state.platform; },
    async reload(config) {
      const previous = state.platform;
      state = compile(config, createPlatform(config, options, previous));
      await previous.retire(state.platform);
    },
    begin(api, method, path, headers) {
      const { config, platform } = state;
      const requestId = newRequestId();
      const trace = platform.telemetry.start(new Request(`http://gateway${path}`, { method, headers }), api === 'realtime' ? '/live/{provider-account}' : path);
      const exchange = new Exchange(platform, config, requestId, api, method, path, trace);
      try {
        exchange.identify(headers);
      } catch (error) {
        const status = error instanceof GatewayError ? error.status : 500;
        exchange.finish(status, error instanceof GatewayError ? error.code : 'internal_error');
        throw error;
      }
      return { exchange, config };
    },
    async close() { await state.platform.close(); await transport?.close(); },
  };
}

/** Headers of the platform on the answer, and `finish` when its body has been delivered or dropped. */
function finishResponse(response: Response, exchange: Exchange): Response {
  const headers = new Headers(response.headers);
  headers.set('x-request-id', exchange.requestId);
  for (const [k, v] of Object.entries(exchange.limitHeaders)) headers.set(k, v);
  const cost = exchange.currentCost();
  const streaming = /^text\/event-stream\b/i.test(headers.get('content-type') ?? '');
  if (cost !== undefined && !streaming) headers.set(COST_HEADER, formatCost(cost));
  const buffered = bufferedBody(response);
  if (buffered) {
    // Complete already: no stream to watch; the answer is over once it is handed to the server.
    exchange.finish(response.status);
    return bufferedResponse(buffered, { status: response.status, statusText: response.statusText, headers });
  }
  if (!response.body) {
    exchange.finish(response.status);
    return new Response(null, { status: response.status, statusText: response.statusText, headers });
  }
  const reader = response.body.getReader();
  const status = response.status;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) { controller.close(); exchange.finish(status); return; }
        controller.enqueue(next.value);
      } catch (error) {
        exchange.finish(status, 'stream_error');
        controller.error(error);
      }
    },
    async cancel(reason) {
      exchange.finish(499, 'client_closed_request');
      await reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  return new Response(body, { status, statusText: response.statusText, headers });
}

/**
 * A decoded path parameter (an id). Ids go into upstream paths, so one that decodes to a path of its own
 * (`..`, `a/b`, a backslash) or is not valid percent-encoding is refused with a 400 instead of reaching
 * another upstream resource.
 */
function pathParam(raw: string): string {
  let value: string;
  try { value = decodeURIComponent(raw); } catch { value = ''; }
  if (!value || value === '.' || value === '..' || /[/\\?#\u0000-\u001f]/.test(value)) {
    throw new BadRequestError('invalid_path_parameter', `Invalid id in the path: ${JSON.stringify(raw.slice(0, 64))}.`);
  }
  return value;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
