/**
 * Structural lint of the gateway contract. Pure: pass any parsed document (tests lint broken copies).
 *
 * Rules (`rule` of each issue):
 *   yaml-parse        the text parses as YAML to an object
 *   openapi-version   `openapi` is 3.1.x
 *   ref-resolves      every local `$ref` resolves (the whole document is walked); no remote refs
 *   operation-id      every operation has an operationId, unique across the document
 *   success-response  every operation documents a 2xx (101 for WebSocket upgrades)
 *   error-response    every operation documents a 4xx whose JSON schema is (a $ref to) ErrorResponse
 *   error-envelope    every documented 4xx/5xx/default JSON response uses ErrorResponse
 *   security          every operation requires BearerAuth (itself or inherited)
 *   required-path     every API of the supported-API table exists (REQUIRED_OPERATIONS)
 *   event-schema      text/event-stream media types name `x-sse-event-schema`; WebSocket operations
 *                     name `x-realtime-events` {client, server}
 *   schema-compiles   every components schema (and inline media schema) compiles with ajv
 * `path` is a JSON pointer into the document, e.g. "/paths/~1chat~1completions/post/responses/400".
 */
import { parse } from 'yaml';
import { SchemaRegistry, isObject, resolvePointer } from './compile.ts';
import { escapePointerToken } from './errors.ts';
import { HTTP_METHODS, type HttpMethod } from './index.ts';

export interface LintIssue {
  path: string;
  rule: string;
  message: string;
}

export const ERROR_SCHEMA_REF = '#/components/schemas/ErrorResponse';

/** The operations the gateway must offer (seed 000's Supported APIs table, plus /models and /rerank). */
export const REQUIRED_OPERATIONS: readonly { method: HttpMethod; path: string }[] = [
  { method: 'post', path: '/chat/completions' },
  { method: 'post', path: '/embeddings' },
  { method: 'post', path: '/responses' },
  { method: 'get', path: '/responses/{response_id}' },
  { method: 'delete', path: '/responses/{response_id}' },
  { method: 'post', path: '/images/generations' },
  { method: 'post', path: '/images/edits' },
  { method: 'post', path: '/images/variations' },
  { method: 'post', path: '/audio/speech' },
  { method: 'post', path: '/audio/transcriptions' },
  { method: 'post', path: '/audio/translations' },
  { method: 'post', path: '/batches' },
  { method: 'get', path: '/batches' },
  { method: 'get', path: '/batches/{batch_id}' },
  { method: 'post', path: '/batches/{batch_id}/cancel' },
  { method: 'get', path: '/files' },
  { method: 'post', path: '/files' },
  { method: 'get', path: '/files/{file_id}' },
  { method: 'delete', path: '/files/{file_id}' },
  { method: 'get', path: '/files/{file_id}/content' },
  { method: 'post', path: '/moderations' },
  { method: 'post', path: '/fine_tuning/jobs' },
  { method: 'get', path: '/fine_tuning/jobs' },
  { method: 'get', path: '/fine_tuning/jobs/{fine_tuning_job_id}' },
  { method: 'post', path: '/fine_tuning/jobs/{fine_tuning_job_id}/cancel' },
  { method: 'get', path: '/fine_tuning/jobs/{fine_tuning_job_id}/events' },
  { method: 'get', path: '/live/{provider-account}' },
  { method: 'get', path: '/models' },
  { method: 'post', path: '/rerank' },
];

type Json = Record<string, unknown>;
const ptr = (...tokens: string[]) => tokens.map((t) => `/${escapePointerToken(t)}`).join('');

function walkRefs(node: unknown, path: string, visit: (ref: string, path: string) => void): void {
  if (Array.isArray(node)) node.forEach((child, i) => walkRefs(child, `${path}/${i}`, visit));
  else if (isObject(node)) {
    for (const [key, child] of Object.entries(node)) {
      if (key === '$ref' && typeof child === 'string') visit(child, `${path}/$ref`);
      else walkRefs(child, `${path}/${escapePointerToken(key)}`, visit);
    }
  }
}

function deref(doc: unknown, node: unknown): unknown {
  for (let hops = 0; hops < 16 && isObject(node) && typeof node.$ref === 'string'; hops++) node = resolvePointer(doc, node.$ref);
  return node;
}

/** Lint YAML text: parse errors become a `yaml-parse` issue. */
export function lintSpecText(text: string, options?: LintOptions): LintIssue[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return [{ path: '', rule: 'yaml-parse', message: `YAML does not parse: ${(error as Error).message.split('\n')[0]}` }];
  }
  return lintSpec(doc, options);
}

export interface LintOptions {
  /** Compile every schema with ajv (default true). */
  compileSchemas?: boolean;
}

export function lintSpec(document: unknown, options: LintOptions = {}): LintIssue[] {
  const issues: LintIssue[] = [];
  const report = (path: string, rule: string, message: string) => issues.push({ path, rule, message });
  if (!isObject(document)) {
    report('', 'yaml-parse', 'the document is not an object');
    return issues;
  }
  const doc = document as Json;
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) {
    report('/openapi', 'openapi-version', `expected OpenAPI 3.1.x, found ${JSON.stringify(doc.openapi)}`);
  }

  let danglingRefs = 0;
  walkRefs(doc, '', (ref, path) => {
    if (!ref.startsWith('#')) report(path, 'ref-resolves', `remote $ref not allowed: ${ref}`);
    else if (resolvePointer(doc, ref) === undefined) report(path, 'ref-resolves', `$ref does not resolve: ${ref}`);
    else return;
    danglingRefs++;
  });

  const paths = isObject(doc.paths) ? doc.paths : {};
  if (!isObject(doc.paths)) report('/paths', 'required-path', 'the document has no paths');
  const globalSecurity = Array.isArray(doc.security) ? doc.security : undefined;
  const seenIds = new Map<string, string>();
  for (const [path, rawItem] of Object.entries(paths)) {
    if (!isObject(rawItem)) continue;
    for (const method of HTTP_METHODS) {
      const op = rawItem[method];
      if (!isObject(op)) continue;
      const at = ptr('paths', path, method);
      const label = `${method.toUpperCase()} ${path}`;
      if (typeof op.operationId !== 'string' || op.operationId === '') report(at, 'operation-id', `${label} has no operationId`);
      else if (seenIds.has(op.operationId)) report(`${at}/operationId`, 'operation-id', `operationId "${op.operationId}" of ${label} is already used by ${seenIds.get(op.operationId)}`);
      else seenIds.set(op.operationId, label);

      const security = Array.isArray(op.security) ? op.security : globalSecurity;
      if (!security?.some((req) => isObject(req) && 'BearerAuth' in req)) report(at, 'security', `${label} does not require BearerAuth`);

      const responses = isObject(op.responses) ? op.responses : {};
      const statuses = Object.keys(responses);
      const websocket = op['x-websocket'] === true || isObject(op['x-realtime-events']);
      if (!statuses.some((s) => /^2(\d\d|XX)$/i.test(s) || (websocket && s === '101'))) {
        report(`${at}/responses`, 'success-response', `${label} documents no 2xx response`);
      }
      let hasErrorEnvelope4xx = false;
      for (const status of statuses) {
        const isError = /^[45](\d\d|XX)$/i.test(status) || status === 'default';
        const response = deref(doc, responses[status]);
        const content = isObject(response) && isObject(response.content) ? response.content : {};
        for (const [mt, media] of Object.entries(content)) {
          const mediaAt = `${at}/responses/${status}/content/${escapePointerToken(mt)}`;
          if (mt === 'text/event-stream' && !(isObject(media) && isObject(media['x-sse-event-schema']))) {
            report(mediaAt, 'event-schema', `${label} ${status} streams without x-sse-event-schema`);
          }
          if (!isError || !/json/.test(mt)) continue;
          const schema = isObject(media) ? media.schema : undefined;
          if (isObject(schema) && schema.$ref === ERROR_SCHEMA_REF) {
            if (status.startsWith('4')) hasErrorEnvelope4xx = true;
          } else {
            report(`${mediaAt}/schema`, 'error-envelope', `${label} ${status} does not use ErrorResponse`);
          }
        }
      }
      if (!hasErrorEnvelope4xx) report(`${at}/responses`, 'error-response', `${label} documents no 4xx response with the ErrorResponse envelope`);
      if (websocket) {
        const events = op['x-realtime-events'];
        if (!isObject(events) || !isObject(events.client) || !isObject(events.server)) {
          report(at, 'event-schema', `${label} is a WebSocket operation without x-realtime-events {client, server}`);
        }
      }
    }
  }

  for (const { method, path } of REQUIRED_OPERATIONS) {
    const item = paths[path];
    if (!isObject(item) || !isObject(item[method])) report(ptr('paths', path, method), 'required-path', `missing ${method.toUpperCase()} ${path}`);
  }

  const components = isObject(doc.components) ? doc.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};
  if (!isObject(schemas.ErrorResponse)) report('/components/schemas/ErrorResponse', 'error-envelope', 'ErrorResponse schema is missing');

  if (options.compileSchemas !== false) issues.push(...compileAll(doc, danglingRefs));
  return issues;
}

/** Compile every components schema and every inline media-type schema. */
function compileAll(doc: Json, danglingRefs: number): LintIssue[] {
  const issues: LintIssue[] = [];
  let registry: SchemaRegistry;
  try {
    registry = new SchemaRegistry(doc);
  } catch (error) {
    return [{ path: '/components/schemas', rule: 'schema-compiles', message: (error as Error).message }];
  }
  const targets: { path: string; schema: unknown }[] = [];
  const schemas = (registry.doc.components as Json | undefined)?.schemas;
  if (isObject(schemas)) for (const [name, schema] of Object.entries(schemas)) targets.push({ path: ptr('components', 'schemas', name), schema });
  walkMedia(registry.doc, (path, schema) => targets.push({ path, schema }));
  for (const { path, schema } of targets) {
    if (!isObject(schema)) {
      if (schema !== true && schema !== false) issues.push({ path, rule: 'schema-compiles', message: 'schema is not an object' });
      continue;
    }
    try {
      registry.compile(schema);
    } catch (error) {
      const message = (error as Error).message;
      // A dangling $ref is already reported by ref-resolves; do not report it twice.
      if (danglingRefs > 0 && /can't resolve reference/.test(message)) continue;
      // A bad keyword breaks every schema that references it: report it where it is written.
      const keyword = /unknown keyword: "([^"]+)"/.exec(message)?.[1];
      if (keyword && !containsKey(schema, keyword)) continue;
      issues.push({ path, rule: 'schema-compiles', message });
    }
  }
  return issues;
}

/** Whether `key` appears in the schema itself (not following $refs). */
function containsKey(node: unknown, key: string): boolean {
  if (Array.isArray(node)) return node.some((child) => containsKey(child, key));
  if (!isObject(node)) return false;
  return Object.entries(node).some(([k, child]) => k === key || containsKey(child, key));
}

function walkMedia(doc: Json, visit: (path: string, schema: unknown) => void): void {
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const at = ptr('paths', path, method);
      const body = op.requestBody;
      if (isObject(body) && isObject(body.content)) {
        for (const [mt, media] of Object.entries(body.content)) {
          if (isObject(media) && media.schema !== undefined) visit(`${at}/requestBody/content/${escapePointerToken(mt)}/schema`, media.schema);
        }
      }
      for (const [status, response] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        if (!isObject(response) || !isObject(response.content)) continue;
        for (const [mt, media] of Object.entries(response.content)) {
          if (!isObject(media)) continue;
          const mediaAt = `${at}/responses/${status}/content/${escapePointerToken(mt)}`;
          if (media.schema !== undefined) visit(`${mediaAt}/schema`, media.schema);
          if (media['x-sse-event-schema'] !== undefined) visit(`${mediaAt}/x-sse-event-schema`, media['x-sse-event-schema']);
        }
      }
      const events = op['x-realtime-events'];
      if (isObject(events)) for (const [side, schema] of Object.entries(events)) visit(`${at}/x-realtime-events/${side}`, schema);
    }
  }
}
