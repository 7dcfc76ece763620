/**
 * Faults as data: what a simulated upstream can do wrong, as plain JSON-able values. A fault is one
 * `kind` with its few parameters (plus `latencyMs`, composable with every kind); a profile names
 * faults and lists rules that pick one for matching requests, deterministically (`times`, never a
 * probability). Provider-neutral: nothing here knows a provider's wire format.
 */

/** Delay before the response headers, in milliseconds; composes with every kind. */
interface FaultBase {
  latencyMs?: number;
}

/** Named status answers (see presets.ts). */
export type StatusPreset = 'rate_limit' | 'rate_limit_no_retry_after' | 'server_error' | 'overloaded';

export interface LatencyFault extends FaultBase { kind: 'latency' }
export interface StatusFault extends FaultBase {
  kind: 'status';
  /** HTTP status; optional when `preset` gives one. */
  status?: number;
  preset?: StatusPreset;
  message?: string;
  type?: string;
  code?: string | null;
  param?: string | null;
  /** Extra response headers (override the preset's). */
  headers?: Record<string, string>;
}
export interface ResetFault extends FaultBase { kind: 'reset' }
export interface ResetMidBodyFault extends FaultBase {
  kind: 'reset_mid_body';
  /** Cut after this many SSE events (default 1 when `afterBytes` is absent). */
  afterEvents?: number;
  /** Cut after this many body bytes (any body, streamed or not). */
  afterBytes?: number;
}
export interface TimeoutFault extends FaultBase { kind: 'timeout' }
/** Send `afterEvents` events (default 1) then hang until the client goes away. */
export interface StallFault extends FaultBase { kind: 'stall_mid_stream'; afterEvents?: number }
/** End the stream cleanly after `afterEvents` events (default 1), never sending the final event. */
export interface TruncateFault extends FaultBase { kind: 'truncate'; afterEvents?: number }
/** Inject an unparsable event (default `data: {not json`) after `afterEvents` events (default 1). */
export interface MalformedEventFault extends FaultBase { kind: 'malformed_event'; afterEvents?: number; data?: string }
/** Send the provider's mid-stream error event after `afterEvents` events (default 1), then end. */
export interface ErrorEventFault extends FaultBase {
  kind: 'error_event';
  afterEvents?: number;
  message?: string;
  type?: string;
  code?: string | null;
}

export type Fault =
  | LatencyFault | StatusFault | ResetFault | ResetMidBodyFault | TimeoutFault
  | StallFault | TruncateFault | MalformedEventFault | ErrorEventFault;

export type FaultKind = Fault['kind'];

export const FAULT_KINDS: readonly FaultKind[] = [
  'latency', 'status', 'reset', 'reset_mid_body', 'timeout', 'stall_mid_stream', 'truncate', 'malformed_event', 'error_event',
];

/** Which requests a rule applies to; every given field must match. */
export interface FaultMatch {
  /** Upstream name (`openai`, `openai-eu`); `*` globs allowed. */
  upstream?: string;
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Path as the real provider sees it: a glob when it contains `*`, otherwise a prefix. */
  path?: string;
  /** Whether the request asks for a stream. */
  stream?: boolean;
  /** The request's model; `*` globs allowed. */
  model?: string;
}

export interface FaultRule {
  match?: FaultMatch;
  /** A fault name (from the profile's `faults` or a built-in) or an inline fault. */
  fault: string | Fault;
  /** Apply to the first N matching requests only, then the rule is spent. */
  times?: number;
}

export interface FaultProfile {
  /** Named faults, selectable by rules and per request (header or body marker). */
  faults?: Record<string, Fault>;
  /** Evaluated in order; the first matching rule that is not spent applies. */
  rules?: FaultRule[];
}

/** How a fault was chosen for a request. */
export type FaultSource = 'header' | 'body' | 'profile';

/** The fault a request received, as the journal records it. */
export interface AppliedFault {
  kind: FaultKind;
  /** The fault's name when it was selected by name. */
  name?: string;
  source: FaultSource;
  /** Index of the profile rule, for `source: 'profile'`. */
  rule?: number;
  fault: Fault;
  /** Set when the fault could not apply (e.g. a stream fault on a response that is not a stream). */
  skipped?: string;
  /** True once the fault dropped the connection on purpose (so the journal does not call it a client abort). */
  cut?: boolean;
}

/** A provider's error, in the provider-neutral shape a fault asks it to render. */
export interface FaultError {
  status: number;
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}
