/**
 * The realtime session configuration (GA interface): the models the simulator accepts, the session
 * object `session.created` announces (shape and defaults as in OpenAI's documented example: PCM 24 kHz
 * both ways, server VAD, "inf" output tokens, `null` for unset transcription / noise reduction /
 * tracing / prompt / include), and `applySessionUpdate`, which merges a `session.update` into it the
 * way OpenAI does: only the fields present change, unknown fields are refused by name
 * (`Unknown parameter: 'session.modalities'.`), the voice is frozen once audio was produced.
 * The default instructions are the simulator's own words, not OpenAI's.
 */
import { RealtimeProblem, problems } from './problems.ts';

export interface RealtimeModel { snapshot: string; voice: string }

const MODELS: Record<string, RealtimeModel> = {
  'gpt-realtime': { snapshot: 'gpt-realtime-2025-08-28', voice: 'marin' },
  'gpt-realtime-mini': { snapshot: 'gpt-realtime-mini-2025-10-06', voice: 'marin' },
  'gpt-4o-realtime-preview': { snapshot: 'gpt-4o-realtime-preview-2025-06-03', voice: 'alloy' },
  'gpt-4o-mini-realtime-preview': { snapshot: 'gpt-4o-mini-realtime-preview-2024-12-17', voice: 'alloy' },
};
for (const [alias, model] of Object.entries({ ...MODELS })) MODELS[model.snapshot] = MODELS[alias]!;
for (const snapshot of ['gpt-4o-realtime-preview-2024-10-01', 'gpt-4o-realtime-preview-2024-12-17']) MODELS[snapshot] = { snapshot, voice: 'alloy' };

/** Exact alias or dated snapshot, case-sensitive, as the HTTP API looks models up. */
export function findRealtimeModel(id: string): RealtimeModel | undefined {
  return Object.hasOwn(MODELS, id) ? MODELS[id] : undefined;
}

export const DEFAULT_INSTRUCTIONS = 'You are a helpful voice assistant in a simulated conversation. Answer briefly and clearly.';

export type Json = Record<string, unknown>;

const pcm = () => ({ type: 'audio/pcm', rate: 24000 });
const serverVad = () => ({
  type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200,
  idle_timeout_ms: null, create_response: true, interrupt_response: true,
});

export function defaultSession(model: RealtimeModel, id: string, expiresAt: number): Json {
  return {
    type: 'realtime',
    object: 'realtime.session',
    id,
    model: model.snapshot,
    output_modalities: ['audio'],
    instructions: DEFAULT_INSTRUCTIONS,
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    prompt: null,
    expires_at: expiresAt,
    audio: {
      input: { format: pcm(), transcription: null, noise_reduction: null, turn_detection: serverVad() },
      output: { format: pcm(), voice: model.voice, speed: 1 },
    },
    include: null,
  };
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function requireObject(value: unknown, param: string): Json {
  if (!isObject(value)) throw problems.invalidType(param, 'an object', value);
  return value;
}

function checkKeys(value: Json, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) throw problems.unknownParameter(`${prefix}.${key}`);
}

export function checkFormat(value: unknown, param: string): Json {
  const format = requireObject(value, param);
  checkKeys(format, ['type', 'rate'], param);
  if (!['audio/pcm', 'audio/pcmu', 'audio/pcma'].includes(format.type as string)) {
    throw problems.invalidEnum(`${param}.type`, format.type, ['audio/pcm', 'audio/pcmu', 'audio/pcma']);
  }
  if (format.type === 'audio/pcm') {
    if (format.rate !== undefined && format.rate !== 24000) throw problems.invalidEnum(`${param}.rate`, format.rate, ['24000']);
    return pcm();
  }
  return { type: format.type };
}

export function checkModalities(value: unknown, param: string): string[] {
  if (!Array.isArray(value)) throw problems.invalidType(param, 'an array', value);
  for (const [i, m] of value.entries()) if (m !== 'text' && m !== 'audio') throw problems.invalidEnum(`${param}[${i}]`, m, ['text', 'audio']);
  if (value.length !== 1) throw problems.invalidValue(param, `Invalid modalities: ${JSON.stringify(value)}. Supported combinations are: ["text"] and ["audio"].`);
  return [...value] as string[];
}

export function checkTools(value: unknown, param: string): Json[] {
  if (!Array.isArray(value)) throw problems.invalidType(param, 'an array', value);
  return value.map((tool, i) => {
    const t = requireObject(tool, `${param}[${i}]`);
    if (t.type !== 'function' && t.type !== 'mcp') throw problems.invalidEnum(`${param}[${i}].type`, t.type, ['function', 'mcp']);
    if (t.type === 'function' && typeof t.name !== 'string') throw problems.missingParameter(`${param}[${i}].name`);
    return t;
  });
}

export function checkToolChoice(value: unknown, param: string): unknown {
  if (typeof value === 'string') {
    if (!['auto', 'none', 'required'].includes(value)) throw problems.invalidEnum(param, value, ['none', 'auto', 'required']);
    return value;
  }
  const choice = requireObject(value, param);
  if (choice.type === 'function' && typeof choice.name !== 'string') throw problems.missingParameter(`${param}.name`);
  if (choice.type !== 'function' && choice.type !== 'mcp') throw problems.invalidEnum(`${param}.type`, choice.type, ['function', 'mcp']);
  return choice;
}

export function checkMaxOutputTokens(value: unknown, param: string): number | 'inf' {
  if (value === 'inf') return value;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw problems.invalidType(param, "an integer or 'inf'", value);
  if (value < 1) throw problems.belowMinimum(param, 1, value);
  if (value > 4096) throw problems.aboveMaximum(param, 4096, value);
  return value;
}

function mergeTurnDetection(value: unknown, param: string): unknown {
  if (value === null) return null;
  const td = requireObject(value, param);
  if (td.type === 'server_vad') return { ...serverVad(), ...td };
  if (td.type === 'semantic_vad') return { type: 'semantic_vad', eagerness: 'auto', create_response: true, interrupt_response: true, ...td };
  throw problems.invalidEnum(`${param}.type`, td.type, ['server_vad', 'semantic_vad']);
}

const SESSION_KEYS = ['type', 'model', 'instructions', 'output_modalities', 'audio', 'include', 'tracing', 'prompt', 'tools',
  'tool_choice', 'max_output_tokens', 'truncation', 'parallel_tool_calls', 'reasoning'] as const;

/**
 * The session after `update` (the `session` of a `session.update`), or a RealtimeProblem.
 * `audioProduced`: whether assistant audio exists yet (the voice can no longer change).
 */
export function applySessionUpdate(current: Json, update: unknown, audioProduced: boolean): Json {
  const patch = requireObject(update, 'session');
  checkKeys(patch, SESSION_KEYS, 'session');
  if (patch.type === undefined) throw problems.missingParameter('session.type');
  if (patch.type !== 'realtime') {
    throw patch.type === 'transcription'
      ? problems.invalidValue('session.type', "Transcription sessions are not simulated: use a 'realtime' session.")
      : problems.invalidEnum('session.type', patch.type, ['realtime', 'transcription']);
  }
  const next: Json = structuredClone(current);
  if (patch.model !== undefined && findRealtimeModel(String(patch.model))?.snapshot !== current.model) {
    throw new RealtimeProblem('invalid_value', "Cannot update a session's model once it has started.", 'session.model');
  }
  if (patch.instructions !== undefined) {
    if (typeof patch.instructions !== 'string') throw problems.invalidType('session.instructions', 'a string', patch.instructions);
    next.instructions = patch.instructions;
  }
  if (patch.output_modalities !== undefined) next.output_modalities = checkModalities(patch.output_modalities, 'session.output_modalities');
  if (patch.tools !== undefined) next.tools = checkTools(patch.tools, 'session.tools');
  if (patch.tool_choice !== undefined) next.tool_choice = checkToolChoice(patch.tool_choice, 'session.tool_choice');
  if (patch.max_output_tokens !== undefined) next.max_output_tokens = checkMaxOutputTokens(patch.max_output_tokens, 'session.max_output_tokens');
  for (const key of ['include', 'tracing', 'prompt', 'truncation', 'parallel_tool_calls', 'reasoning'] as const) {
    if (patch[key] !== undefined) next[key] = patch[key];
  }
  if (patch.audio !== undefined) applyAudio(next, requireObject(patch.audio, 'session.audio'), audioProduced);
  return next;
}

function applyAudio(next: Json, audio: Json, audioProduced: boolean): void {
  checkKeys(audio, ['input', 'output'], 'session.audio');
  const current = next.audio as { input: Json; output: Json };
  if (audio.input !== undefined) {
    const input = requireObject(audio.input, 'session.audio.input');
    checkKeys(input, ['format', 'transcription', 'noise_reduction', 'turn_detection'], 'session.audio.input');
    if (input.format !== undefined) current.input.format = checkFormat(input.format, 'session.audio.input.format');
    if (input.transcription !== undefined) current.input.transcription = input.transcription;
    if (input.noise_reduction !== undefined) current.input.noise_reduction = input.noise_reduction;
    if (input.turn_detection !== undefined) current.input.turn_detection = mergeTurnDetection(input.turn_detection, 'session.audio.input.turn_detection');
  }
  if (audio.output !== undefined) {
    const output = requireObject(audio.output, 'session.audio.output');
    checkKeys(output, ['format', 'voice', 'speed'], 'session.audio.output');
    if (output.format !== undefined) current.output.format = checkFormat(output.format, 'session.audio.output.format');
    if (output.voice !== undefined && output.voice !== current.output.voice) {
      if (typeof output.voice !== 'string') throw problems.invalidType('session.audio.output.voice', 'a string', output.voice);
      if (audioProduced) throw problems.cannotUpdateVoice();
      current.output.voice = output.voice;
    }
    if (output.speed !== undefined) {
      if (typeof output.speed !== 'number' || output.speed < 0.25 || output.speed > 1.5) {
        throw problems.invalidValue('session.audio.output.speed', `Invalid 'session.audio.output.speed': expected a number between 0.25 and 1.5, but got ${JSON.stringify(output.speed)} instead.`);
      }
      current.output.speed = output.speed;
    }
  }
}
