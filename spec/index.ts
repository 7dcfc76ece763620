/**
 * The gateway contract (spec/gateway.yaml) and its validators.
 *
 *   loadSpec()                 the parsed OpenAPI 3.1 document (cached)
 *   listOperations()           every operation: id, method, path, statuses, content types
 *   validate(op, status, contentType, body)    a whole HTTP response
 *   validateEvent(op, event, status?)          one SSE payload (or realtime server event)
 *   validateRealtimeEvent(direction, event)    one realtime WebSocket event, client or server
 *   validateRequest(op, contentType, body)     a request body (JSON, or multipart as FormData/object)
 *   validateSchema(name, value)                any components schema by name
 *
 * Schemas are compiled lazily with ajv (draft 2020-12), once each. Violations use spec/violation.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SchemaRegistry, isObject, resolvePointer, type ValidationResult } from './compile.ts';
import { describeValue, violation, type Violation } from './violation.ts';

export type { ValidationResult } from './compile.ts';
export type { Violation } from './violation.ts';

// ------------------------------------------------------------------ minimal OpenAPI types
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
export type SchemaObject = Record<string, unknown>;
export interface Reference { $ref: string }
export interface MediaTypeObject { schema?: SchemaObject; [extension: `x-${string}`]: unknown }
export interface ResponseObject { description: string; headers?: Record<string, unknown>; content?: Record<string, MediaTypeObject> }
export interface RequestBodyObject { required?: boolean; content: Record<string, MediaTypeObject> }
export interface ParameterObject { name: string; in: 'query' | 'header' | 'path' | 'cookie'; required?: boolean; schema?: SchemaObject; description?: string }
export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: (ParameterObject | Reference)[];
  requestBody?: RequestBodyObject | Reference;
  responses: Record<string, ResponseObject | Reference>;
  [extension: `x-${string}`]: unknown;
}
export type PathItemObject = { parameters?: (ParameterObject | Reference)[]; servers?: { url: string }[] } & Partial<Record<HttpMethod, OperationObject>>;
export interface OpenAPIDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  servers?: { url: string; description?: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, SchemaObject>;
    responses?: Record<string, ResponseObject>;
    parameters?: Record<string, ParameterObject>;
    securitySchemes?: Record<string, unknown>;
  };
  [key: string]: unknown;
}

export interface OperationInfo {
  operationId: string;
  /** Upper-case HTTP method, e.g. "POST". */
  method: string;
  /** Path template relative to the server URL, e.g. "/chat/completions". */
  path: string;
  summary?: string;
  tags: string[];
  /** 1xx/2xx statuses (101 for the realtime WebSocket upgrade). */
  successStatuses: number[];
  /** 4xx/5xx statuses. */
  errorStatuses: number[];
  requestContentTypes: string[];
  responses: { status: string; contentTypes: string[] }[];
  /** Name of the components schema of one SSE event, when the success response can stream. */
  eventSchema?: string;
  /** Realtime WebSocket event schemas (x-realtime-events). */
  realtimeEvents?: { client: string; server: string };
}

// ------------------------------------------------------------------ loading (cached)
export const SPEC_URL = new URL('./gateway.yaml', import.meta.url);
export const SPEC_PATH = fileURLToPath(SPEC_URL);

let cachedDoc: OpenAPIDocument | undefined;
let cachedRegistry: SchemaRegistry | undefined;
let cachedFormRegistry: SchemaRegistry | undefined;
let cachedOps: Map<string, { info: OperationInfo; op: OperationObject; path: string; method: HttpMethod }> | undefined;

/** The parsed contract. Treat as read-only: it is shared. */
export function loadSpec(): OpenAPIDocument {
  cachedDoc ??= parse(readFileSync(SPEC_URL, 'utf8')) as OpenAPIDocument;
  return cachedDoc;
}

function registry(): SchemaRegistry {
  cachedRegistry ??= new SchemaRegistry(loadSpec());
  return cachedRegistry;
}

/** Multipart fields arrive as strings: a second compiler that coerces "2" to 2 and "true" to true. */
function formRegistry(): SchemaRegistry {
  cachedFormRegistry ??= new SchemaRegistry(loadSpec(), { coerceTypes: true });
  return cachedFormRegistry;
}

/** Resolve `{$ref: '#/...'}` in the contract (responses, parameters, request bodies). */
function deref<T>(doc: unknown, value: T | Reference | undefined): T | undefined {
  let node: unknown = value;
  for (let hops = 0; hops < 16 && isObject(node) && typeof node.$ref === 'string'; hops++) node = resolvePointer(doc, node.$ref);
  return node as T | undefined;
}

function refName(value: unknown): string | undefined {
  const ref = isObject(value) && typeof value.$ref === 'string' ? value.$ref : undefined;
  return ref?.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
}

function operations() {
  if (cachedOps) return cachedOps;
  const doc = loadSpec();
  const map = new Map<string, { info: OperationInfo; op: OperationObject; path: string; method: HttpMethod }>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op?.operationId) continue;
      const statuses = Object.keys(op.responses ?? {});
      const numeric = statuses.map(Number).filter(Number.isFinite);
      const responses = statuses.map((status) => ({
        status,
        contentTypes: Object.keys(deref<ResponseObject>(doc, op.responses[status])?.content ?? {}),
      }));
      const success = numeric.filter((s) => s < 400);
      let eventSchema: string | undefined;
      for (const s of success) {
        const media = deref<ResponseObject>(doc, op.responses[String(s)])?.content?.['text/event-stream'];
        eventSchema ??= refName(media?.['x-sse-event-schema']);
      }
      const rt = op['x-realtime-events'] as { client?: unknown; server?: unknown } | undefined;
      const info: OperationInfo = {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        ...(op.summary ? { summary: op.summary } : {}),
        tags: op.tags ?? [],
        successStatuses: success,
        errorStatuses: numeric.filter((s) => s >= 400),
        requestContentTypes: Object.keys(deref<RequestBodyObject>(doc, op.requestBody)?.content ?? {}),
        responses,
        ...(eventSchema ? { eventSchema } : {}),
        ...(rt ? { realtimeEvents: { client: refName(rt.client) ?? '', server: refName(rt.server) ?? '' } } : {}),
      };
      map.set(op.operationId, { info, op, path, method });
    }
  }
  cachedOps = map;
  return map;
}

export function listOperations(): OperationInfo[] {
  return [...operations().values()].map((entry) => entry.info);
}

// ------------------------------------------------------------------ lookups with helpful errors
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Up to five known names closest to `name` (substring matches first, then by edit distance). */
export function closeMatches(name: string, known: Iterable<string>): string[] {
  const lower = name.toLowerCase();
  return [...known]
    .map((k) => ({ k, score: k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()) ? 0 : editDistance(lower, k.toLowerCase()) }))
    .filter(({ k, score }) => score <= Math.max(3, Math.floor(k.length / 2)))
    .sort((x, y) => x.score - y.score || x.k.localeCompare(y.k))
    .slice(0, 5)
    .map(({ k }) => k);
}

function unknownName(kind: string, name: string, known: Iterable<string>): Error {
  const near = closeMatches(name, known);
  return new Error(`unknown ${kind} "${name}"${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
}

function operation(operationId: string) {
  const entry = operations().get(operationId);
  if (!entry) throw unknownName('operationId', operationId, operations().keys());
  return entry;
}

export function getOperation(operationId: string): OperationInfo {
  return operation(operationId).info;
}

/** The contract's components schema by name (as written in the YAML; `$ref`s are `#/components/schemas/X`). */
export function getSchema(name: string): SchemaObject {
  const schema = loadSpec().components.schemas[name];
  if (!schema) throw unknownName('schema', name, Object.keys(loadSpec().components.schemas));
  return schema;
}

export function schemaNames(): string[] {
  return Object.keys(loadSpec().components.schemas);
}

// ------------------------------------------------------------------ media types and bodies
/** "Application/JSON; charset=utf-8" -> "application/json". */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** The documented media type a content type falls under (exact, then `type/*`, then `*\/*`). */
export function matchMediaType(contentType: string, documented: string[]): string | undefined {
  const mt = mediaType(contentType);
  return documented.find((d) => d.toLowerCase() === mt)
    ?? documented.find((d) => d.endsWith('/*') && mt.startsWith(d.slice(0, -1).toLowerCase()))
    ?? documented.find((d) => d === '*/*');
}

const isJsonMedia = (mt: string) => mt === 'application/json' || mt.endsWith('+json');
const isBinary = (v: unknown) => v instanceof Uint8Array || v instanceof ArrayBuffer || (typeof Blob !== 'undefined' && v instanceof Blob);
const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (v instanceof Uint8Array && v.byteLength === 0);
const ok = (): ValidationResult => ({ ok: true, violations: [] });
const fail = (...violations: Violation[]): ValidationResult => ({ ok: false, violations });

function schemaIsString(schema: unknown): boolean {
  return isObject(schema) && schema.type === 'string';
}

/** Validate a body against a media type's schema (from the registry's rewritten document). */
function checkBody(reg: SchemaRegistry, mt: string, schema: unknown, body: unknown): ValidationResult {
  if (schema === undefined) return ok();
  let value = body;
  if (isBinary(value) && !(typeof Blob !== 'undefined' && value instanceof Blob)) {
    if (schemaIsString(schema) && (schema as SchemaObject).format === 'binary') return ok();
    value = new TextDecoder().decode(value as Uint8Array | ArrayBuffer);
  } else if (isBinary(value) && schemaIsString(schema) && (schema as SchemaObject).format === 'binary') {
    return ok();
  }
  if (isJsonMedia(mt) && typeof value === 'string' && !schemaIsString(schema)) {
    try {
      value = JSON.parse(value);
    } catch {
      return fail(violation('', 'a JSON document', `unparseable text ${describeValue(value)}`, 'json'));
    }
  }
  return reg.check(schema, value);
}

function findResponse(reg: SchemaRegistry, op: OperationObject, status: number): ResponseObject | undefined {
  const responses = op.responses ?? {};
  const key = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default'].find((k) => k in responses);
  return key ? deref<ResponseObject>(reg.doc, responses[key]) : undefined;
}

/** The operation as it appears in the registry's (ref-rewritten) document. */
function compiledOperation(reg: SchemaRegistry, operationId: string): OperationObject {
  const { path, method } = operation(operationId);
  return (reg.doc.paths as Record<string, PathItemObject>)[path]![method]!;
}

// ------------------------------------------------------------------ validators
/**
 * Validate a whole HTTP response: the status must be documented for the operation (or `default`), the
 * content type (parameters ignored) documented for that status, and the body must match its schema.
 * `text/event-stream` bodies are not checked here — validate each event with validateEvent().
 * JSON bodies may be passed parsed or as text/bytes.
 */
export function validate(operationId: string, status: number, contentType: string | null, body: unknown): ValidationResult {
  const reg = registry();
  const op = compiledOperation(reg, operationId);
  const response = findResponse(reg, op, status);
  if (!response) {
    return fail(violation('', `status one of ${Object.keys(op.responses).join(', ')}`, String(status), 'status'));
  }
  const content = response.content ?? {};
  const documented = Object.keys(content);
  if (documented.length === 0) {
    return isEmpty(body) ? ok() : fail(violation('', `no body for status ${status}`, contentType ?? describeValue(body), 'content-type'));
  }
  if (!contentType) return fail(violation('', `content type one of ${documented.join(', ')}`, 'none', 'content-type'));
  const mt = matchMediaType(contentType, documented);
  if (!mt) return fail(violation('', `content type one of ${documented.join(', ')}`, mediaType(contentType), 'content-type'));
  if (mt === 'text/event-stream') return ok();
  return checkBody(reg, mt, content[mt]?.schema, body);
}

/**
 * Validate one event of a streamed success response: a parsed SSE `data:` payload (a JSON string is
 * parsed first; the stream terminator such as `[DONE]` is accepted). For the realtime operation this
 * checks a server event.
 */
export function validateEvent(operationId: string, event: unknown, status = 200): ValidationResult {
  const reg = registry();
  const op = compiledOperation(reg, operationId);
  const media = findResponse(reg, op, status)?.content?.['text/event-stream'];
  const realtime = op['x-realtime-events'] as { server?: unknown } | undefined;
  const schema = media?.['x-sse-event-schema'] ?? realtime?.server;
  if (!schema) throw new Error(`operation "${operationId}" documents no event schema for status ${status}`);
  let value = event;
  if (typeof value === 'string') {
    if (media && value === media['x-sse-terminator']) return ok();
    try {
      value = JSON.parse(value);
    } catch {
      return fail(violation('', 'a JSON event payload', describeValue(value), 'json'));
    }
  }
  return reg.check(schema, value);
}

/** Validate one realtime WebSocket event (a parsed JSON text frame, or the frame's text). */
export function validateRealtimeEvent(direction: 'client' | 'server', event: unknown, operationId = 'connectRealtime'): ValidationResult {
  const reg = registry();
  const events = compiledOperation(reg, operationId)['x-realtime-events'] as Record<string, unknown> | undefined;
  if (!events?.[direction]) throw new Error(`operation "${operationId}" documents no realtime ${direction} events`);
  let value = event;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return fail(violation('', 'a JSON text frame', describeValue(value), 'json'));
    }
  }
  return reg.check(events[direction], value);
}

/** Validate any components schema by name, e.g. "ErrorResponse" or "CreateChatCompletionStreamResponse". */
export function validateSchema(schemaName: string, value: unknown): ValidationResult {
  const reg = registry();
  const schema = reg.component(schemaName);
  if (!schema) throw unknownName('schema', schemaName, Object.keys(loadSpec().components.schemas));
  return reg.check(schema, value);
}

/** Turn FormData or an object of form fields into plain JSON (files become "<binary N bytes>"). */
function formFields(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (rawKey: string, raw: unknown) => {
    const key = rawKey.endsWith('[]') ? rawKey.slice(0, -2) : rawKey;
    const value = isBinary(raw) ? `<binary ${(raw as Blob).size ?? (raw as Uint8Array).byteLength} bytes>` : raw;
    if (key in out) out[key] = [...(Array.isArray(out[key]) ? (out[key] as unknown[]) : [out[key]]), value];
    else out[key] = rawKey.endsWith('[]') ? [value] : value;
  };
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    for (const [key, value] of body.entries()) put(key, value);
  } else if (isObject(body)) {
    for (const [key, value] of Object.entries(body)) {
      if (Array.isArray(value)) for (const item of value) put(key.endsWith('[]') ? key : `${key}[]`, item);
      else put(key, value);
    }
  }
  return out;
}

/**
 * Validate a request body against the operation's request schema. JSON bodies may be passed parsed
 * or as text; multipart bodies as FormData or a plain object of fields (Blob / bytes for files).
 */
export function validateRequest(operationId: string, contentType: string | null, body: unknown): ValidationResult {
  const reg = registry();
  const requestBody = deref<RequestBodyObject>(reg.doc, compiledOperation(reg, operationId).requestBody);
  if (!requestBody) return isEmpty(body) ? ok() : fail(violation('', 'no request body', describeValue(body), 'content-type'));
  if (isEmpty(body) && requestBody.required) return fail(violation('', 'a request body', 'none', 'required'));
  const documented = Object.keys(requestBody.content);
  if (!contentType) return fail(violation('', `content type one of ${documented.join(', ')}`, 'none', 'content-type'));
  const mt = matchMediaType(contentType, documented);
  if (!mt) return fail(violation('', `content type one of ${documented.join(', ')}`, mediaType(contentType), 'content-type'));
  if (mt === 'multipart/form-data' || mt === 'application/x-www-form-urlencoded') {
    const form = formRegistry();
    const formOp = compiledOperation(form, operationId);
    const schema = deref<RequestBodyObject>(form.doc, formOp.requestBody)?.content[mt]?.schema;
    return form.check(schema, formFields(body));
  }
  return checkBody(reg, mt, requestBody.content[mt]?.schema, body);
}
