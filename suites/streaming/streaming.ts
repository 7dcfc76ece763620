/**
 * Streaming beyond chat: a streamed Responses API answer (framing, event order, sequence numbers,
 * every event against the contract) and streamed speech (audio/wav arriving in several chunks and
 * adding up to a valid WAV file). The speech body is read with a reader so its chunks can be counted.
 */
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import { contentTypeViolations, eventViolations, prefixed, statusViolations } from '../assertions.ts';
import type { ScenarioContext } from '../scenario.ts';
import { applyTargetHeaders } from '../profile/headers.ts';
import { recordExchange } from '../stateful/kit.ts';
import { checkOrder, checkSequence, parseResponsesStream } from './responses-grammar.ts';

export const CHECK_IDS = {
  streamedResponse: ['streaming.responses.content-type', 'streaming.responses.order', 'streaming.responses.sequence', 'streaming.responses.event-schema'],
  streamedSpeech: ['streaming.speech.content-type', 'streaming.speech.chunked', 'streaming.speech.valid-audio'],
} as const;

/** `input` and `tools` vary per scenario: plain text, or a function tool the model must call. */
export function streamedResponse(body: Record<string, unknown>) {
  return async (s: ScenarioContext): Promise<void> => {
    const model = s.target.models.responses;
    if (!model) { for (const id of CHECK_IDS.streamedResponse) s.unimplemented(id, 'the target names no Responses model'); return; }
    const res = await s.recorder.send('POST', '/responses', { body: { model, stream: true, ...body } });
    s.verdict('streaming.responses.content-type', [...statusViolations(res, 200), ...contentTypeViolations(res, 'text/event-stream')]);
    const { parsed, violations } = parseResponsesStream(res.events, res.partial);
    s.verdict('streaming.responses.content-type', violations);
    s.verdict('streaming.responses.order', checkOrder(parsed), { observed: runLengths(parsed.map((e) => String(e?.type))) });
    s.verdict('streaming.responses.sequence', checkSequence(parsed));
    s.verdict('streaming.responses.event-schema', eventViolations('createResponse', parsed));
  };
}

/** `a, b ×3, c`: the event types in order, repeats counted. */
function runLengths(types: string[]): string {
  const runs: [string, number][] = [];
  for (const t of types) { const last = runs.at(-1); if (last?.[0] === t) last[1]++; else runs.push([t, 1]); }
  return runs.map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(', ');
}

export async function streamedSpeech(s: ScenarioContext): Promise<void> {
  const model = s.target.models.speech;
  if (!model) { for (const id of CHECK_IDS.streamedSpeech) s.unimplemented(id, 'the target names no speech model'); return; }
  const url = `${s.target.url.replace(/\/+$/, '')}/audio/speech`;
  const body = JSON.stringify({ model, voice: 'alloy', response_format: 'wav', input: 'The tide comes in slowly over the flat grey sand, and the gulls wait on the old wooden pier.' });
  const dressed = new Headers({ authorization: `Bearer ${s.target.key}`, 'content-type': 'application/json' });
  applyTargetHeaders(s.target, dressed, body); // a target profile's auth header, extra and routing headers
  const headers = Object.fromEntries(dressed);
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  const bytes = Buffer.concat(chunks);
  const contentType = response.headers.get('content-type');
  const responseHeaders = Object.fromEntries(response.headers);
  const audio = contentType?.startsWith('audio/') ?? false;
  recordExchange(s, { method: 'POST', url, headers, body }, {
    status: response.status, headers: responseHeaders,
    body: audio ? `[${bytes.length} bytes ${contentType} in ${chunks.length} chunks of ${chunks.map((c) => c.length).join(', ')} bytes]` : bytes.toString('utf8').slice(0, 4096),
  });
  const http = { status: response.status, text: audio ? '' : bytes.toString('utf8'), contentType } as Parameters<typeof statusViolations>[0];
  const statusOk = statusViolations(http, 200);
  s.verdict('streaming.speech.content-type', [...statusOk, ...contentTypeViolations(http, 'audio/wav')], { observed: String(contentType) });
  s.verdict('streaming.speech.chunked', statusOk.length ? statusOk : chunks.length > 1 ? [] : [violation('/body', 'more than one chunk', `${chunks.length} chunk of ${bytes.length} bytes`, 'speech.chunked')],
    { observed: `${chunks.length} chunks, ${bytes.length} bytes` });
  s.verdict('streaming.speech.valid-audio', statusOk.length ? statusOk : prefixed('/body', wavViolations(bytes)));
}

/** RIFF/WAVE with a consistent RIFF size, a fmt chunk, and a data chunk that ends the file. */
export function wavViolations(bytes: Buffer): Violation[] {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') {
    return [violation('/0', '"RIFF" size "WAVE"', describeValue(bytes.toString('latin1', 0, 12)), 'wav.header')];
  }
  const out: Violation[] = [];
  const riffSize = bytes.readUInt32LE(4);
  if (riffSize !== bytes.length - 8) out.push(violation('/4', `RIFF size ${bytes.length - 8} (file length − 8)`, String(riffSize), 'wav.riff-size'));
  let offset = 12;
  let fmt = false;
  let data = false;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    if (id === 'fmt ') fmt = size >= 16 && bytes.readUInt16LE(offset + 8) === 1;
    if (id === 'data') {
      data = true;
      if (offset + 8 + size !== bytes.length && offset + 8 + size + (size & 1) !== bytes.length) out.push(violation(`/${offset + 4}`, `data size ${bytes.length - offset - 8} (the rest of the file)`, String(size), 'wav.data-size'));
      break;
    }
    offset += 8 + size + (size & 1);
  }
  if (!fmt) out.push(violation('/12', 'a PCM fmt chunk', 'none', 'wav.fmt'));
  if (!data) out.push(violation(`/${offset}`, 'a data chunk', 'none', 'wav.data'));
  return out;
}
