/**
 * Determinism helpers: `canonicalJson` (written in one pass) is exactly its definition — `JSON.stringify`
 * of a copy rebuilt with sorted keys — on the awkward cases (array-index keys, `__proto__`, `toJSON`,
 * values JSON leaves out, boxed primitives) and on many random values; `Rng` and `requestHash` keep
 * their pinned outputs, which every simulator's ids and text derive from.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash, Rng, sha256Hex } from './determinism.ts';

/** The definition: a copy whose objects get their keys inserted in sorted order, then JSON.stringify. */
function reference(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) out[key] = sorted((v as Record<string, unknown>)[key]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sorted(value));
}

/** A small seeded generator of JSON-ish values with the key shapes that matter. */
function randomValue(rng: Rng, depth = 0): unknown {
  const r = rng.next();
  if (depth > 3 || r < 0.35) return rng.pick([0, -0, 1.5, 1e21, 'x', 'é\u2028"', null, true, false, undefined]);
  if (r < 0.6) return Array.from({ length: rng.int(0, 3) }, () => randomValue(rng, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = rng.int(0, 4); i > 0; i--) out[rng.pick(['a', 'B', '1', '02', '10', '9', 'ä', '', '-1', '4294967295'])] = randomValue(rng, depth + 1);
  return out;
}

describe('canonicalJson', () => {
  it('is JSON.stringify of the sorted copy on the awkward cases', () => {
    const cases: unknown[] = [
      undefined, null, 0, -0, NaN, Infinity, 1e21, 'a"\\\u2028\ud800', true, [], {},
      [undefined, () => 1, Symbol('s'), null],
      { b: 1, a: undefined, f: () => 1, 10: 'ten', 9: 'nine', '01': 'padded', '-1': 'negative', 4294967295: 'not an index', 4294967294: 'index' },
      JSON.parse('{"__proto__": {"a": 1}, "b": 2}'), JSON.parse('{"__proto__": 5, "b": [{"z": 1, "y": 2}]}'),
      { toJSON: () => 'custom', a: 1 }, { nested: { toJSON: 'not a function', b: 2, a: 1 } },
      new Date(0), { when: new Date(0) }, new Map([[1, 2]]), [new Number(3), new String('s'), new Boolean(false)],
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], max_tokens: 32 },
    ];
    for (const value of cases) expect(canonicalJson(value)).toBe(reference(value));
  });

  it('is JSON.stringify of the sorted copy on random values', () => {
    const rng = new Rng('canonical', 'values');
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(rng);
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });

  it('ignores key order, not array order', () => {
    expect(canonicalJson({ b: [2, 1], a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":[2,1]}');
  });
});

describe('hashes and the seeded generator', () => {
  it('keep their pinned outputs', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(requestHash('POST /v1/chat/completions', { model: 'm', messages: [] })).toBe(sha256Hex('POST /v1/chat/completions\n{"messages":[],"model":"m"}'));
    const rng = new Rng(sha256Hex('seed'), 'label');
    expect([rng.int(0, 1000), rng.int(0, 1000), rng.chars(8), rng.hex(8)]).toEqual(pinned);
  });
});

// Computed with the createHash-based implementation this one replaced.
const pinned = [467, 693, '8WbegyQa', 'dd7686a0'];
