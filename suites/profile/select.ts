/**
 * Which cases a run holds: `--filter EXPR` (by endpoint, check id prefix, capability or suite) and the
 * endpoints a target profile claims. scenario() consults both before running: a scenario none of whose
 * checks match the filter is skipped quietly; checks of unclaimed endpoints are `unimplemented`.
 */
import type { CheckInfo } from '../../reports/model.ts';
import { CAPABILITY_COLUMNS } from '../../spec/capabilities.ts';

/** One term of a filter; a filter is a comma-separated list of terms and selects what ANY term matches. */
export type FilterTerm =
  | { kind: 'endpoint'; method?: string; path: string }
  | { kind: 'capability'; column: string }
  | { kind: 'suite'; suite: string }
  | { kind: 'check'; prefix: string };

export class FilterError extends Error {}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Parse `--filter`: `/embeddings`, `POST /files`, `chat.stream`, `capability:tools`, `suite:chat`, joined by commas. */
export function parseFilter(expr: string): FilterTerm[] {
  const terms = expr.split(',').map((t) => t.trim());
  if (terms.some((t) => t === '')) throw new FilterError(`--filter: expected comma-separated terms, got an empty one in "${expr}"`);
  return terms.map((term): FilterTerm => {
    const endpoint = /^(?:([A-Za-z]+)\s+)?(\/\S*)$/.exec(term);
    if (endpoint) {
      const method = endpoint[1]?.toUpperCase();
      if (method && !METHODS.includes(method)) throw new FilterError(`--filter: expected an HTTP method (${METHODS.join(', ')}) before ${endpoint[2]}, got "${endpoint[1]}"`);
      return { kind: 'endpoint', path: endpoint[2]!.replace(/\/+$/, '') || '/', ...(method ? { method } : {}) };
    }
    const [head, ...rest] = term.split(':');
    const value = rest.join(':');
    if (rest.length && head === 'capability') {
      if (!(CAPABILITY_COLUMNS as readonly string[]).includes(value)) throw new FilterError(`--filter: expected a capability (${CAPABILITY_COLUMNS.join(', ')}), got "${value}"`);
      return { kind: 'capability', column: value };
    }
    if (rest.length && head === 'suite') {
      if (!value) throw new FilterError('--filter: expected a suite name after "suite:"');
      return { kind: 'suite', suite: value };
    }
    if (rest.length) throw new FilterError(`--filter: unknown term kind "${head}:" (expected capability:NAME, suite:NAME, an endpoint /path or a check id prefix)`);
    if (!/^[\w.-]+$/.test(term)) throw new FilterError(`--filter: expected an endpoint (/path), a check id prefix, capability:NAME or suite:NAME, got "${term}"`);
    return { kind: 'check', prefix: term.replace(/\.+$/, '') }; // 'chat.' means the same as 'chat'
  });
}

/** `POST /files/{file_id}` → { method, path }; undefined for a check that names no endpoint. */
function endpointOf(check: CheckInfo): { method: string; path: string } | undefined {
  const m = /^([A-Z]+)\s+(\/\S*)/.exec(check.endpoint ?? '');
  return m ? { method: m[1]!, path: m[2]! } : undefined;
}

/** `/files` covers `/files` and `/files/{file_id}/content`, not `/filesystem`. */
function pathCovers(claimed: string, path: string): boolean {
  const base = claimed.replace(/\/+$/, '');
  return path === base || path.startsWith(`${base}/`) || base === '';
}

function termMatches(term: FilterTerm, check: CheckInfo): boolean {
  switch (term.kind) {
    case 'endpoint': {
      const ep = endpointOf(check);
      return ep !== undefined && (!term.method || term.method === ep.method) && pathCovers(term.path, ep.path);
    }
    case 'capability': return check.id === `capability.${term.column}`;
    case 'suite': return check.suite === term.suite;
    case 'check': return check.id === term.prefix || check.id.startsWith(`${term.prefix}.`) || check.suite === term.prefix;
  }
}

/** Whether a check is selected by the filter (no filter: every check). */
export function matchesFilter(terms: readonly FilterTerm[] | undefined, check: CheckInfo): boolean {
  return !terms || terms.some((t) => termMatches(t, check));
}

/**
 * Whether the target claims the check's endpoint: `claims` lists `METHOD /path` or `/path` (any method;
 * a path claims the paths below it). No claims list, or a check without an endpoint: claimed.
 */
export function endpointClaimed(claims: readonly string[] | undefined, check: CheckInfo): boolean {
  const ep = endpointOf(check);
  if (!claims || !ep) return true;
  return claims.some((claim) => {
    const [first, second] = claim.trim().split(/\s+/);
    const [method, path] = second === undefined ? [undefined, first!] : [first!.toUpperCase(), second];
    return (!method || method === ep.method) && pathCovers(path, ep.path);
  });
}

/** Whether the target claims any method of `path` (a contract path such as `/files/{file_id}`); no claims list: true. */
export function pathClaimed(claims: readonly string[] | undefined, path: string): boolean {
  if (!claims) return true;
  return claims.some((claim) => pathCovers(claim.trim().split(/\s+/).at(-1)!, path));
}
