/**
 * fast-check arbitraries derived from the contract's request schemas (spec/gateway.yaml):
 *
 *   mutationArb(schema, base)     invalid variants of a valid base request — a property of the wrong
 *                                 type, a required property removed, a number outside its minimum /
 *                                 maximum, a string outside its enum — each labelled with what was done
 *   validOptionalArb(schema, base, names)   the base plus some of the named optional properties, with
 *                                 values generated from their schemas (enums, bounded numbers, booleans,
 *                                 short strings, small arrays)
 *
 * The schemas are walked through `$ref`s to `#/components/schemas/*` (and simple `allOf`s). What is
 * generated is only a candidate: the suite confirms every mutation IS invalid (and every positive
 * request IS valid) with spec/index.ts validateRequest before sending it, because a schema walk cannot
 * see every `anyOf` branch or `if/then` that might still accept (or refuse) a value.
 */
import fc from 'fast-check';
import { loadSpec, type SchemaObject } from '../../spec/index.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follow `$ref`s into components.schemas and merge an `allOf` of object parts; other schemas as they are. */
export function resolveSchema(schema: unknown, depth = 0): SchemaObject {
  if (!isObject(schema) || depth > 16) return {};
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = loadSpec().components.schemas[name];
    if (!target) throw new Error(`request schema refers to unknown component "${schema.$ref}"`);
    return resolveSchema({ ...target, ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) }, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((p) => resolveSchema(p, depth + 1));
    const merged: Json = { ...schema, properties: {}, required: [] as string[] };
    delete merged.allOf;
    for (const part of [schema, ...parts]) {
      Object.assign(merged.properties as Json, isObject(part.properties) ? part.properties : {});
      (merged.required as string[]).push(...(Array.isArray(part.required) ? (part.required as string[]) : []));
      if (part.type && !merged.type) merged.type = part.type;
    }
    return merged;
  }
  return schema;
}

/** What one mutation did, for the report: "removed required `model`", "`n`: 0 below minimum 1". */
export interface Mutation {
  kind: 'wrong-type' | 'missing-required' | 'out-of-range' | 'not-in-enum' | 'special';
  property: string;
  description: string;
  body: Json;
}

const SAMPLE_BY_TYPE: Record<string, unknown> = {
  string: 'touchstone', number: 12.5, integer: 7, boolean: true, array: ['touchstone'], object: { touchstone: 1 }, null: null,
};

/** The JSON types a schema allows (unknown = any). */
function allowedTypes(schema: SchemaObject): Set<string> | undefined {
  const s = resolveSchema(schema);
  if (s.const !== undefined) return new Set([jsonType(s.const)]);
  if (Array.isArray(s.enum)) return new Set(s.enum.map(jsonType));
  if (typeof s.type === 'string') return new Set(s.type === 'integer' ? ['integer'] : [s.type]);
  if (Array.isArray(s.type)) return new Set(s.type as string[]);
  const branches = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(branches)) {
    const out = new Set<string>();
    for (const b of branches) {
      const t = allowedTypes(b as SchemaObject);
      if (!t) return undefined;
      for (const x of t) out.add(x);
    }
    return out;
  }
  return undefined;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Values of every JSON type the property's schema does not allow. */
function wrongTypeValues(schema: SchemaObject, required: boolean): unknown[] {
  const allowed = allowedTypes(schema);
  if (!allowed) return [];
  const accepts = (t: string) => allowed.has(t) || (t === 'integer' && allowed.has('number'));
  // null for an OPTIONAL property is how OpenAI's clients say "absent", and OpenAI accepts it: not used.
  return Object.entries(SAMPLE_BY_TYPE).filter(([t]) => !accepts(t) && (required || t !== 'null')).map(([, v]) => v);
}

function outOfRangeValues(schema: SchemaObject): { value: number; why: string }[] {
  const s = resolveSchema(schema);
  const out: { value: number; why: string }[] = [];
  const step = s.type === 'integer' ? 1 : 0.5;
  if (typeof s.minimum === 'number') out.push({ value: s.minimum - step, why: `below minimum ${s.minimum}` });
  if (typeof s.exclusiveMinimum === 'number') out.push({ value: s.exclusiveMinimum, why: `not above exclusiveMinimum ${s.exclusiveMinimum}` });
  if (typeof s.maximum === 'number') out.push({ value: s.maximum + step, why: `above maximum ${s.maximum}` });
  if (typeof s.exclusiveMaximum === 'number') out.push({ value: s.exclusiveMaximum, why: `not below exclusiveMaximum ${s.exclusiveMaximum}` });
  return out;
}

function enumValues(schema: SchemaObject): unknown[] | undefined {
  const s = resolveSchema(schema);
  if (Array.isArray(s.enum)) return s.enum;
  if (s.const !== undefined) return [s.const];
  return undefined;
}

/** Every schema-forbidden mutation of `base` the schema walk can derive (one property at a time). */
export function mutationsOf(requestSchema: SchemaObject, base: Json, options: { form?: boolean } = {}): Mutation[] {
  const schema = resolveSchema(requestSchema);
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const out: Mutation[] = [];
  const withProp = (name: string, value: unknown): Json => ({ ...base, [name]: value });
  for (const name of required) {
    if (!(name in base)) continue;
    const body = { ...base };
    delete body[name];
    out.push({ kind: 'missing-required', property: name, description: `removed required \`${name}\``, body });
  }
  for (const [name, raw] of Object.entries(props)) {
    const propSchema = raw as SchemaObject;
    const fmt = (v: unknown) => (options.form ? String(v) : v);
    if (!options.form) {
      for (const value of wrongTypeValues(propSchema, required.includes(name))) {
        out.push({ kind: 'wrong-type', property: name, description: `\`${name}\` given ${jsonType(value)} ${JSON.stringify(value)}`, body: withProp(name, value) });
      }
    }
    for (const { value, why } of outOfRangeValues(propSchema)) {
      out.push({ kind: 'out-of-range', property: name, description: `\`${name}\`: ${value} ${why}`, body: withProp(name, fmt(value)) });
    }
    const allowed = enumValues(propSchema);
    if (allowed && allowed.every((v) => typeof v === 'string')) {
      out.push({ kind: 'not-in-enum', property: name, description: `\`${name}\`: "touchstone-unknown-value" not one of ${allowed.join(', ')}`, body: withProp(name, 'touchstone-unknown-value') });
    }
  }
  return out;
}

/** One mutation drawn from `mutationsOf` (plus any extra, hand-written ones); shrinks toward the first. */
export function mutationArb(requestSchema: SchemaObject, base: Json, extra: Mutation[] = [], options: { form?: boolean } = {}): fc.Arbitrary<Mutation> {
  const all = [...extra, ...mutationsOf(requestSchema, base, options)];
  if (all.length === 0) throw new Error('the request schema yields no mutation of the base request');
  return fc.constantFrom(...all);
}

// ------------------------------------------------------------------ valid values

export interface ValueCaps {
  /** Upper bound for numbers without a maximum (and a tighter one where a bigger value costs time). */
  max?: number;
  min?: number;
  /** Enum values valid by the schema but not for the target's model (e.g. a format only another model has). */
  exclude?: readonly unknown[];
}

/** An arbitrary of values valid for a (simple) schema; undefined when the schema is beyond this walk. */
export function validValueArb(schema: SchemaObject, caps: ValueCaps = {}): fc.Arbitrary<unknown> | undefined {
  const s = resolveSchema(schema);
  const values = enumValues(s);
  if (values) return fc.constantFrom(...values.filter((v) => v !== null && !(caps.exclude ?? []).includes(v)));
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string | undefined);
  switch (type) {
    case 'boolean': return fc.boolean();
    case 'integer':
    case 'number': {
      let min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (type === 'integer' ? 1 : 0.01) : 0;
      let max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - (type === 'integer' ? 1 : 0.01) : 100;
      if (caps.min !== undefined) min = Math.max(min, caps.min);
      if (caps.max !== undefined) max = Math.min(max, caps.max);
      if (type === 'integer') return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => Math.round(x * 100) / 100).filter((x) => x >= min && x <= max);
    }
    case 'string': {
      if (s.format || s.pattern) return undefined;
      const minLength = typeof s.minLength === 'number' ? s.minLength : 1;
      const maxLength = Math.min(typeof s.maxLength === 'number' ? s.maxLength : 12, 12);
      return fc.stringMatching(/^[a-z0-9-]+$/).filter((x) => x.length >= Math.max(1, minLength) && x.length <= maxLength);
    }
    case 'array': {
      const item = validValueArb((s.items ?? {}) as SchemaObject, caps);
      if (!item) return undefined;
      const minItems = typeof s.minItems === 'number' ? s.minItems : 1;
      return fc.array(item, { minLength: Math.max(1, minItems), maxLength: Math.max(Math.max(1, minItems), Math.min(typeof s.maxItems === 'number' ? s.maxItems : 3, 3)) });
    }
    case 'object': {
      const extra = isObject(s.additionalProperties) ? validValueArb(s.additionalProperties as SchemaObject, caps) : undefined;
      if (!extra || isObject(s.properties)) return undefined;
      return fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/), extra, { maxKeys: 3 });
    }
    default: {
      const branches = (s.anyOf ?? s.oneOf) as SchemaObject[] | undefined;
      if (!Array.isArray(branches)) return undefined;
      const arbs = branches.map((b) => (resolveSchema(b).type === 'null' ? undefined : validValueArb(b, caps))).filter((a): a is fc.Arbitrary<unknown> => a !== undefined);
      return arbs.length ? fc.oneof(...arbs) : undefined;
    }
  }
}

/**
 * The base request with any subset of the named optional properties set to values generated from
 * their schemas. A name the schema does not describe, or describes beyond this walk, is an error:
 * the allowlist is written by hand and must stay in step with the contract.
 */
export function validOptionalArb(requestSchema: SchemaObject, base: Json, names: Record<string, ValueCaps>): fc.Arbitrary<Json> {
  const schema = resolveSchema(requestSchema);
  const props = isObject(schema.properties) ? schema.properties : {};
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, caps] of Object.entries(names)) {
    if (!(name in props)) throw new Error(`optional property "${name}" is not in the request schema (has ${Object.keys(props).join(', ')})`);
    const arb = validValueArb(props[name] as SchemaObject, caps);
    if (!arb) throw new Error(`cannot generate values for "${name}" from its schema ${JSON.stringify(props[name]).slice(0, 120)}`);
    record[name] = arb;
  }
  return fc.record(record, { requiredKeys: [] }).map((extra) => ({ ...base, ...extra }));
}

// ------------------------------------------------------------------ query parameters

export interface QueryMutation {
  parameter: string;
  value: string;
  description: string;
}

/** Query values the parameters' schemas forbid: integers out of range or not integers, unknown enum values. */
export function queryMutationsOf(parameters: { name: string; in: string; schema?: SchemaObject }[], skip: readonly string[] = []): QueryMutation[] {
  const out: QueryMutation[] = [];
  for (const p of parameters) {
    if (p.in !== 'query' || !p.schema || skip.includes(p.name)) continue;
    const s = resolveSchema(p.schema);
    if (s.type === 'integer' || s.type === 'number') {
      for (const { value, why } of outOfRangeValues(s)) out.push({ parameter: p.name, value: String(value), description: `\`${p.name}\`=${value} ${why}` });
      out.push({ parameter: p.name, value: 'touchstone', description: `\`${p.name}\`=touchstone is not a number` });
      if (s.type === 'integer') out.push({ parameter: p.name, value: '1.5', description: `\`${p.name}\`=1.5 is not an integer` });
    }
    const allowed = enumValues(s);
    if (allowed && allowed.every((v) => typeof v === 'string')) out.push({ parameter: p.name, value: 'touchstone-unknown-value', description: `\`${p.name}\`=touchstone-unknown-value not one of ${allowed.join(', ')}` });
  }
  return out;
}
