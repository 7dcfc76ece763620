// Issue 7's acceptance: every operation of spec/gateway.yaml is covered by at least a schema check, an
// auth check and a negative check in the catalogue (suites/checks.ts). The realtime WebSocket's checks
// come from its own suite, with ids starting `realtime.`. The test names the operation that lacks one.
import { describe, expect, it } from 'vitest';
import { listOperations } from '../spec/index.ts';
import { CHECKS } from '../suites/checks.ts';

type Kind = 'schema' | 'auth' | 'negative';

function kindsOf(operationId: string): Set<Kind> {
  const kinds = new Set<Kind>();
  for (const check of CHECKS) {
    const about = check.operationId === operationId || check.id.split('.')[1] === operationId;
    if (!about && !(operationId === 'connectRealtime' && check.id.startsWith('realtime.'))) continue;
    const id = check.id;
    if (id === `op.${operationId}.schema` || (id.startsWith('realtime.') && /schema|event/.test(id))) kinds.add('schema');
    if (id.startsWith(`auth.${operationId}.`) || (id.startsWith('realtime.') && /auth|key|401/.test(id))) kinds.add('auth');
    if (id === `neg.${operationId}` || (id.startsWith('realtime.') && /neg|invalid|error|reject/.test(id))) kinds.add('negative');
  }
  return kinds;
}

describe('every operation of the contract has schema, auth and negative checks', () => {
  it('lists the operations it checks (the contract is not empty)', () => {
    expect(listOperations().length).toBeGreaterThan(20);
    expect(kindsOf('noSuchOperation').size, 'an operation nobody checks is found lacking').toBe(0);
  });

  for (const op of listOperations()) {
    it(`${op.operationId} (${op.method} ${op.path})`, () => {
      const kinds = kindsOf(op.operationId);
      const missing = (['schema', 'auth', 'negative'] as const).filter((k) => !kinds.has(k));
      expect(missing, `operation ${op.operationId} has no ${missing.join(', ')} check in suites/checks.ts`).toEqual([]);
    });
  }
});
