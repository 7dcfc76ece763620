/**
 * The Response object and its output items as api.openai.com writes them (key order included), for a
 * record in a given phase: queued / in_progress (no output, no usage yet), final (completed or
 * incomplete, with usage) or cancelled. Streams render their snapshots through the same functions.
 * Fields the live API sends as `null` but OpenAI's description types as non-nullable (`user`,
 * `usage` before completion, `text.format.description`) are omitted instead, so the body validates.
 */
import type { ContextItem, Json } from './input.ts';
import type { ItemPlan, OutputPlan } from './plan.ts';
import type { ResponseRequest } from './request.ts';

export interface ResponseRecord {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds at which a completed response reports `completed_at`. */
  completedAt: number;
  req: ResponseRequest;
  plan: OutputPlan;
  /** Everything the model saw (previous turns, then this request's input), as input_items lists it. */
  context: ContextItem[];
}

export type Phase = 'queued' | 'in_progress' | 'final' | 'cancelled';

export function outputTextPart(text: string): Json {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

export function summaryPart(text: string): Json {
  return { type: 'summary_text', text };
}

/** An output item in its final form. */
export function renderItem(item: ItemPlan): Json {
  switch (item.type) {
    case 'reasoning':
      return {
        id: item.id, type: 'reasoning',
        ...(item.encrypted !== null ? { encrypted_content: item.encrypted } : {}),
        summary: item.summary.map(summaryPart),
      };
    case 'message':
      return { id: item.id, type: 'message', status: item.status, content: [outputTextPart(item.text)], role: 'assistant' };
    case 'function_call':
      return { id: item.id, type: 'function_call', status: item.status, arguments: item.arguments, call_id: item.callId, name: item.name };
  }
}

/** An output item as `response.output_item.added` announces it, before any content. */
export function renderAddedItem(item: ItemPlan): Json {
  switch (item.type) {
    case 'reasoning':
      return { id: item.id, type: 'reasoning', summary: [] };
    case 'message':
      return { id: item.id, type: 'message', status: 'in_progress', content: [], role: 'assistant' };
    case 'function_call':
      return { id: item.id, type: 'function_call', status: 'in_progress', arguments: '', call_id: item.callId, name: item.name };
  }
}

function renderText(req: ResponseRequest): Json {
  const f = req.format;
  const format = f.type === 'json_schema'
    ? { type: 'json_schema', ...(f.description !== null ? { description: f.description } : {}), name: f.name, schema: f.schema, strict: f.strict }
    : { type: f.type };
  return { format, verbosity: req.verbosity };
}

export function renderResponse(record: ResponseRecord, phase: Phase): Json {
  const { req, plan } = record;
  const final = phase === 'final';
  const status = final ? plan.status : phase;
  const body: Json = {
    id: record.id,
    object: 'response',
    created_at: record.createdAt,
    status,
    background: req.background,
    completed_at: status === 'completed' ? record.completedAt : null,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: req.instructions,
    max_output_tokens: req.maxOutputTokens,
    max_tool_calls: req.maxToolCalls,
    model: req.modelId,
    output: final ? plan.items.map(renderItem) : [],
    parallel_tool_calls: req.parallelToolCalls,
    previous_response_id: req.previousResponseId,
    prompt_cache_key: req.promptCacheKey,
    ...(req.body.prompt_cache_retention != null ? { prompt_cache_retention: req.body.prompt_cache_retention } : {}),
    reasoning: { effort: req.reasoning.effort, summary: req.reasoning.summary },
    safety_identifier: req.safetyIdentifier,
    service_tier: req.serviceTier,
    store: req.store,
    temperature: req.temperature,
    text: renderText(req),
    tool_choice: req.toolChoice,
    tools: req.tools,
    top_logprobs: req.topLogprobs,
    top_p: req.topP,
    truncation: req.truncation,
    ...(final ? { usage: plan.usage } : {}),
    ...(req.user !== null ? { user: req.user } : {}),
    metadata: req.metadata,
  };
  return body;
}
