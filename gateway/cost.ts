/**
 * Cost from usage and an account's model pricing (USD; token prices per million tokens). OpenAI counts
 * cached and audio tokens inside the input total, so they are priced at their own rates and the rest at
 * the text rate. A model without pricing has no cost (undefined, "not priced"), which is not the same as
 * free (0, e.g. moderations).
 */
import type { Pricing } from './config.ts';

export interface Usage {
  /** All input tokens, cached and audio ones included. */
  inputTokens?: number;
  /** All output tokens, reasoning and audio ones included. */
  outputTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  audioInputTokens?: number;
  audioOutputTokens?: number;
  images?: number;
  audioSeconds?: number;
}

const PER_MILLION = 1e-6;

export function computeCost(pricing: Pricing | undefined, u: Usage): number | undefined {
  if (!pricing) return undefined;
  const input = u.inputTokens ?? 0;
  const output = u.outputTokens ?? 0;
  const cached = Math.min(u.cachedTokens ?? 0, input);
  const audioIn = Math.min(u.audioInputTokens ?? 0, input - cached);
  const audioOut = Math.min(u.audioOutputTokens ?? 0, output);
  const inRate = pricing.input ?? 0;
  const outRate = pricing.output ?? 0;
  const tokens = (input - cached - audioIn) * inRate + cached * (pricing.cached_input ?? inRate) + audioIn * (pricing.audio_input ?? inRate)
    + (output - audioOut) * outRate + audioOut * (pricing.audio_output ?? outRate);
  const cost = tokens * PER_MILLION + (u.images ?? 0) * (pricing.per_image ?? 0) + (u.audioSeconds ?? 0) * (pricing.per_audio_second ?? 0);
  return Math.round(cost * 1e9) / 1e9; // nano-dollar precision, as the limit store counts
}

/** Add usage `b` into `a` (streams and realtime sessions report usage in several parts). */
export function addUsage(a: Usage, b: Usage): Usage {
  const out: Usage = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof Usage, number | undefined][]) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = (out[k] ?? 0) + v;
  }
  return out;
}

/** A cost as the `x-gateway-cost-usd` header writes it: fixed-point, trailing zeros trimmed. */
export function formatCost(cost: number): string {
  return cost.toFixed(9).replace(/\.?0+$/, '') || '0';
}
