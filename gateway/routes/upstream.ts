/**
 * The fetch route handlers give to upstream calls: the gateway's `fetch` with the trace context
 * (`traceparent` naming the gateway span as parent, `tracestate` passed through) added to every call.
 * Added after any request signing (Bedrock SigV4 signs its own header list), so signatures hold.
 */
import type { GatewayContext } from '../app.ts';

export function upstreamFetch(ctx: GatewayContext): typeof fetch {
  const extra = ctx.exchange.upstreamHeaders();
  return (input, init) => {
    const given = init?.headers;
    let headers: HeadersInit;
    if (given === undefined || (!(given instanceof Headers) && !Array.isArray(given))) {
      headers = { ...given as Record<string, string> | undefined, ...extra }; // the adapters' usual plain object
    } else {
      const h = new Headers(given);
      for (const [k, v] of Object.entries(extra)) h.set(k, v);
      headers = h;
    }
    return ctx.fetch(input, { ...init, headers });
  };
}
