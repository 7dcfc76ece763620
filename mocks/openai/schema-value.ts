/**
 * Deterministic values that conform to a JSON Schema: used for tool-call arguments and for
 * `response_format: json_schema` content. Covers what function schemas use in practice: object
 * (required always, optional properties sometimes), string (enum, const, format, length),
 * number/integer (bounds, multipleOf), boolean, null, arrays (items, prefixItems, min/maxItems),
 * anyOf/oneOf/allOf, and local `$ref` (`#/$defs/…`, `#/definitions/…`).
 */
import type { Rng } from '../determinism.ts';
import { WORDS } from './vocabulary.ts';

type Schema = Record<string, unknown>;

const MAX_DEPTH = 6;

export function valueForSchema(schema: unknown, rng: Rng): unknown {
  return generate(asSchema(schema), rng, asSchema(schema), 0, '');
}

function asSchema(value: unknown): Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {};
}

function resolve(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 16; hops++) {
    const ref = current.$ref as string;
    if (!ref.startsWith('#')) return {};
    let target: unknown = root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    const { $ref: _ignored, ...siblings } = current;
    current = { ...asSchema(target), ...siblings };
  }
  return current;
}

function generate(input: Schema, rng: Rng, root: Schema, depth: number, key: string): unknown {
  const schema = resolve(input, root);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return rng.pick(schema.enum);
  if (Array.isArray(schema.allOf) && schema.allOf.length) return generate(mergeAll(schema, root), rng, root, depth, key);
  const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(union) && union.length) {
    const nonNull = union.map(asSchema).filter((s) => resolve(s, root).type !== 'null');
    return generate(nonNull.length ? nonNull[0]! : asSchema(union[0]), rng, root, depth, key);
  }

  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? type[0];
  if (type === undefined) type = schema.properties ? 'object' : schema.items ? 'array' : 'string';

  switch (type) {
    case 'object': return depth >= MAX_DEPTH ? {} : objectValue(schema, rng, root, depth);
    case 'array': return depth >= MAX_DEPTH ? [] : arrayValue(schema, rng, root, depth, key);
    case 'integer': return integerValue(schema, rng);
    case 'number': return numberValue(schema, rng);
    case 'boolean': return rng.chance(0.5);
    case 'null': return null;
    default: return stringValue(schema, rng, key);
  }
}

function mergeAll(schema: Schema, root: Schema): Schema {
  const merged: Schema = { ...schema, allOf: undefined };
  const properties: Record<string, unknown> = { ...asSchema(schema.properties) };
  const required = new Set<string>(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  for (const part of schema.allOf as unknown[]) {
    const s = resolve(asSchema(part), root);
    Object.assign(properties, asSchema(s.properties));
    if (Array.isArray(s.required)) for (const r of s.required as string[]) required.add(r);
    if (s.type && !merged.type) merged.type = s.type;
  }
  delete merged.allOf;
  return { ...merged, properties, required: [...required] };
}

function objectValue(schema: Schema, rng: Rng, root: Schema, depth: number): Record<string, unknown> {
  const properties = asSchema(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(properties)) {
    if (!required.has(name) && !rng.chance(0.5)) continue;
    out[name] = generate(asSchema(sub), rng, root, depth + 1, name);
  }
  for (const name of required) {
    if (!(name in out)) out[name] = generate(asSchema(properties[name]), rng, root, depth + 1, name);
  }
  return out;
}

function arrayValue(schema: Schema, rng: Rng, root: Schema, depth: number, key: string): unknown[] {
  const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as unknown[]) : [];
  const min = Math.max(typeof schema.minItems === 'number' ? schema.minItems : 1, prefix.length);
  const max = Math.max(min, Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : min + 2, min + 3));
  const count = rng.int(min, max);
  const items = asSchema(schema.items);
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) {
    out.push(generate(i < prefix.length ? asSchema(prefix[i]) : items, rng, root, depth + 1, key));
  }
  return out;
}

function bounds(schema: Schema, fallbackMin: number, fallbackMax: number): [number, number] {
  let min = typeof schema.minimum === 'number' ? schema.minimum : fallbackMin;
  let max = typeof schema.maximum === 'number' ? schema.maximum : Math.max(fallbackMax, min + fallbackMax);
  if (typeof schema.exclusiveMinimum === 'number') min = Math.max(min, schema.exclusiveMinimum + 1e-9);
  if (typeof schema.exclusiveMaximum === 'number') max = Math.min(max, schema.exclusiveMaximum - 1e-9);
  if (max < min) max = min;
  return [min, max];
}

function integerValue(schema: Schema, rng: Rng): number {
  const [lo, hi] = bounds(schema, 0, 100);
  const step = typeof schema.multipleOf === 'number' && Number.isInteger(schema.multipleOf) && schema.multipleOf > 0 ? schema.multipleOf : 1;
  const first = Math.ceil(lo / step);
  const last = Math.max(first, Math.floor(hi / step));
  return rng.int(first, last) * step;
}

function numberValue(schema: Schema, rng: Rng): number {
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) {
    const [lo, hi] = bounds(schema, 0, 100);
    const step = schema.multipleOf;
    const k = rng.int(Math.ceil(lo / step), Math.max(Math.ceil(lo / step), Math.floor(hi / step)));
    return Number((k * step).toPrecision(12));
  }
  const [lo, hi] = bounds(schema, 0, 100);
  const exact = lo + rng.next() * (hi - lo);
  const rounded = Math.round(exact * 100) / 100;
  return rounded >= lo && rounded <= hi ? rounded : exact;
}

const CITIES = ['Paris', 'Tokyo', 'Lisbon', 'Toronto', 'Nairobi', 'Oslo', 'Lima', 'Seoul'];
const NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus'];

function stringValue(schema: Schema, rng: Rng, key: string): string {
  const format = schema.format;
  if (format === 'date-time') return `2025-0${rng.int(1, 9)}-1${rng.int(0, 9)}T0${rng.int(0, 9)}:${rng.int(10, 59)}:00Z`;
  if (format === 'date') return `2025-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
  if (format === 'time') return `0${rng.int(0, 9)}:${rng.int(10, 59)}:00`;
  if (format === 'email') return `${rng.pick(NAMES).toLowerCase()}@example.com`;
  if (format === 'uri' || format === 'url') return `https://example.com/${rng.pick(WORDS)}`;
  if (format === 'uuid') return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;

  const lower = key.toLowerCase();
  let text: string;
  if (/(city|location|place|destination|origin)/.test(lower)) text = rng.pick(CITIES);
  else if (/name/.test(lower)) text = rng.pick(NAMES);
  else text = Array.from({ length: rng.int(1, 3) }, () => rng.pick(WORDS)).join(' ');

  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  while (text.length < min) text += ` ${rng.pick(WORDS)}`;
  if (text.length > max) text = text.slice(0, max);
  return text;
}
