/**
 * Refusing a WebSocket handshake: the only answer a server can give before the upgrade is a plain
 * HTTP response written on the raw socket, after which the connection closes. The body is the
 * gateway's error envelope, so clients read realtime refusals exactly like HTTP API errors.
 */
import type { Duplex } from 'node:stream';
import { endWithResponse } from '../../lib/serve.ts';
import type { GatewayError } from '../errors.ts';

/** Write `error` as `HTTP/1.1 <status>` + envelope on `socket` and close it. */
export function refuseHandshake(socket: Duplex, error: GatewayError, extraHeaders: Record<string, string> = {}): void {
  endWithResponse(socket, error.status, { 'content-type': 'application/json', ...error.headers, ...extraHeaders }, JSON.stringify(error.toJSON()));
}
