/**
 * The seed-001 capability matrix, honoured: for every column the matrix says Anthropic offers, a request
 * using the feature works; for every column it marks unsupported, the request gets Anthropic's refusal.
 * Expectations are derived from spec/capabilities.yaml at run time, so they follow the data. The mechanics
 * are also checked with an injected answer, so both branches of every column are exercised whatever the
 * matrix says today.
 */
import { describe, expect, it } from 'vitest';
import { CAPABILITY_COLUMNS, capability, providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { CAPABILITY_CASES } from './capability-cases.ts';
import { body, events, postJson, simulator } from './test-kit.ts';
import type { Simulator } from '../types.ts';

async function exercise(sim: Simulator, column: CapabilityColumn): Promise<void> {
  const c = CAPABILITY_CASES[column];
  const response = await postJson(sim, '/v1/messages', body(c.uses));
  expect(response.status).toBe(200);
  if (c.uses.stream === true) c.works({ events: await events(response) });
  else c.works({ message: await response.json() as never });
}

async function expectRefusal(sim: Simulator, column: CapabilityColumn): Promise<void> {
  const response = await postJson(sim, '/v1/messages', body(CAPABILITY_CASES[column].uses));
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: CAPABILITY_CASES[column].refusal } });
}

describe('anthropic honours the capability matrix (spec/capabilities.yaml)', () => {
  for (const column of CAPABILITY_COLUMNS) {
    const offered = providerOffers('anthropic', column);
    it(`${column}: ${capability('anthropic', column).state} → ${offered ? 'works' : 'refused'}`, async () => {
      if (offered) await exercise(simulator(), column);
      else await expectRefusal(simulator(), column);
    });
  }
});

describe('capability mechanics, both branches of every column', () => {
  for (const column of CAPABILITY_COLUMNS) {
    it(`${column}: offered works, not offered is refused`, async () => {
      await exercise(simulator({ offers: () => true }), column);
      await expectRefusal(simulator({ offers: (c) => c !== column }), column);
    });
  }
});
