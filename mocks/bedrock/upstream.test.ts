/**
 * The `bedrock` upstream as the rest of Touchstone sees it: a registry row for
 * https://bedrock-runtime.us-east-1.amazonaws.com, listed by the loopback server's `GET /`, and served
 * in process by msw on its real base URL — where the SDK signs for the real host, with no mount prefix.
 */
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { simulatorHandlers } from '../msw.ts';
import { createSimulators, findUpstream } from '../registry.ts';
import { startMockServer } from '../server.ts';
import { bedrockClient, user } from './test-kit.ts';

describe('bedrock upstream', () => {
  it('is a registry row with its real base URL and region', () => {
    expect(findUpstream('bedrock')).toMatchObject({ provider: 'bedrock', region: 'us-east-1', realBaseURL: 'https://bedrock-runtime.us-east-1.amazonaws.com' });
    const sim = createSimulators({}, ['bedrock']).bedrock!;
    expect(sim).toMatchObject({ name: 'bedrock', provider: 'bedrock', region: 'us-east-1' });
  });

  it('is listed by the loopback server', async () => {
    const server = await startMockServer({ simulators: createSimulators({}, ['bedrock']) });
    try {
      expect(await (await fetch(`${server.url}/`)).json()).toEqual({ upstreams: { bedrock: `${server.url}/bedrock` } });
    } finally {
      await server.close();
    }
  });

  it('answers the SDK in process through msw, signed for the real host', async () => {
    const sims = createSimulators({}, ['bedrock']);
    const msw = setupServer(...simulatorHandlers(sims));
    msw.listen({ onUnhandledRequest: 'error' });
    try {
      const out = await bedrockClient(undefined).send(new ConverseCommand({ modelId: 'amazon.nova-micro-v1:0', messages: [user('In process.')] }));
      expect(out.stopReason).toBe('end_turn');
      const entry = sims.bedrock!.journal.last()!;
      expect(entry.path).toBe('/model/amazon.nova-micro-v1%3A0/converse');
      expect(entry.headers.host).toBe('bedrock-runtime.us-east-1.amazonaws.com');
    } finally {
      msw.close();
    }
  });
});
