// The upstream transport behaves like fetch where the gateway relies on it: bodies in (string, bytes,
// stream), status/headers/body out (streamed as they arrive), abort, unreachable upstreams; and it does
// not follow redirects or decompress (a proxy passes those on).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamTransport } from './transport.ts';

let server: http.Server;
let base: string;
const transport = createUpstreamTransport();
let release: (() => void) | undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (req.url === '/echo') { res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }).end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization })); return; }
      if (req.url === '/redirect') { res.writeHead(302, { location: '/echo' }).end(); return; }
      if (req.url === '/empty') { res.writeHead(204).end(); return; }
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: one\n\n');
        release = () => res.end('data: two\n\n');
        return;
      }
      if (req.url === '/hang') return;
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await transport.close(); server.closeAllConnections(); await new Promise((r) => server.close(r)); });

describe('upstream transport', () => {
  it('sends string, byte and stream bodies with headers; answers status, headers (repeated ones too) and body', async () => {
    for (const body of ['{"a":1}', new TextEncoder().encode('{"a":1}'), new Blob(['{"a":1}']).stream()]) {
      const res = await transport.fetch(`${base}/echo`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(await res.json()).toEqual({ method: 'POST', body: '{"a":1}', auth: 'Bearer k' });
    }
  });

  it('streams the body as it arrives', async () => {
    const res = await transport.fetch(`${base}/stream`);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: one\n\n');
    release!();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: two\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('passes redirects on and gives 204 no body', async () => {
    const moved = await transport.fetch(`${base}/redirect`);
    expect([moved.status, moved.headers.get('location')]).toEqual([302, '/echo']);
    const empty = await transport.fetch(`${base}/empty`);
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it('an abort rejects the call; an unreachable upstream is a TypeError like fetch\'s', async () => {
    const controller = new AbortController();
    const pending = transport.fetch(`${base}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeDefined();
    await expect(transport.fetch('http://127.0.0.1:1/nothing')).rejects.toThrow(TypeError);
  });
});

describe('the process-wide fetch', () => {
  it('is not switched to the undici package\'s dispatcher by importing the transport', async () => {
    // Node's own fetch accepts a `connection` header; the undici package's Agent refuses it (UND_ERR_INVALID_ARG).
    const res = await fetch(`${base}/echo`, { method: 'POST', body: 'x', headers: { connection: 'keep-alive' } });
    expect(res.status).toBe(201);
    await res.text();
  });
});
