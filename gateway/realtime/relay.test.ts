// The relay's rules on two stand-in sockets (the parts of a ws WebSocket the relay uses), where sockets
// would make them timing-dependent: backpressure pauses and resumes the sending side, close codes are
// mapped, a broken side closes the other with 1009/1011, and the close timeout (fake timers) terminates.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import { forwardedCloseCode, isSendableCloseCode, relay } from './relay.ts';

class StandIn extends EventEmitter {
  readyState = 1; // OPEN
  isPaused = false;
  sent: { data: Buffer; binary: boolean; done: () => void }[] = [];
  closes: [number, string][] = [];
  terminated = false;
  pause() { this.isPaused = true; }
  resume() { this.isPaused = false; }
  send(data: Buffer, options: { binary: boolean }, cb: () => void) { this.sent.push({ data, binary: options.binary, done: cb }); }
  close(code: number, reason: string) { this.closes.push([code, reason]); this.readyState = 2; }
  terminate() { this.terminated = true; this.peerClosed(1006, ''); }
  /** The closing handshake finished (or the socket died): ws emits 'close'. */
  peerClosed(code: number, reason: string) { this.readyState = 3; this.emit('close', code, Buffer.from(reason)); }
}

function pair(options: { highWaterMark?: number; closeTimeoutMs?: number; onUpstreamMessage?: (d: Buffer, b: boolean) => void } = {}) {
  const client = new StandIn();
  const upstream = new StandIn();
  const session = relay(client as unknown as WebSocket, upstream as unknown as WebSocket, { closeTimeoutMs: options.closeTimeoutMs ?? 5000, ...options });
  return { client, upstream, session };
}

afterEach(() => { vi.useRealTimers(); });

describe('relay', () => {
  it('forwards text as text and binary as binary, in order, and shows upstream frames to the observer', () => {
    const seen: string[] = [];
    const { client, upstream } = pair({ onUpstreamMessage: (d, b) => seen.push(`${b}:${d}`) });
    upstream.emit('message', Buffer.from('{"a":1}'), false);
    upstream.emit('message', Buffer.from([1, 2]), true);
    client.emit('message', Buffer.from('{"b":2}'), false);
    expect(client.sent.map((s) => [s.binary, s.data.toString('hex')])).toEqual([[false, Buffer.from('{"a":1}').toString('hex')], [true, '0102']]);
    expect(upstream.sent.map((s) => [s.binary, s.data.toString()])).toEqual([[false, '{"b":2}']]);
    expect(seen).toEqual(['false:{"a":1}', 'true:\u0001\u0002']);
  });

  it('pauses the sending side above the high-water mark and resumes it below half of it', () => {
    const { client, upstream } = pair({ highWaterMark: 1000 });
    upstream.emit('message', Buffer.alloc(600), true);
    expect(upstream.isPaused).toBe(false);
    upstream.emit('message', Buffer.alloc(600), true);
    expect(upstream.isPaused).toBe(true);
    expect(client.isPaused).toBe(false);
    client.sent[0]!.done(); // 600 still queued > 500
    expect(upstream.isPaused).toBe(true);
    client.sent[1]!.done();
    expect(upstream.isPaused).toBe(false);
  });

  it('drops frames for a side that is no longer open', () => {
    const { client, upstream } = pair();
    client.readyState = 2;
    upstream.emit('message', Buffer.from('late'), false);
    expect(client.sent).toHaveLength(0);
  });

  it('passes a close on with its code, maps 1005 to 1000 and 1006 to 1011, and ends when both sides closed', async () => {
    const a = pair();
    a.client.peerClosed(4100, 'bye');
    expect(a.upstream.closes).toEqual([[4100, 'bye']]);
    a.upstream.peerClosed(4100, 'bye');
    expect(await a.session.done).toEqual({ client: { code: 4100, reason: 'bye' }, upstream: { code: 4100, reason: 'bye' }, closedFirst: 'client' });

    const b = pair();
    b.upstream.peerClosed(1005, '');
    expect(b.client.closes).toEqual([[1000, '']]);

    const c = pair();
    c.upstream.peerClosed(1006, '');
    expect(c.client.closes).toEqual([[1011, 'upstream connection lost']]);
    c.client.peerClosed(1011, 'upstream connection lost');
    expect((await c.session.done).errorCode).toBe('upstream_connection_lost');
  });

  it('closes the other side with 1009 when one sent a message over the limit, 1011 on other protocol errors', async () => {
    const a = pair();
    a.client.emit('error', Object.assign(new RangeError('Max payload size exceeded'), { code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' }));
    expect(a.upstream.closes).toEqual([[1009, 'message too big']]);
    a.client.peerClosed(1006, '');
    a.upstream.peerClosed(1009, 'message too big');
    expect(await a.session.done).toMatchObject({ closedFirst: 'client', errorCode: 'message_too_large' });

    const b = pair();
    b.upstream.emit('error', Object.assign(new RangeError('Invalid opcode 7'), { code: 'WS_ERR_INVALID_OPCODE' }));
    expect(b.client.closes).toEqual([[1011, 'upstream protocol error']]);
  });

  it('terminates a side that does not finish closing within the close timeout', async () => {
    vi.useFakeTimers();
    const { client, upstream, session } = pair({ closeTimeoutMs: 5000 });
    client.peerClosed(1000, '');
    expect(upstream.closes).toEqual([[1000, '']]);
    vi.advanceTimersByTime(4999);
    expect(upstream.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(upstream.terminated).toBe(true);
    expect((await session.done).upstream.code).toBe(1006);
  });

  it('shutdown closes both sides with the given code', () => {
    const { client, upstream, session } = pair();
    upstream.pause();
    session.shutdown(1001, 'gateway shutting down');
    expect(client.closes).toEqual([[1001, 'gateway shutting down']]);
    expect(upstream.closes).toEqual([[1001, 'gateway shutting down']]);
    expect(upstream.isPaused).toBe(false); // it must read the peer's closing frame
  });

  it('knows which close codes may be sent', () => {
    expect([1000, 1001, 1009, 1011, 1014, 3000, 4999].every(isSendableCloseCode)).toBe(true);
    expect([999, 1004, 1005, 1006, 1015, 2000, 5000].some(isSendableCloseCode)).toBe(false);
    expect([1005, 1006, 1015, 4000].map(forwardedCloseCode)).toEqual([1000, 1011, 1011, 4000]);
  });
});
