/**
 * A value that satisfies a JSON schema, drawn from a seeded PRNG: what the simulated model writes as a
 * tool's input or as a structured-output answer. Covers the subset tool schemas use (object properties
 * and `required`, arrays, enums, `const`, string formats, numeric bounds, `anyOf`/`oneOf` first branch,
 * local `$ref` into `$defs`/`definitions`); optional properties are filled too, so answers are complete.
 */
import type { Rng } from '../determinism.ts';

type Schema = Record<string, unknown>;

const WORDS = ['alpha', 'harbor', 'meadow', 'signal', 'cobalt', 'lantern', 'summit', 'orchard', 'ember', 'quartz'];

function asSchema(value: unknown): Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Schema) : {};
}

function resolveRef(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = asSchema(node)[part];
  return asSchema(node);
}

function stringValue(schema: Schema, rng: Rng, name: string): string {
  switch (schema.format) {
    case 'date': return '2025-01-01';
    case 'date-time': return '2025-01-01T00:00:00Z';
    case 'email': return `${rng.pick(WORDS)}@example.com`;
    case 'uri': case 'url': return `https://example.com/${rng.pick(WORDS)}`;
    case 'uuid': return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-8${rng.hex(3)}-${rng.hex(12)}`;
    default: {
      const base = /city|location|place/i.test(name) ? 'Seattle' : `${rng.pick(WORDS)} ${rng.pick(WORDS)}`;
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
      return base.padEnd(min, 'x').slice(0, max);
    }
  }
}

export function valueForSchema(input: unknown, rng: Rng, name = 'value', root: Schema = asSchema(input), depth = 0): unknown {
  const schema = resolveRef(asSchema(input), root);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return rng.pick(schema.enum);
  const branch = (Array.isArray(schema.anyOf) && schema.anyOf[0]) || (Array.isArray(schema.oneOf) && schema.oneOf[0]);
  if (branch) return valueForSchema(branch, rng, name, root, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : 'string')) {
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 6) return out;
      for (const [key, sub] of Object.entries(asSchema(schema.properties))) out[key] = valueForSchema(sub, rng, key, root, depth + 1);
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const count = Math.max(min, Math.min(2, typeof schema.maxItems === 'number' ? schema.maxItems : 2));
      return depth > 6 ? [] : Array.from({ length: count }, () => valueForSchema(schema.items, rng, name, root, depth + 1));
    }
    case 'integer': case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const max = typeof schema.maximum === 'number' ? schema.maximum : min + 100;
      const n = min + rng.next() * (max - min);
      return type === 'integer' ? Math.ceil(Math.min(max, n)) : Math.round(n * 100) / 100;
    }
    case 'boolean': return rng.chance(0.5);
    case 'null': return null;
    default: return stringValue(schema, rng, name);
  }
}
