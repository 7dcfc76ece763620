/**
 * fast-check generators for the Gemini translator's property tests (suites/properties/{gemini,vertex}):
 * OpenAI chat requests of every role and part type the Gemini API takes, with tools, tool_choice,
 * response_format, reasoning, sampling, stop and n — valid ones, and ones asking for something the
 * gateway must refuse (with the parameter the 400 must name); and Gemini replies in both forms, one
 * GenerateContentResponse and the equivalent event sequence of a stream. Test support only.
 */
import fc from 'fast-check';
import type { GeminiPart } from './messages.ts';
import type { GeminiResponse } from './response.ts';

type Json = Record<string, any>;

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n').toString('base64');
const WAV = Buffer.from('RIFF$\u0000\u0000\u0000WAVEfmt ').toString('base64');

/** Non-blank text without the simulators' fault marker (no brackets in the alphabet). */
export const text = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.?!'-]{0,40}$/);
const toolName = fc.stringMatching(/^[a-z][a-z0-9_]{2,14}$/);

const userPart = fc.oneof(
  { weight: 5, arbitrary: text.map((t) => ({ type: 'text', text: t })) },
  { weight: 1, arbitrary: fc.constant({ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }) },
  { weight: 1, arbitrary: fc.constant({ type: 'image_url', image_url: { url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg', detail: 'auto' } }) },
  { weight: 1, arbitrary: fc.constant({ type: 'file', file: { filename: 'doc.pdf', file_data: `data:application/pdf;base64,${PDF}` } }) },
  { weight: 1, arbitrary: fc.constantFrom('wav', 'mp3').map((format) => ({ type: 'input_audio', input_audio: { data: WAV, format } })) },
);
const userContent = fc.oneof(text, fc.array(userPart, { minLength: 1, maxLength: 3 }).filter((parts) => parts.some((p) => p.type === 'text')));
const systemContent = fc.oneof(text, fc.array(fc.tuple(text, fc.boolean()).map(([t, cached]) => ({ type: 'text', text: t, ...(cached ? { cache_control: { type: 'ephemeral' } } : {}) })), { minLength: 1, maxLength: 2 }));

/** reasoning_effort values each model takes (Gemini 2.5 Pro cannot turn thinking off; Gemini 3 Pro knows low and high). */
const EFFORTS: Record<string, readonly string[]> = {
  'gemini-2.5-flash': ['none', 'minimal', 'low', 'medium', 'high'],
  'gemini-2.5-pro': ['minimal', 'low', 'medium', 'high'],
  'gemini-3-pro-preview': ['low', 'high'],
};

export interface ChatScenario {
  body: Json;
  /** Set when the request asks for something the gateway must refuse: the parameter its 400 must name. */
  refusedParam?: string;
}

const tool = (name: string, strict: boolean) => ({
  type: 'function',
  function: { name, description: `Tool ${name}`, parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'], ...(strict ? { additionalProperties: false } : {}) }, ...(strict ? { strict: true } : {}) },
});

/** A request Gemini accepts: valid history (tool results answer earlier calls), consistent options. */
export function validChatRequest(account: string): fc.Arbitrary<Json> {
  return fc.record({
    model: fc.constantFrom(...Object.keys(EFFORTS)),
    system: fc.option(fc.array(fc.record({ role: fc.constantFrom('system', 'developer'), content: systemContent }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    tools: fc.uniqueArray(toolName, { maxLength: 3 }),
    strict: fc.boolean(),
    turns: fc.array(fc.record({ user: userContent, reply: fc.oneof(text.map((t) => ({ kind: 'text' as const, t })), fc.nat(2).map((n) => ({ kind: 'tools' as const, n: n + 1 }))) }), { maxLength: 3 }),
    last: userContent,
    parallel: fc.boolean(),
    reasoning: fc.option(fc.nat(4), { nil: undefined }),
    sampling: fc.option(fc.record({
      temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
      top_p: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      top_k: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
      seed: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
    }), { nil: undefined }),
    toolChoice: fc.constantFrom(undefined, 'auto', 'none', 'required', 'named'),
    format: fc.constantFrom(undefined, 'text', 'json_object', 'json_schema', 'json_schema_strict'),
    stop: fc.option(fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 4 })), { nil: undefined }),
    maxTokens: fc.option(fc.tuple(fc.constantFrom('max_tokens', 'max_completion_tokens'), fc.integer({ min: 64, max: 8192 })), { nil: undefined }),
    n: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    stream: fc.boolean(),
    includeUsage: fc.boolean(),
  }).map((g): Json => {
    const hasToolHistory = g.turns.some((t) => t.reply.kind === 'tools') && g.tools.length > 0;
    // Gemini 3 needs thought signatures on replayed calls; generated history has none, so it uses 2.5.
    const model = hasToolHistory && g.model.startsWith('gemini-3') ? 'gemini-2.5-flash' : g.model;
    const tools = g.tools.map((name) => tool(name, g.strict));
    const messages: Json[] = [...(g.system ?? [])];
    let call = 0;
    for (const turn of g.turns) {
      messages.push({ role: 'user', content: turn.user });
      if (turn.reply.kind === 'tools' && tools.length > 0) {
        const calls = Array.from({ length: turn.reply.n }, (_, i) => ({ id: `call_${++call}`, type: 'function', function: { name: g.tools[i % g.tools.length]!, arguments: JSON.stringify({ q: `question ${call}` }) } }));
        messages.push({ role: 'assistant', content: null, tool_calls: calls });
        for (const c of calls) messages.push({ role: 'tool', tool_call_id: c.id, content: `result of ${c.id}` });
      } else {
        messages.push({ role: 'assistant', content: turn.reply.kind === 'text' ? turn.reply.t : 'OK' });
      }
    }
    // Naming two tools invites parallel calls.
    messages.push({ role: 'user', content: g.parallel && g.tools.length >= 2 ? `Call ${g.tools[0]} and ${g.tools[1]}.` : g.last });
    const body: Json = { model: `${account}/${model}`, messages };
    if (tools.length) {
      body.tools = tools;
      if (g.toolChoice === 'named') body.tool_choice = { type: 'function', function: { name: g.tools[0] } };
      else if (g.toolChoice) body.tool_choice = g.toolChoice;
    } else if (g.format && g.format !== 'text') {
      // Gemini 2.5 does not combine function calling with JSON output, so formats go without tools.
      const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], ...(g.format === 'json_schema_strict' ? { additionalProperties: false } : {}) };
      body.response_format = g.format === 'json_object' ? { type: 'json_object' } : { type: 'json_schema', json_schema: { name: 'answer', schema, strict: g.format === 'json_schema_strict' } };
    } else if (g.format === 'text') {
      body.response_format = { type: 'text' };
    }
    const efforts = EFFORTS[model]!;
    if (g.reasoning !== undefined) body.reasoning_effort = efforts[g.reasoning % efforts.length];
    for (const [k, v] of Object.entries(g.sampling ?? {})) if (v !== undefined) body[k] = v;
    if (g.stop !== undefined) body.stop = g.stop;
    if (g.maxTokens) body[g.maxTokens[0]] = g.maxTokens[1];
    if (g.n !== undefined) body.n = g.n;
    if (g.stream) {
      body.stream = true;
      if (g.includeUsage) body.stream_options = { include_usage: true };
    }
    return body;
  });
}

/** Ways to ask for what Gemini cannot do, each with the parameter the 400 must name. */
const REFUSALS: readonly ((body: Json) => { body: Json; param: string })[] = [
  (b) => ({ body: { ...b, logit_bias: { 50256: -100 } }, param: 'logit_bias' }),
  (b) => ({ body: { ...b, logprobs: true, top_logprobs: 2 }, param: 'logprobs' }),
  (b) => ({ body: { ...b, user: 'user-1234' }, param: 'user' }),
  (b) => ({ body: { ...b, reasoning_effort: 'xhigh' }, param: 'reasoning_effort' }),
  (b) => ({ body: { ...b, x_vendor_flag: true }, param: 'x_vendor_flag' }),
  (b) => ({ body: { ...b, tools: [tool('lookup', false)], tool_choice: undefined, parallel_tool_calls: false }, param: 'parallel_tool_calls' }),
  (b) => ({ body: { ...b, messages: [{ role: 'user', content: 'hi', name: 'alice' }, ...b.messages.slice(1)] }, param: 'messages[0].name' }),
];

export function chatScenario(account: string): fc.Arbitrary<ChatScenario> {
  return fc.oneof(
    { weight: 5, arbitrary: validChatRequest(account).map((body) => ({ body })) },
    { weight: 1, arbitrary: fc.tuple(validChatRequest(account), fc.nat(REFUSALS.length - 1)).map(([body, i]) => {
      const refused = REFUSALS[i]!(body);
      return { body: refused.body, refusedParam: refused.param };
    }) },
  );
}

/** What the request says Gemini must receive: system texts, every message text in order, tool names. */
export function requestContent(body: Json): { system: string[]; texts: string[]; tools: string[] } {
  const textsOf = (content: unknown): string[] => typeof content === 'string' ? [content]
    : Array.isArray(content) ? content.filter((p: Json) => p.type === 'text').map((p: Json) => p.text) : [];
  const system: string[] = [];
  const texts: string[] = [];
  for (const m of body.messages as Json[]) {
    if (m.role === 'system' || m.role === 'developer') system.push(...textsOf(m.content));
    else texts.push(...textsOf(m.content));
  }
  return { system, texts, tools: ((body.tools ?? []) as Json[]).map((t) => t.function.name) };
}

/** The same, read from a Gemini request body as the upstream received it. */
export function upstreamContent(body: Json): { system: string[]; texts: string[]; tools: string[] } {
  const parts = (body.contents ?? []).flatMap((c: Json) => c.parts as GeminiPart[]);
  return {
    system: (body.systemInstruction?.parts ?? []).map((p: Json) => p.text),
    texts: parts.flatMap((p: GeminiPart) => typeof p.text === 'string' ? [p.text] : p.functionResponse ? [String(p.functionResponse.response.output)] : []),
    tools: (body.tools ?? []).flatMap((t: Json) => t.functionDeclarations.map((d: Json) => d.name)),
  };
}

// ------------------------------------------------------------------ upstream replies, in both forms

const replyPart = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('thought' as const), text: text }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('text' as const), text: text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('call' as const), name: toolName, args: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 3 }), signature: fc.option(fc.base64String({ minLength: 4, maxLength: 24 }).filter((s) => s.length > 0), { nil: undefined }) }) },
);

const candidateReply = fc.record({
  parts: fc.array(replyPart, { maxLength: 5 }),
  finishReason: fc.constantFrom('STOP', 'STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'OTHER', 'MALFORMED_FUNCTION_CALL'),
  /** Where text parts are cut in the stream, as fractions of their length. */
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 2 }),
});

export interface GeminiReplyPair { response: GeminiResponse; events: Json[] }

/** A Gemini reply with 1–2 candidates, as one response and as the events of its stream. */
export const geminiReply: fc.Arbitrary<GeminiReplyPair> = fc.record({
  candidates: fc.array(candidateReply, { minLength: 1, maxLength: 2 }),
  usage: fc.record({ promptTokenCount: fc.nat(5000), candidatesTokenCount: fc.nat(2000), thoughtsTokenCount: fc.option(fc.nat(3000), { nil: undefined }), cachedContentTokenCount: fc.option(fc.nat(4000), { nil: undefined }) }),
  vertexStyle: fc.boolean(),
}).map(({ candidates, usage, vertexStyle }) => {
  const toPart = (p: typeof candidates[number]['parts'][number]): GeminiPart =>
    p.kind === 'call' ? { functionCall: { name: p.name, args: p.args }, ...(p.signature ? { thoughtSignature: p.signature } : {}) }
      : p.kind === 'thought' ? { text: p.text, thought: true } : { text: p.text };
  const index = (i: number) => (vertexStyle && i === 0 ? {} : { index: i });
  const usageMetadata = { ...usage, totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0) };
  const response: GeminiResponse = {
    candidates: candidates.map((c, i) => ({ content: { role: 'model', parts: c.parts.map(toPart) }, finishReason: c.finishReason, ...index(i) })),
    usageMetadata,
  };
  // Stream: per candidate, its parts with text parts cut into pieces; event k carries piece k of each candidate.
  const pieces = candidates.map((c) => c.parts.flatMap((p): GeminiPart[] => {
    if (p.kind === 'call') return [toPart(p)];
    const at = [...new Set(c.cuts.map((f) => Math.floor(f * p.text.length)))].filter((n) => n > 0 && n < p.text.length).sort((a, b) => a - b);
    const bounds = [0, ...at, p.text.length];
    return bounds.slice(1).map((end, k) => ({ ...toPart(p), text: p.text.slice(bounds[k], end) }));
  }));
  const length = Math.max(1, ...pieces.map((p) => p.length));
  const events: Json[] = Array.from({ length }, (_, k) => ({
    candidates: candidates.map((c, i) => ({
      content: { role: 'model', parts: pieces[i]![k] ? [pieces[i]![k]] : [] },
      ...(k === length - 1 ? { finishReason: c.finishReason } : {}),
      ...index(i),
    })),
    usageMetadata: k === length - 1 ? usageMetadata : { promptTokenCount: usage.promptTokenCount },
  }));
  return { response, events };
});
