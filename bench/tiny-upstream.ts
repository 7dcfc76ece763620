/**
 * The tiny upstream: a bare node:http server answering fixed, pre-built bytes (tiny-bodies.ts). It is
 * the "direct" baseline every figure is compared with, and the upstream of the bare proxy and of the
 * gateway under test, so both relay exactly the same answers. Routes (any path prefix, so accounts can
 * point at `…/v1`, `…/anthropic` or `…/slow/100/30/v1`):
 *   POST …/chat/completions  chat.completion JSON, or the OpenAI chunk stream when the body has "stream":true
 *   POST …/v1/messages       Anthropic message JSON, or the Anthropic event stream ("stream":true)
 *   POST …/embeddings        an embeddings list (the request body is read to its end, never parsed)
 * Fast streams write one event per event-loop turn; under `/slow/{intervalMs}/{chunks}/` a stream
 * writes one content event every intervalMs (the 1,000-open-streams scenario).
 * It never parses JSON: "stream":true is a substring test on the raw body (clients and the gateway
 * both write compact JSON). Content events get their send time stamped in place (tiny-bodies.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicMessageJson, anthropicStreamEvents, chatCompletionJson, chatStreamEvents, embeddingsJson, STAMP_DIGITS, STAMP_PLACEHOLDER, STAMP_PREFIX } from './tiny-bodies.ts';

/** Content deltas in a fast stream. */
export const STREAM_CONTENT_CHUNKS = 20;

const STREAM_MARK = Buffer.from('"stream":true');
const SLOW = /^\/slow\/(\d+)\/(\d+)\//;

export interface TinyUpstream {
  url: string;
  close(): Promise<void>;
}

interface Bodies { json: Buffer; events: Buffer[] }

function bodies(): Record<'chat' | 'anthropic', Bodies> & { embeddings: Buffer } {
  return {
    chat: { json: Buffer.from(chatCompletionJson()), events: chatStreamEvents(STREAM_CONTENT_CHUNKS).map((e) => Buffer.from(e)) },
    anthropic: { json: Buffer.from(anthropicMessageJson()), events: anthropicStreamEvents(STREAM_CONTENT_CHUNKS).map((e) => Buffer.from(e)) },
    embeddings: Buffer.from(embeddingsJson()),
  };
}

function sendJson(res: http.ServerResponse, body: Buffer, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, 'x-request-id': 'req_bench' });
  res.end(body);
}

const STAMP = Buffer.from(STAMP_PLACEHOLDER);

/** The event with its stamp (if it has one) set to now. */
function stamped(event: Buffer): Buffer {
  const at = event.indexOf(STAMP);
  if (at < 0) return event;
  const copy = Buffer.from(event);
  copy.write(process.hrtime.bigint().toString().padStart(STAMP_DIGITS, '0'), at + STAMP_PREFIX.length, 'latin1');
  return copy;
}

/** Write `events` one per turn (fast) or one per `intervalMs`; stop when the client goes away. */
function sendStream(res: http.ServerResponse, events: Buffer[], intervalMs: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': 'req_bench' });
  let i = 0;
  let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  const next = () => {
    if (res.destroyed) return;
    res.write(stamped(events[i++]!));
    if (i === events.length) { res.end(); return; }
    timer = intervalMs > 0 ? setTimeout(next, intervalMs) : setImmediate(next);
  };
  res.on('close', () => {
    if (timer) { clearTimeout(timer as NodeJS.Timeout); clearImmediate(timer as NodeJS.Immediate); }
  });
  next();
}

/** `events` with the content deltas replaced by `chunks` copies of the first one (slow streams). */
function slowEvents(events: Buffer[], chunks: number): Buffer[] {
  const head = events.slice(0, 1);
  const tail = events.slice(1 + STREAM_CONTENT_CHUNKS);
  const delta = events[1]!;
  return [...head, ...Array.from({ length: chunks }, () => delta), ...tail];
}

function includes(chunks: Buffer[], mark: Buffer): boolean {
  return Buffer.concat(chunks).includes(mark);
}

export async function startTinyUpstream(port = 0): Promise<TinyUpstream> {
  const b = bodies();
  const anthropicOpen = b.anthropic.events.slice(0, 2);
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      if (req.method !== 'POST') { sendJson(res, Buffer.from('{"error":{"message":"POST only","type":"invalid_request_error","param":null,"code":null}}'), 405); return; }
      const slow = SLOW.exec(path);
      const interval = slow ? Number(slow[1]) : 0;
      const kind = path.endsWith('/chat/completions') ? 'chat' : path.endsWith('/v1/messages') ? 'anthropic' : path.endsWith('/embeddings') ? 'embeddings' : undefined;
      if (kind === 'embeddings') { sendJson(res, b.embeddings); return; }
      if (!kind) { sendJson(res, Buffer.from(`{"error":{"message":"tiny upstream: no route for ${path.replace(/"/g, '')}","type":"invalid_request_error","param":null,"code":"not_found"}}`), 404); return; }
      const body = b[kind];
      if (!includes(chunks, STREAM_MARK)) { sendJson(res, body.json); return; }
      if (!slow) { sendStream(res, body.events, 0); return; }
      // Anthropic's slow stream keeps its two opening events together, then the deltas every interval.
      const events = slowEvents(kind === 'anthropic' ? [Buffer.concat(anthropicOpen), ...body.events.slice(2)] : body.events, Number(slow[2]));
      sendStream(res, events, interval);
    });
  });
  server.maxConnections = 100_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
