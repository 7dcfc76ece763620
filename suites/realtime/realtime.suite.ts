/**
 * The realtime suite: a WebSocket session through the gateway, and refused upgrades. Scenario bodies
 * in realtime.ts, the client in client.ts.
 */
import { describe } from 'vitest';
import { scenario } from '../scenario.ts';
import { CHECK_IDS, realtimeAuth, realtimeSession } from './realtime.ts';

describe('realtime', () => {
  scenario('session: created first, response cycle, error event keeps it open', CHECK_IDS.realtimeSession, realtimeSession);
  scenario('upgrade without a key and with a bad key', CHECK_IDS.realtimeAuth, realtimeAuth);
});
