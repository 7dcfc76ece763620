/**
 * Replay one case of a report (`touchstone replay <case-id>`): re-send each recorded request — onto
 * another gateway base URL when asked — and show what comes back, to reproduce a failure by hand.
 * Evidence in report.json is redacted, so the credential is never in the file: redacted headers are
 * dropped and the caller supplies the key, sent as `Authorization: Bearer <key>`.
 */
import type { CaseResult, Exchange, Report } from './model.ts';
import { REDACTED, isSecretName } from './redact.ts';
import { terminalText } from './text.ts';

export type CaseLookup =
  | { found: CaseResult }
  | { found?: undefined; ambiguous: boolean; candidates: string[] };

/** The case with this exact id, else the one case whose id starts with it; otherwise close matches. */
export function findCase(report: Report, query: string): CaseLookup {
  const exact = report.cases.find((c) => c.id === query);
  if (exact) return { found: exact };
  const prefixed = report.cases.filter((c) => c.id.startsWith(query));
  if (prefixed.length === 1) return { found: prefixed[0]! };
  if (prefixed.length > 1) return { ambiguous: true, candidates: prefixed.map((c) => c.id) };
  const needle = query.toLowerCase();
  const checkPart = needle.split(/[@#]/)[0]!;
  const close = report.cases.filter((c) => c.id.toLowerCase().includes(needle)
    || (checkPart !== '' && (c.checkId.toLowerCase().includes(checkPart) || checkPart.includes(c.checkId.toLowerCase()))));
  return { ambiguous: false, candidates: close.map((c) => c.id) };
}

/** Headers fetch computes itself or refuses, and ones describing the recorded connection. */
const SKIPPED = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'accept-encoding']);

/** Move a recorded URL onto a new gateway base: the recorded target base is replaced, else only the origin. */
export function rewriteUrl(url: string, recordedBase: string | undefined, newBase: string | undefined): string {
  if (!newBase) return url;
  const base = newBase.replace(/\/+$/, '');
  const from = recordedBase?.replace(/\/+$/, '');
  if (from && (url === from || url.startsWith(`${from}/`) || url.startsWith(`${from}?`))) return base + url.slice(from.length);
  const recorded = new URL(url);
  return `${new URL(base).origin}${recorded.pathname}${recorded.search}`;
}

/** The request to send: recorded method, URL, body and headers minus redacted ones, plus the key. */
export function replayRequest(exchange: Exchange, url: string, key: string | undefined): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(exchange.request.headers)) {
    if (SKIPPED.has(name.toLowerCase()) || isSecretName(name) || value.includes(REDACTED)) continue;
    try { headers.set(name, value); } catch { /* a value fetch cannot send (control characters): skipped */ }
  }
  if (key) headers.set('authorization', `Bearer ${key}`);
  const { method, body } = exchange.request;
  return new Request(url, { method, headers, ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}) });
}

export interface ReplayedExchange {
  request: { method: string; url: string };
  recordedStatus?: number; // absent: the recorded exchange got no response
  status?: number; // absent: the replay got no response
  headers: Record<string, string>;
  body?: string;
  events?: string[];
  error?: string;
}

export interface ReplayOptions {
  /** Gateway base URL to send to instead of the recorded one. */
  target?: string;
  key?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Split an SSE body into its event blocks (without the blank terminator lines). */
function sseBlocks(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split(/\n\n+/).map((b) => b.replace(/\n+$/, '')).filter((b) => b !== '');
}

/** Re-send every recorded exchange of a case, in order. */
export async function replayCase(report: Report, c: CaseResult, options: ReplayOptions = {}): Promise<ReplayedExchange[]> {
  const recordedBase = report.targets.find((t) => t.id === c.targetId)?.url;
  const send = options.fetch ?? fetch;
  const results: ReplayedExchange[] = [];
  for (const exchange of c.evidence.exchanges) {
    const url = rewriteUrl(exchange.request.url, recordedBase, options.target);
    const result: ReplayedExchange = { request: { method: exchange.request.method, url }, headers: {} };
    if (exchange.response) result.recordedStatus = exchange.response.status;
    try {
      const response = await send(replayRequest(exchange, url, options.key), { signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
      result.status = response.status;
      response.headers.forEach((value, name) => { result.headers[name] = value; });
      const text = await response.text();
      if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) result.events = sseBlocks(text);
      else result.body = text;
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      result.error = cause?.code ?? cause?.message ?? (error as Error).message;
    }
    results.push(result);
  }
  return results;
}

/** Whether every replayed exchange got the status it got when recorded (no response on both sides counts as equal). */
export function statusesMatch(results: readonly ReplayedExchange[]): boolean {
  return results.every((r) => r.status === r.recordedStatus);
}

const BODY_MAX = 8000;

/** Controls made visible, newlines kept: gateway output must not drive the terminal. */
function block(text: string): string {
  const clipped = text.length > BODY_MAX ? `${text.slice(0, BODY_MAX)}\n… (${text.length - BODY_MAX} more characters)` : text;
  return clipped.split('\n').map((line) => `    ${terminalText(line)}`).join('\n');
}

/** The console view of a replay: per exchange the request line, the status (vs recorded), headers and body or events. */
export function renderReplay(results: readonly ReplayedExchange[]): string {
  const lines: string[] = [];
  results.forEach((r, i) => {
    const recorded = r.recordedStatus === undefined ? 'no response' : String(r.recordedStatus);
    const got = r.status === undefined ? `no response (${terminalText(r.error ?? 'unknown error')})` : String(r.status);
    const same = r.status === r.recordedStatus;
    lines.push(`[${i + 1}/${results.length}] ${terminalText(r.request.method)} ${terminalText(r.request.url)}`);
    lines.push(`  status ${got} — recorded ${recorded}${same ? '' : '  ✗ DIFFERENT'}`);
    for (const [name, value] of Object.entries(r.headers)) lines.push(`  ${terminalText(name)}: ${terminalText(value)}`);
    if (r.events) {
      lines.push(`  ${r.events.length} SSE event${r.events.length === 1 ? '' : 's'}:`);
      r.events.forEach((ev, n) => lines.push(`  #${n + 1}`, block(ev)));
    } else if (r.body !== undefined && r.body !== '') {
      lines.push('  body:', block(r.body));
    }
    lines.push('');
  });
  return lines.join('\n');
}
