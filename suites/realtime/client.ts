/**
 * A realtime WebSocket client for the suites: connects to `${realtimeURL}/live/{account}?model=…`,
 * keeps a transcript of every frame both ways (the evidence: the report model has no WebSocket
 * exchange, so the transcript goes into the case's notes), and waits for server events by type with
 * a deadline, so a silent gateway fails the check instead of hanging the run. A refused handshake is
 * read as an HTTP answer (status, headers, body).
 */
import WebSocket from 'ws';

export type ServerEvent = Record<string, any>;

const MAX_FRAME_NOTE = 400;

export interface RealtimeSession {
  ws: WebSocket;
  url: string;
  /** Server events in arrival order (parsed; a frame that is not JSON is kept as `{ unparsed: text }`). */
  events: ServerEvent[];
  /** `→ {...}` for client frames, `← {...}` for server frames, in order, clipped. */
  transcript: string[];
  /** The next server event of `type` after the last one returned; rejects after `timeoutMs`. */
  next(type: string, timeoutMs?: number, match?: (e: ServerEvent) => boolean): Promise<ServerEvent>;
  send(event: Record<string, unknown>): void;
  close(): Promise<void>;
}

export interface RefusedHandshake { status: number; headers: Record<string, string>; text: string; json: unknown }

export function realtimeURL(base: string, account: string, model: string): string {
  return `${base.replace(/\/+$/, '')}/live/${encodeURIComponent(account)}?model=${encodeURIComponent(model)}`;
}

function clip(text: string): string {
  return text.length > MAX_FRAME_NOTE ? `${text.slice(0, MAX_FRAME_NOTE)}… [${text.length - MAX_FRAME_NOTE} more]` : text;
}

export function connectRealtime(url: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<RealtimeSession> {
  const ws = new WebSocket(url, { headers, handshakeTimeout: timeoutMs });
  const events: ServerEvent[] = [];
  const transcript: string[] = [];
  let cursor = 0;
  const waiters = new Set<() => void>();
  let closed = false;
  const closedPromise = new Promise<void>((resolve) => ws.on('close', (code, reason) => {
    closed = true;
    transcript.push(`✕ closed ${code}${reason.length ? ` ${reason.toString()}` : ''}`);
    for (const w of waiters) w();
    resolve();
  }));
  ws.on('message', (data) => {
    const text = data.toString();
    transcript.push(`← ${clip(text)}`);
    let event: ServerEvent;
    try { event = JSON.parse(text) as ServerEvent; } catch { event = { unparsed: text }; }
    events.push(event);
    for (const w of waiters) w();
  });
  const session: RealtimeSession = {
    ws, url, events, transcript,
    next(type, waitMs = timeoutMs, match = () => true) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = events.findIndex((e, i) => i >= cursor && e.type === type && match(e));
          if (index !== -1) { cursor = index + 1; done(); resolve(events[index]!); return; }
          if (closed) { done(); reject(new Error(`the socket closed before a ${type} event`)); }
        };
        const timer = setTimeout(() => { done(); reject(new Error(`no ${type} event within ${waitMs} ms`)); }, waitMs);
        const done = () => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
        check();
      });
    },
    send(event) {
      const text = JSON.stringify(event);
      transcript.push(`→ ${clip(text)}`);
      ws.send(text);
    },
    async close() {
      if (!closed) ws.close(1000, 'done');
      await closedPromise;
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(session));
    ws.on('error', (error) => { transcript.push(`✕ error ${error.message}`); reject(error); });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      reject(new Error(`the upgrade was refused with HTTP ${res.statusCode}`));
      ws.terminate();
    });
  });
}

/** Attempt an upgrade that should be refused; resolves with the HTTP answer, rejects if the upgrade is accepted. */
export function refusedHandshake(url: string, headers: Record<string, string>, timeoutMs = 10_000): Promise<RefusedHandshake> {
  const ws = new WebSocket(url, { headers, handshakeTimeout: timeoutMs });
  return new Promise((resolve, reject) => {
    ws.once('open', () => { ws.terminate(); reject(new Error('the upgrade was accepted (101)')); });
    ws.on('error', (error) => reject(error));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        let json: unknown;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        const headersOut = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
        resolve({ status: res.statusCode ?? 0, headers: headersOut, text, json });
        ws.terminate();
      });
    });
  });
}
