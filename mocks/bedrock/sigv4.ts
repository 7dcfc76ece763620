/**
 * Signature Version 4 verification, written from AWS's SigV4 description: the canonical request
 * (method, canonical URI, canonical query, the signed headers as `name:value` lines with values trimmed
 * and inner whitespace collapsed, the signed header list, the payload's SHA-256), the string to sign
 * (`AWS4-HMAC-SHA256`, the `x-amz-date`, the credential scope, the canonical request's SHA-256) and the
 * signing key (HMAC chain `AWS4`+secret → date → region → service → `aws4_request`).
 *
 * The canonical URI of a non-S3 service is the path with every segment URI-encoded twice; the official
 * SDK signs `escapeUri(wirePath)` (its wire path already carries one encoding: `:` → `%3A` → `%253A`).
 * A path the client sent without encoding some characters is also tried encoded twice from its decoded
 * form. `pathPrefixes` lets a server mounted under a prefix (`/bedrock` on the loopback server) accept a
 * signature over the URL the client actually called. Clock skew is not checked: the simulator's clock is
 * fixed while clients sign with the real time.
 */
import { createHash, createHmac } from 'node:crypto';
import { errors, type BedrockError } from './errors.ts';

export interface AwsCredential {
  secretAccessKey: string;
  /** When set, requests must carry it as `x-amz-security-token` (temporary credentials). */
  sessionToken?: string;
}

/** The simulator's documented test credentials (`credentials` option overrides them). */
export const TOUCHSTONE_ACCESS_KEY_ID = 'AKIDTOUCHSTONE';
export const TOUCHSTONE_SECRET_ACCESS_KEY = 'touchstone/Bedrock+Simulator/TEST/secretKey0';
/** AWS's own example pair from its SigV4 documentation and test suite, accepted too. */
export const AWS_EXAMPLE_ACCESS_KEY_ID = 'AKIDEXAMPLE';
export const AWS_EXAMPLE_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

export const DEFAULT_CREDENTIALS: Readonly<Record<string, AwsCredential>> = {
  [TOUCHSTONE_ACCESS_KEY_ID]: { secretAccessKey: TOUCHSTONE_SECRET_ACCESS_KEY },
  [AWS_EXAMPLE_ACCESS_KEY_ID]: { secretAccessKey: AWS_EXAMPLE_SECRET_ACCESS_KEY },
};

const ALGORITHM = 'AWS4-HMAC-SHA256';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 encoding as AWS does it: `encodeURIComponent` plus `!'()*`. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function normalizedSegments(path: string): string[] {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop(); else out.push(segment);
  }
  return out;
}

function joinPath(path: string, segments: string[]): string {
  return `/${segments.join('/')}${segments.length && path.endsWith('/') ? '/' : ''}`;
}

/** Canonical URIs a correct signer may have used for this wire path (usually one). */
export function canonicalUris(wirePath: string): string[] {
  const segments = normalizedSegments(wirePath);
  const fromWire = joinPath(wirePath, segments.map(escapeUri));
  const decode = (s: string) => { try { return decodeURIComponent(s); } catch { return s; } };
  const fromDecoded = joinPath(wirePath, segments.map((s) => escapeUri(escapeUri(decode(s)))));
  return fromWire === fromDecoded ? [fromWire] : [fromWire, fromDecoded];
}

export function canonicalQuery(search: string): string {
  const pairs = [...new URLSearchParams(search)].map(([k, v]) => [escapeUri(k), escapeUri(v)] as const);
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

export interface CanonicalInput {
  method: string;
  uri: string;
  query: string;
  /** Lower-cased signed header names, sorted, with their values. */
  headers: readonly (readonly [string, string])[];
  payloadHash: string;
}

export function canonicalRequest(input: CanonicalInput): string {
  const lines = input.headers.map(([name, value]) => `${name}:${value.trim().replace(/\s+/g, ' ')}`);
  return [input.method, input.uri, input.query, ...lines, '', input.headers.map(([n]) => n).join(';'), input.payloadHash].join('\n');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  let key: Buffer | string = `AWS4${secret}`;
  for (const part of [date, region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return key as Buffer;
}

export function signature(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign).digest('hex');
}

export interface ParsedAuthorization {
  accessKeyId: string;
  scope: { date: string; region: string; service: string; terminator: string };
  signedHeaders: string[];
  signature: string;
}

/** Parse `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`, or explain what is missing. */
export function parseAuthorization(value: string): ParsedAuthorization | BedrockError {
  const params = new Map<string, string>();
  const rest = value.startsWith(`${ALGORITHM} `) ? value.slice(ALGORITHM.length + 1) : '';
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((p) => !params.get(p));
  if (missing.length) {
    return errors.incompleteSignature(`${missing.map((p) => `Authorization header requires '${p}' parameter.`).join(' ')} Authorization=${value}`);
  }
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = params.get('Credential')!.split('/');
  return {
    accessKeyId, scope: { date, region, service, terminator },
    signedHeaders: params.get('SignedHeaders')!.split(';').map((h) => h.trim().toLowerCase()),
    signature: params.get('Signature')!,
  };
}

export interface VerifyInput {
  method: string;
  /** The path as it arrived, percent-encoding untouched. */
  path: string;
  search: string;
  headers: Headers;
  /** The URL's host, used when no `host` header arrived (a fetch-shaped in-process request). */
  host: string;
  body: Uint8Array;
  region: string;
  service: string;
  credentials: Readonly<Record<string, AwsCredential>>;
  /** Mount prefixes the client's URL may have carried in front of `path` (e.g. `/bedrock`). */
  pathPrefixes?: readonly string[];
}

/** `YYYYMMDDTHHMMSSZ` from `x-amz-date`, or from an HTTP `date` header. */
function requestDate(headers: Headers): string | undefined {
  const amz = headers.get('x-amz-date');
  if (amz) return amz;
  const http = headers.get('date');
  const ms = http ? Date.parse(http) : NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Null when the request is correctly signed by a known key; otherwise the error AWS answers. */
export function verifySigV4(input: VerifyInput): BedrockError | null {
  const header = input.headers.get('authorization') ?? '';
  const parsed = parseAuthorization(header);
  if (!('accessKeyId' in parsed)) return parsed;
  const date = requestDate(input.headers);
  if (!date || !/^\d{8}T\d{6}Z$/.test(date)) {
    return errors.incompleteSignature(`Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${header}`);
  }
  const { scope } = parsed;
  if (scope.date !== date.slice(0, 8)) {
    return errors.invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scope.date}' != '${date.slice(0, 8)}', from '${date}'.`);
  }
  if (scope.terminator !== 'aws4_request') return errors.invalidSignature("Credential should be scoped with a valid terminator: 'aws4_request'. ");
  if (scope.service !== input.service) return errors.invalidSignature(`Credential should be scoped to correct service: '${input.service}'. `);
  if (scope.region !== input.region) return errors.invalidSignature('Credential should be scoped to a valid region. ');
  if (!parsed.signedHeaders.includes('host')) return errors.invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  const credential = input.credentials[parsed.accessKeyId];
  if (!credential) return errors.unrecognizedClient();
  const token = input.headers.get('x-amz-security-token');
  if ((credential.sessionToken ?? null) !== (token ?? null)) return errors.unrecognizedClient();

  const valueOf = (name: string) => input.headers.get(name) ?? (name === 'host' ? input.host : '');
  const headers = [...parsed.signedHeaders].sort().map((name) => [name, valueOf(name)] as const);
  const declared = input.headers.get('x-amz-content-sha256');
  const payloadHash = declared === 'UNSIGNED-PAYLOAD' ? declared : input.body.byteLength ? sha256Hex(input.body) : EMPTY_SHA256;
  const scopeText = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
  const key = signingKey(credential.secretAccessKey, scope.date, scope.region, scope.service);
  const paths = [input.path, ...(input.pathPrefixes ?? []).map((p) => `${p}${input.path}`)];
  let first: { canonical: string; toSign: string } | undefined;
  for (const path of paths) {
    for (const uri of canonicalUris(path)) {
      const canonical = canonicalRequest({ method: input.method.toUpperCase(), uri, query: canonicalQuery(input.search), headers, payloadHash });
      const toSign = stringToSign(date, scopeText, canonical);
      first ??= { canonical, toSign };
      if (signature(key, toSign) === parsed.signature) return null;
    }
  }
  return errors.invalidSignature('The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key '
    + `and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${first!.canonical}'\n\n`
    + `The String-to-Sign should have been\n'${first!.toSign}'\n`);
}
