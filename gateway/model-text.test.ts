// withModelText splices the upstream model into the client's own JSON text. Whatever it returns must
// parse to exactly the body with the new model (property over generated bodies, nested "model" keys
// and odd spacing included); when it cannot be sure it returns undefined and the caller re-serialises.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findModelSpan, readJsonObject, spliceModel, spliceModelBytes, withModelText } from './http.ts';

const parse = (text: string) => readJsonObject(new Request('http://x/', { method: 'POST', body: text, headers: { 'content-type': 'application/json' } }), 1 << 20);

describe('withModelText', () => {
  it('keeps every byte but the model value', async () => {
    const text = '{"messages":[{"role":"user","content":"say \\"model\\": \\"a/b\\""}], "model" : "a/b","n":1}';
    expect(withModelText(await parse(text), 'b')).toBe('{"messages":[{"role":"user","content":"say \\"model\\": \\"a/b\\""}], "model":"b","n":1}');
  });

  it('declines a nested "model" with the same value, and a differently escaped one', async () => {
    expect(withModelText(await parse('{"tools":[{"model":"a/b"}],"model":"a/b"}'), 'b')).toBeUndefined();
    expect(withModelText(await parse('{"tools":{"model":"a/b"},"model":"a\\/b"}'), 'b')).toBeUndefined();
  });

  it('whatever it returns parses to the body with the new model', async () => {
    const model = fc.constantFrom('acct/m-1', 'a/b', 'x/y"z', 'ü/ö');
    const value = fc.jsonValue({ maxDepth: 3 });
    await fc.assert(fc.asyncProperty(model, fc.dictionary(fc.constantFrom('messages', 'input', 'model', 'tools', 'n', 'meta'), value), fc.boolean(), async (m, rest, spaced) => {
      const obj = { ...rest, model: m };
      const text = spaced ? JSON.stringify(obj, null, 2) : JSON.stringify(obj);
      const body = await parse(text);
      const out = withModelText(body, 'upstream-model');
      if (out !== undefined) expect(JSON.parse(out)).toEqual({ ...JSON.parse(text), model: 'upstream-model' });
      else expect(text.split('"model"').length).toBeGreaterThan(2); // only declined when another "model" key exists
    }), { numRuns: 300, seed: 20261123 });
  });

  it('the byte splice (the native lane) gives the UTF-8 of the text splice, model after long or nested strings included', () => {
    const model = fc.constantFrom('acct/m-1', 'x/y"z', 'ü/ö', 'e/😀');
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(fc.property(model, fc.dictionary(fc.constantFrom('messages', 'input', 'tools', 'n', 'meta', 'ünï'), value), fc.nat(6), fc.boolean(), (m, rest, at, spaced) => {
      const entries = Object.entries(rest);
      entries.splice(Math.min(at, entries.length), 0, ['model', m]);
      const text = JSON.stringify(Object.fromEntries(entries), null, spaced ? 1 : 0);
      const bytes = new TextEncoder().encode(text);
      const span = findModelSpan(text, m);
      expect(span).toBeDefined(); // exactly one top-level model: always found, wherever it is
      expect(Buffer.from(spliceModelBytes(bytes, text, span!, 'up/😀')).toString('utf8')).toBe(spliceModel(text, m, 'up/😀'));
      expect(JSON.parse(spliceModel(text, m, 'up/😀')!)).toEqual({ ...JSON.parse(text), model: 'up/😀' });
    }), { numRuns: 300, seed: 20261124 });
  });
});
