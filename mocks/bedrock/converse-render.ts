/**
 * A planned answer as the Converse API returns it: the ConverseResponse body, or the ConverseStream
 * event sequence — messageStart, per content block (a contentBlockStart only for tool use, then
 * contentBlockDelta pieces: `text`, `toolUse.input` JSON fragments, `reasoningContent.text` then its
 * `signature`), contentBlockStop, messageStop with the stop reason, and metadata with usage and metrics.
 * Cache token counts appear when the request had cache points. Stream payloads carry Bedrock's `p`
 * padding member (a prefix of the alphabet whose length varies), which the SDK ignores.
 */
import { Rng } from '../determinism.ts';
import type { ParsedConverse } from './converse-request.ts';
import type { AnswerPlan, PlannedBlock } from './plan.ts';

export interface StreamEvent {
  type: string;
  payload: Record<string, unknown>;
}

function usage(plan: AnswerPlan, withCache: boolean): Record<string, number> {
  const u = plan.usage;
  return {
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    totalTokens: u.inputTokens + u.outputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens,
    ...(withCache ? { cacheReadInputTokens: u.cacheReadInputTokens, cacheWriteInputTokens: u.cacheWriteInputTokens } : {}),
  };
}

function contentBlock(block: PlannedBlock): Record<string, unknown> {
  switch (block.kind) {
    case 'reasoning': return { reasoningContent: { reasoningText: { text: block.text, ...(block.signature ? { signature: block.signature } : {}) } } };
    case 'text': return { text: block.text };
    case 'toolUse': return { toolUse: { toolUseId: block.id, name: block.name, input: block.input } };
  }
}

/** `additionalModelResponseFields` for the requested JSON pointers the simulated model knows. */
function responseFields(plan: AnswerPlan, parsed: ParsedConverse): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const path of parsed.responseFieldPaths) if (path === '/stop_sequence') out.stop_sequence = plan.stopSequence;
  return Object.keys(out).length ? out : undefined;
}

function echoes(parsed: ParsedConverse): Record<string, unknown> {
  return { ...(parsed.performanceConfig ? { performanceConfig: parsed.performanceConfig } : {}), ...(parsed.serviceTier ? { serviceTier: parsed.serviceTier } : {}) };
}

export function converseResponseBody(plan: AnswerPlan, parsed: ParsedConverse): Record<string, unknown> {
  const fields = responseFields(plan, parsed);
  return {
    output: { message: { role: 'assistant', content: plan.blocks.map(contentBlock) } },
    stopReason: plan.stopReason,
    usage: usage(plan, parsed.use.cachePoints > 0),
    metrics: { latencyMs: plan.latencyMs },
    ...(fields ? { additionalModelResponseFields: fields } : {}),
    ...echoes(parsed),
  };
}

function blockEvents(block: PlannedBlock, index: number): StreamEvent[] {
  const delta = (d: Record<string, unknown>): StreamEvent => ({ type: 'contentBlockDelta', payload: { contentBlockIndex: index, delta: d } });
  const out: StreamEvent[] = [];
  switch (block.kind) {
    case 'reasoning':
      for (const text of block.pieces) out.push(delta({ reasoningContent: { text } }));
      if (block.signature) out.push(delta({ reasoningContent: { signature: block.signature } }));
      break;
    case 'text':
      for (const text of block.pieces) out.push(delta({ text }));
      break;
    case 'toolUse':
      out.push({ type: 'contentBlockStart', payload: { contentBlockIndex: index, start: { toolUse: { toolUseId: block.id, name: block.name } } } });
      for (const input of block.pieces) out.push(delta({ toolUse: { input } }));
      break;
  }
  out.push({ type: 'contentBlockStop', payload: { contentBlockIndex: index } });
  return out;
}

export function converseStreamEvents(plan: AnswerPlan, parsed: ParsedConverse): StreamEvent[] {
  const fields = responseFields(plan, parsed);
  return [
    { type: 'messageStart', payload: { role: 'assistant' } },
    ...plan.blocks.flatMap(blockEvents),
    { type: 'messageStop', payload: { stopReason: plan.stopReason, ...(fields ? { additionalModelResponseFields: fields } : {}) } },
    { type: 'metadata', payload: { usage: usage(plan, parsed.use.cachePoints > 0), metrics: { latencyMs: plan.latencyMs }, ...echoes(parsed) } },
  ];
}

const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Successive values of Bedrock's `p` padding member, deterministic from `hash`. */
export function paddingSource(hash: string): () => string {
  const rng = new Rng(hash, 'padding');
  return () => PADDING.slice(0, rng.int(1, PADDING.length));
}

/** Add the `p` padding member to each payload. */
export function padded(events: StreamEvent[], hash: string): StreamEvent[] {
  const pad = paddingSource(hash);
  return events.map((e) => ({ type: e.type, payload: { ...e.payload, p: pad() } }));
}
