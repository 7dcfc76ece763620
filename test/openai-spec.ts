/**
 * OpenAI's published OpenAPI description (../shared/openai/openapi.json) for the project's tests: finds
 * the file at run time (TOUCHSTONE_OPENAI_SPEC, an ancestor's shared/openai/openapi.json, /work/shared)
 * and compiles it once with mocks/openai/description.ts (where the compile logic and its overlay live).
 * Never copied into the project.
 *
 *   const spec = loadOpenAISpec();            // undefined when the file is absent: skip, say why
 *   spec.validateSchema('CreateEmbeddingResponse', body)  → string[] of readable errors ([] = valid)
 *   spec.validateResponse('post', '/embeddings', 200, 'application/json', body)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadOpenAIDescription, type OpenAIDescription } from '../mocks/openai/description.ts';

/** The compiled description (a superset of what tests used before: also request validation). */
export type OpenAISpec = OpenAIDescription;

export function findOpenAISpecFile(): string | undefined {
  const candidates: string[] = [];
  if (process.env.TOUCHSTONE_OPENAI_SPEC) candidates.push(process.env.TOUCHSTONE_OPENAI_SPEC);
  let dir = path.resolve(import.meta.dirname, '..');
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'shared', 'openai', 'openapi.json'), path.join(dir, '..', 'shared', 'openai', 'openapi.json'));
    dir = path.dirname(dir);
  }
  candidates.push('/work/shared/openai/openapi.json');
  return candidates.find((c) => existsSync(c));
}

let cached: OpenAISpec | null | undefined;

export function loadOpenAISpec(): OpenAISpec | undefined {
  if (cached !== undefined) return cached ?? undefined;
  const file = findOpenAISpecFile();
  cached = file ? loadOpenAIDescription(file) : null;
  return cached ?? undefined;
}
