/**
 * OpenAI's published OpenAPI description (../shared/openai/openapi.json) compiled for tests, following
 * the notes in its README (and $recursiveRef, which ajv's 2020 mode rejects): components wrapped into one $defs bundle, 3.0-isms rewritten (nullable,
 * boolean exclusiveMinimum), vendor/example keywords dropped, a `unixtime` format, and a small
 * documented overlay where the description is stricter than the live API. Never copied into the project:
 * found at run time (TOUCHSTONE_OPENAI_SPEC, an ancestor's shared/openai/openapi.json, /work/shared).
 *
 *   const spec = loadOpenAISpec();            // undefined when the file is absent: skip, say why
 *   spec.validateSchema('CreateEmbeddingResponse', body)  → string[] of readable errors ([] = valid)
 *   spec.validateResponse('post', '/embeddings', 200, 'application/json', body)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

export function findOpenAISpecFile(): string | undefined {
  const candidates: string[] = [];
  if (process.env.TOUCHSTONE_OPENAI_SPEC) candidates.push(process.env.TOUCHSTONE_OPENAI_SPEC);
  let dir = path.resolve(import.meta.dirname, '..');
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'shared', 'openai', 'openapi.json'), path.join(dir, '..', 'shared', 'openai', 'openapi.json'));
    dir = path.dirname(dir);
  }
  candidates.push('/work/shared/openai/openapi.json');
  return candidates.find((c) => existsSync(c));
}

/**
 * The overlay: fields the description marks non-nullable or required that the live API sends as null
 * or omits (OpenAI's own examples show them). Each entry: schema name → property → relaxation.
 */
const OVERLAY: Record<string, Record<string, 'nullable' | 'optional'>> = {
  Batch: { errors: 'nullable', failed_at: 'nullable', output_file_id: 'nullable', error_file_id: 'nullable', completed_at: 'nullable', in_progress_at: 'nullable', finalizing_at: 'nullable', expired_at: 'nullable', expires_at: 'nullable', cancelling_at: 'nullable', cancelled_at: 'nullable' },
  OpenAIFile: { expires_at: 'nullable' },
};

function transform(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(transform);
  if (typeof node !== 'object' || node === null) return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-') || k === 'example' || k === 'examples' || k === 'discriminator' || k === 'optional' || k === 'min_items' || k === 'max_items' || k === 'nullable') continue;
    if (k === '$ref' && typeof v === 'string') { out.$ref = v.replace('#/components/schemas/', '#/$defs/'); continue; }
    // 2019-09 recursion keywords (CompoundFilter): the schema recurses into itself, a plain object is close enough.
    if (k === '$recursiveAnchor') continue;
    if (k === '$recursiveRef') { out.type = 'object'; continue; }
    if (k === 'required' && Array.isArray(v)) { out.required = [...new Set(v)]; continue; }
    if (k === 'properties' && typeof v === 'object' && v !== null) {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, transform(s)]));
      continue;
    }
    out[k] = transform(v);
  }
  if (src.exclusiveMinimum === true && typeof src.minimum === 'number') { out.exclusiveMinimum = src.minimum; delete out.minimum; }
  else if (typeof src.exclusiveMinimum === 'boolean') delete out.exclusiveMinimum;
  if (src.exclusiveMaximum === true && typeof src.maximum === 'number') { out.exclusiveMaximum = src.maximum; delete out.maximum; }
  else if (typeof src.exclusiveMaximum === 'boolean') delete out.exclusiveMaximum;
  if (src.nullable === true) return makeNullable(out);
  return out;
}

function makeNullable(schema: Json): Json {
  if (typeof schema.type === 'string') {
    const out: Json = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
    return out;
  }
  if (Array.isArray(schema.type)) return schema.type.includes('null') ? schema : { ...schema, type: [...schema.type, 'null'], ...(Array.isArray(schema.enum) && !schema.enum.includes(null) ? { enum: [...schema.enum, null] } : {}) };
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

export interface OpenAISpec {
  file: string;
  raw: Json;
  /** Readable errors of `value` against components.schemas[name]; [] when valid. */
  validateSchema(name: string, value: unknown): string[];
  /** The schema of a documented response (or the SSE event schema for text/event-stream). */
  responseSchemaName(method: string, apiPath: string, status: number, contentType: string): string | undefined;
  validateResponse(method: string, apiPath: string, status: number, contentType: string, body: unknown): string[];
}

let cached: OpenAISpec | null | undefined;

export function loadOpenAISpec(): OpenAISpec | undefined {
  if (cached !== undefined) return cached ?? undefined;
  const file = findOpenAISpecFile();
  if (!file) { cached = null; return undefined; }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Json;
  const defs = transform(raw.components.schemas) as Json;
  applyOverlay(defs);
  const ajv = new Ajv2020({ allErrors: true, strict: false, strictTypes: false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addSchema({ $id: 'openai', $defs: defs });
  const compiled = new Map<string, ValidateFunction>();
  const resolveRef = (node: Json | undefined): Json | undefined => {
    let n = node;
    for (let i = 0; n?.$ref && i < 5; i++) {
      const [, , kind, name] = String(n.$ref).split('/');
      n = raw.components[kind!]?.[name!];
    }
    return n;
  };
  const spec: OpenAISpec = {
    file,
    raw,
    validateSchema(name, value) {
      if (!defs[name]) throw new Error(`OpenAI description has no schema "${name}"`);
      let validate = compiled.get(name);
      if (!validate) { validate = ajv.compile({ $ref: `openai#/$defs/${name}` }); compiled.set(name, validate); }
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
  };
  cached = spec;
  return spec;
}
