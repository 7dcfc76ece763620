/**
 * The Gemini models the simulators know, as data (ai.google.dev/gemini-api/docs/models, /thinking,
 * /caching, /thought-signatures): token limits, how thinking is controlled (none; a token budget on
 * 2.5; a level on Gemini 3), the implicit-caching minimum, whether function calls must carry their
 * thought signature back (Gemini 3), and whether candidates still carry `safetyRatings` (2.0 only;
 * 2.5 and later omit them unless something was blocked). Shared by the Gemini API and Vertex.
 */

export type ThinkingLevel = 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';

export type Thinking =
  | { kind: 'none' }
  /** 2.5: `thinkingBudget` in [min, max], -1 = dynamic, 0 = off (only when `canDisable`). */
  | { kind: 'budget'; min: number; max: number; canDisable: boolean; defaultBudget: number }
  /** Gemini 3: `thinkingLevel` (a budget is still accepted for compatibility); cannot be turned off. */
  | { kind: 'level'; levels: readonly ThinkingLevel[]; defaultLevel: ThinkingLevel };

export interface GeminiModel {
  id: string;
  /** `modelVersion` in answers (aliases answer with their target). */
  version: string;
  displayName: string;
  description: string;
  /** `version` field of the Model resource. */
  revision: string;
  inputTokenLimit: number;
  outputTokenLimit: number;
  thinking: Thinking;
  /** Minimum prompt tokens for an implicit (and explicit) cache hit; 0 = no implicit caching. */
  cacheMinTokens: number;
  /** Gemini 3: a missing signature on the current turn's function call is a 400. */
  enforceSignatures: boolean;
  /** Candidates carry `safetyRatings` (NEGLIGIBLE for the four categories). */
  safetyRatings: boolean;
  temperature: number;
  topP: number;
  topK?: number;
  maxTemperature: number;
}

const FLASH_BUDGET: Thinking = { kind: 'budget', min: 0, max: 24576, canDisable: true, defaultBudget: -1 };
const LITE_BUDGET: Thinking = { kind: 'budget', min: 512, max: 24576, canDisable: true, defaultBudget: 0 };
const PRO_BUDGET: Thinking = { kind: 'budget', min: 128, max: 32768, canDisable: false, defaultBudget: -1 };
const PRO3_LEVELS: Thinking = { kind: 'level', levels: ['LOW', 'HIGH'], defaultLevel: 'HIGH' };
const FLASH3_LEVELS: Thinking = { kind: 'level', levels: ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'], defaultLevel: 'HIGH' };

function model(id: string, displayName: string, description: string, fields: Partial<GeminiModel> & Pick<GeminiModel, 'thinking'>): GeminiModel {
  return {
    id, version: id, displayName, description, revision: '001', inputTokenLimit: 1048576, outputTokenLimit: 65536,
    cacheMinTokens: 0, enforceSignatures: false, safetyRatings: false, temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2,
    ...fields,
  };
}

export const GEMINI_MODELS: readonly GeminiModel[] = [
  model('gemini-3-pro-preview', 'Gemini 3 Pro Preview', 'Gemini 3 Pro Preview', {
    thinking: PRO3_LEVELS, cacheMinTokens: 4096, enforceSignatures: true, revision: '3-pro-preview-11-2025',
  }),
  model('gemini-3.1-pro-preview', 'Gemini 3.1 Pro Preview', 'Gemini 3.1 Pro Preview', {
    thinking: PRO3_LEVELS, cacheMinTokens: 4096, enforceSignatures: true, revision: '3.1-pro-preview',
  }),
  model('gemini-3-flash-preview', 'Gemini 3 Flash Preview', 'Gemini 3 Flash Preview', {
    thinking: FLASH3_LEVELS, cacheMinTokens: 4096, enforceSignatures: true, revision: '3-flash-preview-12-2025',
  }),
  model('gemini-2.5-pro', 'Gemini 2.5 Pro', 'Stable release (June 17th, 2025) of Gemini 2.5 Pro', {
    thinking: PRO_BUDGET, cacheMinTokens: 2048, revision: '2.5',
  }),
  model('gemini-2.5-flash', 'Gemini 2.5 Flash', 'Stable version of Gemini 2.5 Flash, our mid-size multimodal model that supports up to 1 million tokens, released in June of 2025.', {
    thinking: FLASH_BUDGET, cacheMinTokens: 1024,
  }),
  model('gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', 'Stable version of Gemini 2.5 Flash-Lite, released in July of 2025', {
    thinking: LITE_BUDGET, cacheMinTokens: 1024,
  }),
  model('gemini-2.0-flash', 'Gemini 2.0 Flash', 'Gemini 2.0 Flash', {
    thinking: { kind: 'none' }, outputTokenLimit: 8192, safetyRatings: true, topK: 40, version: 'gemini-2.0-flash',
  }),
  model('gemini-2.0-flash-001', 'Gemini 2.0 Flash 001', 'Stable version of Gemini 2.0 Flash, our fast and versatile multimodal model for scaling across diverse tasks, released in January of 2025.', {
    thinking: { kind: 'none' }, outputTokenLimit: 8192, safetyRatings: true, topK: 40,
  }),
  model('gemini-2.0-flash-lite', 'Gemini 2.0 Flash-Lite', 'Gemini 2.0 Flash-Lite', {
    thinking: { kind: 'none' }, outputTokenLimit: 8192, safetyRatings: true, topK: 40,
  }),
];

/** Moving aliases → the model they currently name. */
export const GEMINI_ALIASES: Readonly<Record<string, string>> = {
  'gemini-flash-latest': 'gemini-2.5-flash',
  'gemini-flash-lite-latest': 'gemini-2.5-flash-lite',
  'gemini-pro-latest': 'gemini-2.5-pro',
};

/** The model a path names (`gemini-2.5-flash`, an alias), or undefined. */
export function findGeminiModel(id: string): GeminiModel | undefined {
  const target = GEMINI_ALIASES[id];
  if (target) {
    const found = GEMINI_MODELS.find((m) => m.id === target);
    return found && { ...found, id };
  }
  return GEMINI_MODELS.find((m) => m.id === id);
}

/** Whether the model thinks at all (any kind but none). */
export const isThinkingModel = (m: GeminiModel): boolean => m.thinking.kind !== 'none';
