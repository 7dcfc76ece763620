/**
 * A realistic sample Report for the reports/ tests (and for eyeballing the HTML view:
 * `npx tsx -e "import('./reports/fixtures.ts').then(async (f) => (await import('./reports/write.ts')).writeReport(f.sampleReport(), 'reports/out/sample'))"`).
 * Two targets, nine checks across five suites, every outcome, a streamed case with its SSE transcript,
 * schema violations, and hostile gateway output (markup, control characters) that every view must escape.
 * Evidence is recorded through redact.ts with a planted key, so tests can also prove it never leaks.
 */
import type { CaseResult, CheckInfo, Evidence, Outcome, Report, TargetInfo, Violation } from './model.ts';
import { violation } from '../spec/violation.ts';
import { recordExchange } from './redact.ts';
import { summarize } from './summary.ts';

/** The gateway key the sample run used; it must appear in no rendered view. */
export const PLANTED_SECRET = 'sk-live-PLANTED0123456789abcdefXYZ';
/** Gateway output that would run if a view forgot to escape it. */
export const HOSTILE_SCRIPT = '<script>alert("pwned")</script>';

export const SAMPLE_TARGETS: TargetInfo[] = [
  {
    id: 'reference', kind: 'in-process', url: 'http://127.0.0.1:4000/v1', label: 'Touchstone reference gateway',
    version: '0.1.0', upstreams: { openai: 'http://127.0.0.1:4101/v1', anthropic: 'http://127.0.0.1:4102' },
  },
  { id: 'external', kind: 'external', url: 'https://gateway.example.test/api/llm/v1', label: 'Acme gateway (staging)' },
];

const CHAT = 'POST /chat/completions';
export const SAMPLE_CHECKS: CheckInfo[] = [
  { id: 'chat.response.schema', title: 'Response matches CreateChatCompletionResponse', level: 'MUST', suite: 'chat', endpoint: CHAT, operationId: 'createChatCompletion',
    requirement: 'A non-streamed chat completion response body MUST validate against the CreateChatCompletionResponse schema.' },
  { id: 'chat.stream.role-first', title: 'First chunk carries the assistant role', level: 'MUST', suite: 'chat', endpoint: CHAT, operationId: 'createChatCompletion',
    requirement: 'The first chat.completion.chunk of a stream MUST set choices[].delta.role to "assistant".' },
  { id: 'chat.stream.done', title: 'Stream ends with [DONE]', level: 'MUST', suite: 'chat', endpoint: CHAT,
    requirement: 'A streamed response MUST end with the event `data: [DONE]` after the last chunk.' },
  { id: 'chat.headers.request-id', title: 'Responses carry x-request-id', level: 'SHOULD', suite: 'chat', endpoint: CHAT,
    requirement: 'Every response SHOULD carry an x-request-id header so a call can be traced through the gateway & its upstream.' },
  { id: 'errors.envelope.unknown-model', title: 'Unknown model → OpenAI error envelope', level: 'MUST', suite: 'errors', endpoint: CHAT,
    requirement: 'A request for an unknown model MUST fail with 404 and the body {"error":{"message","type","param","code"}}.' },
  { id: 'embeddings.response.schema', title: 'Embeddings response matches the schema', level: 'MUST', suite: 'embeddings', endpoint: 'POST /embeddings', operationId: 'createEmbedding',
    requirement: 'An embeddings response MUST validate against the CreateEmbeddingResponse schema.' },
  { id: 'models.list.schema', title: 'Model list matches ListModelsResponse', level: 'MUST', suite: 'models', endpoint: 'GET /models', operationId: 'listModels',
    requirement: 'GET /models MUST return a ListModelsResponse; model ids SHOULD have the form provider_account/model_name.' },
  { id: 'batches.lifecycle', title: 'Batch moves validating → in_progress → completed', level: 'MAY', suite: 'batches', endpoint: 'POST /batches', operationId: 'createBatch',
    requirement: 'A created batch MAY be processed; when offered, its status MUST move validating → in_progress → completed.' },
  { id: 'tracing.metadata.forwarded', title: 'x-tfy-metadata is accepted', level: 'SHOULD', suite: 'tracing',
    requirement: 'The gateway SHOULD accept the x-tfy-metadata header (a JSON object of string values) on every request.' },
];

const auth = { authorization: `Bearer ${PLANTED_SECRET}`, 'content-type': 'application/json' };
const chatBody = (stream: boolean): string =>
  JSON.stringify({ model: 'openai-main/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hi' }], ...(stream ? { stream: true } : {}) });

function exchange(targetUrl: string, method: string, path: string, body: string | undefined,
  response: { status: number; headers?: Record<string, string>; body?: string; events?: string[] }): Evidence['exchanges'][number] {
  return recordExchange({
    request: { method, url: `${targetUrl}${path}`, headers: body ? auth : { authorization: auth.authorization }, ...(body ? { body } : {}) },
    response: { ...response, headers: { 'content-type': response.events ? 'text/event-stream' : 'application/json', ...response.headers } },
  }, { TOUCHSTONE_KEY: PLANTED_SECRET });
}

const chunk = (delta: object, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-7', object: 'chat.completion.chunk', created: 1763900000, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}`;

const completion = JSON.stringify({
  id: 'chatcmpl-1', object: 'chat.completion', created: 1763900000, model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
});

interface CaseSpec {
  checkId: string; targetId: string; scenario: string; outcome: Outcome; durationMs: number;
  message?: string; expected?: string; observed?: string; violations?: Violation[]; evidence: Evidence;
}

function caseOf(spec: CaseSpec): CaseResult {
  return { id: `${spec.checkId}@${spec.targetId}#${spec.scenario}`, violations: [], ...spec };
}

function casesFor(target: TargetInfo): CaseResult[] {
  const ext = target.id === 'external';
  const url = target.url;
  const t = target.id;
  const streamEvents = ext
    ? [chunk({ content: 'Hi' }), chunk({ content: '!' }), chunk({}, 'stop'), 'data: [DONE]']
    : [chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hi' }), chunk({ content: '!' }), chunk({}, 'stop'), 'data: [DONE]'];
  const streamed = exchange(url, 'POST', '/chat/completions', chatBody(true), { status: 200, events: streamEvents, headers: { 'x-request-id': 'req_stream1' } });
  const plain = exchange(url, 'POST', '/chat/completions', chatBody(false), {
    status: 200, headers: ext ? {} : { 'x-request-id': 'req_1', 'x-ratelimit-remaining-tokens': '149990' },
    body: ext ? completion.replace('"total_tokens":11', '"total_tokens":"11"').replace('"stop"', '"done"') : completion,
  });
  return [
    caseOf({ checkId: 'chat.response.schema', targetId: t, scenario: 'openai-sdk', outcome: ext ? 'fail' : 'pass', durationMs: 41,
      ...(ext ? {
        message: '2 schema violations in the response body',
        expected: 'a CreateChatCompletionResponse', observed: 'usage.total_tokens is a string; finish_reason "done"',
        violations: [
          violation('/usage/total_tokens', 'integer', '"11"', 'type'),
          violation('/choices/0/finish_reason', 'one of stop, length, tool_calls, content_filter, function_call', '"done"', 'enum'),
        ],
      } : {}),
      evidence: { exchanges: [plain] } }),
    caseOf({ checkId: 'chat.response.schema', targetId: t, scenario: 'raw fetch, n=1', outcome: 'pass', durationMs: 33,
      evidence: { exchanges: [exchange(url, 'POST', '/chat/completions', chatBody(false), { status: 200, body: completion })] } }),
    caseOf({ checkId: 'chat.stream.role-first', targetId: t, scenario: 'openai-sdk, stream', outcome: ext ? 'fail' : 'pass', durationMs: 120,
      ...(ext ? {
        message: 'first chunk has no delta.role',
        expected: 'delta.role = "assistant" in event 1', observed: 'event 1 delta is {"content":"Hi"}',
        violations: [violation('/choices/0/delta/role', '"assistant"', 'missing', 'required')],
      } : {}),
      evidence: { exchanges: [streamed], notes: ['Stream parsed into events with lib/sse.ts; event numbers are 1-based.'] } }),
    caseOf({ checkId: 'chat.stream.done', targetId: t, scenario: 'openai-sdk, stream', outcome: 'pass', durationMs: 118, evidence: { exchanges: [streamed] } }),
    caseOf({ checkId: 'chat.headers.request-id', targetId: t, scenario: 'raw fetch', outcome: ext ? 'non-strict' : 'pass', durationMs: 30,
      ...(ext ? { message: 'no x-request-id header on a 200 response', expected: 'x-request-id: <id>', observed: 'header absent',
        violations: [violation('', 'header x-request-id', 'missing', 'header')] } : {}),
      evidence: { exchanges: [plain] } }),
    caseOf({ checkId: 'errors.envelope.unknown-model', targetId: t, scenario: 'raw fetch', outcome: ext ? 'fail' : 'pass', durationMs: 12,
      ...(ext ? {
        message: `expected the OpenAI error envelope, got an HTML page: ${HOSTILE_SCRIPT}`,
        expected: '404 {"error":{...}}', observed: `404 text/html <h1>Not found</h1>${HOSTILE_SCRIPT}\u001b[31m\u0000`,
        violations: [violation('', 'object with property error', `"<h1>Not found</h1>${HOSTILE_SCRIPT}"`, 'type')],
      } : {}),
      evidence: { exchanges: [exchange(url, 'POST', '/chat/completions', JSON.stringify({ model: 'nope/none', messages: [] }), ext
        ? { status: 404, headers: { 'content-type': 'text/html', 'x-echo': `${HOSTILE_SCRIPT} & "quotes" ]]> \u0007` }, body: `<h1>Not found</h1>${HOSTILE_SCRIPT}<img src="https://evil.example/x.png">` }
        : { status: 404, body: '{"error":{"message":"Model nope/none not found","type":"invalid_request_error","param":"model","code":"model_not_found"}}' })] } }),
    caseOf({ checkId: 'embeddings.response.schema', targetId: t, scenario: 'openai-sdk', outcome: 'pass', durationMs: 25,
      evidence: { exchanges: [exchange(url, 'POST', '/embeddings', JSON.stringify({ model: 'openai-main/text-embedding-3-small', input: 'hi' }),
        { status: 200, body: '{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,-0.2]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":1,"total_tokens":1}}' })] } }),
    caseOf({ checkId: 'models.list.schema', targetId: t, scenario: 'raw fetch', outcome: ext ? 'informational' : 'pass', durationMs: 8,
      ...(ext ? { message: '3 model ids are not of the form provider_account/model_name', observed: 'gpt-4o, claude-3-5-sonnet, gemini-2.0-flash' } : {}),
      evidence: { exchanges: [exchange(url, 'GET', '/models', undefined,
        { status: 200, body: '{"object":"list","data":[{"id":"openai-main/gpt-4o","object":"model","created":0,"owned_by":"openai"}]}' })] } }),
    caseOf({ checkId: 'batches.lifecycle', targetId: t, scenario: 'openai-sdk', outcome: ext ? 'unimplemented' : 'pass', durationMs: ext ? 6 : 210,
      ...(ext ? { message: 'POST /batches answered 404: batches are not offered by this target' } : {}),
      evidence: { exchanges: [exchange(url, 'POST', '/batches', '{"input_file_id":"file-abc","endpoint":"/v1/chat/completions","completion_window":"24h"}',
        ext ? { status: 404, body: '{"error":{"message":"Not found","type":"invalid_request_error","param":null,"code":null}}' }
          : { status: 200, body: '{"id":"batch_1","object":"batch","status":"validating"}' })] } }),
    caseOf({ checkId: 'tracing.metadata.forwarded', targetId: t, scenario: 'raw fetch', outcome: 'informational', durationMs: 15,
      message: 'accepted; forwarding to the upstream is not observable against this target',
      evidence: { exchanges: [], notes: ['No upstream journal for this target: only acceptance (2xx) was checked.'] } }),
  ];
}

/** A fresh sample report (tests may mutate it). */
export function sampleReport(): Report {
  const cases = SAMPLE_TARGETS.flatMap(casesFor);
  return {
    schemaVersion: 1,
    tool: { name: 'touchstone', version: '0.1.0' },
    run: {
      id: 'run-2025-11-23T14-36-05Z-4242', startedAt: '2025-11-23T14:36:05.120Z', finishedAt: '2025-11-23T14:36:09.870Z',
      durationMs: 4750, seed: 4242, command: 'touchstone run --target https://gateway.example.test/api/llm/v1 --key $TOUCHSTONE_KEY',
      machine: { node: 'v20.19.5', platform: 'linux', arch: 'x64', cpus: 8 },
    },
    targets: structuredClone(SAMPLE_TARGETS),
    checks: structuredClone(SAMPLE_CHECKS),
    cases,
    summary: summarize(cases),
  };
}
