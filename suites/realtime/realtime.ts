/**
 * Realtime through the gateway's WebSocket proxy (`/live/{account}`): session.created first, every
 * server event valid against the contract, a text response cycle to response.done "completed", an
 * invalid client event answered by an `error` event with the session still usable, and refused
 * upgrades (no key, bad key) as 401 envelopes. The evidence of a session is its frame transcript, kept
 * as the events of one exchange (the upgrade request answered 101).
 */
import { validateRealtimeEvent } from '../../spec/index.ts';
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import { envelopeViolations, prefixed } from '../assertions.ts';
import type { HttpResult } from '../recorder.ts';
import type { ScenarioContext } from '../scenario.ts';
import { applyTargetHeaders } from '../profile/headers.ts';
import { recordExchange } from '../stateful/kit.ts';
import { connectRealtime, realtimeURL, refusedHandshake, type RealtimeSession, type ServerEvent } from './client.ts';

export const CHECK_IDS = {
  realtimeSession: ['realtime.session-created-first', 'realtime.event-schema', 'realtime.response-cycle', 'realtime.error-keeps-session'],
  realtimeAuth: ['realtime.auth.missing-key', 'realtime.auth.invalid-key'],
} as const;

/** The WebSocket URL, or a reason the target cannot be tested. */
function sessionURL(s: ScenarioContext): string | { missing: string } {
  const { realtimeURL: base, providerAccount, models } = s.target;
  if (!base) return { missing: 'the target has no realtime URL' };
  if (!providerAccount) return { missing: 'the target names no provider account for /live/{account}' };
  if (!models.realtime) return { missing: 'the target names no realtime model' };
  return realtimeURL(base, providerAccount, models.realtime);
}

const userText = (text: string, eventId: string) => ({
  type: 'conversation.item.create', event_id: eventId,
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

/** conversation.item.create → response.create → response.done; violations under `/<step>`. */
async function responseCycle(session: RealtimeSession, step: string, text: string): Promise<{ violations: Violation[]; observed: string }> {
  const out: Violation[] = [];
  session.send(userText(text, `evt_${step}_item`));
  await session.next('conversation.item.added');
  session.send({ type: 'response.create', event_id: `evt_${step}_response` });
  const created = await session.next('response.created');
  const done = await session.next('response.done');
  const from = session.events.indexOf(created);
  const deltas = session.events.slice(from, session.events.indexOf(done))
    .filter((e) => e.type === 'response.output_text.delta' || e.type === 'response.output_audio_transcript.delta').map((e) => String(e.delta)).join('');
  const response = done.response as ServerEvent | undefined;
  if (response?.status !== 'completed') out.push(violation(`/${step}/response.done/response/status`, '"completed"', describeValue(response?.status), 'realtime.done-status'));
  if (response?.id !== created.response?.id) out.push(violation(`/${step}/response.done/response/id`, `the id of response.created ${describeValue(created.response?.id)}`, describeValue(response?.id), 'realtime.same-response'));
  const parts = (response?.output as ServerEvent[] | undefined ?? []).flatMap((item) => (item?.content as ServerEvent[] | undefined) ?? []);
  const finalText = parts.map((p) => String(p?.text ?? p?.transcript ?? '')).join('');
  if (!deltas) out.push(violation(`/${step}/deltas`, 'text deltas between response.created and response.done', 'none', 'realtime.no-text'));
  else if (finalText !== deltas) out.push(violation(`/${step}/response.done/response/output`, `the text of the deltas ${describeValue(deltas)}`, describeValue(finalText), 'realtime.text-equal'));
  return { violations: out, observed: deltas };
}

export async function realtimeSession(s: ScenarioContext): Promise<void> {
  const url = sessionURL(s);
  if (typeof url !== 'string') { for (const id of CHECK_IDS.realtimeSession) s.unimplemented(id, url.missing); return; }
  const dressed = new Headers({ authorization: `Bearer ${s.target.key}` });
  applyTargetHeaders(s.target, dressed, undefined); // a target profile's auth header and extra headers
  const headers = Object.fromEntries(dressed);
  let session: RealtimeSession;
  try {
    session = await connectRealtime(url, headers);
  } catch (error) {
    recordExchange(s, { method: 'GET', url, headers: { ...headers, upgrade: 'websocket' } }, undefined, (error as Error).message);
    for (const id of CHECK_IDS.realtimeSession) s.verdict(id, [violation('/upgrade', 'HTTP 101 Switching Protocols', (error as Error).message, 'realtime.upgrade')]);
    return;
  }
  const notes = () => ({ notes: [`WebSocket ${url}: ${session.transcript.length} frames; the transcript (→ client, ← server) is the events of the upgrade exchange`] });
  try {
    const first = await session.next('session.created').catch(() => undefined);
    s.verdict('realtime.session-created-first', session.events[0]?.type === 'session.created' && first === session.events[0]
      ? [] : [violation('/events/0/type', '"session.created" as the first server event', describeValue(session.events[0]?.type), 'realtime.created-first')]);

    const cycle: Violation[] = [];
    let observed = '';
    try {
      session.send({ type: 'session.update', event_id: 'evt_session_update', session: { type: 'realtime', output_modalities: ['text'], instructions: 'Answer in one short sentence.' } });
      const updated = await session.next('session.updated');
      const modalities = updated.session?.output_modalities;
      if (JSON.stringify(modalities) !== '["text"]') cycle.push(violation('/session.updated/session/output_modalities', '["text"] as sent in session.update', describeValue(modalities), 'realtime.session-updated'));
      const result = await responseCycle(session, 'first-cycle', 'Name a colour of the sea.');
      cycle.push(...result.violations);
      observed = result.observed;
    } catch (error) { cycle.push(violation('/first-cycle', 'the response cycle to response.done', (error as Error).message, 'realtime.cycle')); }
    s.verdict('realtime.response-cycle', cycle, { observed, ...notes() });

    const kept: Violation[] = [];
    try {
      session.send({ type: 'not.an.event', event_id: 'evt_touchstone_invalid' });
      const error = await session.next('error');
      if (error.error?.event_id !== 'evt_touchstone_invalid') kept.push(violation('/error/error/event_id', '"evt_touchstone_invalid" (the invalid event\'s id)', describeValue(error.error?.event_id), 'realtime.error-event-id'));
      const again = await responseCycle(session, 'after-error', 'Name a colour of the sky.');
      kept.push(...again.violations);
    } catch (error) { kept.push(violation('/after-error', 'an error event, then a response cycle on the same socket', (error as Error).message, 'realtime.error-keeps-session')); }
    s.verdict('realtime.error-keeps-session', kept, notes());
  } finally {
    await session.close();
    recordExchange(s, { method: 'GET', url, headers: { ...headers, upgrade: 'websocket' } }, { status: 101, headers: {}, events: session.transcript });
  }
  const schema = session.events.flatMap((e, i) => prefixed(`/events/${i}`, validateRealtimeEvent('server', e).violations));
  s.verdict('realtime.event-schema', schema, { observed: `${session.events.length} server events`, ...notes() });
}

export async function realtimeAuth(s: ScenarioContext): Promise<void> {
  const url = sessionURL(s);
  if (typeof url !== 'string') { for (const id of CHECK_IDS.realtimeAuth) s.unimplemented(id, url.missing); return; }
  const attempts = [['realtime.auth.missing-key', {}], ['realtime.auth.invalid-key', { authorization: 'Bearer ts-invalid-touchstone-key-0000000000000000' }]] as const;
  for (const [checkId, headers] of attempts) {
    try {
      const answer = await refusedHandshake(url, headers);
      const exchange = recordExchange(s, { method: 'GET', url, headers: { ...headers, upgrade: 'websocket' } }, { status: answer.status, headers: answer.headers, body: answer.text });
      const res: HttpResult = { status: answer.status, headers: new Headers(answer.headers), contentType: answer.headers['content-type'] ?? null, text: answer.text, json: answer.json, events: [], exchange };
      s.verdict(checkId, envelopeViolations('connectRealtime', res, 401));
    } catch (error) {
      recordExchange(s, { method: 'GET', url, headers: { ...headers, upgrade: 'websocket' } }, undefined, (error as Error).message);
      s.verdict(checkId, [violation('/status', '401 with the OpenAI error envelope', (error as Error).message, 'realtime.auth')]);
    }
  }
}
