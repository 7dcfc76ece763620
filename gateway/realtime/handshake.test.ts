// The realtime endpoint's handshake rules without sockets: which paths are ours, which handshakes are
// refused and how, where the key comes from, which subprotocol is echoed, which targets resolve.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hashKey, resolveConfig } from '../config.ts';
import { GatewayError } from '../errors.ts';
import {
  gatewayHeaders, handshakeError, matchLivePath, offeredProtocols, plainRequestError, resolveRealtimeTarget, selectProtocol,
} from './handshake.ts';

const config = resolveConfig({
  accounts: [
    { name: 'openai-main', provider: 'openai', base_url: 'https://api.openai.com/v1', api_key: { value: 'sk-a' }, models: [{ name: 'gpt-realtime' }] },
    { name: 'azure-main', provider: 'azure-openai', base_url: 'https://x.openai.azure.com', api_key: { value: 'az' }, api_version: '2025-04-01-preview', models: [{ name: 'rt' }] },
    { name: 'anthropic-main', provider: 'anthropic', base_url: 'https://api.anthropic.com', api_key: { value: 'ak' }, models: [{ name: 'claude' }] },
  ],
  keys: [{ name: 'k', sha256: hashKey('ts-k'), access: { models: ['*'] } }],
}, 'test');

function req(headers: Record<string, string>, method = 'GET'): IncomingMessage {
  const rawHeaders = Object.entries(headers).flat();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, headers: lower, rawHeaders } as unknown as IncomingMessage;
}

const handshake = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };

function thrown(fn: () => unknown): GatewayError {
  try { fn(); } catch (error) { if (error instanceof GatewayError) return error; throw error; }
  throw new Error('expected a GatewayError');
}

describe('realtime paths', () => {
  it('matches /live/{account} and the SDK form /live/{account}/realtime, nothing else', () => {
    expect(matchLivePath('/live/openai-main')).toBe('openai-main');
    expect(matchLivePath('/live/openai-main/')).toBe('openai-main');
    expect(matchLivePath('/live/openai-main/realtime')).toBe('openai-main');
    expect(matchLivePath('/live/open%61i')).toBe('openai');
    for (const p of ['/live', '/live/', '/api/llm/live/openai-main', '/live/a/b', '/v1/realtime']) expect(matchLivePath(p)).toBeUndefined();
  });

  it('answers plain requests 426 (GET) with Upgrade: websocket, or 405', () => {
    const e = plainRequestError('GET', '/live/openai-main');
    expect(e.status).toBe(426);
    expect(e.headers.upgrade).toBe('websocket');
    expect(e.toJSON().error.code).toBe('upgrade_required');
    const m = plainRequestError('POST', '/live/openai-main');
    expect(m.status).toBe(405);
    expect(m.headers.allow).toBe('GET');
  });
});

describe('handshake checks', () => {
  it('accepts a well-formed handshake', () => {
    expect(handshakeError(req(handshake), '/live/x')).toBeUndefined();
  });

  it('refuses what ws would not complete, with envelopes', () => {
    expect(handshakeError(req(handshake, 'POST'), '/live/x')!.status).toBe(405);
    expect(handshakeError(req({ ...handshake, upgrade: 'h2c' }), '/live/x')!.status).toBe(426);
    const version = handshakeError(req({ ...handshake, 'sec-websocket-version': '7' }), '/live/x')!;
    expect([version.status, version.headers['sec-websocket-version']]).toEqual([426, '13']);
    expect(handshakeError(req({ ...handshake, 'sec-websocket-key': 'short' }), '/live/x')!.toJSON().error.code).toBe('invalid_websocket_key');
    expect(handshakeError(req({ ...handshake, 'sec-websocket-protocol': 'realtime, bad protocol' }), '/live/x')!.status).toBe(400);
  });

  it('parses offered subprotocols and refuses malformed or repeated ones', () => {
    expect(offeredProtocols(undefined)).toEqual([]);
    expect(offeredProtocols('realtime, openai-insecure-api-key.ts-k')).toEqual(['realtime', 'openai-insecure-api-key.ts-k']);
    expect(thrown(() => offeredProtocols('realtime, realtime')).status).toBe(400);
    expect(thrown(() => offeredProtocols('a,,b')).status).toBe(400);
  });

  it('echoes "realtime" when offered and never the key protocol', () => {
    expect(selectProtocol(new Set(['openai-insecure-api-key.ts-k', 'realtime']))).toBe('realtime');
    expect(selectProtocol(new Set(['openai-insecure-api-key.ts-k']))).toBe(false);
    expect(selectProtocol([])).toBe(false);
  });

  it('takes the key from the subprotocol only when there is no Authorization header', () => {
    const viaProtocol = gatewayHeaders(req({ ...handshake, 'Sec-WebSocket-Protocol': 'realtime, openai-insecure-api-key.ts-k', 'X-Tfy-Metadata': '{"a":"b"}' }));
    expect(viaProtocol.get('authorization')).toBe('Bearer ts-k');
    expect(viaProtocol.get('x-tfy-metadata')).toBe('{"a":"b"}');
    const both = gatewayHeaders(req({ ...handshake, Authorization: 'Bearer ts-header', 'Sec-WebSocket-Protocol': 'openai-insecure-api-key.ts-k' }));
    expect(both.get('authorization')).toBe('Bearer ts-header');
    expect(gatewayHeaders(req({ ...handshake, 'Sec-WebSocket-Protocol': 'realtime' })).has('authorization')).toBe(false);
  });
});

describe('realtime targets', () => {
  it('resolves an OpenAI or Azure account and an enabled bare model', () => {
    const t = resolveRealtimeTarget(config, 'openai-main', 'gpt-realtime');
    expect([t.account.name, t.model]).toEqual(['openai-main', 'gpt-realtime']);
    expect(resolveRealtimeTarget(config, 'azure-main', 'rt').account.provider).toBe('azure-openai');
  });

  it('refuses in order: unknown account 404, other provider 400, no model 400, account-prefixed model 400, model not enabled 404', () => {
    const codes = (account: string, model: string | null) => {
      const e = thrown(() => resolveRealtimeTarget(config, account, model));
      return [e.status, e.code, e.param];
    };
    expect(codes('nope', null)).toEqual([404, 'provider_account_not_found', null]);
    expect(codes('anthropic-main', 'claude')).toEqual([400, 'realtime_not_supported', null]);
    expect(codes('openai-main', null)).toEqual([400, 'missing_required_parameter', 'model']);
    expect(codes('openai-main', '')).toEqual([400, 'missing_required_parameter', 'model']);
    expect(codes('openai-main', 'openai-main/gpt-realtime')).toEqual([400, 'invalid_value', 'model']);
    expect(codes('openai-main', 'gpt-4o-mini')).toEqual([404, 'model_not_found', 'model']);
  });
});
