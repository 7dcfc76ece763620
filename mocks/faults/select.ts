/**
 * Choosing the fault for one request. Per request, explicitly (first found wins):
 *   1. header `x-touchstone-fault: <name | inline JSON>`
 *   2. body `metadata.touchstone_fault: "<name | inline JSON>"`
 *   3. body `user: "touchstone-fault:<name | inline JSON>"`
 *   4. the text `[touchstone-fault:<name>]` anywhere in the body (any message content, any wire format)
 * Body markers exist because a gateway may drop unknown headers but forwards what the user wrote.
 * Otherwise the active profile's rules apply in order; a rule with `times` is spent after N requests.
 * The controller is shared by the simulators of one server so `PUT /_touchstone/faults` swaps it live.
 */
import { BUILTIN_FAULTS, needsStream } from './presets.ts';
import { FaultProfileError, validateFault, validateFaultProfile } from './profile.ts';
import type { AppliedFault, Fault, FaultMatch, FaultProfile, FaultSource } from './types.ts';

export const FAULT_HEADER = 'x-touchstone-fault';

/** What selection looks at in a request. */
export interface FaultRequest {
  upstream: string;
  method: string;
  /** Path as the real provider sees it (`/v1/chat/completions`). */
  path: string;
  /** The request headers (a `Headers`, or anything that reads one by name the same way). */
  headers: Pick<Headers, 'get'>;
  /** The body parsed as JSON, when it is JSON. */
  body: unknown;
  /** The body as text ("" for binary bodies). */
  text: string;
  stream: boolean;
  model?: string;
}

/** A per-request selection that names an unknown fault or carries an invalid inline one. */
export class FaultSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSelectionError';
  }
}

const CONTENT_MARKER = /\[touchstone-fault:([A-Za-z0-9_.-]+)\]/;
const USER_MARKER = /^\s*\[?touchstone-fault:(.*?)\]?\s*$/s;

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
}

export function ruleMatches(match: FaultMatch | undefined, req: FaultRequest): boolean {
  if (!match) return true;
  if (match.upstream !== undefined && !glob(match.upstream).test(req.upstream)) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== req.method.toUpperCase()) return false;
  if (match.path !== undefined && !(match.path.includes('*') ? glob(match.path).test(req.path) : req.path.startsWith(match.path))) return false;
  if (match.stream !== undefined && match.stream !== req.stream) return false;
  if (match.model !== undefined && !(req.model !== undefined && glob(match.model).test(req.model))) return false;
  return true;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The explicit per-request selection, if any: the raw marker value and where it came from. */
function explicitMarker(req: FaultRequest): { value: string; source: FaultSource; where: string } | undefined {
  const header = req.headers.get(FAULT_HEADER)?.trim();
  if (header) return { value: header, source: 'header', where: `${FAULT_HEADER} header` };
  const meta = field(field(req.body, 'metadata'), 'touchstone_fault');
  if (typeof meta === 'string' && meta.trim()) return { value: meta.trim(), source: 'body', where: 'metadata.touchstone_fault' };
  const user = field(req.body, 'user');
  const m = typeof user === 'string' ? USER_MARKER.exec(user) : null;
  if (m?.[1]?.trim()) return { value: m[1].trim(), source: 'body', where: 'user field' };
  const c = req.text ? CONTENT_MARKER.exec(req.text) : null;
  if (c) return { value: c[1]!, source: 'body', where: 'content marker' };
  return undefined;
}

export class FaultController {
  #profile: FaultProfile;
  #source: string;
  #used: number[];

  constructor(profile: FaultProfile = {}, source = 'inline') {
    this.#profile = profile.rules || profile.faults ? validateFaultProfile(profile, source) : profile;
    this.#source = source;
    this.#used = (profile.rules ?? []).map(() => 0);
  }

  get profile(): FaultProfile { return this.#profile; }
  /** Where the active profile came from (a file path, `PUT /_touchstone/faults`, ...). */
  get source(): string { return this.#source; }

  /** Replace the active profile (validated) and reset every rule's `times` count. */
  replace(profile: unknown, source = 'inline'): void {
    this.#profile = validateFaultProfile(profile, source);
    this.#source = source;
    this.#used = (this.#profile.rules ?? []).map(() => 0);
  }

  /** Per rule: how many requests it has faulted so far, and its `times` budget. */
  usage(): { rule: number; used: number; times?: number }[] {
    return (this.#profile.rules ?? []).map((r, rule) => ({ rule, used: this.#used[rule] ?? 0, ...(r.times ? { times: r.times } : {}) }));
  }

  /** A fault by name: the profile's own names first, then the built-ins. */
  named(name: string): Fault | undefined {
    return this.#profile.faults?.[name] ?? BUILTIN_FAULTS[name];
  }

  /** The fault for this request, or undefined. Throws FaultSelectionError for a bad explicit selection. */
  select(req: FaultRequest): AppliedFault | undefined {
    const marker = explicitMarker(req);
    if (marker) return this.#explicit(marker.value, marker.source, marker.where);
    const i = this.#ruleFor(req);
    if (i < 0) return undefined;
    const rule = this.#profile.rules![i]!;
    const fault = (typeof rule.fault === 'string' ? this.named(rule.fault) : rule.fault)!;
    this.#used[i] = (this.#used[i] ?? 0) + 1;
    return { kind: fault.kind, ...(typeof rule.fault === 'string' ? { name: rule.fault } : {}), source: 'profile', rule: i, fault };
  }

  /**
   * Whether `select` would pick a fault for this request (or throw for a bad explicit one) — without
   * spending a rule's `times`. False means `select` answers undefined and changes nothing.
   */
  selects(req: FaultRequest): boolean {
    return explicitMarker(req) !== undefined || this.#ruleFor(req) >= 0;
  }

  /** Index of the first live rule that applies to `req`, or -1. */
  #ruleFor(req: FaultRequest): number {
    const rules = this.#profile.rules ?? [];
    for (const [i, rule] of rules.entries()) {
      if (rule.times !== undefined && (this.#used[i] ?? 0) >= rule.times) continue;
      const fault = typeof rule.fault === 'string' ? this.named(rule.fault) : rule.fault;
      if (!fault || !ruleMatches(rule.match, req)) continue;
      if (needsStream(fault) && !req.stream) continue;
      return i;
    }
    return -1;
  }

  #explicit(value: string, source: FaultSource, where: string): AppliedFault {
    if (value.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        throw new FaultSelectionError(`Invalid touchstone fault in the ${where}: expected a fault name or a JSON object, got unparsable JSON.`);
      }
      try {
        const fault = validateFault(parsed, `touchstone fault in the ${where}`);
        return { kind: fault.kind, source, fault };
      } catch (error) {
        if (error instanceof FaultProfileError) throw new FaultSelectionError(`Invalid ${error.message}`);
        throw error;
      }
    }
    const fault = this.named(value);
    if (!fault) {
      const known = [...new Set([...Object.keys(this.#profile.faults ?? {}), ...Object.keys(BUILTIN_FAULTS)])];
      throw new FaultSelectionError(`Unknown touchstone fault "${value}" in the ${where}. Known: ${known.join(', ')}.`);
    }
    return { kind: fault.kind, name: value, source, fault };
  }
}
