/**
 * Rendering a planned answer as a GenerateContentResponse, key for key as the API sends it: parts
 * (`text`, `thought`, `functionCall`, `thoughtSignature`), candidates (`content` omitted when a safety
 * filter withheld it, `index` per dialect, `safetyRatings` on models that still send them or when
 * something was blocked), `promptFeedback` for a blocked prompt, and `usageMetadata` — where, as in
 * proto3 JSON, zero counts are omitted, and `totalTokenCount` = prompt + candidates + thoughts.
 * Vertex adds `createTime`, `trafficType`, `candidatesTokensDetails` and severity scores.
 */
import type { Dialect } from './dialect.ts';
import type { CandidatePlan, PlannedPart } from './generate.ts';
import type { GeminiModel } from './models.ts';
import type { Modality } from './media.ts';

export interface ModalityCount { modality: Modality; tokenCount: number }

export interface UsageCounts {
  promptTokens: number;
  promptDetails: ModalityCount[];
  cachedTokens: number;
  cachedDetails: ModalityCount[];
  candidatesTokens: number;
  thoughtsTokens: number;
}

export interface AnswerMeta {
  dialect: Dialect;
  model: GeminiModel;
  responseId: string;
  /** RFC 3339 with microseconds, from the simulator clock. */
  createTime: string;
}

export const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

const CATEGORIES = ['HARM_CATEGORY_HATE_SPEECH', 'HARM_CATEGORY_DANGEROUS_CONTENT', 'HARM_CATEGORY_HARASSMENT', 'HARM_CATEGORY_SEXUALLY_EXPLICIT'];

export function safetyRatings(dialect: Dialect, blocked: boolean): Record<string, unknown>[] {
  return CATEGORIES.map((category, i) => {
    const hit = blocked && i === 1;
    const rating: Record<string, unknown> = { category, probability: hit ? 'HIGH' : 'NEGLIGIBLE' };
    if (dialect.vertexExtras) {
      Object.assign(rating, { probabilityScore: hit ? 0.92 : 0.05 + i * 0.01, severity: hit ? 'HARM_SEVERITY_HIGH' : 'HARM_SEVERITY_NEGLIGIBLE', severityScore: hit ? 0.88 : 0.04 + i * 0.01 });
    }
    if (hit) rating.blocked = true;
    return rating;
  });
}

export function renderPart(part: PlannedPart): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (part.functionCall) out.functionCall = { name: part.functionCall.name, args: part.functionCall.args };
  if (part.text !== undefined) out.text = part.text;
  if (part.thought) out.thought = true;
  if (part.thoughtSignature) out.thoughtSignature = part.thoughtSignature;
  return out;
}

export function renderContent(parts: readonly PlannedPart[], dialect: Dialect): Record<string, unknown> {
  const rendered = parts.map(renderPart);
  if (!rendered.length) return { role: 'model' };
  return dialect.roleFirst ? { role: 'model', parts: rendered } : { parts: rendered, role: 'model' };
}

/** One candidate; `parts` and `finishReason` given separately so stream chunks can render partial ones. */
export function renderCandidate(candidate: CandidatePlan, parts: readonly PlannedPart[] | null, finished: boolean, meta: AnswerMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (parts && !candidate.blocked) out.content = renderContent(parts, meta.dialect);
  if (finished) {
    out.finishReason = candidate.finishReason;
    if (candidate.finishMessage && meta.dialect.vertexExtras) out.finishMessage = candidate.finishMessage;
  }
  if (candidate.index > 0 || meta.dialect.indexZero) out.index = candidate.index;
  if (finished && (meta.model.safetyRatings || candidate.blocked)) out.safetyRatings = safetyRatings(meta.dialect, candidate.blocked);
  return out;
}

export function renderUsage(usage: UsageCounts, dialect: Dialect): Record<string, unknown> {
  const out: Record<string, unknown> = { promptTokenCount: usage.promptTokens };
  if (usage.candidatesTokens) out.candidatesTokenCount = usage.candidatesTokens;
  out.totalTokenCount = usage.promptTokens + usage.candidatesTokens + usage.thoughtsTokens;
  if (dialect.vertexExtras) out.trafficType = 'ON_DEMAND';
  if (usage.cachedTokens) out.cachedContentTokenCount = usage.cachedTokens;
  if (usage.promptDetails.length) out.promptTokensDetails = usage.promptDetails;
  if (usage.cachedTokens && usage.cachedDetails.length) out.cacheTokensDetails = usage.cachedDetails;
  if (dialect.vertexExtras && usage.candidatesTokens) out.candidatesTokensDetails = [{ modality: 'TEXT', tokenCount: usage.candidatesTokens }];
  if (usage.thoughtsTokens) out.thoughtsTokenCount = usage.thoughtsTokens;
  return out;
}

/** The envelope around candidates: feedback, usage, model version, (createTime,) response id. */
export function renderEnvelope(candidates: Record<string, unknown>[] | null, usage: UsageCounts, meta: AnswerMeta, promptBlock?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (candidates) out.candidates = candidates;
  if (promptBlock) out.promptFeedback = { blockReason: promptBlock, safetyRatings: safetyRatings(meta.dialect, promptBlock === 'SAFETY') };
  out.usageMetadata = renderUsage(usage, meta.dialect);
  out.modelVersion = meta.model.version;
  if (meta.dialect.vertexExtras) out.createTime = meta.createTime;
  out.responseId = meta.responseId;
  return out;
}

export function renderResponse(plan: { candidates: CandidatePlan[]; promptBlock?: string }, usage: UsageCounts, meta: AnswerMeta): Record<string, unknown> {
  const candidates = plan.promptBlock ? null : plan.candidates.map((c) => renderCandidate(c, c.parts, true, meta));
  return renderEnvelope(candidates, usage, meta, plan.promptBlock);
}
