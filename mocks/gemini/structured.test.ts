/**
 * Structured output: JSON mode, `responseSchema` (keys in propertyOrdering, else alphabetical),
 * `responseJsonSchema` (keys in schema order, `$ref` resolved), `text/x.enum`, and Google's refusals
 * of schemas it does not accept (empty OBJECT, undefined `required`, JSON-Schema keywords in a Schema).
 */
import { describe, expect, it } from 'vitest';
import { Type } from '@google/genai';
import { createGeminiSimulator } from './index.ts';
import { geminiClient, sdkError } from './test-kit.ts';

const ai = geminiClient(createGeminiSimulator());
const model = 'gemini-2.5-flash';

describe('gemini structured output', () => {
  it('answers JSON for application/json, shaped by responseSchema', async () => {
    const plain = await ai.models.generateContent({ model, contents: 'json please', config: { responseMimeType: 'application/json' } });
    expect(JSON.parse(plain.text!)).toEqual({ answer: expect.any(String) });
    const res = await ai.models.generateContent({
      model, contents: 'a recipe',
      config: {
        responseMimeType: 'application/json',
        responseSchema: {
          type: Type.OBJECT,
          properties: { zeta: { type: Type.STRING }, alpha: { type: Type.ARRAY, items: { type: Type.INTEGER, minimum: 1, maximum: 3 }, minItems: 2 }, mid: { type: Type.BOOLEAN } },
          required: ['zeta'],
        },
      },
    });
    const value = JSON.parse(res.text!) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['alpha', 'mid', 'zeta']);
    expect((value.alpha as number[]).length).toBeGreaterThanOrEqual(2);
    expect((value.alpha as number[]).every((n) => Number.isInteger(n) && n >= 1 && n <= 3)).toBe(true);
    const ordered = await ai.models.generateContent({
      model, contents: 'ordered',
      config: { responseMimeType: 'application/json', responseSchema: { type: Type.OBJECT, properties: { b: { type: Type.STRING }, a: { type: Type.STRING } }, propertyOrdering: ['b', 'a'] } },
    });
    expect(Object.keys(JSON.parse(ordered.text!))).toEqual(['b', 'a']);
  });

  it('follows responseJsonSchema in schema order, and text/x.enum picks one value', async () => {
    const res = await ai.models.generateContent({
      model, contents: 'person',
      config: {
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object', properties: { name: { type: 'string' }, pet: { $ref: '#/$defs/pet' } }, required: ['name', 'pet'], $defs: { pet: { type: 'string', enum: ['cat', 'dog'] } } },
      },
    });
    const value = JSON.parse(res.text!) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['name', 'pet']);
    expect(['cat', 'dog']).toContain(value.pet);
    const choice = await ai.models.generateContent({
      model, contents: 'pick', config: { responseMimeType: 'text/x.enum', responseSchema: { type: Type.STRING, enum: ['RED', 'GREEN'] } },
    });
    expect(['RED', 'GREEN']).toContain(choice.text);
  });

  it("refuses schemas the API does not accept, in Google's words", async () => {
    const empty = await sdkError(ai.models.generateContent({
      model, contents: 'x', config: { responseMimeType: 'application/json', responseSchema: { type: Type.OBJECT, properties: {}, required: ['a'] } },
    }));
    expect(empty.body.error.message).toBe(
      '* GenerateContentRequest.generation_config.response_schema.properties: should be non-empty for OBJECT type\n'
      + '* GenerateContentRequest.generation_config.response_schema.required[0]: property is not defined\n',
    );
    // Raw request: the SDK itself strips additionalProperties from a responseSchema.
    const sim = createGeminiSimulator();
    const res = await sim.fetch(new Request('http://sim.test/v1beta/models/gemini-2.5-flash:generateContent', {
      method: 'POST', headers: { 'x-goog-api-key': 'AIzaX', 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { responseMimeType: 'application/json', responseSchema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } } }),
    }));
    expect(res.status).toBe(400);
    const body = await res.json() as { error: { message: string; details: { fieldViolations: unknown[] }[] } };
    expect(body.error.message).toBe('Invalid JSON payload received. Unknown name "additionalProperties" at \'generation_config.response_schema\': Cannot find field.');
    expect(body.error.details[0]!.fieldViolations).toEqual([{ field: 'generation_config.response_schema', description: body.error.message }]);
  });
});
