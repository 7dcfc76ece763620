/**
 * The loopback server's control endpoints, for suites driving an external gateway at the simulators:
 *
 *   GET    /_touchstone/journal?upstream=openai&since=<seq>   entries (credentials redacted), oldest first
 *   DELETE /_touchstone/journal[?upstream=openai]             clear
 *   GET    /_touchstone/faults                                the active fault profile and rule usage
 *   PUT    /_touchstone/faults                                replace it (YAML or JSON body; validated)
 *   DELETE /_touchstone/faults                                back to no rules
 *
 * `since` is an upstream's own journal sequence number (`seq`), so poll per upstream for increments.
 * Answers are JSON; errors use the OpenAI envelope like everything else on the server.
 */
import { FaultController, FaultProfileError, parseFaultProfile, validateFaultProfile } from './faults/index.ts';
import { journalEntryJSON } from './journal.ts';
import type { Simulator } from './types.ts';

export const CONTROL_PREFIX = '/_touchstone/';

function json(body: unknown, status = 200): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { status, headers: { 'content-type': 'application/json' } });
}

function fail(status: number, message: string, code: string, param: string | null = null): Response {
  return json({ error: { message, type: 'invalid_request_error', param, code } }, status);
}

/** The distinct fault controllers of the mounted simulators (one when the server created them). */
export function faultControllers(simulators: Record<string, Simulator>): FaultController[] {
  return [...new Set(Object.values(simulators).map((s) => s.faults).filter((f): f is FaultController => f !== undefined))];
}

function faultsState(controller: FaultController | undefined): unknown {
  return controller
    ? { source: controller.source, profile: controller.profile, usage: controller.usage() }
    : { source: null, profile: {}, usage: [] };
}

export function createControlHandler(simulators: Record<string, Simulator>): (request: Request) => Response | Promise<Response> {
  const selected = (url: URL): Simulator[] | Response => {
    const name = url.searchParams.get('upstream');
    if (name === null) return Object.values(simulators);
    const one = simulators[name];
    return one ? [one] : fail(404, `No simulated upstream "${name}". Known: ${Object.keys(simulators).join(', ')}.`, 'unknown_upstream', 'upstream');
  };

  const journal = (request: Request, url: URL): Response => {
    const sims = selected(url);
    if (sims instanceof Response) return sims;
    if (request.method === 'DELETE') {
      let cleared = 0;
      for (const s of sims) { cleared += s.journal.entries.length; s.journal.clear(); }
      return json({ cleared });
    }
    const sinceText = url.searchParams.get('since') ?? '0';
    const since = Number(sinceText);
    if (!/^\d+$/.test(sinceText)) return fail(400, `Invalid 'since': expected a non-negative integer sequence number, got "${sinceText}".`, 'invalid_value', 'since');
    const entries = sims.flatMap((s) => s.journal.entries.filter((e) => e.seq > since).map(journalEntryJSON));
    return json({ entries });
  };

  const faults = async (request: Request): Promise<Response> => {
    const controllers = faultControllers(simulators);
    if (request.method === 'GET') return json(faultsState(controllers[0]));
    if (controllers.length === 0) return fail(409, 'The mounted simulators apply no faults.', 'faults_unsupported');
    const source = `${request.method} /_touchstone/faults`;
    try {
      const profile = request.method === 'DELETE' ? validateFaultProfile({}, source) : parseFaultProfile(await request.text(), source);
      for (const c of controllers) c.replace(profile, source);
    } catch (error) {
      if (error instanceof FaultProfileError) return fail(400, error.message, 'invalid_fault_profile');
      throw error;
    }
    return json(faultsState(controllers[0]));
  };

  return (request) => {
    const url = new URL(request.url);
    const what = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
    const allowed = what === 'journal' ? ['GET', 'DELETE'] : what === 'faults' ? ['GET', 'PUT', 'DELETE'] : undefined;
    if (!allowed) return fail(404, `Unknown control endpoint ${url.pathname}. Known: ${CONTROL_PREFIX}journal, ${CONTROL_PREFIX}faults.`, 'unknown_url');
    if (!allowed.includes(request.method)) return fail(405, `Method ${request.method} not allowed on ${url.pathname} (allowed: ${allowed.join(', ')}).`, 'method_not_allowed');
    return what === 'journal' ? journal(request, url) : faults(request);
  };
}
