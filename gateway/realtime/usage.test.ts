// Reading a realtime session's usage from the server frames the gateway relays.
import { describe, expect, it } from 'vitest';
import { usageOfServerFrame } from './usage.ts';

const frame = (event: unknown) => Buffer.from(JSON.stringify(event));

describe('usageOfServerFrame', () => {
  it('reads response.done usage with cached and audio details', () => {
    const done = {
      type: 'response.done', event_id: 'event_1',
      response: {
        id: 'resp_1', status: 'completed',
        usage: {
          total_tokens: 253, input_tokens: 132, output_tokens: 121,
          input_token_details: { text_tokens: 119, audio_tokens: 13, cached_tokens: 64, cached_tokens_details: { text_tokens: 64, audio_tokens: 0 } },
          output_token_details: { text_tokens: 30, audio_tokens: 91 },
        },
      },
    };
    expect(usageOfServerFrame(frame(done), false)).toEqual({ inputTokens: 132, outputTokens: 121, cachedTokens: 64, audioInputTokens: 13, audioOutputTokens: 91 });
  });

  it('takes usage without detail objects', () => {
    expect(usageOfServerFrame(frame({ type: 'response.done', response: { usage: { input_tokens: 3, output_tokens: 4 } } }), false))
      .toEqual({ inputTokens: 3, outputTokens: 4 });
  });

  it('ignores other events, binary frames, missing or null usage, and broken JSON', () => {
    const delta = { type: 'response.output_text.delta', delta: 'the "response.done" event', response: { usage: { input_tokens: 9 } } };
    expect(usageOfServerFrame(frame(delta), false)).toBeUndefined();
    expect(usageOfServerFrame(frame({ type: 'response.created', response: { usage: null } }), false)).toBeUndefined();
    expect(usageOfServerFrame(frame({ type: 'response.done', response: { usage: null } }), false)).toBeUndefined();
    expect(usageOfServerFrame(frame({ type: 'response.done', response: { usage: { input_tokens: 1 } } }), true)).toBeUndefined();
    expect(usageOfServerFrame(Buffer.from('{"type":"response.done",'), false)).toBeUndefined();
    expect(usageOfServerFrame(frame({ type: 'response.done', response: { usage: { input_tokens: -1, output_tokens: 'x' } } }), false)).toBeUndefined();
  });

  it('does not parse frames that cannot be response.done', () => {
    const parse = JSON.parse;
    let calls = 0;
    JSON.parse = ((...args: Parameters<typeof JSON.parse>) => { calls++; return parse(...args); }) as typeof JSON.parse;
    try {
      usageOfServerFrame(frame({ type: 'response.output_audio.delta', delta: 'AAAA'.repeat(1000) }), false);
    } finally {
      JSON.parse = parse;
    }
    expect(calls).toBe(0);
  });
});
