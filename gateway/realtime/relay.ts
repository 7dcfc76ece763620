/**
 * Relaying one realtime session between two open WebSockets, the client's and the upstream's.
 *
 * - Frames pass through whole and in order, text as text and binary as binary; nothing is parsed
 *   here (the caller may look at upstream frames through `onUpstreamMessage`).
 * - No buffering beyond backpressure: while more than `highWaterMark` bytes sent to one side are not
 *   yet written to its socket, the other side's socket is paused (TCP pushes back on the sender), and
 *   resumed once they drain below half of it.
 * - Closing: the first side to close has its code and reason passed on to the other; codes that
 *   cannot be sent (1005 no status → 1000, 1006 abnormal → 1011) are mapped. A side whose frames broke
 *   the rules (too big: 1009, malformed: the protocol error ws answered) closes the other with 1009 /
 *   1011. A side that does not finish the closing handshake within `closeTimeoutMs` is terminated
 *   (unref'd timer: a stuck peer never holds the process).
 * - `done` resolves once both sockets are closed, with what each side saw.
 */
import WebSocket from 'ws';

export interface CloseInfo { code: number; reason: string }

export interface RelayOutcome {
  /** Close code and reason the client's socket ended with (1006: abnormal, no closing handshake). */
  client: CloseInfo;
  upstream: CloseInfo;
  /** Which side ended the session first. */
  closedFirst: 'client' | 'upstream' | 'gateway';
  /** Set when the session did not end by an orderly close: `message_too_large`, `upstream_connection_lost`, `client_connection_lost`, `protocol_error`. */
  errorCode?: string;
}

export interface RelayOptions {
  closeTimeoutMs: number;
  /** Bytes queued towards one side before the other side's socket is paused (default 1 MiB). */
  highWaterMark?: number;
  /** Sees every upstream message before it is forwarded. Must not throw (errors are swallowed). */
  onUpstreamMessage?(data: Buffer, isBinary: boolean): void;
  /** Counts messages each way (for tests and logs). */
  onClientMessage?(data: Buffer, isBinary: boolean): void;
}

export interface Relay {
  readonly done: Promise<RelayOutcome>;
  /** End the session from the gateway's side: both sockets close with `code`/`reason`. */
  shutdown(code: number, reason: string): void;
}

/** Close codes a peer may send (RFC 6455 §7.4, as ws checks them). */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}

/** The code to pass on to the other side for a close seen with `code`. */
export function forwardedCloseCode(code: number): number {
  if (isSendableCloseCode(code)) return code;
  return code === 1005 ? 1000 : 1011;
}

const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

type Side = 'client' | 'upstream';

export function relay(client: WebSocket, upstream: WebSocket, options: RelayOptions): Relay {
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  const sockets: Record<Side, WebSocket> = { client, upstream };
  const closed: Partial<Record<Side, CloseInfo>> = {};
  /** What a side's error means for the other side (1009 / 1011), when it broke the protocol. */
  const broken: Partial<Record<Side, CloseInfo & { errorCode: string }>> = {};
  const timers: NodeJS.Timeout[] = [];
  let closedFirst: RelayOutcome['closedFirst'] | undefined;
  let errorCode: string | undefined;
  let resolveDone!: (outcome: RelayOutcome) => void;
  const done = new Promise<RelayOutcome>((resolve) => { resolveDone = resolve; });

  const other = (side: Side): Side => (side === 'client' ? 'upstream' : 'client');

  /** Close `side` (if still open) with `code`/`reason`, terminating it if it does not finish in time. */
  function closeSide(side: Side, code: number, reason: string): void {
    const ws = sockets[side];
    if (ws.readyState === WebSocket.CLOSED) return;
    if (ws.isPaused) ws.resume(); // it must read the peer's closing frame
    if (ws.readyState === WebSocket.OPEN) ws.close(code, truncateReason(reason));
    const timer = setTimeout(() => ws.terminate(), options.closeTimeoutMs);
    timer.unref();
    timers.push(timer);
  }

  function pipe(from: Side, observe?: (data: Buffer, isBinary: boolean) => void): void {
    const source = sockets[from];
    const target = sockets[other(from)];
    let queued = 0;
    source.on('message', (raw, isBinary) => {
      const data = raw as Buffer; // binaryType "nodebuffer": one Buffer per (reassembled) message
      if (observe) { try { observe(data, isBinary); } catch { /* observers never break the relay */ } }
      if (target.readyState !== WebSocket.OPEN) return;
      const size = data.byteLength;
      queued += size;
      target.send(data, { binary: isBinary, compress: false }, () => {
        queued -= size;
        if (source.isPaused && queued <= highWaterMark / 2 && source.readyState === WebSocket.OPEN) source.resume();
      });
      if (queued > highWaterMark && !source.isPaused) source.pause();
    });
  }

  function onError(side: Side, error: Error & { code?: string }): void {
    if (broken[side]) return;
    if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      broken[side] = { code: 1009, reason: 'message too big', errorCode: 'message_too_large' };
    } else {
      broken[side] = { code: 1011, reason: `${side} protocol error`, errorCode: 'protocol_error' };
    }
    // ws has already answered the offending side (1009 / 1002); the other side is told at once.
    closedFirst ??= side;
    errorCode ??= broken[side].errorCode;
    closeSide(other(side), broken[side].code, broken[side].reason);
  }

  function onClose(side: Side, code: number, reason: Buffer): void {
    closed[side] = { code, reason: reason.toString('utf8') };
    if (!closed[other(side)]) {
      closedFirst ??= side;
      const forward = broken[side] ?? { code: forwardedCloseCode(code), reason: code === 1006 ? `${side} connection lost` : closed[side].reason };
      if (code === 1006 && !broken[side]) errorCode ??= `${side}_connection_lost`;
      closeSide(other(side), forward.code, forward.reason);
      return;
    }
    for (const t of timers) clearTimeout(t);
    resolveDone({
      client: closed.client!, upstream: closed.upstream!, closedFirst: closedFirst ?? side,
      ...(errorCode ? { errorCode } : {}),
    });
  }

  pipe('client', options.onClientMessage);
  pipe('upstream', options.onUpstreamMessage);
  for (const side of ['client', 'upstream'] as const) {
    sockets[side].on('error', (error) => onError(side, error));
    sockets[side].on('close', (code, reason) => onClose(side, code, reason));
  }
  // Frames may have been held while the client's handshake completed.
  if (upstream.isPaused) upstream.resume();

  return {
    done,
    shutdown(code, reason) {
      closedFirst ??= 'gateway';
      closeSide('client', code, reason);
      closeSide('upstream', code, reason);
    },
  };
}

/** Close reasons are at most 123 bytes of UTF-8. */
function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8');
  if (bytes.byteLength <= 123) return reason;
  return bytes.subarray(0, 123).toString('utf8').replace(/\uFFFD$/, '');
}
