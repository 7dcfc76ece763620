/**
 * The fetch route handlers give to upstream calls: the gateway's `fetch` with the trace context
 * (`traceparent` naming the gateway span as parent, `tracestate` passed through) added to every call.
 * Added after any request signing (Bedrock SigV4 signs its own header list), so signatures hold.
 */
import type { GatewayContext } from '../app.ts';

export function upstreamFetch(ctx: GatewayContext): typeof fetch {
  const extra = ctx.exchange.upstreamHeaders();
  return (input, init) => {
    const headers = new Headers(init?.headers);
    for (const [k, v] of Object.entries(extra)) headers.set(k, v);
    return ctx.fetch(input, { ...init, headers });
  };
}
