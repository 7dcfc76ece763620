/**
 * W3C Trace Context level 1 (https://www.w3.org/TR/trace-context/): parse the `traceparent` and
 * `tracestate` request headers the gateway receives, and format the `traceparent` it sends upstream.
 *
 * The gateway is a front door, so it is strict about the format and lenient about the consequence: a
 * header it cannot parse is treated as absent and a new trace starts (the spec's "restart the trace"),
 * never an error for the caller. Version `00` must be exactly `00-<32 hex>-<16 hex>-<2 hex>` in
 * lowercase; a higher version is read by the spec's forward-compatibility rule (the first four fields,
 * anything after a further dash ignored) and re-emitted as version `00`; version `ff` is forbidden.
 *
 * `tracestate` is passed through only alongside a valid `traceparent` (the spec forbids reading it
 * otherwise), validated member by member, and bounded: more than 32 members, or more than 512
 * characters once optional whitespace and empty members are removed, and it is dropped whole.
 */
import { randomFillSync } from 'node:crypto';

/** A parsed incoming `traceparent`. `flags` is the raw 8-bit field; only the sampled bit has a meaning. */
export interface TraceParent {
  version: string;
  traceId: string;
  parentId: string;
  flags: number;
  sampled: boolean;
}

export const TRACESTATE_MAX_MEMBERS = 32;
export const TRACESTATE_MAX_LENGTH = 512;
/** Raw header length beyond which it is not even split: prohibitively large for what is kept of it. */
const TRACESTATE_MAX_HEADER_LENGTH = 4096;

const FLAG_SAMPLED = 0x01;
const HEX_LC = /^[0-9a-f]+$/;
const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** Optional whitespace around a header value (RFC 7230 OWS: spaces and horizontal tabs). */
function trimOws(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * Parse a `traceparent` header value; `null` when absent or invalid in any way (the caller then starts
 * a new trace). Repeated headers arrive joined with ", " and so are rejected, as the spec requires.
 */
export function parseTraceparent(header: string | null | undefined): TraceParent | null {
  if (header == null) return null;
  const value = trimOws(header);
  const version = value.slice(0, 2);
  if (value[2] !== '-' || version.length !== 2 || !HEX_LC.test(version) || version === 'ff') return null;

  let traceId: string;
  let parentId: string;
  let flagsHex: string;
  if (version === '00') {
    const match = VERSION_00.exec(value);
    if (!match) return null;
    [, traceId, parentId, flagsHex] = match as unknown as [string, string, string, string];
  } else {
    // A higher version: the spec's forward-compatible reading of the first four fields.
    if (value.length < 55) return null;
    traceId = value.slice(3, 35);
    parentId = value.slice(36, 52);
    flagsHex = value.slice(53, 55);
    if (value[35] !== '-' || value[52] !== '-') return null;
    if (value.length > 55 && value[55] !== '-') return null;
    if (!HEX_LC.test(traceId) || !HEX_LC.test(parentId) || !HEX_LC.test(flagsHex)) return null;
  }
  if (traceId === ZERO_TRACE_ID || parentId === ZERO_SPAN_ID) return null;
  const flags = Number.parseInt(flagsHex, 16);
  return { version, traceId, parentId, flags, sampled: (flags & FLAG_SAMPLED) === FLAG_SAMPLED };
}

// tracestate keys: simple-key = lcalpha 0*255(lcalpha / DIGIT / "_" / "-" / "*" / "/"), or
// multi-tenant-key = tenant-id "@" system-id with tenant-id = (lcalpha / DIGIT) 0*240(...) and
// system-id = lcalpha 0*13(...).
const SIMPLE_KEY = /^[a-z][a-z0-9_\-*/]{0,255}$/;
const MULTI_TENANT_KEY = /^[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13}$/;
// value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = printable ASCII except "," and "=".
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * Validate and normalise a `tracestate` header value for propagation. Returns the members joined by
 * "," (optional whitespace and empty members removed, order kept), or `undefined` when the header is
 * absent, empty, malformed (bad key or value, duplicate key) or over the bounds.
 */
export function parseTracestate(header: string | null | undefined): string | undefined {
  if (header == null) return undefined;
  if (header.length > TRACESTATE_MAX_HEADER_LENGTH) return undefined;
  const members: string[] = [];
  const keys = new Set<string>();
  for (const raw of header.split(',')) {
    const member = trimOws(raw);
    if (member === '') continue;
    const eq = member.indexOf('=');
    if (eq <= 0) return undefined;
    const key = member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (!(SIMPLE_KEY.test(key) || MULTI_TENANT_KEY.test(key)) || !VALUE.test(value)) return undefined;
    if (keys.has(key)) return undefined;
    keys.add(key);
    members.push(member);
  }
  if (members.length === 0 || members.length > TRACESTATE_MAX_MEMBERS) return undefined;
  const normalised = members.join(',');
  return normalised.length > TRACESTATE_MAX_LENGTH ? undefined : normalised;
}

// Ids come from a pool refilled 4 KiB at a time: one randomFillSync per ~170 requests instead of two each.
const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomHex(bytes: number): string {
  for (;;) {
    if (poolOffset + bytes > POOL_SIZE) { randomFillSync(pool); poolOffset = 0; }
    const start = poolOffset;
    poolOffset += bytes;
    for (let i = start; i < start + bytes; i++) if (pool[i] !== 0) return pool.toString('hex', start, start + bytes);
  }
}

/** A new random 16-byte trace id as 32 lowercase hex characters; never all zero. */
export function newTraceId(): string {
  return randomHex(16);
}

/** A new random 8-byte span id as 16 lowercase hex characters; never all zero. */
export function newSpanId(): string {
  return randomHex(8);
}

/** Format a version-00 `traceparent`. Throws on ids that could not have come from this module. */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  if (!/^[0-9a-f]{32}$/.test(traceId) || traceId === ZERO_TRACE_ID) {
    throw new TypeError(`formatTraceparent: expected a trace id of 32 lowercase hex characters, not all zero; got ${JSON.stringify(traceId)}`);
  }
  if (!/^[0-9a-f]{16}$/.test(spanId) || spanId === ZERO_SPAN_ID) {
    throw new TypeError(`formatTraceparent: expected a span id of 16 lowercase hex characters, not all zero; got ${JSON.stringify(spanId)}`);
  }
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}
