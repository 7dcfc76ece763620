/**
 * Faults as data, applied to any simulator: `withFaults(handler, options)` wraps a simulator's
 * journaled handler (see `journaled` in mocks/journal.ts), asks the shared `FaultController` which
 * fault (if any) this request gets, records it on the journal entry, waits `latencyMs`, and runs the
 * kind's handler (kinds.ts) around the simulator's real answer.
 *
 * @example
 *   const faults = new FaultController(loadFaultProfile('faults.yaml'), 'faults.yaml');
 *   const fetch = journaled(journal, withFaults(route, { upstream: 'openai', controller: faults, errorBody }));
 */
import type { RecordedHandler } from '../journal.ts';
import { delay, runFault, type FaultRenderer } from './kinds.ts';
import { FaultController, FaultSelectionError } from './select.ts';

export { FaultController, FaultSelectionError, FAULT_HEADER, type FaultRequest } from './select.ts';
export { FaultProfileError, loadFaultProfile, parseFaultProfile, validateFault, validateFaultProfile } from './profile.ts';
export { BUILTIN_FAULTS, STATUS_PRESETS, needsStream } from './presets.ts';
export type { FaultRenderer } from './kinds.ts';
export { SSE_FRAMING, type StreamFraming } from './stream.ts';
export type * from './types.ts';

export interface WithFaultsOptions extends FaultRenderer {
  /** The upstream's name (`openai-eu`), for `match.upstream`. */
  upstream: string;
  controller: FaultController;
  /** Whether a request asks for a stream, and its model. Default: the JSON body's `stream` and `model`. */
  describe?(path: string, body: unknown): { stream: boolean; model?: string };
}

/** `stream` and `model` of an OpenAI-style JSON body (Anthropic, Groq, ... send the same fields). */
export function describeJsonBody(_path: string, body: unknown): { stream: boolean; model?: string } {
  const b = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return { stream: b.stream === true, ...(typeof b.model === 'string' ? { model: b.model } : {}) };
}

export function withFaults(handler: RecordedHandler, options: WithFaultsOptions): RecordedHandler {
  return async (request, recorded) => {
    const { entry, text } = recorded;
    const path = entry.path;
    let applied;
    try {
      applied = options.controller.select({
        upstream: options.upstream, method: request.method, path, headers: request.headers, body: entry.body, text,
        ...(options.describe ?? describeJsonBody)(path, entry.body),
      });
    } catch (error) {
      if (!(error instanceof FaultSelectionError)) throw error;
      const body = options.errorBody({ status: 400, message: error.message, type: 'invalid_request_error', param: null, code: 'invalid_touchstone_fault' });
      return new Response(body, { status: 400, headers: { 'content-type': 'application/json' } });
    }
    if (!applied) return handler(request, recorded);
    entry.fault = applied;
    if (applied.fault.latencyMs) await delay(applied.fault.latencyMs, request.signal);
    return runFault({
      request, path, applied, renderer: options,
      next: async () => handler(request, recorded),
      onBodyEnd: (outcome) => {
        if (outcome === 'cut') applied.cut = true;
        entry.completed = outcome === 'delivered';
        entry.aborted = outcome === 'cancelled';
      },
    });
  };
}
