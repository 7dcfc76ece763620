/**
 * "It is refused, loudly", for cells the matrix says are not available through the gateway (the
 * provider does not offer the feature, or the gateway cannot pass it through): asking for it MUST be
 * answered 400 with the OpenAI error envelope naming the parameter — a 2xx means the parameter was
 * silently dropped or passed on to an upstream that ignores it, which the design forbids.
 */
import type { CapabilityColumn } from '../../spec/capabilities.ts';
import { describeValue, violation } from '../../spec/violation.ts';
import { envelopeViolations } from '../assertions.ts';
import type { ScenarioContext } from '../scenario.ts';
import type { TargetProvider } from '../target.ts';
import { OP, postChat, statusLine } from './probe-kit.ts';
import { REFUSAL_PROBES } from './requests.ts';
import type { ProbeResult } from './works.ts';

/** Does `param` (e.g. "response_format.json_schema.strict", "tools[0]") name one of `params`? */
export function namesParameter(param: unknown, message: unknown, params: readonly string[]): boolean {
  if (typeof param === 'string' && params.some((p) => param === p || param.startsWith(`${p}.`) || param.startsWith(`${p}[`))) return true;
  return typeof message === 'string' && params.some((p) => message.includes(p));
}

export async function probeRefusal(s: ScenarioContext, subject: TargetProvider, column: CapabilityColumn): Promise<ProbeResult> {
  const { params, body } = REFUSAL_PROBES[column];
  const model = subject.chatModel;
  const res = await postChat(s, body(model));
  const wanted = params.map((p) => `"${p}"`).join(' or ');
  if (res.status >= 200 && res.status < 300) {
    return {
      violations: [violation('/status', `400 refusing ${wanted}`, `${res.status}: the request was accepted, so ${params[0]} was silently dropped or passed on`, 'capability.silently-accepted')],
      observed: `${res.status}: accepted`,
      model,
    };
  }
  const violations = envelopeViolations(OP, res, 400);
  const error = (res.json as { error?: { param?: unknown; message?: unknown } } | undefined)?.error;
  if (res.status === 400 && error && !namesParameter(error.param, error.message, params)) {
    violations.push(violation('/body/error/param', `the refused parameter named: ${wanted}`, `${describeValue(error.param)} (message ${describeValue(error.message)})`, 'capability.param-named'));
  }
  return { violations, observed: statusLine(res), model };
}
