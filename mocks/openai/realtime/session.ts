/**
 * One realtime WebSocket session: the state OpenAI keeps per connection (session configuration,
 * the default conversation, the input audio buffer, the response in progress) and the answer to every
 * client event. Sends `session.created` first; a refused client event gets an `error` event
 * (`{type: "error", event_id, error: {type, code, message, param, event_id}}`, the last `event_id`
 * being the client's) and the session stays open. Every server event carries a fresh `event_id`
 * drawn from the session's seed, so a session replays identically.
 */
import type { RawData, WebSocket } from 'ws';
import { Rng } from '../../determinism.ts';
import { durationMs } from './audio.ts';
import { checkClientEvent, clientEventId, decodeBase64, parseFrame, type ClientEvent } from './client-events.ts';
import { applySessionUpdate, defaultSession, type Json, type RealtimeModel } from './config.ts';
import { planResponse } from './plan.ts';
import { RealtimeProblem, problems } from './problems.ts';
import { streamResponse, type ActiveResponse, type ResponseHost } from './response.ts';

export interface SessionOptions {
  model: RealtimeModel;
  /** Seed of every id and of nothing else (content derives from the conversation). */
  seed: string;
  now: () => number;
  /** Delay between streamed events in milliseconds; 0 (default) yields with setImmediate only. */
  chunkDelayMs: number;
  /** Sees every client frame: the parsed event, or the raw text when it is not JSON. */
  onClientEvent?: (event: unknown) => void;
}

export class RealtimeSession {
  readonly conversationId: string;
  #ws: WebSocket;
  #options: SessionOptions;
  #ids: Rng;
  #eventIds: Rng;
  #config: Json;
  #items: Json[] = [];
  #audioMs = new Map<string, number>();
  #buffer: Buffer[] = [];
  #active: ActiveResponse | null = null;
  #audioProduced = false;

  constructor(ws: WebSocket, options: SessionOptions) {
    this.#ws = ws;
    this.#options = options;
    this.#ids = new Rng(options.seed, 'ids');
    this.#eventIds = new Rng(options.seed, 'event-ids');
    this.#config = defaultSession(options.model, this.nextId('sess'), Math.floor(options.now() / 1000) + 3600);
    this.conversationId = this.nextId('conv');
  }

  start(): void {
    this.#ws.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
    this.#ws.on('close', () => { if (this.#active) this.#active.cancelled = true; });
    this.emit('session.created', { session: this.#config });
  }

  nextId(prefix: string, length = 21): string {
    return `${prefix}_${this.#ids.chars(length)}`;
  }

  emit(type: string, fields: Json): void {
    if (this.#ws.readyState !== this.#ws.OPEN) return;
    this.#ws.send(JSON.stringify({ type, event_id: `event_${this.#eventIds.chars(21)}`, ...fields }));
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
    let clientId: string | null = null;
    try {
      let parsed: unknown;
      try { parsed = parseFrame(text); } finally { this.#options.onClientEvent?.(parsed ?? text); }
      clientId = clientEventId(parsed);
      this.#dispatch(checkClientEvent(parsed));
    } catch (error) {
      if (!(error instanceof RealtimeProblem)) throw error;
      this.emit('error', { error: error.toError(clientId) });
    }
  }

  #dispatch(event: ClientEvent): void {
    switch (event.type) {
      case 'session.update':
        this.#config = applySessionUpdate(this.#config, event.session, this.#audioProduced);
        this.emit('session.updated', { session: this.#config });
        return;
      case 'input_audio_buffer.append':
        this.#buffer.push(decodeBase64(event.audio as string, 'audio'));
        return;
      case 'input_audio_buffer.commit':
        this.#commit();
        return;
      case 'input_audio_buffer.clear':
        this.#buffer = [];
        this.emit('input_audio_buffer.cleared', {});
        return;
      case 'output_audio_buffer.clear':
        throw problems.invalidValue('type', "The 'output_audio_buffer.clear' event is only supported for WebRTC and SIP connections.");
      case 'conversation.item.create':
        this.#createItem(event.item as Json, event.previous_item_id as string | null | undefined);
        return;
      case 'conversation.item.retrieve':
        this.emit('conversation.item.retrieved', { item: this.#find(event.item_id as string).item });
        return;
      case 'conversation.item.delete':
        this.#items.splice(this.#find(event.item_id as string).index, 1);
        this.emit('conversation.item.deleted', { item_id: event.item_id });
        return;
      case 'conversation.item.truncate':
        this.#truncate(event.item_id as string, event.content_index as number, event.audio_end_ms as number);
        return;
      case 'response.create':
        this.#createResponse((event.response ?? {}) as Json);
        return;
      case 'response.cancel':
        if (!this.#active || (event.response_id !== undefined && event.response_id !== this.#active.id)) throw problems.cancelNotActive();
        this.#active.cancelled = true;
        return;
    }
  }

  #find(itemId: string): { item: Json; index: number } {
    const index = this.#items.findIndex((i) => i.id === itemId);
    if (index === -1) throw problems.itemNotFound('item_id', itemId);
    return { item: this.#items[index]!, index };
  }

  /** Insert after `previousId` (`root` = first; absent = last); returns the id of the item before. */
  #insert(item: Json, previousId?: string | null): string | null {
    let at = this.#items.length;
    if (previousId === 'root') at = 0;
    else if (previousId) {
      const index = this.#items.findIndex((i) => i.id === previousId);
      if (index === -1) throw problems.itemNotFound('previous_item_id', previousId);
      at = index + 1;
    }
    this.#items.splice(at, 0, item);
    return at === 0 ? null : (this.#items[at - 1]!.id as string);
  }

  #commit(): void {
    const bytes = Buffer.concat(this.#buffer);
    const format = (this.#config.audio as { input: Json }).input.format;
    const ms = durationMs(bytes.byteLength, format);
    if (ms < 100) throw problems.commitEmpty(ms);
    this.#buffer = [];
    const item: Json = { id: this.nextId('item'), type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_audio' }] };
    const previous = this.#insert(item);
    this.#audioMs.set(item.id as string, ms);
    this.emit('input_audio_buffer.committed', { previous_item_id: previous, item_id: item.id });
    this.emit('conversation.item.added', { previous_item_id: previous, item });
    this.emit('conversation.item.done', { previous_item_id: previous, item });
  }

  #createItem(input: Json, previousId: string | null | undefined): void {
    const item: Json = { id: input.id ?? this.nextId('item'), ...input, status: 'completed' };
    if (item.type === 'function_call' && item.call_id === undefined) item.call_id = this.nextId('call', 16);
    if (this.#items.some((i) => i.id === item.id)) throw problems.invalidValue('item.id', `Item with id '${String(item.id)}' already exists.`);
    const previous = this.#insert(item, previousId);
    const format = (this.#config.audio as { input: Json }).input.format;
    let ms = 0;
    for (const part of (Array.isArray(item.content) ? item.content : []) as Json[]) {
      if (part.type === 'input_audio' && typeof part.audio === 'string') ms += durationMs(Buffer.byteLength(part.audio, 'base64'), format);
    }
    if (ms) this.#audioMs.set(item.id as string, ms);
    this.emit('conversation.item.added', { previous_item_id: previous, item });
    const withoutAudio = Array.isArray(item.content)
      ? { ...item, content: (item.content as Json[]).map(({ audio: _audio, ...part }) => part) }
      : item;
    this.emit('conversation.item.done', { previous_item_id: previous, item: withoutAudio });
  }

  #truncate(itemId: string, contentIndex: number, audioEndMs: number): void {
    const { item } = this.#find(itemId);
    const part = (Array.isArray(item.content) ? item.content : [])[contentIndex] as Json | undefined;
    if (item.role !== 'assistant' || part?.type !== 'output_audio') {
      throw problems.invalidValue('content_index', `Item ${itemId} has no assistant audio at content_index ${contentIndex}.`);
    }
    const total = this.#audioMs.get(itemId) ?? 0;
    if (audioEndMs > total) throw problems.invalidValue('audio_end_ms', `Audio content of ${total}ms is shorter than ${audioEndMs}ms.`);
    this.#audioMs.set(itemId, audioEndMs);
    part.transcript = '';
    this.emit('conversation.item.truncated', { item_id: itemId, content_index: contentIndex, audio_end_ms: audioEndMs });
  }

  #createResponse(params: Json): void {
    if (this.#active) throw problems.activeResponse(this.#active.id);
    const plan = planResponse(this.#config, this.#items, params, (id) => this.#audioMs.get(id) ?? 0);
    const active: ActiveResponse = { id: this.nextId('resp'), cancelled: false };
    this.#active = active;
    if (plan.modality === 'audio' && !plan.calls.length) this.#audioProduced = true;
    const host: ResponseHost = {
      conversationId: this.conversationId,
      emit: (type, fields) => this.emit(type, fields),
      nextId: (prefix, length) => this.nextId(prefix, length),
      tick: () => new Promise<void>((resolve) => {
        if (this.#options.chunkDelayMs > 0) setTimeout(resolve, this.#options.chunkDelayMs);
        else setImmediate(resolve);
      }),
      addItem: (item) => this.#insert(item),
      setAudioMs: (id, ms) => this.#audioMs.set(id, ms),
    };
    streamResponse(host, plan, active)
      .catch((error: unknown) => {
        this.emit('error', { error: new RealtimeProblem(null, `The server had an error: ${String(error)}`, null, 'server_error').toError(null) });
      })
      .finally(() => { if (this.#active === active) this.#active = null; });
  }
}
