/**
 * What every simulated upstream looks like from the outside, whatever the provider: a name, a
 * fetch-shaped handler that sees paths exactly as the real provider does, and a journal.
 * Shared types only: nothing here imports from a provider folder.
 */
import type { FetchHandler, UpgradeHandler } from '../lib/serve.ts';
import type { FaultController } from './faults/select.ts';
import type { Journal } from './journal.ts';

export type { FetchHandler, UpgradeHandler };

export interface Simulator {
  /** Upstream name, e.g. `openai`, `openai-eu`. */
  readonly name: string;
  /** Provider family, e.g. `openai`. */
  readonly provider: string;
  /** Region tag for regional endpoints of the same provider, e.g. `eu`. */
  readonly region?: string;
  /** Handles a request whose URL path is the real provider's path (`/v1/chat/completions`). */
  readonly fetch: FetchHandler;
  /**
   * WebSocket upgrades whose URL path is the real provider's (`/v1/realtime?model=…`); absent when the
   * provider has no WebSocket API. The loopback server routes `/<name>/…` upgrades here (mocks/upgrade.ts).
   */
  readonly upgrade?: UpgradeHandler;
  /** Requests the loopback server may serve without Request/Response objects (mocks/server.ts). */
  readonly native?: NativeLane;
  readonly journal: Journal;
  /** The fault selection this simulator applies (shared by the simulators of one server). */
  readonly faults?: FaultController;
}

/** A request the loopback server read off the socket itself, for a simulator's native lane. */
export interface NativeRequest {
  method: string;
  /** Path as the real provider sees it (`/v1/chat/completions`). */
  path: string;
  /** Query string including `?`, or "". */
  search: string;
  /** As the journal records them: lower-cased names in sorted order (no repeated header). */
  headers: Record<string, string>;
  bytes: Uint8Array;
  /** True when the client had already gone away. */
  aborted: boolean;
}

/** A complete answer: status, headers (names compared case-insensitively) and the body text. */
export interface NativeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The hot path of a simulator on plain data: the loopback server reads the request itself and writes
 * the answer with one `res.end`, with the same bytes, journal entry and fault selection as `fetch`.
 */
export interface NativeLane {
  /** Whether a request with this method and path may be served natively (asked before its body is read). */
  accepts(method: string, path: string): boolean;
  /** The answer, journaled — or undefined, with nothing recorded or selected, to leave the request to `fetch`. */
  answer(request: NativeRequest): NativeAnswer | undefined;
}

/** Options every simulator accepts. */
export interface SimulatorOptions {
  /** Upstream name to report (defaults to the provider name). */
  name?: string;
  region?: string;
  /** Clock in milliseconds since the epoch; defaults to a fixed instant so output is reproducible. */
  now?: () => number;
  /** Delay before each streamed chunk, in milliseconds (default 0: no timer at all). */
  chunkDelayMs?: number;
  /** Simulated seconds per real second for lifecycles on the real clock (batches, fine-tuning). */
  timeScale?: number;
  /** Fault profile and per-request fault selection (default: a controller with no rules). */
  faults?: FaultController;
}

/** 2025-01-01T00:00:00Z: the default simulated "now". */
export const FIXED_EPOCH_MS = Date.UTC(2025, 0, 1);
