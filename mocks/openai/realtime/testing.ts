/**
 * Test support for the realtime simulator: a loopback server (lib/serve.ts) with an upgrade handler,
 * clients (the official SDK's `OpenAIRealtimeWS`, or raw `ws`), an event log to await server events
 * in order, and validation of server events against OpenAI's published description.
 *
 * The SDK always dials `wss://` (it rewrites the base URL's scheme), so `connectSdk` hands `ws` a
 * plain TCP `createConnection`: the handshake and frames are exactly what the SDK sends, minus TLS.
 *
 * Documented nulls: OpenAI's own examples send `null` for `session.audio.input.transcription`,
 * `…noise_reduction`, `session.include`, `response.status_details` and `response.usage` (in
 * `response.created`), where the description types an object or array. The simulator sends what the
 * live API sends; `serverEventErrors` drops exactly those null fields before validating.
 */
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import WebSocket from 'ws';
import { serve, type Served, type UpgradeHandler } from '../../../lib/serve.ts';
import { loadOpenAISpec } from '../../../test/openai-spec.ts';

export type ServerEvent = Record<string, any>;

export const plainTcp = { createConnection: (o: { host?: string; port?: string | number }) => net.connect({ host: o.host, port: Number(o.port) }) };

export function startServer(onUpgrade: UpgradeHandler): Promise<Served> {
  return serve(() => new Response('not here', { status: 404 }), { host: '127.0.0.1', port: 0, onUpgrade });
}

/** Server events in arrival order, awaitable by type. */
export class EventLog {
  readonly events: ServerEvent[] = [];
  /** Position after the last event `next()` returned: the next call looks from there. */
  #cursor = 0;
  #waiters: { from: number; type: string; resolve: (e: ServerEvent) => void }[] = [];

  push(event: ServerEvent): void {
    this.events.push(event);
    const index = this.events.length - 1;
    for (const w of [...this.#waiters]) {
      if (index >= w.from && event.type === w.type) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        this.#cursor = index + 1;
        w.resolve(event);
      }
    }
  }

  /** The first event of `type` at or after `from` (default: after the one `next()` last returned). */
  next(type: string, from = this.#cursor): Promise<ServerEvent> {
    const index = this.events.findIndex((e, i) => i >= from && e.type === type);
    if (index !== -1) { this.#cursor = index + 1; return Promise.resolve(this.events[index]!); }
    return new Promise((resolve) => this.#waiters.push({ from, type, resolve }));
  }

  ofType(type: string, from = 0): ServerEvent[] {
    return this.events.slice(from).filter((e) => e.type === type);
  }
}

/** Every server event any test received, validated once at the end of a test file. */
export const allServerEvents: ServerEvent[] = [];

export interface SdkSession { rt: OpenAIRealtimeWS; log: EventLog; errors: Error[] }

export async function connectSdk(baseURL: string, model = 'gpt-realtime', apiKey = 'sk-test'): Promise<SdkSession> {
  const client = new OpenAI({ apiKey, baseURL });
  const rt = await OpenAIRealtimeWS.create(client, { model, options: plainTcp as WebSocket.ClientOptions });
  const log = new EventLog();
  const errors: Error[] = [];
  rt.on('event', (event) => { allServerEvents.push(event); log.push(event); });
  rt.on('error', (error) => { errors.push(error); });
  return { rt, log, errors };
}

export interface RawSession { ws: WebSocket; log: EventLog; send(event: unknown): void; closed: Promise<{ code: number; reason: string }> }

export function connectRaw(url: string, options: WebSocket.ClientOptions = {}, protocols: string[] = [], onUpgrade?: (res: IncomingMessage) => void): Promise<RawSession> {
  const ws = new WebSocket(url, protocols, { headers: { authorization: 'Bearer sk-test' }, ...options });
  if (onUpgrade) ws.once('upgrade', onUpgrade);
  const log = new EventLog();
  ws.on('message', (data) => { const event = JSON.parse(data.toString()) as ServerEvent; allServerEvents.push(event); log.push(event); });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, log, closed, send: (event) => ws.send(typeof event === 'string' ? event : JSON.stringify(event)) }));
    ws.once('error', reject);
  });
}

/** The refused handshake: status, headers and JSON body. */
export function refusedHandshake(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error('the handshake was accepted')));
    ws.once('error', () => {});
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }); ws.terminate(); });
    });
  });
}

export const spec = loadOpenAISpec();

let schemaByType: Map<string, string> | undefined;

function schemaFor(type: string): string | undefined {
  if (!schemaByType) {
    schemaByType = new Map();
    for (const ref of spec!.raw.components.schemas.RealtimeServerEvent.anyOf as { $ref: string }[]) {
      const name = ref.$ref.split('/').pop()!;
      const value = spec!.raw.components.schemas[name]?.properties?.type?.enum?.[0];
      if (typeof value === 'string') schemaByType.set(value, name);
    }
  }
  return schemaByType.get(type);
}

function withoutDocumentedNulls(event: ServerEvent): ServerEvent {
  const copy = structuredClone(event);
  const input = copy.session?.audio?.input;
  for (const key of ['transcription', 'noise_reduction']) if (input && input[key] === null) delete input[key];
  if (copy.session && copy.session.include === null) delete copy.session.include;
  if (copy.response?.status_details === null) delete copy.response.status_details;
  if (copy.response?.usage === null) delete copy.response.usage;
  return copy;
}

/** Errors of one server event against its RealtimeServerEvent* schema and the RealtimeServerEvent union. */
export function serverEventErrors(event: ServerEvent): string[] {
  const name = schemaFor(String(event.type));
  if (!name) return [`no RealtimeServerEvent schema for type ${String(event.type)}`];
  const relaxed = withoutDocumentedNulls(event);
  const specific = spec!.validateSchema(name, relaxed);
  if (specific.length) return specific.map((e) => `${event.type} (${name}): ${e}`);
  return spec!.validateSchema('RealtimeServerEvent', relaxed).length ? [`${event.type}: not accepted by the RealtimeServerEvent union`] : [];
}

/** A PCM16 24 kHz buffer of `ms` milliseconds (a 440 Hz tone). */
export function pcm16(ms: number): Buffer {
  const samples = Math.round(24 * ms);
  const out = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / 24000) * 3000), i * 2);
  return out;
}
