/**
 * Routing through the gateway: a regional account's model is served by its region's upstream only
 * (the simulators' journals show where a request went: a unique marker in the prompt finds it, so
 * other suites running at the same time do not disturb the count); x-tfy-provider-name decides where
 * a request naming no model goes (without it a 4xx, never a 5xx); x-tfy-metadata is validated (400
 * naming the header) and never forwarded upstream.
 */
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import { validateSchema } from '../../spec/index.ts';
import { contentTypeViolations, contractViolations, envelopeViolations, prefixed, statusViolations } from '../assertions.ts';
import type { HttpResult } from '../recorder.ts';
import type { ScenarioContext } from '../scenario.ts';
import { asObject, providerHeaders, type Json } from '../stateful/kit.ts';

export const CHECK_IDS = {
  regionalRouting: ['routing.region.upstream'],
  providerHeader: ['routing.provider-header.required', 'routing.provider-header.routes'],
  metadataHeader: ['routing.metadata.invalid-json', 'routing.metadata.non-string', 'routing.metadata.not-forwarded'],
} as const;

const marker = () => `touchstone-marker-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

const chat = (model: string, text: string) => ({ model, messages: [{ role: 'user', content: text }], max_tokens: 16 });

/** Journal entries (every upstream of the target's simulators) whose body mentions `needle`. */
async function journalEntriesWith(s: ScenarioContext, needle: string): Promise<{ entries: Json[]; url: string }> {
  const anyUpstream = Object.values(s.target.upstreams ?? {})[0]!;
  const url = `${new URL(anyUpstream).origin}/_touchstone/journal`;
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  const entries = (asObject(await res.json()).entries ?? []) as Json[];
  return { entries: entries.filter((e) => JSON.stringify(e.body ?? '').includes(needle)), url };
}

const summary = (entries: Json[]) => entries.map((e) => `${String(e.upstream)} ${String(e.method)} ${String(e.path)} → ${String(e.status)}`);

export async function regionalRouting(s: ScenarioContext): Promise<void> {
  const { region, upstreams } = s.target;
  if (!region || !upstreams) { s.unimplemented('routing.region.upstream', 'the target names no regional account or has no simulator journals'); return; }
  const needle = marker();
  const res = await s.recorder.send('POST', '/chat/completions', { body: chat(region.chatModel, `Reply with one word. ${needle}`) });
  const out: Violation[] = [...statusViolations(res, 200)];
  if (!out.length) out.push(...prefixed('', contractViolations('createChatCompletion', res)));
  const { entries, url } = await journalEntriesWith(s, needle);
  const where = entries.map((e) => String(e.upstream));
  if (where.filter((u) => u === region.upstream).length !== 1) out.push(violation('/journal', `exactly one request at upstream ${region.upstream}`, `${where.filter((u) => u === region.upstream).length}`, 'routing.region-reached'));
  const elsewhere = where.filter((u) => u !== region.upstream);
  if (elsewhere.length) out.push(violation('/journal', `no request at any other upstream than ${region.upstream}`, elsewhere.join(', '), 'routing.region-only'));
  s.verdict('routing.region.upstream', out, { observed: where.join(', ') || 'no upstream', notes: [`journal ${url}, entries carrying ${needle}:`, ...summary(entries)] });
}

export async function providerHeaderRouting(s: ScenarioContext): Promise<void> {
  const model = s.target.models.responses;
  const account = providerHeaders(s.target);
  if (!model || !Object.keys(account).length) {
    for (const id of CHECK_IDS.providerHeader) s.unimplemented(id, 'the target names no Responses model or provider account');
    return;
  }
  const created = await s.recorder.send('POST', '/responses', { body: { model, input: 'Say hello.', max_output_tokens: 16 } });
  const createViolations = prefixed('/create', statusViolations(created, 200));
  if (createViolations.length) { for (const id of CHECK_IDS.providerHeader) s.verdict(id, createViolations); return; }
  const id = String(asObject(created.json).id);
  const bare = await s.recorder.send('GET', `/responses/${id}`);
  const refused: Violation[] = [];
  if (bare.status < 400 || bare.status >= 500) refused.push(violation('/without-header/status', 'a 4xx (the request names no provider account)', String(bare.status), 'routing.no-provider-4xx'));
  // The envelope only: whether the contract documents this 4xx for getResponse is the operation checks' business.
  else refused.push(...prefixed('/without-header', [...contentTypeViolations(bare, 'application/json'), ...prefixed('/body', validateSchema('ErrorResponse', bare.json ?? bare.text).violations)]));
  s.verdict('routing.provider-header.required', refused, { observed: `${bare.status} ${String(asObject(asObject(bare.json).error).code ?? '')}` });
  const routed = await s.recorder.send('GET', `/responses/${id}`, { headers: account });
  const ok = prefixed('/with-header', statusViolations(routed, 200));
  if (!ok.length) ok.push(...prefixed('/with-header', contractViolations('getResponse', routed)));
  if (!ok.length && asObject(routed.json).id !== id) ok.push(violation('/with-header/body/id', JSON.stringify(id), describeValue(asObject(routed.json).id), 'routing.same-response'));
  s.verdict('routing.provider-header.routes', ok);
}

/** A 400 envelope that names the header in `param` or in the message. */
function namesHeader(res: HttpResult, step: string): Violation[] {
  const out = prefixed(`/${step}`, envelopeViolations('createChatCompletion', res, 400));
  const error = asObject(asObject(res.json).error);
  if (!out.length && error.param !== 'x-tfy-metadata' && !String(error.message).toLowerCase().includes('x-tfy-metadata')) {
    out.push(violation(`/${step}/body/error`, 'param or message naming x-tfy-metadata', describeValue(error), 'routing.metadata-named'));
  }
  return out;
}

export async function metadataHeader(s: ScenarioContext): Promise<void> {
  const model = s.target.models.chat;
  const invalid = await s.recorder.send('POST', '/chat/completions', { body: chat(model, 'Hi'), headers: { 'x-tfy-metadata': '{"team": "search"' } });
  s.verdict('routing.metadata.invalid-json', namesHeader(invalid, 'invalid-json'));
  const nonString = await s.recorder.send('POST', '/chat/completions', { body: chat(model, 'Hi'), headers: { 'x-tfy-metadata': '{"team": "search", "priority": 3}' } });
  s.verdict('routing.metadata.non-string', namesHeader(nonString, 'non-string'));

  const needle = marker();
  const valid = await s.recorder.send('POST', '/chat/completions', { body: chat(model, `Reply with one word. ${needle}`), headers: { 'x-tfy-metadata': JSON.stringify({ team: 'search', tfy_log_request: 'true' }) } });
  const out = prefixed('/valid', statusViolations(valid, 200));
  if (!s.target.upstreams) {
    if (out.length) s.verdict('routing.metadata.not-forwarded', out);
    else s.unimplemented('routing.metadata.not-forwarded', 'accepted (200); whether the header reaches the upstream needs the simulators\' journals');
    return;
  }
  const { entries, url } = await journalEntriesWith(s, needle);
  if (!out.length && entries.length === 0) out.push(violation('/journal', 'the request at an upstream', 'no journal entry carries the marker', 'routing.metadata-upstream'));
  entries.forEach((e, i) => {
    const forwarded = Object.keys(asObject(e.headers)).filter((h) => h.toLowerCase() === 'x-tfy-metadata');
    if (forwarded.length) out.push(violation(`/journal/${i}/headers/x-tfy-metadata`, 'absent (the header stays in the gateway)', describeValue(asObject(e.headers)[forwarded[0]!]), 'routing.metadata-forwarded'));
  });
  s.verdict('routing.metadata.not-forwarded', out, { notes: [`journal ${url}, entries carrying ${needle}:`, ...summary(entries)] });
}
