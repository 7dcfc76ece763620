/**
 * A planned answer in the models' native response formats, as InvokeModel and
 * InvokeModelWithResponseStream return them. Anthropic: the Messages response (`msg_bdrk_…` ids, the
 * model's short name, snake_case usage) and its stream events (message_start, content_block_start /
 * _delta / _stop, message_delta, message_stop). Nova: the Converse-like body with Nova's usage names
 * and its stream chunks (messageStart, contentBlockDelta, …, metadata). The last streamed event carries
 * Bedrock's `amazon-bedrock-invocationMetrics`.
 */
import { Rng } from '../determinism.ts';
import type { BedrockModel } from './models.ts';
import type { AnswerPlan, PlannedBlock, StopReason } from './plan.ts';

type Json = Record<string, unknown>;

export function invocationMetrics(plan: AnswerPlan): Json {
  const u = plan.usage;
  return {
    inputTokenCount: u.inputTokens, outputTokenCount: u.outputTokens, invocationLatency: plan.latencyMs,
    firstByteLatency: Math.min(plan.latencyMs, 120 + (plan.latencyMs % 97)),
    ...(u.cacheReadInputTokens || u.cacheWriteInputTokens ? { cacheReadInputTokenCount: u.cacheReadInputTokens, cacheWriteInputTokenCount: u.cacheWriteInputTokens } : {}),
  };
}

// ------------------------------------------------------------------ Anthropic

function anthropicStop(reason: StopReason): string {
  return reason === 'content_filtered' || reason === 'guardrail_intervened' ? 'refusal' : reason;
}

function anthropicBlock(block: PlannedBlock): Json {
  switch (block.kind) {
    case 'reasoning': return { type: 'thinking', thinking: block.text, signature: block.signature ?? '' };
    case 'text': return { type: 'text', text: block.text };
    case 'toolUse': return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
  }
}

function anthropicUsage(plan: AnswerPlan, outputTokens: number): Json {
  const u = plan.usage;
  return { input_tokens: u.inputTokens, cache_creation_input_tokens: u.cacheWriteInputTokens, cache_read_input_tokens: u.cacheReadInputTokens, output_tokens: outputTokens };
}

export function anthropicMessageId(hash: string): string {
  return `msg_bdrk_01${new Rng(hash, 'message-id').chars(22)}`;
}

export function anthropicBody(plan: AnswerPlan, model: BedrockModel, hash: string): Json {
  return {
    id: anthropicMessageId(hash), type: 'message', role: 'assistant', model: model.nativeName,
    content: plan.blocks.map(anthropicBlock), stop_reason: anthropicStop(plan.stopReason), stop_sequence: plan.stopSequence,
    usage: anthropicUsage(plan, plan.usage.outputTokens),
  };
}

export function anthropicStreamEvents(plan: AnswerPlan, model: BedrockModel, hash: string): Json[] {
  const out: Json[] = [{
    type: 'message_start',
    message: { id: anthropicMessageId(hash), type: 'message', role: 'assistant', model: model.nativeName, content: [], stop_reason: null, stop_sequence: null, usage: anthropicUsage(plan, 1) },
  }];
  plan.blocks.forEach((block, index) => {
    const start = block.kind === 'reasoning' ? { type: 'thinking', thinking: '', signature: '' }
      : block.kind === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: block.id, name: block.name, input: {} };
    out.push({ type: 'content_block_start', index, content_block: start });
    for (const piece of block.pieces) {
      const delta = block.kind === 'reasoning' ? { type: 'thinking_delta', thinking: piece }
        : block.kind === 'text' ? { type: 'text_delta', text: piece } : { type: 'input_json_delta', partial_json: piece };
      out.push({ type: 'content_block_delta', index, delta });
    }
    if (block.kind === 'reasoning' && block.signature) out.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
    out.push({ type: 'content_block_stop', index });
  });
  out.push({ type: 'message_delta', delta: { stop_reason: anthropicStop(plan.stopReason), stop_sequence: plan.stopSequence }, usage: { output_tokens: plan.usage.outputTokens } });
  out.push({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': invocationMetrics(plan) });
  return out;
}

// ------------------------------------------------------------------ Nova

function novaBlock(block: PlannedBlock): Json {
  switch (block.kind) {
    case 'reasoning': return { reasoningContent: { reasoningText: { text: block.text } } };
    case 'text': return { text: block.text };
    case 'toolUse': return { toolUse: { toolUseId: block.id, name: block.name, input: block.input } };
  }
}

function novaUsage(plan: AnswerPlan): Json {
  const u = plan.usage;
  return {
    inputTokens: u.inputTokens, outputTokens: u.outputTokens,
    totalTokens: u.inputTokens + u.outputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens,
    cacheReadInputTokenCount: u.cacheReadInputTokens, cacheWriteInputTokenCount: u.cacheWriteInputTokens,
  };
}

export function novaBody(plan: AnswerPlan): Json {
  return { output: { message: { role: 'assistant', content: plan.blocks.map(novaBlock) } }, stopReason: plan.stopReason, usage: novaUsage(plan) };
}

export function novaStreamEvents(plan: AnswerPlan): Json[] {
  const out: Json[] = [{ messageStart: { role: 'assistant' } }];
  plan.blocks.forEach((block, contentBlockIndex) => {
    if (block.kind === 'toolUse') out.push({ contentBlockStart: { start: { toolUse: { toolUseId: block.id, name: block.name } }, contentBlockIndex } });
    for (const piece of block.pieces) {
      const delta = block.kind === 'reasoning' ? { reasoningContent: { text: piece } } : block.kind === 'text' ? { text: piece } : { toolUse: { input: piece } };
      out.push({ contentBlockDelta: { delta, contentBlockIndex } });
    }
    out.push({ contentBlockStop: { contentBlockIndex } });
  });
  out.push({ messageStop: { stopReason: plan.stopReason } });
  out.push({ metadata: { usage: novaUsage(plan), metrics: {}, trace: {} }, 'amazon-bedrock-invocationMetrics': invocationMetrics(plan) });
  return out;
}
