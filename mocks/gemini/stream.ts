/**
 * `:streamGenerateContent`: the planned answer as a sequence of GenerateContentResponse chunks —
 * thought-summary parts first, then function calls (whole, in one chunk, as Gemini sends them) or text
 * in pieces of a few tokens; the last chunk of a candidate carries its finishReason. Every chunk
 * repeats `usageMetadata` (running candidate count, final counts on the last), `modelVersion` and
 * `responseId`. Two framings, as Google serves them: `?alt=sse` → `data: {json}` events with CRLF line
 * ends (lib/sse.ts encodes; Google's frames end in `\r\n\r\n`) and the one-line JSON Google's front end
 * writes (`"key": value` pairs joined by a bare comma), otherwise one JSON array streamed
 * element by element (`[{…}\n,\r\n{…}\n]`, pretty-printed). Produced lazily, one chunk per pull.
 */
import { encodeSse } from '../../lib/sse.ts';
import { Rng } from '../determinism.ts';
import type { CandidatePlan, PlannedPart, ResponsePlan } from './generate.ts';
import { renderCandidate, renderEnvelope, type AnswerMeta, type UsageCounts } from './response.ts';
import { textTokens } from './tokens.ts';
import { pullStream } from '../pull-stream.ts';

export type StreamFraming = 'sse' | 'json-array';

export interface StreamOptions {
  framing: StreamFraming;
  chunkDelayMs: number;
  /** Called once: `false` when the last byte was handed over, `true` when the reader cancelled first. */
  onEnd(aborted: boolean): void;
}

interface Step { parts: PlannedPart[] | null; tokens: number; last: boolean }

/** A candidate's answer cut into stream steps. */
function candidateSteps(candidate: CandidatePlan, rng: Rng): Step[] {
  const steps: Step[] = [];
  let callsEmitted = false;
  for (const part of candidate.parts) {
    if (part.functionCall) {
      if (!callsEmitted) steps.push({ parts: candidate.parts.filter((p) => p.functionCall), tokens: candidate.outputTokens, last: false });
      callsEmitted = true;
      continue;
    }
    const tokens = textTokens(part.text ?? '');
    const pieces: string[][] = [];
    if (part.thought) {
      const half = Math.ceil(tokens.length / 2);
      pieces.push(...[tokens.slice(0, half), tokens.slice(half)].filter((p) => p.length));
    } else {
      for (let at = 0; at < tokens.length;) {
        const take = rng.int(4, 14);
        pieces.push(tokens.slice(at, at + take));
        at += take;
      }
    }
    if (!pieces.length) pieces.push([]);
    pieces.forEach((piece, k) => {
      const signature = k === pieces.length - 1 && part.thoughtSignature ? { thoughtSignature: part.thoughtSignature } : {};
      const chunk: PlannedPart = { text: piece.join(''), ...(part.thought ? { thought: true } : {}), ...signature };
      steps.push({ parts: [chunk], tokens: part.thought ? 0 : piece.length, last: false });
    });
  }
  if (!steps.length) steps.push({ parts: candidate.blocked ? null : [], tokens: 0, last: true });
  steps.at(-1)!.last = true;
  return steps;
}

/** The chunk objects of a stream, in order, produced lazily. */
export function* streamChunks(plan: ResponsePlan, usage: UsageCounts, meta: AnswerMeta, hash: string): Generator<Record<string, unknown>> {
  if (plan.promptBlock) {
    yield renderEnvelope(null, usage, meta, plan.promptBlock);
    return;
  }
  const perCandidate = plan.candidates.map((c) => candidateSteps(c, new Rng(hash, `stream-${c.index}`)));
  const longest = Math.max(...perCandidate.map((s) => s.length));
  let emitted = 0;
  for (let i = 0; i < longest; i++) {
    const candidates: Record<string, unknown>[] = [];
    perCandidate.forEach((steps, c) => {
      const step = steps[i];
      if (!step) return;
      emitted += step.tokens;
      candidates.push(renderCandidate(plan.candidates[c]!, step.parts, step.last, meta));
    });
    const final = i === longest - 1;
    const running = final ? usage : { ...usage, candidatesTokens: Math.min(emitted, usage.candidatesTokens) };
    yield renderEnvelope(candidates, running, meta);
  }
}

/** One-line JSON as Google's front end writes it in SSE frames: `{"a": 1,"b": [{"c": "d"}]}`. */
export function googleCompactJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(googleCompactJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${googleCompactJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** An SSE `data:` frame with Google's CRLF line ends. */
export function googleSseFrame(value: unknown): string {
  return encodeSse(googleCompactJson(value)).replace(/\n/g, '\r\n');
}

function frame(chunk: Record<string, unknown>, index: number, framing: StreamFraming): string {
  if (framing === 'sse') return googleSseFrame(chunk);
  const pretty = JSON.stringify(chunk, null, 2);
  return index === 0 ? `[${pretty}` : `\n,\r\n${pretty}`;
}

export function streamBody(chunks: Iterator<Record<string, unknown>>, options: StreamOptions): ReadableStream<Uint8Array> {
  const end = options.framing === 'json-array' ? (count: number) => (count === 0 ? '[]' : '\n]') : undefined;
  return pullStream(chunks, (chunk, index) => frame(chunk, index, options.framing), { ...options, ...(end ? { end } : {}) });
}
