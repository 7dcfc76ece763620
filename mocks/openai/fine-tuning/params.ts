/**
 * POST /v1/fine_tuning/jobs parameters, checked in OpenAI's words: the base models that can be
 * fine-tuned (and with which methods), training/validation files that exist with purpose `fine-tune`,
 * `suffix`, `seed`, `metadata`, `integrations`, and hyperparameters given either at the top level
 * (deprecated) or under `method.{supervised|dpo|reinforcement}` — each `'auto'` or a number in range.
 */
import { errors } from '../errors.ts';
import type { FilesApi, StoredFile } from '../files/index.ts';
import { isRecord, validateMetadata } from '../files/common.ts';

export type MethodType = 'supervised' | 'dpo' | 'reinforcement';
/** Training data layouts: chat messages, preference pairs, or legacy prompt/completion. */
export type DataFormat = 'chat' | 'preference' | 'completion';

interface BaseModel { snapshot: string; aliases: readonly string[]; methods: readonly MethodType[]; completion?: boolean }

/** Models OpenAI lets you fine-tune, as data. */
export const FINE_TUNABLE: readonly BaseModel[] = [
  { snapshot: 'gpt-4o-mini-2024-07-18', aliases: ['gpt-4o-mini'], methods: ['supervised', 'dpo'] },
  { snapshot: 'gpt-4o-2024-08-06', aliases: ['gpt-4o'], methods: ['supervised', 'dpo'] },
  { snapshot: 'gpt-4.1-2025-04-14', aliases: ['gpt-4.1'], methods: ['supervised', 'dpo'] },
  { snapshot: 'gpt-4.1-mini-2025-04-14', aliases: ['gpt-4.1-mini'], methods: ['supervised', 'dpo'] },
  { snapshot: 'gpt-4.1-nano-2025-04-14', aliases: ['gpt-4.1-nano'], methods: ['supervised', 'dpo'] },
  { snapshot: 'gpt-3.5-turbo-0125', aliases: ['gpt-3.5-turbo'], methods: ['supervised'] },
  { snapshot: 'o4-mini-2025-04-16', aliases: ['o4-mini'], methods: ['reinforcement'] },
  { snapshot: 'babbage-002', aliases: [], methods: ['supervised'], completion: true },
  { snapshot: 'davinci-002', aliases: [], methods: ['supervised'], completion: true },
];

export type Auto<T> = 'auto' | T;

export interface Hyperparameters {
  n_epochs: Auto<number>;
  batch_size: Auto<number>;
  learning_rate_multiplier: Auto<number>;
  beta?: Auto<number>;
}

export interface JobRequest {
  /** `model` as reported: the dated snapshot, or the fine-tuned model being tuned further. */
  model: string;
  /** The catalogue snapshot underneath (what chat behaves as). */
  baseSnapshot: string;
  format: DataFormat;
  training: StoredFile;
  validation: StoredFile | null;
  suffix: string | null;
  seed: number | null;
  method: MethodType;
  hyperparameters: Hyperparameters;
  /** The method's extra settings echoed back (e.g. a reinforcement grader). */
  methodExtras: Record<string, unknown>;
  integrations: unknown[];
  metadata: Record<string, string> | null;
}

const KNOWN = new Set(['model', 'training_file', 'validation_file', 'suffix', 'seed', 'hyperparameters', 'method', 'integrations', 'metadata']);
const RANGES: Record<string, { kind: 'integer' | 'decimal'; min: number; max: number; exclusiveMin?: boolean }> = {
  n_epochs: { kind: 'integer', min: 1, max: 50 },
  batch_size: { kind: 'integer', min: 1, max: 256 },
  learning_rate_multiplier: { kind: 'decimal', min: 0, max: 10, exclusiveMin: true },
  beta: { kind: 'decimal', min: 0, max: 2, exclusiveMin: true },
};

function hyperparameter(value: unknown, name: string, path: string): Auto<number> {
  if (value === undefined || value === 'auto') return 'auto';
  const range = RANGES[name]!;
  const isNumber = typeof value === 'number' && (range.kind === 'decimal' || Number.isInteger(value));
  if (!isNumber) throw errors.invalidType(path, range.kind === 'integer' ? "'auto' or an integer" : "'auto' or a number", value);
  if (value < range.min || (range.exclusiveMin && value === range.min)) throw errors.belowMinimum(path, range.kind, range.min, value);
  if (value > range.max) throw errors.aboveMaximum(path, range.kind, range.max, value);
  return value;
}

function parseHyperparameters(value: unknown, path: string, method: MethodType): Hyperparameters {
  if (value !== undefined && !isRecord(value)) throw errors.invalidType(path, 'an object', value);
  const h = (value ?? {}) as Record<string, unknown>;
  const allowed = method === 'dpo' ? ['n_epochs', 'batch_size', 'learning_rate_multiplier', 'beta'] : ['n_epochs', 'batch_size', 'learning_rate_multiplier'];
  const extra = Object.keys(h).filter((k) => !allowed.includes(k) && method !== 'reinforcement');
  if (extra.length) throw errors.invalidRequest(`Unknown parameter: '${path}.${extra[0]}'.`, `${path}.${extra[0]}`, 'unknown_parameter');
  const out: Hyperparameters = {
    n_epochs: hyperparameter(h.n_epochs, 'n_epochs', `${path}.n_epochs`),
    batch_size: hyperparameter(h.batch_size, 'batch_size', `${path}.batch_size`),
    learning_rate_multiplier: hyperparameter(h.learning_rate_multiplier, 'learning_rate_multiplier', `${path}.learning_rate_multiplier`),
  };
  if (method === 'dpo') out.beta = hyperparameter(h.beta, 'beta', `${path}.beta`);
  return out;
}

function fineTuneFile(files: FilesApi, id: unknown, param: 'training_file' | 'validation_file'): StoredFile {
  if (typeof id !== 'string') throw errors.invalidType(param, 'a string', id);
  const file = files.get(id);
  if (!file) throw errors.invalidRequest(`invalid ${param}: ${id}`, param);
  if (file.purpose !== 'fine-tune') {
    throw errors.invalidValue(param, `File ${id} has purpose '${file.purpose}'; fine-tuning files must be uploaded with purpose 'fine-tune'.`);
  }
  return file;
}

function resolveModel(model: string, customModels: ReadonlyMap<string, string>): { model: string; base: BaseModel } | undefined {
  const direct = FINE_TUNABLE.find((m) => m.snapshot === model || m.aliases.includes(model));
  if (direct) return { model: direct.snapshot, base: direct };
  const root = customModels.get(model);
  const base = root === undefined ? undefined : FINE_TUNABLE.find((m) => m.snapshot === root);
  return base ? { model, base } : undefined;
}

export function parseJobRequest(body: Record<string, unknown>, files: FilesApi, customModels: ReadonlyMap<string, string>): JobRequest {
  const unknown = Object.keys(body).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw errors.unrecognizedArguments(unknown);
  if (body.model === undefined || body.model === null) throw errors.missingParameter('model');
  if (typeof body.model !== 'string') throw errors.invalidType('model', 'a string', body.model);
  if (body.training_file === undefined || body.training_file === null) throw errors.missingParameter('training_file');
  const resolved = resolveModel(body.model, customModels);
  if (!resolved) {
    throw errors.invalidRequest(`Model ${body.model} is not available for fine-tuning or does not exist.`, 'model', 'model_not_available');
  }

  let method: MethodType = 'supervised';
  let hyperparameters: Hyperparameters;
  let methodExtras: Record<string, unknown> = {};
  if (body.method !== undefined) {
    if (!isRecord(body.method)) throw errors.invalidType('method', 'an object', body.method);
    const type = body.method.type;
    if (type !== 'supervised' && type !== 'dpo' && type !== 'reinforcement') throw errors.invalidEnum('method.type', type, ['supervised', 'dpo', 'reinforcement']);
    method = type;
    const settings = body.method[type];
    if (settings !== undefined && !isRecord(settings)) throw errors.invalidType(`method.${type}`, 'an object', settings);
    if (body.hyperparameters !== undefined && settings?.hyperparameters !== undefined) {
      throw errors.invalidRequest("Specify hyperparameters either in 'method' or at the top level (deprecated), not both.", 'hyperparameters');
    }
    if (type === 'reinforcement' && !isRecord(settings?.grader)) throw errors.missingParameter('method.reinforcement.grader');
    hyperparameters = parseHyperparameters(settings?.hyperparameters ?? body.hyperparameters, `method.${type}.hyperparameters`, type);
    methodExtras = Object.fromEntries(Object.entries(settings ?? {}).filter(([k]) => k !== 'hyperparameters'));
  } else {
    hyperparameters = parseHyperparameters(body.hyperparameters, 'hyperparameters', 'supervised');
  }
  if (!resolved.base.methods.includes(method)) {
    throw errors.invalidValue('method.type', `Model ${body.model} does not support the '${method}' fine-tuning method.`);
  }

  const suffix = body.suffix ?? null;
  if (suffix !== null) {
    if (typeof suffix !== 'string') throw errors.invalidType('suffix', 'a string', suffix);
    if (suffix.length > 64) {
      throw errors.invalidRequest(`Invalid 'suffix': string too long. Expected a string with maximum length 64, but got a string with length ${suffix.length} instead.`, 'suffix', 'string_above_max_length');
    }
  }
  const seed = body.seed ?? null;
  if (seed !== null) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) throw errors.invalidType('seed', 'an integer', seed);
    if (seed < 0) throw errors.belowMinimum('seed', 'integer', 0, seed);
    if (seed > 2147483647) throw errors.aboveMaximum('seed', 'integer', 2147483647, seed);
  }
  const integrations = body.integrations ?? [];
  if (!Array.isArray(integrations)) throw errors.invalidType('integrations', 'an array', integrations);
  integrations.forEach((item, i) => {
    if (!isRecord(item) || item.type !== 'wandb') throw errors.invalidEnum(`integrations[${i}].type`, isRecord(item) ? item.type : item, ['wandb']);
    if (!isRecord(item.wandb) || typeof item.wandb.project !== 'string') throw errors.missingParameter(`integrations[${i}].wandb.project`);
  });

  const format: DataFormat = resolved.base.completion ? 'completion' : method === 'dpo' ? 'preference' : 'chat';
  return {
    model: resolved.model,
    baseSnapshot: resolved.base.snapshot,
    format,
    training: fineTuneFile(files, body.training_file, 'training_file'),
    validation: body.validation_file == null ? null : fineTuneFile(files, body.validation_file, 'validation_file'),
    suffix: suffix as string | null,
    seed: seed as number | null,
    method,
    hyperparameters,
    methodExtras,
    integrations,
    metadata: validateMetadata(body.metadata),
  };
}
