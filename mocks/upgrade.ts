/**
 * WebSocket upgrades on the loopback mock server. `routeUpgrades(simulators)` is the upgrade twin of
 * the fetch router in server.ts: `ws://127.0.0.1:P/openai/v1/realtime?model=…` reaches the `openai`
 * simulator's `upgrade` handler with `req.url` rewritten to the real provider's path
 * (`/v1/realtime?model=…`). `refuseUpgrade` answers an upgrade with a plain HTTP response written on the
 * raw socket, which is how a server declines a WebSocket handshake (a 401 with a JSON body, say).
 * Provider-neutral: nothing here imports from a provider folder.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Simulator, UpgradeHandler } from './types.ts';

/** Write `status` + headers + body on the socket and close it (the handshake is refused). */
export function refuseUpgrade(socket: Duplex, status: number, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body, 'utf8');
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`];
  const all: Record<string, string> = { 'content-type': 'application/json', ...headers, 'content-length': String(bytes.byteLength), connection: 'close' };
  for (const [name, value] of Object.entries(all)) lines.push(`${name}: ${value}`);
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]));
}

function envelope(message: string, code: string): string {
  return JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } });
}

/** Routes `/<upstream-name>/<real path>` upgrades to that simulator's `upgrade`; others get a 404. */
export function routeUpgrades(simulators: Record<string, Simulator>): UpgradeHandler {
  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const [, name = '', ...rest] = url.pathname.split('/');
    const simulator = simulators[name];
    if (!simulator) {
      refuseUpgrade(socket, 404, envelope(`No simulated upstream is mounted at /${name}. Known: ${Object.keys(simulators).join(', ')}.`, 'unknown_upstream'));
      return;
    }
    if (!simulator.upgrade) {
      refuseUpgrade(socket, 404, envelope(`The simulated upstream "${name}" accepts no WebSocket connections.`, 'websocket_not_supported'));
      return;
    }
    req.url = `/${rest.join('/')}${url.search}`;
    return simulator.upgrade(req, socket, head);
  };
}
