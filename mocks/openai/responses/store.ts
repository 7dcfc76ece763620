/**
 * The stored responses of one simulator instance, and the background lifecycle. A background response
 * is `queued` for its first simulated second, `in_progress` until the third, then final (completed or
 * incomplete) — read from `sim.lifecycleNow()`, so a test steps an injected clock instead of sleeping.
 * Cancelling freezes it as `cancelled`. Also the `input_items` listing (cursor pagination, asc/desc).
 */
import { errors } from '../errors.ts';
import type { OpenAISim } from '../routes.ts';
import type { ContextItem, Json } from './input.ts';
import { renderItem, type Phase, type ResponseRecord } from './render.ts';

/** Simulated milliseconds a background response spends queued, and queued + in progress. */
export const QUEUED_MS = 1000;
export const RUN_MS = 3000;

export interface StoredResponse {
  record: ResponseRecord;
  /** Request hash: what a replayed stream is derived from. */
  hash: string;
  /** Lifecycle clock (ms) when the response was created. */
  startedMs: number;
  /** Streamed background responses ran to completion while the client watched. */
  streamed: boolean;
  cancelled: boolean;
}

export class ResponseStore {
  readonly #entries = new Map<string, StoredResponse>();
  constructor(private readonly sim: OpenAISim) {}

  put(record: ResponseRecord, hash: string, streamed: boolean): StoredResponse {
    const entry: StoredResponse = { record, hash, startedMs: this.sim.lifecycleNow(), streamed, cancelled: false };
    this.#entries.set(record.id, entry);
    return entry;
  }

  get(id: string): StoredResponse | undefined {
    return this.#entries.get(id);
  }

  delete(id: string): boolean {
    return this.#entries.delete(id);
  }

  phase(entry: StoredResponse): Phase {
    if (!entry.record.req.background || entry.streamed) return 'final';
    if (entry.cancelled) return 'cancelled';
    const elapsed = this.sim.lifecycleNow() - entry.startedMs;
    if (elapsed < QUEUED_MS) return 'queued';
    return elapsed < RUN_MS ? 'in_progress' : 'final';
  }

  /** Cancel a background response still running; a finished one is returned unchanged (idempotent). */
  cancel(entry: StoredResponse): void {
    const phase = this.phase(entry);
    if (phase === 'queued' || phase === 'in_progress') entry.cancelled = true;
  }

  /** The items a follow-up turn sees: this response's context, then its output (once it has one). */
  conversation(entry: StoredResponse): ContextItem[] {
    const output = this.phase(entry) === 'final' ? entry.record.plan.items.map((i) => renderItem(i) as ContextItem) : [];
    return [...entry.record.context, ...output];
  }
}

/** GET /v1/responses/{id}/input_items: `limit` 1–100 (20), `order` asc|desc (desc), `after` an item id. */
export function listInputItems(items: readonly ContextItem[], query: URLSearchParams): Json {
  const rawLimit = query.get('limit');
  let limit = 20;
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit)) throw errors.invalidType('limit', 'an integer', rawLimit);
    limit = Number(rawLimit);
    if (limit < 1) throw errors.belowMinimum('limit', 'integer', 1, limit);
    if (limit > 100) throw errors.aboveMaximum('limit', 'integer', 100, limit);
  }
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw errors.invalidEnum('order', order, ['asc', 'desc']);
  let ordered = order === 'asc' ? [...items] : [...items].reverse();
  const after = query.get('after');
  if (after !== null) {
    const at = ordered.findIndex((item) => item.id === after);
    ordered = at === -1 ? [] : ordered.slice(at + 1);
  }
  const data = ordered.slice(0, limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: ordered.length > limit,
  };
}
