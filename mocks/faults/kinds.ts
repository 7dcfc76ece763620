/**
 * One small named handler per fault kind. Each gets the fault and a context whose `next()` produces
 * the simulator's real answer; it returns the (possibly altered) response or throws `ResetConnection`.
 * Provider knowledge comes only through `errorBody` / `errorEvent` (and the stream `framing`, SSE unless
 * given), which the simulator supplies.
 */
import { ResetConnection } from '../../lib/serve.ts';
import { encodeSse } from '../../lib/sse.ts';
import { resolveStatusFault } from './presets.ts';
import { cutAfterBytes, cutEventStream, SSE_FRAMING, type CutAction, type CutOutcome, type StreamFraming } from './stream.ts';
import type { AppliedFault, Fault, FaultError, FaultKind } from './types.ts';

/** What a provider tells the fault layer about its wire format. */
export interface FaultRenderer {
  /** The provider's error envelope as JSON text, e.g. OpenAI's `{"error":{"message",...}}`. */
  errorBody(error: FaultError): string;
  /** A mid-stream error event in the stream's framing (default: SSE `data: <errorBody>`). */
  errorEvent?(error: FaultError, context: { path: string }): string | Uint8Array;
  /** How the provider's streams are framed (default: server-sent events). */
  framing?: StreamFraming;
}

export interface FaultContext {
  request: Request;
  path: string;
  applied: AppliedFault;
  renderer: FaultRenderer;
  /** The simulator's own answer. */
  next(): Promise<Response>;
  /** Called once when a faulted body ends (see stream.ts). */
  onBodyEnd(outcome: CutOutcome): void;
}

type Handler<K extends FaultKind> = (fault: Extract<Fault, { kind: K }>, ctx: FaultContext) => Promise<Response>;

/** Resolves after `ms`, or rejects with ResetConnection when the client goes away first (timer cleared). */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) { reject(new ResetConnection('client went away during fault latency')); return; }
    const onAbort = () => { clearTimeout(timer); reject(new ResetConnection('client went away during fault latency')); };
    const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function isEventStream(response: Response, framing: StreamFraming): boolean {
  return Boolean(response.body) && (response.headers.get('content-type') ?? '').startsWith(framing.contentType);
}

/** The original response with its body replaced (status and headers kept). */
function withBody(response: Response, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Apply `cut` after `afterEvents` events of a streamed answer; other answers pass, marked as skipped. */
async function cutStream(afterEvents: number, cut: CutAction, ctx: FaultContext): Promise<Response> {
  const framing = ctx.renderer.framing ?? SSE_FRAMING;
  const response = await ctx.next();
  if (!isEventStream(response, framing)) {
    ctx.applied.skipped = 'the response is not an event stream';
    return response;
  }
  return withBody(response, cutEventStream(response.body!, afterEvents, cut, ctx.onBodyEnd, framing));
}

function midStreamError(fault: Extract<Fault, { kind: 'error_event' }>): FaultError {
  return {
    status: 500,
    message: fault.message ?? 'The server had an error while processing your request. Sorry about that!',
    type: fault.type ?? 'server_error',
    param: null,
    code: fault.code ?? null,
  };
}

/** One-line JSON for a `data:` field (error bodies are often pretty-printed). */
function compactJson(text: string): string {
  try { return JSON.stringify(JSON.parse(text)); } catch { return text.replace(/\n/g, ' '); }
}

const handlers: { [K in FaultKind]: Handler<K> } = {
  latency: (_fault, ctx) => ctx.next(),
  status: async (fault, ctx) => {
    const { error, headers } = resolveStatusFault(fault);
    return new Response(ctx.renderer.errorBody(error), { status: error.status, headers: { 'content-type': 'application/json', ...headers } });
  },
  reset: async (_fault, ctx) => {
    ctx.applied.cut = true;
    throw new ResetConnection('touchstone fault: reset before headers');
  },
  timeout: (_fault, ctx) => new Promise<Response>((_resolve, reject) => {
    // No timer: wait for the client to give up, then drop the connection.
    const gone = () => reject(new ResetConnection('touchstone fault: timeout (client gave up)'));
    if (ctx.request.signal.aborted) gone();
    else ctx.request.signal.addEventListener('abort', gone, { once: true });
  }),
  reset_mid_body: async (fault, ctx) => {
    if (fault.afterBytes === undefined) return cutStream(fault.afterEvents ?? 1, { action: 'fail' }, ctx);
    const response = await ctx.next();
    if (!response.body) { ctx.applied.skipped = 'the response has no body'; return response; }
    return withBody(response, cutAfterBytes(response.body, fault.afterBytes, ctx.onBodyEnd));
  },
  stall_mid_stream: (fault, ctx) => cutStream(fault.afterEvents ?? 1, { action: 'hang' }, ctx),
  truncate: (fault, ctx) => cutStream(fault.afterEvents ?? 1, { action: 'close' }, ctx),
  malformed_event: (fault, ctx) => {
    const frame = (ctx.renderer.framing ?? SSE_FRAMING).malformedFrame(fault.data, { path: ctx.path });
    return cutStream(fault.afterEvents ?? 1, { action: 'inject-continue', text: frame }, ctx);
  },
  error_event: (fault, ctx) => {
    const error = midStreamError(fault);
    const text = ctx.renderer.errorEvent?.(error, { path: ctx.path }) ?? encodeSse(compactJson(ctx.renderer.errorBody(error)));
    return cutStream(fault.afterEvents ?? 1, { action: 'inject-close', text }, ctx);
  },
};

/** Run the handler of `ctx.applied.fault`'s kind. */
export function runFault(ctx: FaultContext): Promise<Response> {
  const fault = ctx.applied.fault;
  return (handlers[fault.kind] as Handler<typeof fault.kind>)(fault as never, ctx);
}
