/**
 * Request bodies over a real socket take the fast path (read straight off the Node stream, lib/node-body.ts):
 * the size limit still holds without a content-length (413 envelope), and a valid body still arrives whole.
 * Headers over `server.max_header_bytes` and requests Node cannot parse get envelopes too (431 / 400).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateApiKey } from '../gateway/config.ts';
import type { RunningGateway } from '../gateway/server.ts';
import type { MockServer } from '../mocks/server.ts';
import { startServedGateway, type ServedGateway } from './gateway-harness.ts';

const KEY = generateApiKey();
let mocks: MockServer;
let gw: RunningGateway;
let served: ServedGateway;
beforeAll(async () => {
  served = await startServedGateway(KEY, { editConfig: (file) => { file.server = { max_body_bytes: 2048 }; } });
  ({ mocks, gateway: gw } = served);
});
afterAll(async () => { await served?.close(); });

const chunked = (text: string) => new Blob([text]).stream(); // a stream: sent chunked, no content-length

it('a chunked body over the limit is a 413 envelope; one under it is served', async () => {
  const big = JSON.stringify({ model: 'openai-main/gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(4000) }] });
  const refused = await fetch(`${gw.baseURL}/chat/completions`, { method: 'POST', body: chunked(big), duplex: 'half', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } } as RequestInit);
  expect(refused.status).toBe(413);
  expect((await refused.json() as { error: { type: string } }).error).toBeDefined();
  const small = JSON.stringify({ model: 'openai-main/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });
  const ok = await fetch(`${gw.baseURL}/chat/completions`, { method: 'POST', body: chunked(small), duplex: 'half', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } } as RequestInit);
  expect(ok.status).toBe(200);
  expect(mocks.simulators.openai!.journal.last()!.rawBody).toBe(JSON.stringify({ ...JSON.parse(small), model: 'gpt-4o-mini' }));
});

it('headers over server.max_header_bytes are a 431 envelope; a malformed request a 400 envelope', async () => {
  const net = await import('node:net');
  const raw = (text: string) => new Promise<string>((resolve, reject) => {
    const socket = net.connect(gw.port, '127.0.0.1', () => socket.end(text));
    let out = '';
    socket.on('data', (d: Buffer) => { out += d.toString(); });
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
  const big = await raw(`GET /api/llm/models HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${KEY}\r\nx-big: ${'a'.repeat(40 * 1024)}\r\n\r\n`);
  expect(big).toMatch(/^HTTP\/1\.1 431 /);
  expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'request_header_too_large', type: 'invalid_request_error' } });
  const bad = await raw('NOT HTTP AT ALL\r\n\r\n');
  expect(bad).toMatch(/^HTTP\/1\.1 400 /);
  expect(bad).toContain('"code":"malformed_request"');
});
