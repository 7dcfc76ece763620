/**
 * A generateContent body from JSON text to a validated request, in the order Google checks: JSON
 * syntax, proto-JSON parsing against the dialect's descriptor minus the features the capability
 * matrix withholds (proto-check.ts), then field validation collected into one `* GenerateContentRequest.…`
 * list (contents, tools, generation config), then the function-calling turn order and, on Gemini 3,
 * thought signatures. Every failure is a thrown GoogleError.
 */
import { descriptorFor, type Offers } from './capabilities.ts';
import type { Dialect } from './dialect.ts';
import { unparsableJson, validationError, type FieldViolation } from './errors.ts';
import type { GeminiModel } from './models.ts';
import { checkProto } from './proto-check.ts';
import type { Content, GenerateContentRequest } from './types.ts';
import { checkGenerationConfig, type ConfigPlan } from './validate-config.ts';
import { checkContents, checkParts, checkTurnOrder } from './validate-contents.ts';
import { checkSignatures, checkTools, type ToolPlan } from './validate-tools.ts';

export interface GenerateRequest {
  body: GenerateContentRequest;
  model: GeminiModel;
  /** Contents with roles resolved (`user` when the Gemini API got none). */
  contents: Content[];
  tools: ToolPlan;
  config: ConfigPlan;
}

export interface RequestContext {
  dialect: Dialect;
  offers: Offers;
  model: GeminiModel;
}

/** JSON text → value, or Google's parse error. An empty body is an empty message. */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) return {};
  try { return JSON.parse(text) as unknown; } catch { throw unparsableJson(text); }
}

/** Proto-parse `value` as `message` with the dialect's descriptor, minus unoffered features. */
export function parseMessage<T>(value: unknown, message: string, ctx: Pick<RequestContext, 'dialect' | 'offers'>): T {
  return checkProto<T>(descriptorFor(ctx.dialect.descriptor, ctx.offers), message, value, ctx.dialect.typePrefix);
}

/** Field checks shared by generateContent, countTokens' generateContentRequest and cachedContents. */
export function checkPrompt(body: GenerateContentRequest, ctx: RequestContext, violations: FieldViolation[]): { contents: Content[]; tools: ToolPlan } {
  const contents = checkContents(body.contents, ctx.dialect.roleRequired, violations);
  if (body.systemInstruction?.parts) checkParts(body.systemInstruction.parts, 'system_instruction.parts', violations);
  const tools = checkTools(body.tools, body.toolConfig, violations);
  return { contents, tools };
}

export function validateGenerateRequest(text: string, ctx: RequestContext): GenerateRequest {
  const body = parseMessage<GenerateContentRequest>(parseJsonBody(text), 'GenerateContentRequest', ctx);
  const violations: FieldViolation[] = [];
  const { contents, tools } = checkPrompt(body, ctx, violations);
  const config = checkGenerationConfig(body.generationConfig ?? {}, ctx.model, ctx.dialect, ctx.offers, violations);
  if (violations.length) throw validationError('GenerateContentRequest', violations);
  checkTurnOrder(contents);
  // Signatures exist only where thinking does: without the reasoning capability none are issued or required.
  if (ctx.offers('reasoning')) checkSignatures(contents, ctx.model, ctx.dialect);
  return { body, model: ctx.model, contents, tools, config };
}
