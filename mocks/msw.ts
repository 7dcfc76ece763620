/**
 * msw handlers for in-process interception: each simulator answers on its upstream's REAL base URL
 * (`https://api.openai.com/v1/*`, `https://eu.api.openai.com/v1/*`, ...), so an unmodified client —
 * or a gateway under test — talks to the simulator without sockets.
 *
 * @example
 *   const server = setupServer(...simulatorHandlers(createSimulators()));
 *   server.listen({ onUnhandledRequest: 'error' });
 */
import { http, type HttpHandler } from 'msw';
import { findUpstream } from './registry.ts';
import type { Simulator } from './types.ts';

export function simulatorHandlers(simulators: Record<string, Simulator>): HttpHandler[] {
  return Object.values(simulators).map((simulator) => {
    const upstream = findUpstream(simulator.name);
    if (!upstream) throw new Error(`Simulator "${simulator.name}" has no registered upstream (real base URL unknown).`);
    const base = upstream.realBaseURL.replace(/\/$/, '');
    return http.all(`${base}/*`, ({ request }) => simulator.fetch(request));
  });
}
