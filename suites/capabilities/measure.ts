/**
 * One cell of the provider capability matrix, measured: the claim (spec/capabilities.yaml) decides what
 * the gateway must do — claimed supported: the capability works (works.ts); otherwise: the request for it
 * is refused with a 400 naming the parameter (refusal.ts). A gateway that answers 501
 * provider_not_implemented gets `unimplemented`, with its message, instead of a verdict.
 * Kept free of vitest so the project's tests can run it against any gateway and any claim.
 */
import type { CapabilityCell, CapabilityColumn } from '../../spec/capabilities.ts';
import type { ScenarioContext } from '../scenario.ts';
import type { TargetProvider } from '../target.ts';
import { ProviderNotImplemented } from './probe-kit.ts';
import { probeRefusal } from './refusal.ts';
import { REFUSAL_PROBES } from './requests.ts';
import { WORKS, type ProbeResult } from './works.ts';

export const checkIdOf = (column: CapabilityColumn): string => `capability.${column}`;

const STATE_TEXT: Record<CapabilityCell['state'], string> = {
  supported: 'supported by the provider and the gateway',
  'provider-only': 'offered by the provider, not passed through by the gateway',
  unsupported: 'not offered by the provider',
};

/** What the claim makes the gateway owe, in a line. */
export function expectationOf(column: CapabilityColumn, claim: CapabilityCell): string {
  if (claim.state === 'supported') return `claimed ${STATE_TEXT.supported}: it works through the gateway (see the requirement)`;
  const params = REFUSAL_PROBES[column].params.map((p) => `"${p}"`).join(' or ');
  return `claimed ${STATE_TEXT[claim.state]}: a request for it is refused with 400 and the OpenAI error envelope naming ${params}`;
}

export async function measureCapability(s: ScenarioContext, subject: TargetProvider, column: CapabilityColumn, claim: CapabilityCell): Promise<void> {
  s.about({ provider: subject.provider, capability: column });
  const checkId = checkIdOf(column);
  const expected = expectationOf(column, claim);
  const notes = [`claim: ${claim.state}${claim.note ? ` — ${claim.note}` : ''}`, `source: ${claim.source}`, `provider account: ${subject.account}`];
  let result: ProbeResult;
  try {
    result = claim.state === 'supported' ? await WORKS[column](s, subject) : await probeRefusal(s, subject, column);
  } catch (error) {
    if (error instanceof ProviderNotImplemented) {
      s.unimplemented(checkId, error.reason, { expected, observed: `501 ${error.reason}`, notes });
      return;
    }
    throw error;
  }
  s.verdict(checkId, result.violations, { expected, observed: result.observed, notes: [...notes, `model: ${result.model}`] });
}
