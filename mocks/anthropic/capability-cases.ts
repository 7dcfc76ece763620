/**
 * Test support: for each capability column, a Messages body that uses the feature, a check that the answer
 * shows it working, and the refusal expected when the provider does not offer it. Shared by the Anthropic
 * and Vertex AI (Claude) capability tests, which derive from the matrix which of the two to expect.
 */
import { expect } from 'vitest';
import type { CapabilityColumn } from '../../spec/capabilities.ts';
import type { SseEvent } from '../../lib/sse.ts';
import { longText } from './test-kit.ts';

type Message = { content: { type: string; text?: string; input?: Record<string, unknown> }[]; usage: Record<string, number> };

export interface CapabilityCase {
  /** Extra body fields that use the feature. */
  uses: Record<string, unknown>;
  /** Asserts the answer shows the feature working (a parsed Message, or the events of a stream). */
  works(answer: { message?: Message; events?: SseEvent[] }): void;
  /** The 400 invalid_request_error message when the feature is not offered. */
  refusal: string;
}

const weather = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const text = (m?: Message) => m!.content.filter((b) => b.type === 'text').map((b) => b.text).join('');

export const CAPABILITY_CASES: Record<CapabilityColumn, CapabilityCase> = {
  stream: {
    uses: { stream: true },
    works: ({ events }) => { expect(events!.map((e) => e.event).at(-1)).toBe('message_stop'); },
    refusal: 'stream: Extra inputs are not permitted',
  },
  non_stream: {
    uses: {},
    works: ({ message }) => { expect(text(message).length).toBeGreaterThan(0); },
    refusal: 'stream: Input should be True',
  },
  tools: {
    uses: { tools: [weather], messages: [{ role: 'user', content: 'weather in Paris?' }] },
    works: ({ message }) => { expect(message!.content.some((b) => b.type === 'tool_use')).toBe(true); },
    refusal: 'tools: Extra inputs are not permitted',
  },
  json_mode: {
    uses: { output_config: { format: { type: 'json_object' } } },
    works: ({ message }) => { expect(typeof JSON.parse(text(message))).toBe('object'); },
    refusal: "output_config.format: Input tag 'json_object' found using 'type' does not match any of the expected tags: 'json_schema'",
  },
  schema_mode: {
    uses: { output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false } } } },
    works: ({ message }) => { expect(Number.isInteger((JSON.parse(text(message)) as { n: unknown }).n)).toBe(true); },
    refusal: 'output_config.format: Extra inputs are not permitted',
  },
  structured_output: {
    uses: { tools: [{ ...weather, strict: true }], tool_choice: { type: 'tool', name: 'get_weather' } },
    works: ({ message }) => { expect(typeof message!.content.find((b) => b.type === 'tool_use')!.input!.city).toBe('string'); },
    refusal: 'tools.0.custom.strict: Extra inputs are not permitted',
  },
  prompt_caching: {
    uses: { system: [{ type: 'text', text: longText(1500), cache_control: { type: 'ephemeral' } }] },
    works: ({ message }) => { expect(message!.usage.cache_creation_input_tokens).toBeGreaterThanOrEqual(1500); },
    refusal: 'system.0.text.cache_control: Extra inputs are not permitted',
  },
  reasoning: {
    uses: { max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 } },
    works: ({ message }) => { expect(message!.content[0]!.type).toBe('thinking'); },
    refusal: 'thinking: Extra inputs are not permitted',
  },
};
