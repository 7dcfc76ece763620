/**
 * A deterministic value conforming to a schema, for JSON-mode answers and function-call arguments.
 * Two schema dialects: Google's Schema (`responseSchema`, `parameters`: upper-case `type`, `nullable`,
 * `propertyOrdering`; keys come out in `propertyOrdering`, else alphabetically, as the structured-output
 * docs describe) and JSON Schema (`responseJsonSchema`, `parametersJsonSchema`: lower-case or array
 * `type`, `const`, `oneOf`, local `$ref` into `$defs`/`definitions`; keys in schema order). Every
 * property is filled, arrays get `minItems` (at least 1) up to 3 items, numbers respect bounds.
 */
import type { Rng } from '../determinism.ts';
import { phrase } from './text.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function stringFor(schema: Json, rng: Rng): string {
  switch (schema.format) {
    case 'date-time': return '2025-01-01T00:00:00Z';
    case 'date': return '2025-01-01';
    case 'time': return '12:00:00';
    case 'email': return `${phrase(rng, 1)}@example.com`;
    case 'uri': case 'url': return `https://example.com/${phrase(rng, 1)}`;
    case 'uuid': return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-8${rng.hex(3)}-${rng.hex(12)}`;
    default: {
      let text = phrase(rng);
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      while (text.length < min) text += ` ${phrase(rng, 1)}`;
      return typeof schema.maxLength === 'number' ? text.slice(0, Math.max(min, schema.maxLength)) : text;
    }
  }
}

function numberFor(schema: Json, rng: Rng, integer: boolean): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
  const max = typeof schema.maximum === 'number' ? schema.maximum : min + 100;
  return integer ? rng.int(Math.ceil(min), Math.max(Math.ceil(min), Math.floor(max))) : Math.round((min + rng.next() * (max - min)) * 100) / 100;
}

class ValueMaker {
  constructor(private readonly root: Json, private readonly google: boolean, private readonly rng: Rng) {}

  private resolve(schema: Json): Json {
    const ref = schema.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
    let target: unknown = this.root;
    for (const key of ref.slice(2).split('/')) target = isObject(target) ? target[key] : undefined;
    return isObject(target) ? { ...target, ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) } : {};
  }

  private typeOf(schema: Json): string | undefined {
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    if (typeof type === 'string') return type.toLowerCase();
    if (isObject(schema.properties)) return 'object';
    if (schema.items) return 'array';
    return undefined;
  }

  value(input: unknown, depth = 0): unknown {
    if (!isObject(input)) return this.rng.int(0, 1) === 1 ? phrase(this.rng) : null;
    const schema = this.resolve(input);
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length) return this.rng.pick(schema.enum);
    const variants = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
    if (Array.isArray(variants) && variants.length) {
      const usable = variants.filter((v) => !(isObject(v) && v.type === 'null'));
      return this.value(usable[0] ?? variants[0], depth + 1);
    }
    switch (this.typeOf(schema)) {
      case 'string': return stringFor(schema, this.rng);
      case 'integer': return numberFor(schema, this.rng, true);
      case 'number': return numberFor(schema, this.rng, false);
      case 'boolean': return this.rng.next() < 0.5;
      case 'null': return null;
      case 'array': {
        if (depth > 6) return [];
        const min = typeof schema.minItems === 'number' ? Math.max(1, schema.minItems) : 1;
        const max = typeof schema.maxItems === 'number' ? Math.max(min, Math.min(schema.maxItems, min + 2)) : min + 2;
        return Array.from({ length: this.rng.int(min, max) }, () => this.value(schema.items, depth + 1));
      }
      case 'object': {
        if (depth > 6) return {};
        const properties = isObject(schema.properties) ? schema.properties : {};
        const ordering = Array.isArray(schema.propertyOrdering) ? schema.propertyOrdering.map(String) : [];
        let keys = Object.keys(properties);
        if (this.google) keys = [...ordering.filter((k) => k in properties), ...keys.filter((k) => !ordering.includes(k)).sort()];
        return Object.fromEntries(keys.map((k) => [k, this.value(properties[k], depth + 1)]));
      }
      default: return phrase(this.rng);
    }
  }
}

/** A value for Google's Schema (`google: true`) or a JSON Schema. */
export function valueForSchema(schema: unknown, rng: Rng, google: boolean): unknown {
  return new ValueMaker(isObject(schema) ? schema : {}, google, rng).value(schema);
}
