/**
 * The bare passthrough proxy — "the limit" for a Node gateway: node:http in front, read the request
 * body, JSON.parse it (a gateway must look at the model), forward it with an undici Pool (keep-alive)
 * to the one upstream, and return the status and body. Event streams are piped through as they
 * arrive; everything else is buffered and sent with its length. No auth, no routing, no logging —
 * whatever the gateway costs beyond this is what its features cost.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

export interface BareProxy {
  url: string;
  close(): Promise<void>;
}

export async function startBareProxy(upstream: string, options: { port?: number; connections?: number } = {}): Promise<BareProxy> {
  const pool = new Pool(upstream, { connections: options.connections ?? 2048, pipelining: 1, keepAliveTimeout: 60_000, bodyTimeout: 0, headersTimeout: 0 });
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { void forward(req, res, Buffer.concat(chunks)); });
  });

  async function forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    try {
      JSON.parse(body.toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bare proxy: the body is not JSON","type":"invalid_request_error","param":null,"code":null}}');
      return;
    }
    const controller = new AbortController();
    res.on('close', () => { if (!res.writableFinished) controller.abort(); });
    try {
      const upstream = await pool.request({
        path: req.url ?? '/',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
        body,
        signal: controller.signal,
      });
      const type = String(upstream.headers['content-type'] ?? 'application/json');
      if (type.startsWith('text/event-stream')) {
        res.writeHead(upstream.statusCode, { 'content-type': type, 'cache-control': 'no-cache' });
        for await (const chunk of upstream.body) res.write(chunk);
        res.end();
      } else {
        const bytes = Buffer.from(await upstream.body.arrayBuffer());
        res.writeHead(upstream.statusCode, { 'content-type': type, 'content-length': bytes.length }).end(bytes);
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `bare proxy: ${(error as Error).message}`, type: 'server_error', param: null, code: 'upstream_error' } }));
      else res.destroy();
    }
  }

  server.maxConnections = 100_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      await pool.destroy();
    },
  };
}
