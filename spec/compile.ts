/**
 * Compiles the JSON Schemas of an OpenAPI 3.1 document with ajv (draft 2020-12), lazily, once each.
 *
 * The document is cloned with every `#/components/schemas/X` reference rewritten to an absolute
 * `touchstone:gateway#/$defs/X`, and the component schemas are registered as one bundle under that id.
 * Because every reference is absolute, any sub-schema of the clone (a component, an inline media-type
 * schema, one branch of a oneOf) can be compiled on its own — which is what the error narrowing in
 * ./errors.ts relies on.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { toViolations, type SchemaContext } from './errors.ts';
import type { Violation } from './violation.ts';

// ajv and ajv-formats are CommonJS; under NodeNext their default export may arrive wrapped.
type AjvCtor = typeof import('ajv/dist/2020.js').default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvCtor }).default ?? Ajv2020Module) as AjvCtor;
type AddFormats = typeof import('ajv-formats').default;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;
type AjvInstance = InstanceType<AjvCtor>;

export interface ValidationResult {
  ok: boolean;
  violations: Violation[];
}

export const BUNDLE_ID = 'touchstone:gateway';
const COMPONENT_PREFIX = '#/components/schemas/';
/** OpenAPI keywords that are not JSON Schema vocabulary but may appear inside schemas. */
const ANNOTATION_KEYWORDS = ['discriminator', 'example', 'xml', 'externalDocs'];

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolve a local JSON pointer ("#/a/b" or "/a/b") in a document; undefined when it does not resolve. */
export function resolvePointer(doc: unknown, pointer: string): unknown {
  const path = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  if (path === '') return doc;
  if (!path.startsWith('/')) return undefined;
  let node: unknown = doc;
  for (const raw of path.slice(1).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** Deep-clone JSON, rewriting component schema refs to absolute bundle refs. */
function cloneRewritingRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneRewritingRefs);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith(COMPONENT_PREFIX)) {
      out[key] = `${BUNDLE_ID}#/$defs/${child.slice(COMPONENT_PREFIX.length)}`;
    } else {
      out[key] = cloneRewritingRefs(child);
    }
  }
  return out;
}

function collectExtensionKeywords(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectExtensionKeywords(item, into);
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('x-')) into.add(key);
      collectExtensionKeywords(child, into);
    }
  }
}

export interface RegistryOptions {
  /** Coerce strings to numbers/booleans (for multipart form fields). */
  coerceTypes?: boolean;
}

/** One ajv instance over one document's schemas. */
export class SchemaRegistry implements SchemaContext {
  /** The document clone whose schemas are compiled (refs rewritten; do not mutate). */
  readonly doc: Json;
  readonly #ajv: AjvInstance;
  readonly #compiled = new WeakMap<object, ValidateFunction>();
  readonly #reachable = new WeakMap<object, Set<unknown>>();

  constructor(document: unknown, options: RegistryOptions = {}) {
    this.doc = cloneRewritingRefs(document) as Json;
    const components = isObject(this.doc.components) ? this.doc.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    this.#ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      strict: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      allowUnionTypes: true,
      coerceTypes: options.coerceTypes ?? false,
    });
    addFormats(this.#ajv);
    const extensions = new Set<string>(ANNOTATION_KEYWORDS);
    collectExtensionKeywords(this.doc, extensions);
    this.#ajv.addVocabulary([...extensions]);
    // Meta-validation happens per schema when each is compiled, so errors name the schema.
    this.#ajv.addSchema({ $id: BUNDLE_ID, $defs: schemas }, undefined, undefined, false);
  }

  /** The rewritten component schema by name, or undefined. */
  component(name: string): Json | undefined {
    const schemas = (this.doc.components as Json | undefined)?.schemas as Json | undefined;
    const schema = schemas?.[name];
    return isObject(schema) ? schema : undefined;
  }

  /** Compile (once) a schema object taken from `this.doc`. Throws on invalid schemas or dangling refs. */
  compile(schema: object): ValidateFunction {
    let fn = this.#compiled.get(schema);
    if (!fn) {
      fn = this.#ajv.compile(schema);
      this.#compiled.set(schema, fn);
    }
    return fn;
  }

  /** Raw ajv errors for `data` against `schema` (empty when valid). */
  errors(schema: unknown, data: unknown): ErrorObject[] {
    if (schema === true || schema === undefined) return [];
    if (!isObject(schema)) return [];
    const fn = this.compile(schema);
    return fn(data) ? [] : [...(fn.errors ?? [])];
  }

  /** Validate and turn ajv errors into readable violations. */
  check(schema: unknown, data: unknown, basePointer = ''): ValidationResult {
    const errors = this.errors(schema, data);
    if (errors.length === 0) return { ok: true, violations: [] };
    const violations = toViolations(errors, data, this, basePointer);
    return { ok: violations.length === 0, violations };
  }

  /** Follow `$ref`s (absolute bundle refs or local document refs) to the schema they name. */
  deref(schema: unknown): unknown {
    let node = schema;
    for (let hops = 0; hops < 32 && isObject(node) && typeof node.$ref === 'string'; hops++) {
      const ref = node.$ref;
      if (ref.startsWith(`${BUNDLE_ID}#/$defs/`)) node = this.component(ref.slice(BUNDLE_ID.length + 8));
      else if (ref.startsWith('#')) node = resolvePointer(this.doc, ref);
      else return undefined;
    }
    return node;
  }

  /** Every schema object reachable from `root` (following refs) — used to attribute ajv errors to a union. */
  reachable(root: object): Set<unknown> {
    let set = this.#reachable.get(root);
    if (set) return set;
    set = new Set<unknown>();
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!isObject(node) && !Array.isArray(node)) continue;
      if (set.has(node)) continue;
      set.add(node);
      if (Array.isArray(node)) stack.push(...node);
      else {
        for (const child of Object.values(node)) stack.push(child);
        if (typeof node.$ref === 'string') stack.push(this.deref(node));
      }
    }
    this.#reachable.set(root, set);
    return set;
  }
}
