/**
 * AWS Signature Version 4 for the Bedrock Runtime requests the gateway sends (header-based signing,
 * AWS4-HMAC-SHA256), written from AWS's "Create a signed AWS API request" specification:
 * canonical request → string to sign → HMAC chain over date/region/service/"aws4_request".
 * For every service but S3 the canonical URI is the path URI-encoded once more (so a model id sent as
 * `…v1%3A0` is signed as `…v1%253A0`), with empty and `.` segments removed.
 */
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignInput {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  region: string;
  service: string;
  credentials: AwsCredentials;
  /** Signing time; defaults to now. */
  now?: Date;
  /** Add and sign x-amz-content-sha256 (as the AWS SDKs do; default true). */
  contentSha256Header?: boolean;
}

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding: everything but unreserved characters (A-Z a-z 0-9 - _ . ~) is percent-encoded. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical URI of a non-S3 request: normalized segments, each encoded again. */
export function canonicalPath(pathname: string): string {
  const segments: string[] = [];
  for (const segment of pathname.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && pathname.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailing}`;
}

/** The canonical query string: parameters sorted by encoded name (then value), both encoded. */
export function canonicalQuery(search: URLSearchParams): string {
  return [...search.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** `20250101T000000Z` and `20250101`. */
export function amzDate(now: Date): { long: string; short: string } {
  const long = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return { long, short: long.slice(0, 8) };
}

export function signingKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  let key: string | Buffer = `AWS4${secretAccessKey}`;
  for (const part of [shortDate, region, service, 'aws4_request']) key = hmac(key, part);
  return key as Buffer;
}

export interface SignedParts {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  signedHeaders: string;
  /**
   * The request headers to send: the input headers plus host, x-amz-date, x-amz-content-sha256 and
   * authorization. `host` is sent explicitly (equal to the URL's) so the signed value also reaches
   * upstreams reached without a socket, where no Host header would be added.
   */
  headers: Record<string, string>;
}

/** Sign a request; every header given (and host, x-amz-date, x-amz-content-sha256) is signed. */
export function signRequest(input: SignInput): SignedParts {
  const url = new URL(input.url);
  const { long, short } = amzDate(input.now ?? new Date());
  const payloadHash = sha256Hex(input.body);
  const toSign: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) toSign[name.toLowerCase()] = value;
  toSign.host = url.host;
  toSign['x-amz-date'] = long;
  if (input.contentSha256Header !== false) toSign['x-amz-content-sha256'] = payloadHash;
  if (input.credentials.sessionToken) toSign['x-amz-security-token'] = input.credentials.sessionToken;
  const names = Object.keys(toSign).sort();
  const canonicalHeaders = names.map((n) => `${n}:${toSign[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalPath(url.pathname),
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${short}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = [SIGV4_ALGORITHM, long, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(input.credentials.secretAccessKey, short, input.region, input.service)).update(stringToSign, 'utf8').digest('hex');
  const headers: Record<string, string> = { ...toSign };
  headers.authorization = `${SIGV4_ALGORITHM} Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, signedHeaders, headers };
}
