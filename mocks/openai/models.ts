/**
 * Every model the OpenAI simulator knows, as data. Chat models carry what chat needs (alias → dated
 * snapshot reported in `model`, reasoning or not, output ceiling, how images are charged, rate-limit
 * header values, system fingerprint); every model, chat or not, carries what `/v1/models` lists
 * (`created`, `owned_by`) and its kind, so the images/audio/embeddings/moderation modules look their
 * models up here too (`catalogModel(id)`, `isModelKind(id, kind)`). Quirks are data, not branches.
 */

/** How a chat model charges image input (OpenAI's vision pricing guide). */
export type ImageCost =
  | { kind: 'tiles'; base: number; tile: number } // 512px tiles after fitting 2048² and a 768px short side
  | { kind: 'patches'; multiplier: number } // 32px patches, at most 1536, times a per-model multiplier
  | { kind: 'none' }; // no image input: image parts are rejected

export interface ModelInfo {
  /** The id reported back in `model`. */
  snapshot: string;
  reasoning: boolean;
  maxOutputTokens: number;
  /** `system_fingerprint` value; `null` for the models that report none. */
  fingerprint: string | null;
  limitRequests: number;
  limitTokens: number;
  images: ImageCost;
}

export type ModelKind = 'chat' | 'embedding' | 'image' | 'tts' | 'transcription' | 'moderation' | 'realtime';

/** One row of `/v1/models`, plus the kind of API that serves it. */
export interface CatalogModel {
  id: string;
  kind: ModelKind;
  created: number;
  owned_by: string;
}

interface ChatRow extends ModelInfo { alias: string; aliasCreated: number; snapshotCreated: number; ownedBy: string }

const TILES_4O: ImageCost = { kind: 'tiles', base: 85, tile: 170 };
const TILES_MINI: ImageCost = { kind: 'tiles', base: 2833, tile: 5667 };
const TILES_O: ImageCost = { kind: 'tiles', base: 75, tile: 150 };
const TILES_5: ImageCost = { kind: 'tiles', base: 70, tile: 140 };
const NO_IMAGES: ImageCost = { kind: 'none' };

const chat = (alias: string, snapshot: string, aliasCreated: number, snapshotCreated: number, reasoning: boolean, maxOutputTokens: number,
  fingerprint: string | null, limitRequests: number, limitTokens: number, images: ImageCost, ownedBy = 'system'): ChatRow =>
  ({ alias, snapshot, aliasCreated, snapshotCreated, reasoning, maxOutputTokens, fingerprint, limitRequests, limitTokens, images, ownedBy });

const chatRows: ChatRow[] = [
  chat('gpt-4o', 'gpt-4o-2024-08-06', 1715367049, 1722814719, false, 16384, 'fp_07871e2ad8', 10000, 30000000, TILES_4O),
  chat('gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 1721172741, 1721172717, false, 16384, 'fp_34a54ae93c', 30000, 150000000, TILES_MINI),
  chat('gpt-4.1', 'gpt-4.1-2025-04-14', 1744316542, 1744315746, false, 32768, 'fp_b3f1157249', 10000, 30000000, TILES_4O),
  chat('gpt-4.1-mini', 'gpt-4.1-mini-2025-04-14', 1744318173, 1744317547, false, 32768, 'fp_6f2eabb9a5', 30000, 150000000, { kind: 'patches', multiplier: 1.62 }),
  chat('gpt-4.1-nano', 'gpt-4.1-nano-2025-04-14', 1744321707, 1744321025, false, 32768, 'fp_38343a2f8f', 30000, 150000000, { kind: 'patches', multiplier: 2.46 }),
  chat('gpt-4-turbo', 'gpt-4-turbo-2024-04-09', 1712361441, 1712601677, false, 4096, 'fp_5603ee5e2e', 10000, 2000000, TILES_4O),
  chat('gpt-4', 'gpt-4-0613', 1687882411, 1686588896, false, 8192, null, 10000, 1000000, NO_IMAGES, 'openai'),
  chat('gpt-3.5-turbo', 'gpt-3.5-turbo-0125', 1677610602, 1706048358, false, 4096, null, 10000, 50000000, NO_IMAGES, 'openai'),
  chat('o1', 'o1-2024-12-17', 1734375816, 1734326976, true, 100000, 'fp_f7f7ee4a7e', 10000, 30000000, TILES_O),
  chat('o3', 'o3-2025-04-16', 1744225308, 1744133301, true, 100000, 'fp_9b9e3f7d1a', 10000, 30000000, TILES_O),
  chat('o3-mini', 'o3-mini-2025-01-31', 1737146383, 1738010200, true, 100000, 'fp_42bfad963b', 30000, 150000000, NO_IMAGES),
  chat('o4-mini', 'o4-mini-2025-04-16', 1744225351, 1744133506, true, 100000, 'fp_0a1b2c3d4e', 30000, 150000000, { kind: 'patches', multiplier: 1.72 }),
  chat('gpt-5', 'gpt-5-2025-08-07', 1754425777, 1754075360, true, 128000, null, 10000, 30000000, TILES_5),
  chat('gpt-5-mini', 'gpt-5-mini-2025-08-07', 1754425928, 1754425867, true, 128000, null, 30000, 180000000, TILES_5),
  chat('gpt-5-nano', 'gpt-5-nano-2025-08-07', 1754426384, 1754426303, true, 128000, null, 30000, 180000000, TILES_5),
];

/** The models other APIs serve (seed 000's tables), as `/v1/models` lists them. */
const otherRows: CatalogModel[] = [
  { id: 'text-embedding-3-small', kind: 'embedding', created: 1705948997, owned_by: 'system' },
  { id: 'text-embedding-3-large', kind: 'embedding', created: 1705953180, owned_by: 'system' },
  { id: 'text-embedding-ada-002', kind: 'embedding', created: 1671217299, owned_by: 'openai-internal' },
  { id: 'gpt-image-1', kind: 'image', created: 1745517030, owned_by: 'system' },
  { id: 'dall-e-2', kind: 'image', created: 1698798177, owned_by: 'system' },
  { id: 'dall-e-3', kind: 'image', created: 1698785189, owned_by: 'system' },
  { id: 'tts-1', kind: 'tts', created: 1681940951, owned_by: 'openai-internal' },
  { id: 'tts-1-hd', kind: 'tts', created: 1699046015, owned_by: 'system' },
  { id: 'gpt-4o-mini-tts', kind: 'tts', created: 1742403959, owned_by: 'system' },
  { id: 'whisper-1', kind: 'transcription', created: 1677532384, owned_by: 'openai-internal' },
  { id: 'gpt-4o-transcribe', kind: 'transcription', created: 1742068463, owned_by: 'system' },
  { id: 'gpt-4o-mini-transcribe', kind: 'transcription', created: 1742068596, owned_by: 'system' },
  { id: 'omni-moderation-latest', kind: 'moderation', created: 1731689265, owned_by: 'system' },
  { id: 'omni-moderation-2024-09-26', kind: 'moderation', created: 1732734466, owned_by: 'system' },
  { id: 'text-moderation-latest', kind: 'moderation', created: 1687200000, owned_by: 'openai-internal' },
  { id: 'text-moderation-stable', kind: 'moderation', created: 1687200000, owned_by: 'openai-internal' },
  { id: 'gpt-4o-realtime-preview', kind: 'realtime', created: 1727659998, owned_by: 'system' },
  { id: 'gpt-4o-realtime-preview-2024-12-17', kind: 'realtime', created: 1733945430, owned_by: 'system' },
  { id: 'gpt-realtime', kind: 'realtime', created: 1756271701, owned_by: 'system' },
  { id: 'gpt-realtime-2025-08-28', kind: 'realtime', created: 1756271773, owned_by: 'system' },
];

const chatById = new Map<string, ModelInfo>();
for (const { alias, aliasCreated: _a, snapshotCreated: _s, ownedBy: _o, ...info } of chatRows) {
  chatById.set(alias, info);
  chatById.set(info.snapshot, info);
}

/** The whole catalog in `/v1/models` order: chat aliases and snapshots, then the other APIs' models. */
export const MODEL_CATALOG: readonly CatalogModel[] = Object.freeze([
  ...chatRows.flatMap((r) => [
    { id: r.alias, kind: 'chat' as const, created: r.aliasCreated, owned_by: r.ownedBy },
    { id: r.snapshot, kind: 'chat' as const, created: r.snapshotCreated, owned_by: r.ownedBy },
  ]),
  ...otherRows,
]);

const catalogById = new Map(MODEL_CATALOG.map((m) => [m.id, m]));

/** Look a chat model up the way OpenAI does: exact alias or dated snapshot, case-sensitive. */
export function findModel(id: string): ModelInfo | undefined {
  return chatById.get(id);
}

/**
 * A chat model, including fine-tuned ones (`customModels`: id → base model id): they behave as their
 * base model and are reported under their own id.
 */
export function findChatModel(id: string, customModels?: ReadonlyMap<string, string>): ModelInfo | undefined {
  const known = chatById.get(id);
  if (known) return known;
  const base = customModels?.get(id);
  const info = base === undefined ? undefined : chatById.get(base);
  return info ? { ...info, snapshot: id } : undefined;
}

/** Any model of the catalog (chat or not), e.g. `catalogModel('dall-e-3')?.kind === 'image'`. */
export function catalogModel(id: string): CatalogModel | undefined {
  return catalogById.get(id);
}

/** Whether `id` is a known model served by the `kind` API. */
export function isModelKind(id: string, kind: ModelKind): boolean {
  return catalogById.get(id)?.kind === kind;
}

/** Every accepted chat id (aliases and snapshots). */
export function knownModelIds(): string[] {
  return [...chatById.keys()];
}

/** Alias → snapshot table, for other engineers' tests and docs. */
export const MODEL_SNAPSHOTS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(chatRows.map((r) => [r.alias, r.snapshot])),
);
