/**
 * POST /v1/audio/transcriptions and /v1/audio/translations (multipart). Checks in OpenAI's order: the
 * 25 MiB body limit (413), model, file (extension in OpenAI's list, bytes recognisably audio), then
 * response_format per model (gpt-4o models: json/text only), temperature, language, timestamp
 * granularities and include[]. The transcript comes from transcript.ts; a translation returns the same
 * text as its "English" (the simulator cannot translate; a round-tripped TTS text comes back verbatim).
 * gpt-4o models with `stream=true` answer with transcript.text.delta/done events; whisper-1 ignores it.
 */
import { createHash } from 'node:crypto';
import { encodeSseJson } from '../../../lib/sse.ts';
import { errors, OpenAIError } from '../errors.ts';
import { jsonResponse, type OpenAISim, type RouteContext } from '../routes.ts';
import { countTokens, tokenize } from '../tokens.ts';
import { audioErrors, SUPPORTED_AUDIO_FORMATS } from './audio-errors.ts';
import { LANGUAGES } from './languages.ts';
import { probeAudio } from './probe.ts';
import { buildTranscript, inventedText, tokenLogprobs, toSrt, toVtt, type Transcript } from './transcript.ts';

type Task = 'transcribe' | 'translate';

const MAX_BODY = 26_214_400;
const GPT_MODELS = ['gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'gpt-4o-mini-transcribe-2025-12-15'];
const FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'];
const FIELDS: Record<Task, ReadonlySet<string>> = {
  transcribe: new Set(['file', 'model', 'language', 'prompt', 'response_format', 'temperature', 'timestamp_granularities',
    'timestamp_granularities[]', 'include', 'include[]', 'stream', 'chunking_strategy', 'known_speaker_names[]', 'known_speaker_references[]',
    'languages[]', 'keywords[]']),
  translate: new Set(['file', 'model', 'prompt', 'response_format', 'temperature']),
};

const unknownParameter = (param: string) => new OpenAIError(400,
  { message: `Unknown parameter: '${param}'.`, type: 'invalid_request_error', param, code: 'unknown_parameter' });

interface Fields { values: Map<string, string[]>; file?: File }

function collect(form: FormData, task: Task): Fields {
  const fields: Fields = { values: new Map() };
  for (const [key, value] of form.entries()) {
    if (!FIELDS[task].has(key)) throw unknownParameter(key);
    if (key === 'file' && typeof value !== 'string') { fields.file = value; continue; }
    const name = key.replace(/\[\]$/, '');
    fields.values.set(name, [...(fields.values.get(name) ?? []), typeof value === 'string' ? value : value.name]);
  }
  return fields;
}

function checkFile(fields: Fields): File {
  if (!fields.file) {
    if (fields.values.has('file')) throw errors.invalidType('file', 'a file', fields.values.get('file')![0]);
    throw errors.missingParameter('file');
  }
  const extension = fields.file.name.split('.').pop()?.toLowerCase() ?? '';
  if (!(SUPPORTED_AUDIO_FORMATS as readonly string[]).includes(extension)) throw audioErrors.invalidFileFormat();
  return fields.file;
}

function textResponse(body: string, headers: Record<string, string>): Response {
  return new Response(body, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

export async function handleTranscription(ctx: RouteContext, sim: OpenAISim, task: Task): Promise<Response> {
  if (ctx.bytes.length > MAX_BODY) throw audioErrors.contentTooLarge(ctx.bytes.length);
  const fields = collect(await ctx.formData(), task);
  const one = (name: string) => fields.values.get(name)?.at(-1);

  const model = one('model');
  if (!model) throw errors.missingModel();
  const gpt = GPT_MODELS.includes(model);
  if (!gpt && model !== 'whisper-1') throw errors.modelNotFound(model);
  if (task === 'translate' && gpt) throw errors.invalidEnum('model', model, ['whisper-1']);
  const file = checkFile(fields);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const probe = probeAudio(bytes);
  if (probe.container === 'unknown') throw audioErrors.corruptedFile();

  const format = one('response_format') ?? 'json';
  if (!FORMATS.includes(format)) throw errors.invalidEnum('response_format', format, task === 'transcribe' ? [...FORMATS, 'diarized_json'] : FORMATS);
  if (gpt && format !== 'json' && format !== 'text') throw audioErrors.formatNotForModel(format, model);
  const temperatureText = one('temperature');
  const temperature = temperatureText === undefined ? 0 : Number(temperatureText);
  if (!Number.isFinite(temperature)) throw errors.invalidType('temperature', 'a decimal', temperatureText);
  if (temperature < 0) throw errors.belowMinimum('temperature', 'decimal', 0, temperature);
  if (temperature > 1) throw errors.aboveMaximum('temperature', 'decimal', 1, temperature);
  const language = one('language');
  if (language !== undefined && !LANGUAGES[language]) throw audioErrors.invalidLanguage(language);
  const granularities = fields.values.get('timestamp_granularities') ?? [];
  for (const g of granularities) if (g !== 'word' && g !== 'segment') throw errors.invalidEnum('timestamp_granularities', g, ['word', 'segment']);
  if (granularities.length && format !== 'verbose_json') throw audioErrors.granularitiesNeedVerbose();
  const include = fields.values.get('include') ?? [];
  for (const i of include) if (i !== 'logprobs') throw errors.invalidEnum('include', i, ['logprobs']);
  if (include.length && (!gpt || format !== 'json')) throw audioErrors.logprobsUnsupported();
  const stream = one('stream') === 'true' && gpt;

  const fileHash = createHash('sha256').update(bytes).digest('hex');
  const text = probe.text ?? inventedText(fileHash, probe.seconds);
  const transcript = buildTranscript(text, probe.seconds, temperature, fileHash);
  const prompt = one('prompt') ?? '';
  const headers = ctx.headers([`POST ${ctx.path}`, fileHash, [...fields.values.entries()]]);
  const tokenUsage = () => {
    const audio = Math.ceil(transcript.duration * 10), promptTokens = countTokens(prompt), output = countTokens(text);
    return { type: 'tokens', input_tokens: audio + promptTokens, input_token_details: { text_tokens: promptTokens, audio_tokens: audio }, output_tokens: output, total_tokens: audio + promptTokens + output };
  };
  const logprobs = include.length ? { logprobs: tokenLogprobs(text, fileHash) } : {};

  if (stream) return streamTranscript(transcript, { ...logprobs, usage: tokenUsage() }, sim, ctx, headers);
  if (format === 'text') return textResponse(`${text}\n`, headers);
  if (format === 'srt') return textResponse(toSrt(transcript), headers);
  if (format === 'vtt') return textResponse(toVtt(transcript), headers);
  const duration = { type: 'duration', seconds: Math.ceil(transcript.duration) };
  if (format === 'json') {
    if (task === 'translate') return jsonResponse({ text }, headers);
    return jsonResponse({ text, ...logprobs, usage: gpt ? tokenUsage() : duration }, headers);
  }
  const wanted = granularities.length ? granularities : ['segment'];
  return jsonResponse({
    task,
    language: task === 'translate' ? 'english' : LANGUAGES[language ?? 'en'],
    duration: transcript.duration,
    text,
    ...(task === 'transcribe' && wanted.includes('word') ? { words: transcript.words } : {}),
    ...(task === 'translate' || wanted.includes('segment') ? { segments: transcript.segments } : {}),
    ...(task === 'transcribe' ? { usage: duration } : {}),
  }, headers);
}

function streamTranscript(t: Transcript, done: Record<string, unknown>, sim: OpenAISim, ctx: RouteContext, headers: Record<string, string>): Response {
  const encoder = new TextEncoder();
  const tokens = tokenize(t.text);
  const logprobs = done.logprobs as { token: string }[] | undefined;
  const events = (function* () {
    for (let at = 0; at < tokens.length; at += 3) {
      yield { type: 'transcript.text.delta', delta: tokens.slice(at, at + 3).join(''), ...(logprobs ? { logprobs: logprobs.slice(at, at + 3) } : {}) };
    }
    yield { type: 'transcript.text.done', text: t.text, ...done };
  })();
  let finished = false;
  const finish = (aborted: boolean) => { if (!finished) { finished = true; if (aborted) ctx.entry.aborted = true; else ctx.entry.completed = true; } };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sim.chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, sim.chunkDelayMs));
      const next = events.next();
      if (next.done) { controller.close(); finish(false); return; }
      controller.enqueue(encoder.encode(encodeSseJson(next.value)));
    },
    cancel() { finish(true); },
  }, { highWaterMark: 0 });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', ...headers } });
}
