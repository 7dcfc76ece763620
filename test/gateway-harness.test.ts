// The in-process harness itself: the SDK reaches the OpenAI simulator through the gateway, and the
// journal shows what arrived upstream.
import { describe, expect, it } from 'vitest';
import { createGatewayHarness } from './gateway-harness.ts';

describe('gateway harness', () => {
  it('routes openai-main through the gateway to the simulator, streamed and not', async () => {
    const h = createGatewayHarness();
    const client = h.client();
    const done = await client.chat.completions.create({ model: 'openai-main/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(done.choices[0]!.message.content).toBeTruthy();
    expect(h.journal('openai').last()!.body).toMatchObject({ model: 'gpt-4o-mini' });
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: h.chatModel('openai-eu'), messages: [{ role: 'user', content: 'hi' }], stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBeTruthy();
    expect(h.journal('openai-eu').entries).toHaveLength(1);
    expect(h.journal('openai').entries).toHaveLength(1);
  });
});
