/**
 * How the fault layer (mocks/faults) speaks Google: a status fault becomes Google's envelope with the
 * status name of its code — and, when the fault kept the layer's provider-neutral default message,
 * the dialect's own wording for that status (Gemini's quota message with RetryInfo for 429, "The
 * model is overloaded" for 503, …); a mid-stream error is the `data: {"error":…}` event Google streams
 * (which the official SDK raises as an ApiError). `describeGeminiRequest` tells the fault layer
 * whether a request streams and which model it names, from the URL (Gemini bodies carry neither).
 */
import { STATUS_PRESETS, type FaultError, type FaultRenderer } from '../faults/index.ts';
import type { Dialect } from './dialect.ts';
import { GoogleError } from './errors.ts';
import { googleSseFrame } from './stream.ts';

const NEUTRAL = new Set([
  ...Object.values(STATUS_PRESETS).map((p) => p.message),
  'The server had an error while processing your request. Sorry about that!',
]);

function isNeutral(message: string): boolean {
  return NEUTRAL.has(message) || /^The upstream (failed with|answered) status \d+\.$/.test(message);
}

export function googleFaultError(error: FaultError, dialect: Dialect): GoogleError {
  const own = isNeutral(error.message) ? dialect.faultAnswers[error.status] : undefined;
  return new GoogleError(error.status, own?.message ?? error.message, own?.details);
}

export function googleFaultRenderer(dialect: Dialect): FaultRenderer {
  return {
    errorBody: (error) => googleFaultError(error, dialect).render(),
    errorEvent: (error) => googleSseFrame(googleFaultError(error, dialect).body()),
  };
}

/** Stream and model of a request, from a `…/models/{model}:{method}` path. */
export function describeGeminiRequest(path: string): { stream: boolean; model?: string } {
  const m = /\/models\/([^/:]+):(\w+)$/.exec(path);
  return { stream: m?.[2] === 'streamGenerateContent', ...(m ? { model: decodeURIComponent(m[1]!) } : {}) };
}
