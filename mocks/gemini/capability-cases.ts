/**
 * Test cases per capability column, shared by the Gemini and Vertex capability tests: for each
 * column, how to show through the official SDK that the feature works, and how the provider refuses
 * it when not offered (capabilities.ts explains the refusals). Tests pick `works` or `refused` from
 * spec/capabilities.yaml, so they follow the matrix when its data changes.
 */
import { expect } from 'vitest';
import { Type, type GoogleGenAI } from '@google/genai';
import type { CapabilityColumn } from '../../spec/capabilities.ts';
import type { Offers } from './capabilities.ts';
import { sdkError } from './test-kit.ts';

export interface CapabilityCase {
  works(ai: GoogleGenAI, offers: Offers): Promise<void>;
  refused(ai: GoogleGenAI, offers: Offers): Promise<void>;
}

const model = 'gemini-2.5-flash';
const ask = (ai: GoogleGenAI, config: Record<string, unknown> = {}, contents = 'What is the weather in Oslo?') =>
  ai.models.generateContent({ model, contents, config });
const long = Array.from({ length: 1300 }, (_, i) => `token${i % 40}`).join(' ');

async function unknownField(promise: Promise<unknown>, name: string, at?: string): Promise<void> {
  const error = await sdkError(promise);
  expect(error.status).toBe(400);
  expect(error.body.error.message).toBe(`Invalid JSON payload received. Unknown name "${name}"${at ? ` at '${at}'` : ''}: Cannot find field.`);
}

async function notFoundPage(promise: Promise<unknown>): Promise<void> {
  const error = await sdkError(promise);
  expect(error.status).toBe(404);
  expect(error.message).toContain('Error 404 (Not Found)!!1');
}

/** A schema-constrained ask: JSON when JSON mode exists, else the enum MIME type. */
function schemaConfig(offers: Offers, field: 'responseSchema' | 'responseJsonSchema'): Record<string, unknown> {
  const json = offers('json_mode');
  const schema = field === 'responseSchema'
    ? (json ? { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] } : { type: Type.STRING, enum: ['A', 'B'] })
    : (json ? { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } : { type: 'string', enum: ['A', 'B'] });
  return { responseMimeType: json ? 'application/json' : 'text/x.enum', [field]: schema };
}

async function checkSchemaAnswer(text: string | undefined, offers: Offers): Promise<void> {
  if (offers('json_mode')) expect(JSON.parse(text!)).toEqual({ city: expect.any(String) });
  else expect(['A', 'B']).toContain(text);
}

export const CAPABILITY_CASES: Readonly<Record<CapabilityColumn, CapabilityCase>> = {
  stream: {
    async works(ai) {
      const chunks = [];
      for await (const c of await ai.models.generateContentStream({ model, contents: 'stream' })) chunks.push(c);
      expect(chunks.at(-1)!.candidates![0]!.finishReason).toBe('STOP');
    },
    refused: (ai) => notFoundPage(ai.models.generateContentStream({ model, contents: 'stream' })),
  },
  non_stream: {
    async works(ai) { expect((await ask(ai)).text).toBeTruthy(); },
    refused: (ai) => notFoundPage(ask(ai)),
  },
  tools: {
    async works(ai) {
      const res = await ask(ai, { tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } } } }] }] });
      expect(res.functionCalls?.[0]?.name).toBe('get_weather');
    },
    refused: (ai) => unknownField(ask(ai, { tools: [{ functionDeclarations: [{ name: 'get_weather' }] }] }), 'tools'),
  },
  json_mode: {
    async works(ai) { expect(JSON.parse((await ask(ai, { responseMimeType: 'application/json' })).text!)).toBeTypeOf('object'); },
    async refused(ai) {
      const error = await sdkError(ask(ai, { responseMimeType: 'application/json' }));
      expect(error.status).toBe(400);
      expect(error.body.error.message).toBe('* GenerateContentRequest.generation_config.response_mime_type: allowed mimetypes are `text/plain` and `text/x.enum`.\n');
    },
  },
  schema_mode: {
    async works(ai, offers) { await checkSchemaAnswer((await ask(ai, schemaConfig(offers, 'responseSchema'))).text, offers); },
    refused: (ai, offers) => unknownField(ask(ai, schemaConfig(offers, 'responseSchema')), 'responseSchema', 'generation_config'),
  },
  structured_output: {
    async works(ai, offers) { await checkSchemaAnswer((await ask(ai, schemaConfig(offers, 'responseJsonSchema'))).text, offers); },
    refused: (ai, offers) => unknownField(ask(ai, schemaConfig(offers, 'responseJsonSchema')), 'responseJsonSchema', 'generation_config'),
  },
  prompt_caching: {
    async works(ai) {
      await ask(ai, {}, `${long} first`);
      expect((await ask(ai, {}, `${long} second`)).usageMetadata!.cachedContentTokenCount).toBeGreaterThanOrEqual(1024);
      const cache = await ai.caches.create({ model, config: { contents: [{ role: 'user', parts: [{ text: long }] }] } });
      expect((await ask(ai, { cachedContent: cache.name }, 'and?')).usageMetadata!.cachedContentTokenCount).toBe(cache.usageMetadata!.totalTokenCount);
    },
    async refused(ai) {
      await ask(ai, {}, `${long} first`);
      expect((await ask(ai, {}, `${long} second`)).usageMetadata!.cachedContentTokenCount).toBeUndefined();
      await unknownField(ask(ai, { cachedContent: 'cachedContents/abc' }), 'cachedContent');
      await notFoundPage(ai.caches.create({ model, config: { contents: [{ role: 'user', parts: [{ text: long }] }] } }));
    },
  },
  reasoning: {
    async works(ai) {
      const res = await ask(ai, { thinkingConfig: { includeThoughts: true } });
      expect(res.usageMetadata!.thoughtsTokenCount).toBeGreaterThan(0);
      expect(res.candidates![0]!.content!.parts![0]!.thought).toBe(true);
    },
    async refused(ai) {
      expect((await ask(ai)).usageMetadata!.thoughtsTokenCount).toBeUndefined();
      await unknownField(ask(ai, { thinkingConfig: { includeThoughts: true } }), 'thinkingConfig', 'generation_config');
    },
  },
};
