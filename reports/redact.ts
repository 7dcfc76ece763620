/**
 * Redaction and reproduction for recorded evidence. Reports get shared (CI artifacts, issue trackers),
 * so nothing that could be a credential may reach report.json: secret-bearing headers keep only a short,
 * non-secret prefix ("Bearer sk-…REDACTED"), known secret strings are replaced wherever they occur, and
 * the curl reproduction refers to secrets through environment variables ("$TOUCHSTONE_KEY") instead.
 *
 * @example
 *   const exchange = recordExchange({ request, response }, { TOUCHSTONE_KEY: apiKey });
 */
import type { Exchange } from './model.ts';

export const REDACTED = '…REDACTED';
/** The environment variable curl commands use for the gateway credential. */
export const DEFAULT_KEY_ENV = 'TOUCHSTONE_KEY';

export type HeadersLike = Headers | Record<string, string> | Iterable<readonly [string, string]>;

const SECRET_HEADERS = new Set([
  'authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'x-goog-api-key', 'cookie', 'set-cookie',
]);
/** Headers carrying the gateway/provider credential: reproduced with $TOUCHSTONE_KEY. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'x-goog-api-key']);
/** Not sent by curl from a recorded request: curl computes them, or they describe the old connection. */
const CURL_SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'accept-encoding']);

/**
 * Whether a header (or query parameter) name carries a secret (any "…authorization" header too, e.g. a
 * gateway's x-upstream-authorization). Rate-limit headers are the exception to
 * the "token" rule: `x-ratelimit-remaining-tokens` counts tokens, and it is evidence the suites need.
 */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase();
  if (SECRET_HEADERS.has(n)) return true;
  if (n.includes('ratelimit') || n.includes('rate-limit')) return false;
  return n.includes('key') || n.includes('token') || n.includes('secret') || n.includes('authorization');
}

/** An auth scheme word the redacted value may keep ("Bearer", "Basic", "AWS4-HMAC-SHA256"). */
function splitScheme(value: string): [scheme: string, token: string] {
  const space = value.indexOf(' ');
  if (space > 0 && space <= 24) {
    const word = value.slice(0, space);
    if (/^[A-Za-z][A-Za-z0-9-]*$/.test(word)) return [`${word} `, value.slice(space + 1).trimStart()];
  }
  return ['', value];
}

/** A short conventional prefix ("sk-", "tfy_") of a long token; never more than 5 characters. */
function safePrefix(token: string): string {
  if (token.length < 16) return '';
  const match = /^[A-Za-z]{1,4}[-_]/.exec(token);
  return match ? match[0] : '';
}

/** Redact one secret value: keep the scheme word and a short prefix, drop everything else. */
export function redactSecretValue(value: string): string {
  if (value === '') return value;
  const [scheme, token] = splitScheme(value);
  if (token.endsWith(REDACTED)) return value;
  return `${scheme}${safePrefix(token)}${REDACTED}`;
}

function entriesOf(headers: HeadersLike): [string, string][] {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return [...headers.entries()];
  if (Symbol.iterator in headers) return [...(headers as Iterable<readonly [string, string]>)].map(([k, v]) => [k, v]);
  return Object.entries(headers as Record<string, string>);
}

/**
 * Redact a header set: secret-named headers keep only a prefix; in every other header, known secret
 * strings (a key echoed in a debug header) are replaced too. Header names are kept as given.
 */
export function redactHeaders(headers: HeadersLike, secrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of entriesOf(headers)) {
    out[name] = isSecretName(name) ? redactSecretValue(value) : redactText(value, secrets);
  }
  return out;
}

/** The forms a secret takes in recorded text: as is, URL-encoded, JSON-escaped. */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  return [...forms].filter((f) => f !== '');
}

/** Replace every occurrence of each given secret (longest first) with a redacted marker. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  const ordered = [...new Set(secrets)].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  for (const secret of ordered) {
    const marker = redactSecretValue(secret);
    for (const form of secretForms(secret)) out = out.split(form).join(marker);
  }
  return out;
}

/** Redact a URL: query parameters with secret names, and known secrets anywhere in it. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  return mapQuery(redactText(url, secrets), (name, value) => (isSecretName(name) ? [REDACTED] : [value])).join('');
}

// ---- curl ------------------------------------------------------------------------------------------

type EnvRef = { env: string };
type Part = string | EnvRef;

/** Apply `replace` to each query value; returns the URL as parts (strings and env references). */
function mapQuery(url: string, replace: (name: string, value: string) => Part[]): Part[] {
  const hash = url.indexOf('#');
  const beforeHash = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const q = beforeHash.indexOf('?');
  if (q < 0) return [url];
  const parts: Part[] = [beforeHash.slice(0, q + 1)];
  beforeHash.slice(q + 1).split('&').forEach((pair, i) => {
    if (i > 0) parts.push('&');
    const eq = pair.indexOf('=');
    if (eq < 0) return void parts.push(pair);
    let name = pair.slice(0, eq);
    try { name = decodeURIComponent(name); } catch { /* keep raw */ }
    parts.push(pair.slice(0, eq + 1), ...replace(name, pair.slice(eq + 1)));
  });
  if (fragment) parts.push(fragment);
  return parts;
}

/** Split literal text around known secret values, turning each occurrence into an env reference. */
function substitute(parts: Part[], secrets: [env: string, value: string][]): Part[] {
  let out = parts;
  for (const [env, value] of secrets) {
    for (const form of secretForms(value)) {
      out = out.flatMap((part) => {
        if (typeof part !== 'string' || !part.includes(form)) return [part];
        return part.split(form).flatMap((piece, i) => (i === 0 ? [piece] : [{ env }, piece]));
      });
    }
  }
  return out.filter((p) => p !== '');
}

function envNameFor(name: string): string {
  const n = name.toLowerCase();
  if (CREDENTIAL_HEADERS.has(n) || n === 'key' || n === 'api_key' || n === 'api-key') return DEFAULT_KEY_ENV;
  return `TOUCHSTONE_${n.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '')}`;
}

const BARE_WORD = /^[A-Za-z0-9_\-.,:/@%+=]+$/;

function quoteLiteral(text: string): string {
  if (text === '') return "''";
  return BARE_WORD.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** One shell word from literal parts and env references; literals never get expanded by the shell. */
export function shellWord(parts: Part[]): string {
  if (parts.every((p) => typeof p === 'string')) return quoteLiteral(parts.join(''));
  const literal = parts.filter((p): p is string => typeof p === 'string').join('');
  if (!/["$`\\!\n\r]/.test(literal)) {
    // Readable form: "Authorization: Bearer $TOUCHSTONE_KEY"
    return `"${parts.map((p, i) => {
      if (typeof p === 'string') return p;
      const next = parts[i + 1];
      return typeof next === 'string' && /^[A-Za-z0-9_]/.test(next) ? `\${${p.env}}` : `$${p.env}`;
    }).join('')}"`;
  }
  return parts.map((p) => (typeof p === 'string' ? quoteLiteral(p) : `"$${p.env}"`)).join('');
}

function isStreamingRequest(headers: [string, string][], body: string | undefined): boolean {
  if (headers.some(([k, v]) => k.toLowerCase() === 'accept' && v.includes('text/event-stream'))) return true;
  if (!body) return false;
  try { return (JSON.parse(body) as { stream?: unknown }).stream === true; } catch { return false; }
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: HeadersLike;
  body?: string;
}

export interface CurlOptions {
  /** Secret values by the environment variable that should stand for them: `{ TOUCHSTONE_KEY: key }`. */
  secrets?: Record<string, string>;
}

/**
 * A reproducible, shell-quoted curl command for a request. Known secrets become `$ENV` references;
 * secret-named headers and query parameters whose value is not a known secret (or was already
 * redacted) are replaced by an env reference too, so the command never carries a credential.
 */
export function curlFor(request: CurlRequest, options: CurlOptions = {}): string {
  const secrets = Object.entries(options.secrets ?? {})
    .filter(([, v]) => v !== '')
    .sort((a, b) => b[1].length - a[1].length);
  const headers = entriesOf(request.headers);
  const method = request.method.toUpperCase();
  const args: string[] = ['curl', '-sS'];
  if (isStreamingRequest(headers, request.body)) args.push('-N');
  if (headers.some(([k]) => k.toLowerCase() === 'accept-encoding')) args.push('--compressed');
  if (method === 'HEAD') args.push('-I');
  else if (method !== 'GET' || request.body !== undefined) args.push('-X', quoteLiteral(method));

  const urlParts = mapQuery(request.url, (name, value) => {
    const replaced = substitute([value], secrets);
    if (!isSecretName(name) || (replaced.length === 1 && typeof replaced[0] !== 'string')) return replaced;
    return [{ env: envNameFor(name) }];
  });
  const lines = [`${args.join(' ')} ${shellWord(substitute(urlParts, secrets))}`];

  for (const [name, value] of headers) {
    if (CURL_SKIPPED_HEADERS.has(name.toLowerCase())) continue;
    let valueParts = substitute([value], secrets);
    if (isSecretName(name)) {
      const [scheme, token] = splitScheme(value);
      const tokenParts = substitute([token], secrets);
      const known = tokenParts.length === 1 && typeof tokenParts[0] !== 'string';
      valueParts = known ? [scheme, ...tokenParts] : [scheme, { env: envNameFor(name) }];
    }
    lines.push(`-H ${shellWord([`${name}: `, ...valueParts].filter((p) => p !== ''))}`);
  }
  if (request.body !== undefined) lines.push(`--data-raw ${shellWord(substitute([request.body], secrets))}`);
  return lines.join(' \\\n  ');
}

// ---- recording ---------------------------------------------------------------------------------------

export interface RawExchange {
  request: CurlRequest;
  response?: { status: number; headers: HeadersLike; body?: string; events?: string[] };
  error?: string;
}

/**
 * Turn an exchange as the client saw it into report evidence: the curl reproduction is built from the
 * unredacted request (so it can name the right env variables), then everything else is redacted.
 */
export function recordExchange(raw: RawExchange, secrets: Record<string, string> = {}): Exchange {
  const values = Object.values(secrets);
  const text = (t: string): string => redactText(t, values);
  const exchange: Exchange = {
    request: {
      method: raw.request.method,
      url: redactUrl(raw.request.url, values),
      headers: redactHeaders(raw.request.headers, values),
      ...(raw.request.body !== undefined ? { body: text(raw.request.body) } : {}),
    },
    curl: curlFor(raw.request, { secrets }),
  };
  if (raw.response) {
    const { status, headers, body, events } = raw.response;
    exchange.response = {
      status,
      headers: redactHeaders(headers, values),
      ...(body !== undefined ? { body: text(body) } : {}),
      ...(events !== undefined ? { events: events.map(text) } : {}),
    };
  }
  if (raw.error !== undefined) exchange.error = text(raw.error);
  return exchange;
}
