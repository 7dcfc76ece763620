/**
 * The OpenAI chat models the simulator knows: alias → dated snapshot reported in `model`, whether it
 * is a reasoning model (o-series, gpt-5: `max_tokens` and sampling knobs rejected, reasoning tokens
 * counted), its output-token ceiling, rate-limit header values and system fingerprint.
 * Dated snapshots are accepted as themselves. Quirks are data here, not branches elsewhere.
 */

export interface ModelInfo {
  /** The id reported back in `model`. */
  snapshot: string;
  reasoning: boolean;
  maxOutputTokens: number;
  /** `system_fingerprint` value; `null` for the models that report none. */
  fingerprint: string | null;
  limitRequests: number;
  limitTokens: number;
}

interface ModelRow extends ModelInfo { alias: string }

const rows: ModelRow[] = [
  { alias: 'gpt-4o', snapshot: 'gpt-4o-2024-08-06', reasoning: false, maxOutputTokens: 16384, fingerprint: 'fp_07871e2ad8', limitRequests: 10000, limitTokens: 30000000 },
  { alias: 'gpt-4o-mini', snapshot: 'gpt-4o-mini-2024-07-18', reasoning: false, maxOutputTokens: 16384, fingerprint: 'fp_34a54ae93c', limitRequests: 30000, limitTokens: 150000000 },
  { alias: 'gpt-4.1', snapshot: 'gpt-4.1-2025-04-14', reasoning: false, maxOutputTokens: 32768, fingerprint: 'fp_b3f1157249', limitRequests: 10000, limitTokens: 30000000 },
  { alias: 'gpt-4.1-mini', snapshot: 'gpt-4.1-mini-2025-04-14', reasoning: false, maxOutputTokens: 32768, fingerprint: 'fp_6f2eabb9a5', limitRequests: 30000, limitTokens: 150000000 },
  { alias: 'gpt-4.1-nano', snapshot: 'gpt-4.1-nano-2025-04-14', reasoning: false, maxOutputTokens: 32768, fingerprint: 'fp_38343a2f8f', limitRequests: 30000, limitTokens: 150000000 },
  { alias: 'gpt-4-turbo', snapshot: 'gpt-4-turbo-2024-04-09', reasoning: false, maxOutputTokens: 4096, fingerprint: 'fp_5603ee5e2e', limitRequests: 10000, limitTokens: 2000000 },
  { alias: 'gpt-4', snapshot: 'gpt-4-0613', reasoning: false, maxOutputTokens: 8192, fingerprint: null, limitRequests: 10000, limitTokens: 1000000 },
  { alias: 'gpt-3.5-turbo', snapshot: 'gpt-3.5-turbo-0125', reasoning: false, maxOutputTokens: 4096, fingerprint: null, limitRequests: 10000, limitTokens: 50000000 },
  { alias: 'o1', snapshot: 'o1-2024-12-17', reasoning: true, maxOutputTokens: 100000, fingerprint: 'fp_f7f7ee4a7e', limitRequests: 10000, limitTokens: 30000000 },
  { alias: 'o3', snapshot: 'o3-2025-04-16', reasoning: true, maxOutputTokens: 100000, fingerprint: 'fp_9b9e3f7d1a', limitRequests: 10000, limitTokens: 30000000 },
  { alias: 'o3-mini', snapshot: 'o3-mini-2025-01-31', reasoning: true, maxOutputTokens: 100000, fingerprint: 'fp_42bfad963b', limitRequests: 30000, limitTokens: 150000000 },
  { alias: 'o4-mini', snapshot: 'o4-mini-2025-04-16', reasoning: true, maxOutputTokens: 100000, fingerprint: 'fp_0a1b2c3d4e', limitRequests: 30000, limitTokens: 150000000 },
  { alias: 'gpt-5', snapshot: 'gpt-5-2025-08-07', reasoning: true, maxOutputTokens: 128000, fingerprint: null, limitRequests: 10000, limitTokens: 30000000 },
  { alias: 'gpt-5-mini', snapshot: 'gpt-5-mini-2025-08-07', reasoning: true, maxOutputTokens: 128000, fingerprint: null, limitRequests: 30000, limitTokens: 180000000 },
  { alias: 'gpt-5-nano', snapshot: 'gpt-5-nano-2025-08-07', reasoning: true, maxOutputTokens: 128000, fingerprint: null, limitRequests: 30000, limitTokens: 180000000 },
];

const byId = new Map<string, ModelInfo>();
for (const { alias, ...info } of rows) {
  byId.set(alias, info);
  byId.set(info.snapshot, info);
}

/** Look a model id up the way OpenAI does: exact alias or dated snapshot, case-sensitive. */
export function findModel(id: string): ModelInfo | undefined {
  return byId.get(id);
}

/** Every accepted id (aliases and snapshots), for documentation and `/v1/models` later. */
export function knownModelIds(): string[] {
  return [...byId.keys()];
}

/** Alias → snapshot table, for other engineers' tests and docs. */
export const MODEL_SNAPSHOTS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(rows.map((r) => [r.alias, r.snapshot])),
);
