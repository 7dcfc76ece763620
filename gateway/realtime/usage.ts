/**
 * Usage of a realtime session, read from the server events the gateway relays. OpenAI reports the
 * tokens of each response in `response.done` (`response.usage`: input/output tokens, with cached and
 * audio input tokens and audio output tokens in the detail objects); a session's usage is the sum over
 * its responses. Only text frames that contain the string `"response.done"` are parsed, so the audio
 * deltas that make up most of a session's bytes are never decoded.
 */
import type { Usage } from '../cost.ts';

const MARKER = '"response.done"';

/** The usage a server frame reports, or undefined when it is not a `response.done` with usage. */
export function usageOfServerFrame(data: Buffer, isBinary: boolean): Usage | undefined {
  if (isBinary || !data.includes(MARKER)) return undefined;
  let event: unknown;
  try { event = JSON.parse(data.toString('utf8')); } catch { return undefined; }
  if (!isObject(event) || event.type !== 'response.done' || !isObject(event.response)) return undefined;
  const usage = event.response.usage;
  if (!isObject(usage)) return undefined;
  const input = isObject(usage.input_token_details) ? usage.input_token_details : {};
  const output = isObject(usage.output_token_details) ? usage.output_token_details : {};
  const out: Usage = {};
  const set = (key: keyof Usage, value: unknown) => { if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key] = value; };
  set('inputTokens', usage.input_tokens);
  set('outputTokens', usage.output_tokens);
  set('cachedTokens', input.cached_tokens);
  set('audioInputTokens', input.audio_tokens);
  set('audioOutputTokens', output.audio_tokens);
  return Object.keys(out).length ? out : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
