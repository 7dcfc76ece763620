// Non-streamed Anthropic Message → OpenAI chat.completion (validated against the gateway contract).
import { describe, expect, it } from 'vitest';
import { validate } from '../../../spec/index.ts';
import { GatewayError } from '../../errors.ts';
import { testContext, toolUseMessage } from './fixtures.ts';
import { anthropicTranslator } from './index.ts';

const parse = (json: unknown) => anthropicTranslator.parseResponse(json, testContext()) as Record<string, any>;

describe('parseResponse', () => {
  it('text + tool_use → content, tool_calls, finish_reason tool_calls, usage with cache tokens', () => {
    const out = parse(toolUseMessage);
    expect(out).toEqual({
      id: 'chatcmpl-test', object: 'chat.completion', created: 1_700_000_000, model: 'claude-sonnet-4-5',
      choices: [{
        index: 0,
        message: {
          role: 'assistant', content: "I'll check the weather.", refusal: null,
          tool_calls: [{ id: 'toolu_01A09q90qw90lq917835lq9', type: 'function', function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' } }],
        },
        finish_reason: 'tool_calls', logprobs: null,
      }],
      usage: {
        prompt_tokens: 3995, completion_tokens: 503, total_tokens: 4498,
        prompt_tokens_details: { cached_tokens: 1800, cache_write_tokens: 100 }, completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(validate('createChatCompletion', 200, 'application/json', out).violations).toEqual([]);
  });

  it('only tool calls → content null; parallel calls keep order and ids', () => {
    const out = parse({ ...toolUseMessage, content: [
      { type: 'tool_use', id: 'toolu_a', name: 'f', input: { x: 1 } },
      { type: 'tool_use', id: 'toolu_b', name: 'g', input: {} },
    ] });
    expect(out.choices[0].message.content).toBeNull();
    expect(out.choices[0].message.tool_calls.map((c: any) => [c.id, c.function.name, c.function.arguments])).toEqual([['toolu_a', 'f', '{"x":1}'], ['toolu_b', 'g', '{}']]);
  });

  it('thinking and redacted thinking → reasoning_content and thinking_blocks with signatures', () => {
    const out = parse({
      ...toolUseMessage, stop_reason: 'end_turn',
      content: [
        { type: 'thinking', thinking: 'Let me analyze this step by step...', signature: 'WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL....' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP...' },
        { type: 'text', text: 'Based on my analysis...' },
      ],
      usage: { input_tokens: 10, output_tokens: 200, output_tokens_details: { thinking_tokens: 150 } },
    });
    const message = out.choices[0].message;
    expect(message.content).toBe('Based on my analysis...');
    expect(message.reasoning_content).toBe('Let me analyze this step by step...');
    expect(message.thinking_blocks).toEqual([
      { type: 'thinking', thinking: 'Let me analyze this step by step...', signature: 'WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL....' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP...' },
    ]);
    expect(out.usage.completion_tokens_details.reasoning_tokens).toBe(150);
    expect(out.choices[0].finish_reason).toBe('stop');
  });

  it('stop reasons map through FINISH_REASONS; the model echoed is the bare requested one', () => {
    for (const [stop, finish] of [['max_tokens', 'length'], ['stop_sequence', 'stop'], ['refusal', 'content_filter'], ['end_turn', 'stop']]) {
      const out = parse({ ...toolUseMessage, content: [{ type: 'text', text: 'x' }], stop_reason: stop });
      expect(out.choices[0].finish_reason).toBe(finish);
      expect(out.model).toBe('claude-sonnet-4-5');
    }
  });

  it('a 200 without a Messages body is a 502, not a crash', () => {
    expect(() => parse({ nope: true })).toThrow(GatewayError);
    expect(() => parse('text')).toThrow(/content array/);
  });
});
