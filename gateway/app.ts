/**
 * The reference gateway as one fetch-shaped handler: `createGateway(config).fetch(request)`.
 * Routing table → auth wrapper → route handler; every failure leaves as the OpenAI error envelope.
 * Serve it on a port with lib/serve.ts, or call it in-process in tests.
 */
import { randomUUID } from 'node:crypto';
import type { GatewayConfig } from './config.ts';
import { GatewayError, InternalError, MethodNotAllowedError, NotFoundError } from './errors.ts';
import { authenticate } from './auth.ts';
import { chatCompletions } from './routes/chat.ts';

export interface GatewayContext {
  config: GatewayConfig;
  /** The fetch used for upstream calls; read at call time so in-process interception (msw) applies. */
  fetch: typeof fetch;
  requestId: string;
  keyName: string;
}

type RouteHandler = (request: Request, ctx: GatewayContext) => Promise<Response>;
interface Route { path: string; methods: Record<string, RouteHandler> }

const routes: Route[] = [
  { path: '/chat/completions', methods: { POST: chatCompletions } },
];

export interface GatewayOptions {
  fetch?: typeof fetch;
  onError?: (error: unknown) => void;
}

export interface Gateway {
  fetch(request: Request): Promise<Response>;
  config: GatewayConfig;
}

export function createGateway(config: GatewayConfig, options: GatewayOptions = {}): Gateway {
  const upstreamFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const byPath = new Map(routes.map((r) => [config.basePath + r.path, r]));

  async function handle(request: Request): Promise<Response> {
    const requestId = `req_${randomUUID().replaceAll('-', '')}`;
    try {
      const { pathname } = new URL(request.url);
      const route = byPath.get(pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname);
      if (!route) throw new NotFoundError('route_not_found', `Unknown route ${request.method} ${pathname}.`);
      const handler = route.methods[request.method];
      if (!handler) throw new MethodNotAllowedError(request.method, pathname, Object.keys(route.methods));
      const keyName = authenticate(request, config);
      const response = await handler(request, { config, fetch: upstreamFetch, requestId, keyName });
      response.headers.set('x-request-id', requestId);
      return response;
    } catch (error) {
      if (request.signal.aborted) return new Response(null, { status: 499 });
      const gatewayError = error instanceof GatewayError ? error : new InternalError();
      if (!(error instanceof GatewayError)) options.onError?.(error);
      return gatewayError.toResponse({ 'x-request-id': requestId });
    }
  }

  return { fetch: handle, config };
}
