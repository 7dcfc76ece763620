/**
 * Deterministic values conforming to a JSON Schema: tool_use `input` for a tool's `input_schema`, and the
 * JSON text of structured outputs (`output_config.format`). Covers what tool schemas use: object (required
 * properties always, optional ones sometimes), string (enum, const, format, length), number / integer
 * (bounds), boolean, null, arrays (items, min/maxItems), anyOf / oneOf / allOf, and local `$ref`.
 */
import type { Rng } from '../determinism.ts';
import { WORDS } from './vocabulary.ts';

type Schema = Record<string, unknown>;

const MAX_DEPTH = 6;

const asSchema = (value: unknown): Schema => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {});

export function valueForSchema(schema: unknown, rng: Rng): unknown {
  const root = asSchema(schema);
  return generate(root, rng, root, 0, '');
}

function resolve(schema: Schema, root: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 16; hops++) {
    let target: unknown = root;
    for (const raw of (current.$ref as string).replace(/^#/, '').split('/').filter(Boolean)) {
      target = asSchema(target)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    const { $ref: _ref, ...siblings } = current;
    current = { ...asSchema(target), ...siblings };
  }
  return current;
}

function generate(input: Schema, rng: Rng, root: Schema, depth: number, key: string): unknown {
  const schema = resolve(input, root);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return rng.pick(schema.enum);
  if (Array.isArray(schema.allOf) && schema.allOf.length) {
    const merged: Schema = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf.map((p) => resolve(asSchema(p), root))) {
      Object.assign(merged.properties as Schema, asSchema(part.properties));
      (merged.required as unknown[]).push(...(Array.isArray(part.required) ? part.required : []));
    }
    return generate(merged, rng, root, depth, key);
  }
  const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(union) && union.length) {
    const options = union.map(asSchema).filter((s) => resolve(s, root).type !== 'null');
    return generate(options[0] ?? asSchema(union[0]), rng, root, depth, key);
  }
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => t !== 'null') ?? type[0];
  if (type === undefined) type = schema.properties ? 'object' : schema.items ? 'array' : 'string';
  switch (type) {
    case 'object': return depth >= MAX_DEPTH ? {} : objectValue(schema, rng, root, depth);
    case 'array': {
      if (depth >= MAX_DEPTH) return [];
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 3);
      return Array.from({ length: rng.int(min, Math.max(min, Math.min(max, min + 2))) }, () => generate(asSchema(schema.items), rng, root, depth + 1, key));
    }
    case 'integer': {
      const min = typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 0;
      const max = typeof schema.maximum === 'number' ? Math.floor(schema.maximum) : min + 100;
      return rng.int(min, Math.max(min, max));
    }
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const max = typeof schema.maximum === 'number' ? schema.maximum : min + 100;
      return Math.round((min + rng.next() * (max - min)) * 100) / 100;
    }
    case 'boolean': return rng.chance(0.5);
    case 'null': return null;
    default: return stringValue(schema, rng, key);
  }
}

function objectValue(schema: Schema, rng: Rng, root: Schema, depth: number): Record<string, unknown> {
  const properties = asSchema(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(properties)) {
    if (required.has(name) || rng.chance(0.5)) out[name] = generate(asSchema(sub), rng, root, depth + 1, name);
  }
  return out;
}

function stringValue(schema: Schema, rng: Rng, key: string): string {
  switch (schema.format) {
    case 'date': return `2025-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
    case 'date-time': return `2025-0${rng.int(1, 9)}-1${rng.int(0, 9)}T1${rng.int(0, 9)}:${rng.int(10, 59)}:00Z`;
    case 'email': return `${rng.pick(WORDS)}@example.com`;
    case 'uri': case 'url': return `https://example.com/${rng.pick(WORDS)}`;
    case 'uuid': return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
    default: break;
  }
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  let text = /city|location|place/i.test(key) ? rng.pick(['Paris', 'Lisbon', 'Osaka', 'Toronto']) : `${rng.pick(WORDS)} ${rng.pick(WORDS)}`;
  while (text.length < min) text += ` ${rng.pick(WORDS)}`;
  return text.slice(0, max);
}
