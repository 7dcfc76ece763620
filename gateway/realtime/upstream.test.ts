// Where and how the gateway dials the provider's realtime WebSocket, per provider.
import { describe, expect, it } from 'vitest';
import type { ResolvedAccount } from '../config.ts';
import { upstreamHandshakeHeaders, upstreamRealtimeURL } from './upstream.ts';

const account = (over: Partial<ResolvedAccount>): ResolvedAccount => ({
  name: 'a', provider: 'openai', baseURL: 'https://api.openai.com/v1', apiKey: 'sk-account', models: new Set(), pricing: new Map(), ...over,
});

describe('upstream realtime URL', () => {
  it('OpenAI: base URL + /realtime?model=, https → wss, http → ws, regional hosts kept', () => {
    expect(upstreamRealtimeURL(account({}), 'gpt-realtime').href).toBe('wss://api.openai.com/v1/realtime?model=gpt-realtime');
    expect(upstreamRealtimeURL(account({ baseURL: 'https://eu.api.openai.com/v1' }), 'gpt-4o-realtime-preview').href)
      .toBe('wss://eu.api.openai.com/v1/realtime?model=gpt-4o-realtime-preview');
    expect(upstreamRealtimeURL(account({ baseURL: 'http://127.0.0.1:9/openai/v1/' }), 'm').href).toBe('ws://127.0.0.1:9/openai/v1/realtime?model=m');
  });

  it('Azure OpenAI: /openai/realtime with api-version and deployment, or the /openai/v1 surface with model', () => {
    const azure = account({ provider: 'azure-openai', baseURL: 'https://res.openai.azure.com', apiVersion: '2025-04-01-preview' });
    expect(upstreamRealtimeURL(azure, 'rt-deploy').href).toBe('wss://res.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=rt-deploy');
    expect(upstreamRealtimeURL({ ...azure, baseURL: 'https://res.openai.azure.com/openai/v1' }, 'gpt-realtime').href)
      .toBe('wss://res.openai.azure.com/openai/v1/realtime?model=gpt-realtime');
  });
});

describe('upstream handshake headers', () => {
  const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01' };

  it('sends the account key and the trace context, never client headers except OpenAI-Beta', () => {
    const client = new Headers({ authorization: 'Bearer ts-gateway-key', 'openai-beta': 'realtime=v1', cookie: 'c=1', 'x-tfy-metadata': '{}' });
    expect(upstreamHandshakeHeaders(account({}), client, trace)).toEqual({ ...trace, authorization: 'Bearer sk-account', 'openai-beta': 'realtime=v1' });
    expect(upstreamHandshakeHeaders(account({}), new Headers(), trace)).toEqual({ ...trace, authorization: 'Bearer sk-account' });
  });

  it('Azure takes the key as api-key', () => {
    expect(upstreamHandshakeHeaders(account({ provider: 'azure-openai', apiKey: 'az-key' }), new Headers(), trace)).toEqual({ ...trace, 'api-key': 'az-key' });
  });
});
