/**
 * msw handlers for in-process interception: each simulator answers on its upstream's REAL base URL
 * (`https://api.openai.com/v1/*`, `https://eu.api.openai.com/v1/*`, ...), so an unmodified client —
 * or a gateway under test — talks to the simulator without sockets. The handler is the simulator's
 * own `fetch` (journal, faults, routes — the same stack the loopback server runs); a fault that drops
 * the connection (`ResetConnection`) becomes `HttpResponse.error()`, a network error for the client.
 *
 * @example
 *   const server = setupServer(...simulatorHandlers(createSimulators()));
 *   server.listen({ onUnhandledRequest: 'error' });
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { ResetConnection } from '../lib/serve.ts';
import { findUpstream } from './registry.ts';
import type { Simulator } from './types.ts';

export function simulatorHandlers(simulators: Record<string, Simulator>): HttpHandler[] {
  return Object.values(simulators).map((simulator) => {
    const upstream = findUpstream(simulator.name);
    if (!upstream) throw new Error(`Simulator "${simulator.name}" has no registered upstream (real base URL unknown).`);
    const base = upstream.realBaseURL.replace(/\/$/, '');
    return http.all(`${base}/*`, async ({ request }) => {
      try {
        return await simulator.fetch(request);
      } catch (error) {
        if (error instanceof ResetConnection) return HttpResponse.error();
        throw error;
      }
    });
  });
}
