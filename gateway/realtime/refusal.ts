/**
 * Refusing a WebSocket handshake: the only answer a server can give before the upgrade is a plain
 * HTTP response written on the raw socket, after which the connection closes. The body is the
 * gateway's error envelope, so clients read realtime refusals exactly like HTTP API errors.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayError } from '../errors.ts';

/** Write `error` as `HTTP/1.1 <status>` + envelope on `socket` and close it. */
export function refuseHandshake(socket: Duplex, error: GatewayError, extraHeaders: Record<string, string> = {}): void {
  if (socket.destroyed || !socket.writable) { socket.destroy(); return; }
  const body = Buffer.from(JSON.stringify(error.toJSON()), 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...error.headers,
    ...extraHeaders,
    'content-length': String(body.byteLength),
    connection: 'close',
  };
  const lines = [`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
}
