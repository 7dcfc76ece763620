/**
 * `:countTokens`: the prompt's token count by the same counter generateContent reports with, so
 * `totalTokens` equals the `promptTokenCount` the same prompt gets. The Gemini API takes `contents` or
 * a whole `generateContentRequest` (not both) and answers `{totalTokens, cachedContentTokenCount?,
 * promptTokensDetails}`; Vertex takes contents with system instruction and tools at the top level and
 * adds `totalBillableCharacters`.
 */
import { cacheNotFound } from './caches.ts';
import { invalidArgument, validationError, type FieldViolation } from './errors.ts';
import type { GeminiModel } from './models.ts';
import type { GeminiService } from './service.ts';
import { modalityDetails, promptSequence, type PromptParts } from './tokens.ts';
import type { GenerateContentRequest } from './types.ts';
import { checkPrompt, parseJsonBody, parseMessage } from './validate.ts';

interface CountTokensBody extends PromptParts { generateContentRequest?: GenerateContentRequest }

export function handleCountTokens(service: GeminiService, model: GeminiModel, text: string, headers: Record<string, string>): Response {
  const ctx = { dialect: service.dialect, offers: service.offers, model };
  const body = parseMessage<CountTokensBody>(parseJsonBody(text), 'CountTokensRequest', ctx);
  const inner = body.generateContentRequest;
  if (inner && body.contents?.length) throw invalidArgument('contents and generate_content_request cannot both be set.');
  const prompt: GenerateContentRequest = inner ?? { contents: body.contents, systemInstruction: body.systemInstruction, tools: body.tools };
  const violations: FieldViolation[] = [];
  checkPrompt(prompt, ctx, violations);
  if (violations.length) throw validationError('CountTokensRequest', violations);

  let cachedTokens = 0;
  const sequence = promptSequence(prompt);
  if (prompt.cachedContent) {
    const entry = service.caches.get(prompt.cachedContent);
    if (!entry) throw cacheNotFound();
    cachedTokens = entry.sequence.tokens.length;
  }
  const answer: Record<string, unknown> = { totalTokens: sequence.tokens.length + cachedTokens };
  if (service.dialect.vertexExtras) {
    const characters = [...(prompt.contents ?? []), ...(prompt.systemInstruction ? [prompt.systemInstruction] : [])]
      .flatMap((c) => c.parts ?? []).reduce((n, p) => n + (p.text ?? '').replace(/\s/g, '').length, 0);
    answer.totalBillableCharacters = characters;
  }
  if (cachedTokens) answer.cachedContentTokenCount = cachedTokens;
  const details = modalityDetails(sequence.byModality);
  if (details.length) answer.promptTokensDetails = details;
  return new Response(`${JSON.stringify(answer, null, 2)}\n`, { status: 200, headers: { ...headers, 'content-type': 'application/json; charset=UTF-8' } });
}
