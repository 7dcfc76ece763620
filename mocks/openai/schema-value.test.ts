/**
 * Generated values conform to their JSON Schema (checked by ajv) for many seeds, and are deterministic.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { Rng } from '../determinism.ts';
import { valueForSchema } from './schema-value.ts';

const schemas: Record<string, Record<string, unknown>> = {
  scalars: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 3, maxLength: 12 },
      count: { type: 'integer', minimum: 10, maximum: 20, multipleOf: 5 },
      ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      price: { type: 'number', multipleOf: 0.25, minimum: 1, maximum: 3 },
      ok: { type: 'boolean' },
      nothing: { type: 'null' },
      when: { type: 'string', format: 'date-time' },
      email: { type: 'string', format: 'email' },
      id: { type: 'string', format: 'uuid' },
      mode: { enum: ['a', 'b', 3] },
      fixed: { const: 'x' },
    },
    required: ['name', 'count', 'ratio', 'price', 'ok', 'nothing', 'when', 'email', 'id', 'mode', 'fixed'],
    additionalProperties: false,
  },
  nested: {
    $defs: { point: { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'integer' } }, required: ['x', 'y'] } },
    type: 'object',
    properties: {
      path: { type: 'array', items: { $ref: '#/$defs/point' }, minItems: 2, maxItems: 4 },
      tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], minItems: 2 },
      either: { anyOf: [{ type: 'null' }, { type: 'object', properties: { z: { type: 'string' } }, required: ['z'] }] },
      both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'integer' } }, required: ['b'] }] },
      optional: { type: 'string' },
    },
    required: ['path', 'tuple', 'either', 'both'],
  },
  empty: { type: 'object', properties: {} },
};

const ajv = new Ajv({ strict: false });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
ajv.addFormat('email', /^[^@\s]+@[^@\s]+$/);
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

describe('valueForSchema', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`conforms to the "${name}" schema for 200 seeds`, () => {
      const validate = ajv.compile(schema);
      for (let seed = 0; seed < 200; seed++) {
        const value = valueForSchema(schema, new Rng(`seed-${seed}`));
        if (!validate(value)) throw new Error(`${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
      }
    });
  }

  it('is deterministic for a seed and varies across seeds', () => {
    const a = valueForSchema(schemas.nested, new Rng('same'));
    expect(valueForSchema(schemas.nested, new Rng('same'))).toEqual(a);
    expect(valueForSchema(schemas.nested, new Rng('other'))).not.toEqual(a);
  });
});
