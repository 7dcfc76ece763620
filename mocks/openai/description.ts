/**
 * OpenAI's published OpenAPI description (a user's download of openai/openai-openapi `openapi.json`),
 * compiled with ajv for validation: responses the simulator sends (tests) and, with the simulator's
 * `description` option or `touchstone mocks --openai-spec FILE`, the JSON request bodies it receives.
 * The file is data the user provides; it is never copied into the project and nothing requires it.
 *
 * Compiling follows the file's README (and $recursiveRef, which ajv's 2020 mode rejects): components
 * wrapped into one $defs bundle, 3.0-isms rewritten (nullable, boolean exclusiveMinimum), vendor/example
 * keywords dropped, a `unixtime` format, and a small documented overlay where the description is
 * stricter than the live API. Schemas compile lazily, once each.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describeType, OpenAIError } from './errors.ts';

type Json = Record<string, any>;

/**
 * The overlay: fields the description marks non-nullable or required that the live API sends as null
 * or omits (OpenAI's own examples show them). Each entry: schema name → property → relaxation.
 */
const OVERLAY: Record<string, Record<string, 'nullable' | 'optional'>> = {
  Batch: { errors: 'nullable', failed_at: 'nullable', output_file_id: 'nullable', error_file_id: 'nullable', completed_at: 'nullable', in_progress_at: 'nullable', finalizing_at: 'nullable', expired_at: 'nullable', expires_at: 'nullable', cancelling_at: 'nullable', cancelled_at: 'nullable' },
  // OpenAIFile: files that never expire carry `expires_at: null`, and the deprecated `status_details`
  // is sent as null (OpenAI's examples omit both; the SDK types them optional).
  OpenAIFile: { expires_at: 'nullable', status_details: 'nullable' },
  // ListFilesResponse, ListBatchesResponse: an empty page has no first/last id; OpenAI's own description
  // of the sibling ListFineTuningJobCheckpointsResponse declares these very fields `string | null`.
  ListFilesResponse: { first_id: 'nullable', last_id: 'nullable' },
  ListBatchesResponse: { first_id: 'nullable', last_id: 'nullable' },
};

const DROPPED = new Set(['example', 'examples', 'discriminator', 'optional', 'min_items', 'max_items', 'nullable', '$recursiveAnchor']);

/** Rewrite one schema node for Ajv2020; component refs point into the `openai` bundle via `refPrefix`. */
function transform(node: unknown, refPrefix: string): unknown {
  if (Array.isArray(node)) return node.map((n) => transform(n, refPrefix));
  if (typeof node !== 'object' || node === null) return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-') || DROPPED.has(k)) continue;
    if (k === '$ref' && typeof v === 'string') { out.$ref = v.replace('#/components/schemas/', refPrefix); continue; }
    // 2019-09 recursion (CompoundFilter): the schema recurses into itself, a plain object is close enough.
    if (k === '$recursiveRef') { out.type = 'object'; continue; }
    if (k === 'required' && Array.isArray(v)) { out.required = [...new Set(v)]; continue; }
    if (k === 'properties' && typeof v === 'object' && v !== null) {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, transform(s, refPrefix)]));
      continue;
    }
    out[k] = transform(v, refPrefix);
  }
  if (src.exclusiveMinimum === true && typeof src.minimum === 'number') { out.exclusiveMinimum = src.minimum; delete out.minimum; }
  else if (typeof src.exclusiveMinimum === 'boolean') delete out.exclusiveMinimum;
  if (src.exclusiveMaximum === true && typeof src.maximum === 'number') { out.exclusiveMaximum = src.maximum; delete out.maximum; }
  else if (typeof src.exclusiveMaximum === 'boolean') delete out.exclusiveMaximum;
  if (src.nullable === true) return makeNullable(out);
  return out;
}

function makeNullable(schema: Json): Json {
  const withNullEnum = Array.isArray(schema.enum) && !schema.enum.includes(null) ? { enum: [...schema.enum, null] } : {};
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'], ...withNullEnum };
  if (Array.isArray(schema.type)) return schema.type.includes('null') ? schema : { ...schema, type: [...schema.type, 'null'], ...withNullEnum };
  return { anyOf: [schema, { type: 'null' }] };
}

function applyOverlay(defs: Json): void {
  for (const [name, props] of Object.entries(OVERLAY)) {
    const schema = defs[name];
    if (!schema?.properties) continue;
    for (const [prop, how] of Object.entries(props)) {
      if (!schema.properties[prop]) continue;
      if (how === 'nullable') schema.properties[prop] = makeNullable(schema.properties[prop]);
      if (Array.isArray(schema.required)) schema.required = schema.required.filter((r: string) => r !== prop || how !== 'optional');
    }
  }
}

/** One ajv error of a request body, with the top-level field it is about. */
export interface RequestProblem {
  /** The offending top-level field (`messages`), or null for the body as a whole. */
  param: string | null;
  /** Readable location, e.g. `messages[0].role`. */
  path: string;
  error: ErrorObject;
}

export interface OpenAIDescription {
  file: string;
  raw: Json;
  /** Readable errors of `value` against components.schemas[name]; [] when valid. */
  validateSchema(name: string, value: unknown): string[];
  /** The schema of a documented response (or the SSE event schema for text/event-stream). */
  responseSchemaName(method: string, apiPath: string, status: number, contentType: string): string | undefined;
  validateResponse(method: string, apiPath: string, status: number, contentType: string, body: unknown): string[];
  /** The described operation for a request path as the API sees it (`/v1/files/file-1`), if any. */
  findOperation(method: string, path: string): { apiPath: string; operation: Json } | undefined;
  /** Problems of a JSON request body against the operation's requestBody schema, most relevant first ([] = valid or undescribed). */
  validateRequest(method: string, path: string, body: unknown): RequestProblem[];
}

function displayPath(pointer: string): string {
  let out = '';
  for (const p of pointer.split('/').slice(1)) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** `/files/{file_id}/content` → a regex matching one concrete path. */
function templateRegex(apiPath: string): RegExp {
  const pattern = apiPath.split(/(\{[^}]+\})/).map((part) => part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('');
  return new RegExp(`^${pattern}/?$`);
}

const COMPOSITE = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'not']);

/** The value at a JSON pointer inside `body`. */
function at(body: unknown, pointer: string): unknown {
  let node = body;
  for (const p of pointer.split('/').slice(1)) node = node !== null && typeof node === 'object' ? (node as Json)[p] : undefined;
  return node;
}

const depth = (e: ErrorObject) => e.instancePath.split('/').length + (e.keyword === 'required' || e.keyword === 'additionalProperties' ? 1 : 0);

/**
 * The most relevant error: the shallowest concrete one. When that is a failed oneOf/anyOf (a message
 * of no known shape), look inside: a discriminator-like property (`role`) that every branch refused
 * becomes one enum error listing every branch's value; otherwise the concrete error most branches share.
 */
function mostRelevant(errors: readonly ErrorObject[], body: unknown): ErrorObject {
  const sorted = [...errors].sort((a, b) => depth(a) - depth(b) || Number(COMPOSITE.has(a.keyword)) - Number(COMPOSITE.has(b.keyword)));
  const top = sorted[0]!;
  if (!COMPOSITE.has(top.keyword)) return top;
  const base = top.instancePath;
  const inner = errors.filter((e) => !COMPOSITE.has(e.keyword) && (e.instancePath === base || e.instancePath.startsWith(`${base}/`)));
  const isTag = (e: ErrorObject) => (e.keyword === 'enum' || e.keyword === 'const') && e.instancePath.split('/').length === base.split('/').length + 1;
  const tags = inner.filter(isTag);
  if (tags.length) {
    const same = tags.filter((e) => e.instancePath === tags[0]!.instancePath);
    const allowed = [...new Set(same.flatMap((e) => (e.keyword === 'enum' ? (e.params as { allowedValues: unknown[] }).allowedValues : [(e.params as { allowedValue: unknown }).allowedValue])))];
    const branches = Array.isArray(top.schema) ? top.schema.length : Infinity;
    if (same.length >= branches || !allowed.length) return { ...same[0]!, keyword: 'enum', params: { allowedValues: allowed } };
  }
  const counts = new Map<string, { error: ErrorObject; n: number }>();
  for (const e of inner.filter((x) => !isTag(x))) {
    const key = `${e.keyword}|${e.instancePath}|${JSON.stringify(e.params)}`;
    counts.set(key, { error: e, n: (counts.get(key)?.n ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.error ?? top;
}

/** Problems, most relevant first, each with the top-level field it is about. */
function rank(errors: readonly ErrorObject[], body: unknown): RequestProblem[] {
  const best = mostRelevant(errors, body);
  return [best, ...errors.filter((e) => e !== best)].map((error) => {
    const p = error.params as Record<string, unknown>;
    const child = error.keyword === 'required' ? p.missingProperty : error.keyword === 'additionalProperties' ? p.additionalProperty : undefined;
    const pointer = child === undefined ? error.instancePath : `${error.instancePath}/${String(child)}`;
    const top = pointer.split('/')[1];
    return { param: top ? top : null, path: displayPath(pointer), error };
  });
}

/** Compile a parsed description; `file` names it in messages. */
export function compileOpenAIDescription(raw: Json, file: string): OpenAIDescription {
  if (!raw || typeof raw !== 'object' || typeof raw.paths !== 'object' || typeof raw.components?.schemas !== 'object') {
    throw new Error(`${file}: expected an OpenAPI document with "paths" and "components.schemas"`);
  }
  const defs = transform(raw.components.schemas, '#/$defs/') as Json;
  applyOverlay(defs);
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false, strictTypes: false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addSchema({ $id: 'openai', $defs: defs });
  const compiled = new Map<unknown, ValidateFunction>();
  const resolveRef = (node: Json | undefined): Json | undefined => {
    let n = node;
    for (let i = 0; n?.$ref && i < 5; i++) {
      const [, , kind, name] = String(n.$ref).split('/');
      n = raw.components[kind!]?.[name!];
    }
    return n;
  };
  const validatorFor = (schema: Json): ValidateFunction => {
    const ref = typeof schema.$ref === 'string' && schema.$ref.startsWith('#/components/schemas/') ? schema.$ref.split('/').pop()! : undefined;
    let validate = compiled.get(ref ?? schema);
    if (!validate) {
      validate = ajv.compile(ref ? { $ref: `openai#/$defs/${ref}` } : transform(schema, 'openai#/$defs/') as Json);
      compiled.set(ref ?? schema, validate);
    }
    return validate;
  };
  const prefix = (() => {
    try { return new URL(raw.servers?.[0]?.url ?? 'https://api.openai.com/v1').pathname.replace(/\/$/, ''); } catch { return '/v1'; }
  })();
  const templated = Object.keys(raw.paths).filter((p) => p.includes('{')).map((apiPath) => ({ apiPath, regex: templateRegex(apiPath) }));

  const spec: OpenAIDescription = {
    file,
    raw,
    validateSchema(name, value) {
      if (!defs[name]) throw new Error(`OpenAI description has no schema "${name}"`);
      const validate = validatorFor({ $ref: `#/components/schemas/${name}` });
      if (validate(value)) return [];
      return (validate.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    },
    responseSchemaName(method, apiPath, status, contentType) {
      const op = raw.paths[apiPath]?.[method.toLowerCase()];
      if (!op) throw new Error(`OpenAI description has no operation ${method} ${apiPath}`);
      const response = resolveRef(op.responses?.[String(status)]);
      const media = response?.content?.[contentType.split(';')[0]!.trim()];
      const ref = media?.schema?.$ref as string | undefined;
      return ref?.split('/').pop();
    },
    validateResponse(method, apiPath, status, contentType, body) {
      const name = spec.responseSchemaName(method, apiPath, status, contentType);
      if (!name) return [`${method} ${apiPath}: no schema documented for ${status} ${contentType}`];
      return spec.validateSchema(name, body);
    },
    findOperation(method, path) {
      if (prefix && path !== prefix && !path.startsWith(`${prefix}/`)) return undefined;
      const rel = path.slice(prefix.length).replace(/(.)\/$/, '$1') || '/';
      const m = method.toLowerCase();
      const apiPath = raw.paths[rel]?.[m] ? rel : templated.find((t) => t.regex.test(rel) && raw.paths[t.apiPath]?.[m])?.apiPath;
      return apiPath ? { apiPath, operation: raw.paths[apiPath][m] } : undefined;
    },
    validateRequest(method, path, body) {
      const found = spec.findOperation(method, path);
      const schema = resolveRef(found?.operation.requestBody)?.content?.['application/json']?.schema as Json | undefined;
      if (!schema) return [];
      const validate = validatorFor(schema);
      return validate(body) ? [] : rank(validate.errors ?? [], body);
    },
  };
  return spec;
}

/** Read and compile a description file; errors name the file and the problem. */
export function loadOpenAIDescription(file: string): OpenAIDescription {
  let raw: Json;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`${file}: expected a readable OpenAPI JSON file (${reason})`);
  }
  return compileOpenAIDescription(raw, file);
}

const A: Record<string, string> = { string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', object: 'an object', array: 'an array', null: 'null' };

/** OpenAI's 400 envelope for the most relevant problem of a request body (param = the top-level field). */
export function requestError(problem: RequestProblem, body: unknown): OpenAIError {
  const { error, path, param } = problem;
  const p = error.params as Record<string, any>;
  const value = at(body, error.instancePath);
  const invalid = (message: string, code: string | null) => new OpenAIError(400, { message, type: 'invalid_request_error', param, code }, 'modern');
  switch (error.keyword) {
    case 'required': return invalid(`Missing required parameter: '${path}'.`, 'missing_required_parameter');
    case 'additionalProperties': return invalid(`Unrecognized request argument supplied: ${path}`, 'unknown_parameter');
    case 'type': return invalid(`Invalid type for '${path}': expected ${[p.type].flat().map((t: string) => A[t] ?? t).join(' or ')}, but got ${describeType(value)} instead.`, 'invalid_type');
    case 'enum': case 'const': {
      const allowed = (error.keyword === 'enum' ? p.allowedValues : [p.allowedValue]) as unknown[];
      return invalid(`Invalid value: '${String(value)}'. Supported values are: ${allowed.map((v) => `'${String(v)}'`).join(', ')}.`, 'invalid_value');
    }
    case 'minItems':
      if (p.limit === 1 && Array.isArray(value) && value.length === 0) return invalid(`Invalid '${path}': empty array. Expected an array with minimum length 1, but got an empty array instead.`, 'empty_array');
      return invalid(`Invalid '${path}': array too short. Expected an array with minimum length ${p.limit}.`, 'array_below_min_length');
    case 'maxItems': return invalid(`Invalid '${path}': array too long. Expected an array with maximum length ${p.limit}, but got an array with length ${Array.isArray(value) ? value.length : '?'} instead.`, 'array_above_max_length');
    case 'minimum': case 'exclusiveMinimum': case 'maximum': case 'exclusiveMaximum': {
      const kind = Number.isInteger(value) ? 'integer' : 'decimal';
      const below = error.keyword.toLowerCase().includes('minimum');
      return invalid(`Invalid '${path}': ${kind} ${below ? 'below minimum' : 'above maximum'} value. Expected a value ${p.comparison} ${p.limit}, but got ${String(value)} instead.`, `${kind}_${below ? 'below_min' : 'above_max'}_value`);
    }
    default: return invalid(`Invalid '${path || 'body'}': ${error.message ?? 'does not match the schema'}.`, 'invalid_value');
  }
}
