/**
 * Every HTTP operation of the contract, one scenario each (run concurrently): auth without and with a
 * bad key, a seeded fast-check batch of invalid requests derived from the request schema (4xx envelope,
 * never 2xx/5xx; the minimal counterexample reported on failure), a batch of generated valid variants,
 * then the valid request itself, whose answer is held to the contract (status, content type, schema,
 * documented headers) — which also proves the gateway still serves after the negative batch.
 * Plus the route checks: an unknown route is a 404, a wrong method a 405 with Allow.
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import { getOperation, loadSpec, matchMediaType, validate, validateEvent, validateRequest, validateSchema, HTTP_METHODS, type OperationInfo, type ParameterObject, type ResponseObject, type SchemaObject } from '../../spec/index.ts';
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import { contractViolations, envelopeViolations, prefixed } from '../assertions.ts';
import type { HttpResult } from '../recorder.ts';
import { scenario, type ScenarioContext } from '../scenario.ts';
import { pathClaimed } from '../profile/select.ts';
import { mutationsOf, queryMutationsOf, resolveSchema, validOptionalArb, type Mutation } from './arbitraries.ts';
import { httpOperations } from './checks.ts';
import { POSITIVE } from './positive.ts';
import { buildRequest, Fixtures, type OpRequest } from './requests.ts';
import { sendOp } from './send.ts';

const NEGATIVE_RUNS = 12;
const POSITIVE_RUNS = 6;
const FRESH = new Set(['cancelBatch', 'cancelFineTuningJob']);
const INVALID_KEY = 'tsk-touchstone-not-a-key-0000000000000000';

/** The run's seed (`touchstone run --seed`), as vitest's sequence.seed in this worker. */
function runSeed(): number {
  const state = (globalThis as { __vitest_worker__?: { config?: { sequence?: { seed?: number } } } }).__vitest_worker__;
  return state?.config?.sequence?.seed ?? 0;
}

/** A stable per-operation seed, so each operation's generation is reproducible on its own. */
function opSeed(operationId: string): number {
  let h = runSeed() | 0;
  for (const c of operationId) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return h;
}

// ------------------------------------------------------------------ spec lookups
type Ref = { $ref?: string };
function deref<T>(value: unknown): T | undefined {
  let node = value as Ref | undefined;
  for (let i = 0; i < 8 && node && typeof node.$ref === 'string'; i++) {
    node = node.$ref.slice(2).split('/').reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], loadSpec()) as Ref | undefined;
  }
  return node as T | undefined;
}

function operationObject(op: OperationInfo) {
  const item = loadSpec().paths[op.path]!;
  return { item, operation: item[op.method.toLowerCase() as 'get']! };
}

function parametersOf(op: OperationInfo): ParameterObject[] {
  const { item, operation } = operationObject(op);
  return [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref<ParameterObject>(p)!).filter(Boolean);
}

function requestSchema(op: OperationInfo): { contentType: string; schema: SchemaObject } | undefined {
  const body = deref<{ content: Record<string, { schema?: SchemaObject }> }>(operationObject(op).operation.requestBody);
  const [contentType, media] = Object.entries(body?.content ?? {})[0] ?? [];
  return contentType && media?.schema ? { contentType, schema: media.schema } : undefined;
}

function documentedHeaders(op: OperationInfo, status: number): Record<string, { required?: boolean; schema?: SchemaObject }> {
  const responses = operationObject(op).operation.responses;
  const response = deref<ResponseObject>(responses[String(status)] ?? responses.default);
  const out: Record<string, { required?: boolean; schema?: SchemaObject }> = {};
  for (const [name, h] of Object.entries(response?.headers ?? {})) out[name] = deref(h) ?? {};
  return out;
}

// ------------------------------------------------------------------ verdict helpers
function headerViolations(op: OperationInfo, res: HttpResult): { violations: Violation[]; notes: string[] } {
  const documented = documentedHeaders(op, res.status);
  const violations: Violation[] = [];
  for (const [name, spec] of Object.entries(documented)) {
    const value = res.headers.get(name);
    const pointer = `/headers/${name.toLowerCase()}`;
    if (value === null) {
      if (spec.required) violations.push(violation(pointer, 'present (required by the contract)', 'missing', 'header.required'));
      continue;
    }
    const s = resolveSchema(spec.schema ?? {});
    if (s.const !== undefined && value.toLowerCase() !== String(s.const).toLowerCase()) violations.push(violation(pointer, JSON.stringify(s.const), JSON.stringify(value), 'header.const'));
    if (Array.isArray(s.enum) && !s.enum.map(String).includes(value)) violations.push(violation(pointer, `one of ${s.enum.join(', ')}`, JSON.stringify(value), 'header.enum'));
    if ((s.type === 'integer' || s.type === 'number') && !/^-?\d+(\.\d+)?$/.test(value.trim())) violations.push(violation(pointer, s.type, JSON.stringify(value), 'header.type'));
  }
  const names = Object.keys(documented);
  return { violations, notes: [names.length ? `headers documented for ${res.status}: ${names.join(', ')}` : `no headers documented for ${res.status}`] };
}

const isSuccess = (op: OperationInfo, status: number) => op.successStatuses.includes(status);

function statusCheck(op: OperationInfo, res: HttpResult): Violation[] {
  return isSuccess(op, res.status) ? [] : [violation('/status', `a documented success status (${op.successStatuses.join(', ')})`, `${res.status} ${describeValue(res.text.slice(0, 160) || undefined)}`, 'http.status')];
}

function contentTypeCheck(op: OperationInfo, res: HttpResult): Violation[] {
  const documented = op.responses.find((r) => r.status === String(res.status))?.contentTypes ?? [];
  if (!isSuccess(op, res.status)) return [violation('/status', 'a success answer to check the content type of', String(res.status), 'http.status')];
  if (documented.length === 0) return [];
  if (!res.contentType || !matchMediaType(res.contentType, documented)) return [violation('/headers/content-type', `one of ${documented.join(', ')}`, describeValue(res.contentType ?? undefined), 'http.content-type')];
  return [];
}

function schemaCheck(op: OperationInfo, res: HttpResult): Violation[] {
  if (!isSuccess(op, res.status)) return [violation('/status', 'a success answer to validate', String(res.status), 'http.status')];
  if (res.contentType?.startsWith('text/event-stream')) {
    const out: Violation[] = [];
    if (res.events.length === 0) out.push(violation('/events', 'at least one event', 'none', 'sse.empty'));
    res.events.forEach((ev, i) => out.push(...prefixed(`/events/${i}`, validateEvent(op.operationId, ev.data, res.status).violations)));
    if (res.partial) out.push(violation(`/events/${res.events.length}`, 'a complete event', 'an unterminated event', 'sse.partial'));
    return out;
  }
  const json = res.contentType ? /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(res.contentType) : false;
  const out = json ? contractViolations(op.operationId, res) : prefixed('/body', validate(op.operationId, res.status, res.contentType, res.text).violations);
  if (res.json === undefined && res.text.length === 0 && (op.responses.find((r) => r.status === String(res.status))?.contentTypes.length ?? 0) > 0) {
    out.push(violation('/body', 'a non-empty body', 'empty', 'body.empty'));
  }
  return out;
}

/** A rejected invalid request: a 4xx the operation documents, JSON, the OpenAI envelope. */
function rejectionViolations(op: OperationInfo, res: HttpResult): Violation[] {
  if (res.status < 400 || res.status >= 500) {
    return [violation('/status', 'a 4xx rejection', `${res.status} ${describeValue(res.text.slice(0, 160) || undefined)}`, res.status >= 500 ? 'neg.server-error' : 'neg.accepted')];
  }
  return envelopeViolations(op.operationId, res, res.status);
}

// ------------------------------------------------------------------ negative and positive batches
interface Probe { label: string; request: OpRequest; overrides?: { key?: string | null; headers?: Record<string, string> } }

function negativeProbes(op: OperationInfo, base: OpRequest): { arb: fc.Arbitrary<Probe>; notes: string[] } | undefined {
  const notes: string[] = [];
  const body = requestSchema(op);
  if (body && (base.json || base.form)) {
    const form = body.contentType === 'multipart/form-data';
    const fields = (base.json ?? base.form)!;
    const specials: Mutation[] = op.operationId === 'createChatCompletion' ? [
      { kind: 'special', property: 'stream_options', description: '`stream_options` without `stream`', body: { ...fields, stream_options: { include_usage: true } } },
      { kind: 'special', property: 'tool_choice', description: 'a named `tool_choice` not among `tools`', body: { ...fields, tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }], tool_choice: { type: 'function', function: { name: 'touchstone_not_declared' } } } },
      { kind: 'special', property: 'response_format', description: '`response_format` of an unknown type', body: { ...fields, response_format: { type: 'touchstone-unknown-format' } } },
      { kind: 'special', property: 'response_format', description: '`response_format` json_schema without a schema', body: { ...fields, response_format: { type: 'json_schema' } } },
    ] : [];
    const all = mutationsOf(body.schema, fields, { form });
    // Only what the contract forbids: a mutation the validator still accepts is not a negative case.
    const invalid = all.filter((m) => !validateRequest(op.operationId, body.contentType, m.body).ok);
    notes.push(`${invalid.length} schema mutations confirmed invalid (${all.length - invalid.length} skipped as still valid)${specials.length ? ` + ${specials.length} semantic specials` : ''}`);
    const candidates = [...specials, ...invalid];
    if (candidates.length === 0) return undefined;
    return { notes, arb: fc.constantFrom(...candidates).map((m) => ({ label: `${m.kind}: ${m.description}`, request: { ...base, ...(form ? { form: m.body } : { json: m.body }) } })) };
  }
  if (base.pathParam) {
    const { name, template, value } = base.pathParam;
    // Shaped like a real id (same prefix: resp_, file-, batch_, ftjob-...), so the answer is about existence.
    const prefix = /^[A-Za-z]+[_-]/.exec(value)?.[0] ?? '';
    notes.push(`ids of objects that do not exist in {${name}} (prefix "${prefix}")`);
    return {
      notes,
      arb: fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/).map((suffix) => {
        const id = `${prefix}touchstonemissing${suffix}`;
        return { label: `${name}=${id}`, request: { ...base, path: template.replace(`{${name}}`, encodeURIComponent(id)), pathParam: { ...base.pathParam!, value: id } } };
      }),
    };
  }
  // `purpose` of GET /files is a list FILTER: an unknown value matches no file, and OpenAI (so the
  // simulator) answers an empty list rather than a 400 — not held against the gateway here.
  const query = queryMutationsOf(parametersOf(op) as { name: string; in: string; schema?: SchemaObject }[], ['purpose']);
  if (query.length) {
    notes.push(`${query.length} query values outside their schemas`);
    return { notes, arb: fc.constantFrom(...query).map((q) => ({ label: q.description, request: { ...base, query: { ...base.query, [q.parameter]: q.value } } })) };
  }
  notes.push('no body, ids or query parameters: malformed Authorization headers');
  const scheme = fc.constantFrom('Basic dG91Y2hzdG9uZQ==', 'Bearer', 'Bearer ', 'bearer', 'Token abc', 'Bearer  two spaces', 'Bearer a b');
  const random = fc.stringMatching(/^[A-Za-z]{1,8}$/).map((s) => `${s} ${s}-${s}`);
  return { notes, arb: fc.oneof(scheme, random).map((header) => ({ label: `Authorization: ${header}`, request: base, overrides: { key: null, headers: { authorization: header } } })) };
}

async function negative(s: ScenarioContext, op: OperationInfo, base: OpRequest): Promise<{ violations: Violation[]; notes: string[] }> {
  const probes = negativeProbes(op, base);
  if (!probes) return { violations: [violation('', 'at least one invalid request derivable from the contract', 'none', 'neg.none')], notes: [] };
  const seen = new Map<string, Violation[]>();
  let sent = 0;
  const result = await fc.check(fc.asyncProperty(probes.arb, async (probe) => {
    sent++;
    const res = await sendOp(s.recorder, probe.request, probe.overrides);
    const v = rejectionViolations(op, res);
    seen.set(probe.label, v);
    return v.length === 0;
  }), { seed: opSeed(op.operationId), numRuns: NEGATIVE_RUNS });
  const notes = [...probes.notes, `${sent} invalid requests sent (seed ${opSeed(op.operationId)})`];
  if (!result.failed) return { violations: [], notes };
  const minimal = (result.counterexample?.[0] as Probe | undefined);
  const label = minimal?.label ?? 'unknown';
  const found = seen.get(label) ?? [violation('', 'a 4xx rejection', String(result.errorInstance ?? 'a failure'), 'neg.error')];
  return { violations: found.map((v) => ({ ...v, message: `${v.message} — minimal counterexample (fast-check, seed ${result.seed}, path ${result.counterexamplePath}): ${label}` })), notes };
}

async function positive(s: ScenarioContext, op: OperationInfo, base: OpRequest): Promise<{ violations: Violation[]; notes: string[] }> {
  const names = POSITIVE[op.operationId]!;
  const body = requestSchema(op)!;
  const form = body.contentType === 'multipart/form-data';
  const arb = validOptionalArb(body.schema, (base.json ?? base.form)!, names)
    .filter((candidate) => validateRequest(op.operationId, body.contentType, candidate).ok);
  const seen = new Map<string, Violation[]>();
  const result = await fc.check(fc.asyncProperty(arb, async (candidate) => {
    const res = await sendOp(s.recorder, { ...base, ...(form ? { form: candidate } : { json: candidate }) });
    const v = statusCheck(op, res);
    seen.set(JSON.stringify(candidate, (_k, x: unknown) => (x instanceof Blob ? `<file ${x.size} bytes>` : x)), v);
    return v.length === 0;
  }), { seed: opSeed(op.operationId) + 1, numRuns: POSITIVE_RUNS });
  const notes = [`generated optional properties: ${Object.keys(names).join(', ')}`];
  if (!result.failed) return { violations: [], notes };
  const key = JSON.stringify(result.counterexample?.[0], (_k, x: unknown) => (x instanceof Blob ? `<file ${x.size} bytes>` : x));
  const found = seen.get(key) ?? [violation('', 'a success status', String(result.errorInstance), 'pos.error')];
  return { violations: found.map((v) => ({ ...v, message: `${v.message} — minimal counterexample (fast-check, seed ${result.seed}): ${key}` })), notes };
}

// ------------------------------------------------------------------ scenarios
function checkIds(op: OperationInfo): string[] {
  const id = op.operationId;
  return [`op.${id}.status`, `op.${id}.content-type`, `op.${id}.schema`, `op.${id}.headers`, `auth.${id}.missing-key`, `auth.${id}.invalid-key`, `neg.${id}`, ...(POSITIVE[id] ? [`pos.${id}`] : [])];
}

async function exercise(s: ScenarioContext, op: OperationInfo): Promise<void> {
  s.about({});
  const ids = checkIds(op);
  const fixtures = new Fixtures(s.target, (req) => sendOp(s.recorder, req));
  const built = await buildRequest(op.operationId, s.target, fixtures);
  if ('unimplemented' in built) {
    for (const id of ids) s.unimplemented(id, built.unimplemented);
    return;
  }
  s.verdict(`auth.${op.operationId}.missing-key`, envelopeViolations(op.operationId, await sendOp(s.recorder, built, { key: null }), 401));
  s.verdict(`auth.${op.operationId}.invalid-key`, envelopeViolations(op.operationId, await sendOp(s.recorder, built, { key: INVALID_KEY }), 401));
  const neg = await negative(s, op, built);
  if (POSITIVE[op.operationId]) {
    const pos = await positive(s, op, built);
    s.verdict(`pos.${op.operationId}`, pos.violations, { notes: pos.notes });
  }
  // A cancel acts on an object with a lifecycle: cancel one created just now, not one that may have
  // finished while the negative batch ran.
  const valid = FRESH.has(op.operationId) ? await buildRequest(op.operationId, s.target, fixtures) : built;
  if ('unimplemented' in valid) throw new Error(valid.unimplemented);
  const res = await sendOp(s.recorder, valid);
  // The valid request after the negative batch: the gateway still serves.
  const after = isSuccess(op, res.status) ? [] : [violation('/status', 'the valid request served after the invalid ones', String(res.status), 'neg.next-request')];
  s.verdict(`neg.${op.operationId}`, [...neg.violations, ...after], { notes: neg.notes });
  s.verdict(`op.${op.operationId}.status`, statusCheck(op, res), { observed: `${res.status} ${res.contentType ?? ''}`.trim() });
  s.verdict(`op.${op.operationId}.content-type`, contentTypeCheck(op, res));
  s.verdict(`op.${op.operationId}.schema`, schemaCheck(op, res));
  const headers = headerViolations(op, res);
  s.verdict(`op.${op.operationId}.headers`, headers.violations, { notes: headers.notes });
}

/** The methods the contract describes for a path, upper case. */
function specMethods(path: string): string[] {
  const item = loadSpec().paths[path] ?? {};
  return HTTP_METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
}

describe.concurrent('operations: contract, auth, negative and positive per operation', () => {
  for (const op of httpOperations()) {
    scenario(`${op.operationId} (${op.method} ${op.path})`, checkIds(op), (s) => exercise(s, getOperation(op.operationId)));
  }

  scenario('routes: unknown route, wrong method', ['route.unknown-404', 'route.method-405'], async (s) => {
    const unknown = await s.recorder.send('GET', '/touchstone-no-such-route');
    const out: Violation[] = [];
    if (unknown.status !== 404) out.push(violation('/status', '404', `${unknown.status} ${describeValue(unknown.text.slice(0, 120) || undefined)}`, 'http.status'));
    out.push(...(unknown.json === undefined ? [violation('/body', 'the OpenAI error envelope', describeValue(unknown.text.slice(0, 120) || undefined), 'envelope.json')] : prefixed('/body', validateSchema('ErrorResponse', unknown.json).violations)));
    s.verdict('route.unknown-404', out);
    const wrong: Violation[] = [];
    // One path per method set: a path with only POST gets a GET, a GET-only path gets a PUT...
    // A path the target's profile does not claim is not probed (a chat-only gateway answers 404 there).
    for (const path of ['/chat/completions', '/models', '/files/{file_id}'].filter((p) => pathClaimed(s.target.claims?.endpoints, p))) {
      const allowed = specMethods(path);
      const method = ['PUT', 'PATCH', 'GET', 'POST'].find((m) => !allowed.includes(m))!;
      const concrete = path.replace('{file_id}', 'file-touchstone');
      const res = await s.recorder.send(method, concrete, { headers: s.target.providerAccount ? { 'x-tfy-provider-name': s.target.providerAccount } : {} });
      const at = `/${method} ${concrete}`;
      if (res.status !== 405) wrong.push(violation(`${at}/status`, '405', `${res.status}`, 'http.status'));
      else {
        const allow = (res.headers.get('allow') ?? '').split(',').map((m) => m.trim().toUpperCase()).filter(Boolean).sort();
        if (allow.join(',') !== [...allowed].sort().join(',')) wrong.push(violation(`${at}/headers/allow`, allowed.join(', '), describeValue(res.headers.get('allow') ?? undefined), 'http.allow'));
      }
      if (res.json === undefined) wrong.push(violation(`${at}/body`, 'the OpenAI error envelope', describeValue(res.text.slice(0, 120) || undefined), 'envelope.json'));
      else wrong.push(...prefixed(`${at}/body`, validateSchema('ErrorResponse', res.json).violations));
    }
    s.verdict('route.method-405', wrong);
  });
});
