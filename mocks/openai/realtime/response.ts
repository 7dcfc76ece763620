/**
 * Streams one realtime response as OpenAI's GA server events, from a ResponsePlan:
 *   response.created → rate_limits.updated → per output item: response.output_item.added,
 *   conversation.item.added, then either a message (response.content_part.added, text deltas or
 *   audio + transcript deltas, their .done events, response.content_part.done) or a function call
 *   (response.function_call_arguments.delta/.done), then response.output_item.done,
 *   conversation.item.done → response.done with usage.
 * The host yields to the event loop between deltas (`tick`), so a `response.cancel` read meanwhile
 * stops the stream: open parts and items are closed with what was produced (items `incomplete`), and
 * `response.done` reports `cancelled` / `client_cancelled`. Audio data is never repeated in `.done`
 * events or in `response.done`, as OpenAI omits it there.
 */
import type { Json } from './config.ts';
import { MS_PER_TOKEN, speechChunk } from './audio.ts';
import type { ResponsePlan } from './plan.ts';

export interface ResponseHost {
  readonly conversationId: string;
  emit(type: string, fields: Json): void;
  nextId(prefix: string, length?: number): string;
  /** Yield to the event loop between streamed events (and honour the simulator's chunk delay). */
  tick(): Promise<void>;
  /** Append an item to the conversation; returns the id of the item before it (or null). */
  addItem(item: Json): string | null;
  /** Record how much audio an item holds (usage and truncation use it). */
  setAudioMs(itemId: string, ms: number): void;
}

export interface ActiveResponse {
  id: string;
  cancelled: boolean;
}

interface Output { item: Json; tokens: number; audioMs: number }

export async function streamResponse(host: ResponseHost, plan: ResponsePlan, active: ActiveResponse): Promise<void> {
  const base: Json = {
    object: 'realtime.response', id: active.id, status: 'in_progress', status_details: null, output: [],
    conversation_id: plan.inConversation ? host.conversationId : null,
    output_modalities: [plan.modality], max_output_tokens: plan.maxOutputTokens,
    audio: { output: { format: plan.audioFormat, voice: plan.voice } }, usage: null, metadata: plan.metadata,
  };
  host.emit('response.created', { response: base });
  const reserved = plan.inputTextTokens + (plan.maxOutputTokens === 'inf' ? 4096 : plan.maxOutputTokens);
  host.emit('rate_limits.updated', {
    rate_limits: [
      { name: 'requests', limit: 10000, remaining: 9999, reset_seconds: 0.006 },
      { name: 'tokens', limit: 2000000, remaining: 2000000 - reserved, reset_seconds: Math.round((reserved / 2000000) * 60000) / 1000 },
    ],
  });

  const outputs: Output[] = [];
  if (plan.calls.length) {
    for (const call of plan.calls) {
      if (active.cancelled) break;
      outputs.push(await streamItem(host, plan, active, outputs.length, call));
    }
  } else {
    outputs.push(await streamItem(host, plan, active, 0, null));
  }

  const status = active.cancelled ? 'cancelled' : plan.truncated ? 'incomplete' : 'completed';
  const statusDetails = status === 'cancelled' ? { type: 'cancelled', reason: 'client_cancelled' }
    : status === 'incomplete' ? { type: 'incomplete', reason: 'max_output_tokens' } : null;
  host.emit('response.done', { response: { ...base, status, status_details: statusDetails, output: outputs.map((o) => o.item), usage: usage(plan, outputs) } });
}

async function streamItem(host: ResponseHost, plan: ResponsePlan, active: ActiveResponse, outputIndex: number, call: ResponsePlan['calls'][number] | null): Promise<Output> {
  const itemId = host.nextId('item');
  const callId = call ? host.nextId('call', 16) : '';
  const live: Json = call
    ? { id: itemId, type: 'function_call', status: 'in_progress', name: call.name, call_id: callId, arguments: '' }
    : { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] };
  host.emit('response.output_item.added', { response_id: active.id, output_index: outputIndex, item: { ...live, object: 'realtime.item' } });
  const previous = plan.inConversation ? host.addItem(live) : null;
  if (plan.inConversation) host.emit('conversation.item.added', { previous_item_id: previous, item: structuredClone(live) });

  const at = { response_id: active.id, item_id: itemId, output_index: outputIndex };
  const audio = !call && plan.modality === 'audio';
  const sent: string[] = [];
  if (call) {
    for (const token of call.argumentTokens) {
      await host.tick();
      if (active.cancelled) break;
      host.emit('response.function_call_arguments.delta', { ...at, call_id: callId, delta: token });
      sent.push(token);
    }
    host.emit('response.function_call_arguments.done', { ...at, call_id: callId, name: call.name, arguments: sent.join('') });
    Object.assign(live, { arguments: sent.join('') });
  } else {
    const part = { ...at, content_index: 0 };
    host.emit('response.content_part.added', { ...part, part: audio ? { type: 'audio', transcript: '' } : { type: 'text', text: '' } });
    for (const token of plan.tokens) {
      await host.tick();
      if (active.cancelled) break;
      if (audio) {
        host.emit('response.output_audio_transcript.delta', { ...part, delta: token });
        host.emit('response.output_audio.delta', { ...part, delta: speechChunk(token, plan.audioFormat).toString('base64') });
      } else {
        host.emit('response.output_text.delta', { ...part, delta: token });
      }
      sent.push(token);
    }
    const text = sent.join('');
    if (audio) {
      host.emit('response.output_audio.done', part);
      host.emit('response.output_audio_transcript.done', { ...part, transcript: text });
    } else {
      host.emit('response.output_text.done', { ...part, text });
    }
    host.emit('response.content_part.done', { ...part, part: audio ? { type: 'audio', transcript: text } : { type: 'text', text } });
    live.content = [audio ? { type: 'output_audio', transcript: text } : { type: 'output_text', text }];
  }
  const complete = !active.cancelled && sent.length === (call ? call.argumentTokens.length : plan.tokens.length) && !plan.truncated;
  live.status = complete ? 'completed' : 'incomplete';
  const audioMs = audio ? sent.length * MS_PER_TOKEN : 0;
  if (audio && plan.inConversation) host.setAudioMs(itemId, audioMs);
  host.emit('response.output_item.done', { response_id: active.id, output_index: outputIndex, item: { ...structuredClone(live), object: 'realtime.item' } });
  if (plan.inConversation) host.emit('conversation.item.done', { previous_item_id: previous, item: structuredClone(live) });
  return { item: structuredClone(live), tokens: sent.length, audioMs };
}

/** Usage as OpenAI bills realtime: user audio at 1 token per 100 ms, assistant audio at 1 per 50 ms. */
function usage(plan: ResponsePlan, outputs: Output[]): Json {
  const inputAudio = Math.ceil(plan.inputAudioMs.user / 100) + Math.ceil(plan.inputAudioMs.assistant / MS_PER_TOKEN);
  const outputText = outputs.reduce((n, o) => n + o.tokens, 0);
  const outputAudio = outputs.reduce((n, o) => n + Math.ceil(o.audioMs / MS_PER_TOKEN), 0);
  const input = plan.inputTextTokens + inputAudio;
  const output = outputText + outputAudio;
  return {
    total_tokens: input + output,
    input_tokens: input,
    output_tokens: output,
    input_token_details: {
      text_tokens: plan.inputTextTokens, audio_tokens: inputAudio, image_tokens: 0, cached_tokens: 0,
      cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 },
    },
    output_token_details: { text_tokens: outputText, audio_tokens: outputAudio },
  };
}
