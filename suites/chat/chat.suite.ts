/**
 * Chat completions conformance: non-streamed and streamed responses validated against the contract,
 * the stream grammar, tool calls (whole and as deltas), and the official openai client end to end.
 */
import OpenAI from 'openai';
import { describe } from 'vitest';
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import { contentTypeViolations, contractViolations, eventViolations, prefixed, statusViolations } from '../assertions.ts';
import { scenario, type ScenarioContext } from '../scenario.ts';
import * as grammar from './grammar.ts';
import { plainChat, toolChat, weatherTool } from './requests.ts';

const OP = 'createChatCompletion';
const STREAM_CHECKS = ['chat.stream.content-type', 'chat.stream.framing', 'chat.stream.chunk-schema', 'chat.stream.role-first', 'chat.stream.stable-id', 'chat.stream.one-finish', 'chat.stream.usage-chunk', 'chat.stream.done-last'];

async function streamAndCheck(s: ScenarioContext, body: Record<string, unknown>, includeUsage: boolean) {
  const res = await s.recorder.send('POST', '/chat/completions', { body });
  s.verdict('chat.stream.content-type', [...statusViolations(res, 200), ...contentTypeViolations(res, 'text/event-stream')]);
  const stream = grammar.parseStream(res.events, res.partial);
  const inEvents = (v: Violation[]) => prefixed('/events', v);
  s.verdict('chat.stream.framing', inEvents(grammar.checkFraming(stream)));
  s.verdict('chat.stream.chunk-schema', eventViolations(OP, stream.chunks));
  s.verdict('chat.stream.role-first', inEvents(grammar.checkRoleFirst(stream)));
  s.verdict('chat.stream.stable-id', inEvents(grammar.checkStableId(stream)));
  s.verdict('chat.stream.one-finish', inEvents(grammar.checkOneFinish(stream)));
  s.verdict('chat.stream.usage-chunk', inEvents(grammar.checkUsageChunk(stream, includeUsage)));
  s.verdict('chat.stream.done-last', inEvents(grammar.checkDoneLast(stream)));
  return stream;
}

function client(s: ScenarioContext): OpenAI {
  return new OpenAI({ apiKey: s.target.key, baseURL: s.target.url, fetch: s.recorder.fetch, maxRetries: 0, timeout: 30_000 });
}

describe('chat completions', () => {
  scenario('raw HTTP, non-streamed', ['chat.response.status', 'chat.response.content-type', 'chat.response.schema', 'chat.response.usage'], async (s) => {
    const res = await s.recorder.send('POST', '/chat/completions', { body: plainChat(s.target.models.chat) });
    s.verdict('chat.response.status', statusViolations(res, 200));
    s.verdict('chat.response.content-type', contentTypeViolations(res, 'application/json'));
    s.verdict('chat.response.schema', contractViolations(OP, res));
    const usage = (res.json as { usage?: Record<string, unknown> } | undefined)?.usage;
    const sum = Number(usage?.prompt_tokens) + Number(usage?.completion_tokens);
    s.verdict('chat.response.usage', usage?.total_tokens === sum ? [] : [violation('/body/usage/total_tokens', `prompt_tokens + completion_tokens = ${sum}`, describeValue(usage?.total_tokens), 'chat.usage-sum')]);
  });

  scenario('raw HTTP, streamed with include_usage', STREAM_CHECKS, async (s) => {
    await streamAndCheck(s, plainChat(s.target.models.chat, { stream: true, stream_options: { include_usage: true } }), true);
  });

  scenario('raw HTTP, streamed without usage', STREAM_CHECKS, async (s) => {
    await streamAndCheck(s, plainChat(s.target.models.chat, { stream: true }), false);
  });

  scenario('raw HTTP, tool_choice required', ['chat.response.schema', 'chat.tools.call'], async (s) => {
    const res = await s.recorder.send('POST', '/chat/completions', { body: toolChat(s.target.models.chat) });
    s.verdict('chat.response.schema', [...statusViolations(res, 200), ...contractViolations(OP, res)]);
    const choice = (res.json as { choices?: Record<string, any>[] } | undefined)?.choices?.[0];
    const out: Violation[] = [];
    const calls: unknown = choice?.message?.tool_calls;
    if (!Array.isArray(calls) || calls.length === 0) out.push(violation('/body/choices/0/message/tool_calls', 'a non-empty array', describeValue(calls), 'chat.tool-missing'));
    else calls.forEach((call: any, i: number) => {
      const ptr = `/body/choices/0/message/tool_calls/${i}`;
      if (typeof call?.id !== 'string' || !call.id) out.push(violation(`${ptr}/id`, 'a non-empty string', describeValue(call?.id), 'chat.tool-id'));
      if (call?.type !== 'function') out.push(violation(`${ptr}/type`, '"function"', describeValue(call?.type), 'chat.tool-type'));
      if (call?.function?.name !== weatherTool.function.name) out.push(violation(`${ptr}/function/name`, `"${weatherTool.function.name}"`, describeValue(call?.function?.name), 'chat.tool-name'));
      try {
        const args = JSON.parse(call?.function?.arguments) as unknown;
        if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new Error();
      } catch { out.push(violation(`${ptr}/function/arguments`, 'a string holding a JSON object', describeValue(call?.function?.arguments), 'chat.tool-args-json')); }
    });
    if (choice?.finish_reason !== 'tool_calls') out.push(violation('/body/choices/0/finish_reason', '"tool_calls"', describeValue(choice?.finish_reason), 'chat.tool-finish'));
    s.verdict('chat.tools.call', out);
  });

  scenario('raw HTTP, streamed tool call', [...STREAM_CHECKS, 'chat.stream.tool-deltas'], async (s) => {
    const stream = await streamAndCheck(s, toolChat(s.target.models.chat, { stream: true, stream_options: { include_usage: true } }), true);
    const { violations, calls } = grammar.checkToolDeltas(stream, [weatherTool.function.name]);
    s.verdict('chat.stream.tool-deltas', prefixed('/events', violations), { observed: calls.map((c) => `${String(c.name)}(${c.arguments})`).join(', ') });
  });

  scenario('openai SDK, non-streamed', ['chat.sdk.non-stream'], async (s) => {
    const completion = await client(s).chat.completions.create(plainChat(s.target.models.chat) as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const message = completion.choices[0]?.message;
    s.verdict('chat.sdk.non-stream', typeof message?.content === 'string' && message.content.length > 0
      ? [] : [violation('/choices/0/message/content', 'a non-empty string', describeValue(message?.content), 'sdk.content')], { observed: message?.content ?? undefined });
  });

  scenario('openai SDK, streamed (iterator and stream helper)', ['chat.sdk.stream'], async (s) => {
    const openai = client(s);
    const body = plainChat(s.target.models.chat, { stream: true, stream_options: { include_usage: true } }) as OpenAI.ChatCompletionCreateParamsStreaming;
    let text = '';
    let chunks = 0;
    for await (const chunk of await openai.chat.completions.create(body)) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    const out: Violation[] = [];
    if (chunks === 0 || text === '') out.push(violation('', 'chunks with content', `${chunks} chunks, text ${describeValue(text)}`, 'sdk.stream-empty'));
    const final = await openai.chat.completions.stream(toolChat(s.target.models.chat) as Parameters<typeof openai.chat.completions.stream>[0]).finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    if (!call || call.type !== 'function') out.push(violation('/choices/0/message/tool_calls/0', 'a function tool call assembled by the stream helper', describeValue(call), 'sdk.tool-assembly'));
    else {
      try { JSON.parse(call.function.arguments); } catch { out.push(violation('/choices/0/message/tool_calls/0/function/arguments', 'JSON', describeValue(call.function.arguments), 'sdk.tool-args')); }
    }
    s.verdict('chat.sdk.stream', out, { observed: `${chunks} chunks; text ${describeValue(text)}; tool call ${call?.type === 'function' ? `${call.function.name}(${call.function.arguments})` : 'none'}` });
  });
});
