/**
 * A scenario is one vitest test that exercises the target and gives a verdict on each check it
 * declares. Each verdict becomes a case (check × target × scenario) carried to the reporter in the
 * test's meta. A MUST broken fails the vitest test; a SHOULD missed is recorded as non-strict.
 */
import { inject, test } from 'vitest';
import type { CaseResult, Outcome } from '../reports/model.ts';
import type { Violation } from '../spec/violation.ts';
import type { ValidationResult } from '../spec/index.ts';
import { getCheck } from './checks.ts';
import { endpointClaimed, matchesFilter, parseFilter } from './profile/select.ts';
import { Recorder } from './recorder.ts';
import type { Target } from './target.ts';

/** A case as produced in the test worker; the reporter adds ids and the target. */
export type CaseRecord = Omit<CaseResult, 'id' | 'targetId'>;

declare module 'vitest' {
  interface ProvidedContext { target: Target; filter?: string }
}
declare module '@vitest/runner' {
  /** `touchstoneFiltered`: a scenario left out by `--filter` (skipped without a progress line). */
  interface TaskMeta { touchstone?: CaseRecord[]; touchstoneFiltered?: boolean }
}

export function currentTarget(): Target {
  return inject('target');
}

export interface VerdictDetail {
  expected?: string;
  observed?: string;
  notes?: string[];
}

/** What a case is about, for views that group cases by it (the provider capability matrix). */
export type CaseSubject = Pick<CaseResult, 'provider' | 'capability'>;

export class ScenarioContext {
  readonly recorder: Recorder;
  readonly #verdicts = new Map<string, { violations: Violation[]; detail: VerdictDetail; at: number; unimplemented?: string }>();
  readonly #started = performance.now();
  #subject: CaseSubject = {};

  constructor(readonly name: string, readonly target: Target, readonly declared: readonly string[]) {
    this.recorder = new Recorder(target);
  }

  /** Label every case of this scenario with its provider and capability. */
  about(subject: CaseSubject): void {
    this.#subject = { ...subject };
  }

  /** The target does not offer what the check needs (e.g. a 501 for the provider): outcome `unimplemented`, not a failure. */
  unimplemented(checkId: string, message: string, detail: VerdictDetail = {}): void {
    this.verdict(checkId, [], detail);
    this.#verdicts.get(checkId)!.unimplemented = message;
  }

  /** Record the verdict of one declared check. Several verdicts for one check accumulate. */
  verdict(checkId: string, violations: Violation[] | ValidationResult, detail: VerdictDetail = {}): void {
    if (!this.declared.includes(checkId)) throw new Error(`scenario "${this.name}" gives a verdict on undeclared check ${checkId}`);
    const list = Array.isArray(violations) ? violations : violations.violations;
    const prev = this.#verdicts.get(checkId);
    if (prev) {
      prev.violations.push(...list);
      Object.assign(prev.detail, detail);
    } else this.#verdicts.set(checkId, { violations: [...list], detail, at: performance.now() });
  }

  finish(error: unknown): CaseRecord[] {
    const evidence = { exchanges: this.recorder.exchanges };
    return this.declared.map((checkId) => {
      const check = getCheck(checkId);
      const v = this.#verdicts.get(checkId);
      const durationMs = Math.round((v?.at ?? performance.now()) - this.#started);
      if (!v) {
        const message = error ? `not evaluated: the scenario stopped with ${errorText(error)}` : 'not evaluated: the scenario gave no verdict';
        return { checkId, scenario: this.name, outcome: 'fail', durationMs, message, violations: [], evidence, ...this.#subject };
      }
      const outcome: Outcome = v.unimplemented !== undefined && v.violations.length === 0 ? 'unimplemented'
        : v.violations.length === 0 ? 'pass' : check.level === 'MUST' ? 'fail' : 'non-strict';
      const record: CaseRecord = { checkId, scenario: this.name, outcome, durationMs, violations: v.violations, evidence, ...this.#subject };
      if (v.violations.length) record.message = v.violations.length === 1 ? v.violations[0]!.message : `${v.violations[0]!.message} (and ${v.violations.length - 1} more)`;
      else if (outcome === 'unimplemented') record.message = v.unimplemented;
      if (v.detail.expected !== undefined) record.expected = v.detail.expected;
      if (v.detail.observed !== undefined) record.observed = v.detail.observed;
      if (v.detail.notes) record.evidence = { ...evidence, notes: v.detail.notes };
      return record;
    });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Declare a scenario: `fn` exercises the target and gives a verdict on each of `checks`. */
export function scenario(name: string, checks: readonly string[], fn: (s: ScenarioContext) => Promise<void>, timeoutMs = 30_000): void {
  const infos = checks.map((id) => getCheck(id)); // unknown ids fail at collection, not at run time
  const filter = inject('filter');
  const selected = new Set(infos.filter((c) => matchesFilter(filter === undefined ? undefined : parseFilter(filter), c)).map((c) => c.id));
  if (selected.size === 0) {
    test(name, { skip: true, meta: { touchstoneFiltered: true } }, () => {});
    return;
  }
  test(name, async ({ task, skip }) => {
    const target = currentTarget();
    const unclaimed = new Set(infos.filter((c) => selected.has(c.id) && !endpointClaimed(target.claims?.endpoints, c)).map((c) => c.id));
    const ctx = new ScenarioContext(name, target, checks);
    let error: unknown;
    // Nothing selected is claimed: do not send requests the target never promised to answer.
    if (unclaimed.size < selected.size) {
      try { await fn(ctx); } catch (e) { error = e; }
    }
    await ctx.recorder.settle();
    const cases = ctx.finish(error).filter((c) => selected.has(c.checkId)).map((c) => unclaimed.has(c.checkId)
      ? { checkId: c.checkId, scenario: c.scenario, outcome: 'unimplemented' as const, durationMs: c.durationMs, violations: [], evidence: c.evidence,
        message: `not claimed by the target profile: ${getCheck(c.checkId).endpoint ?? ''}`, ...(c.provider ? { provider: c.provider } : {}), ...(c.capability ? { capability: c.capability } : {}) }
      : c);
    task.meta.touchstone = cases;
    const failed = cases.filter((c) => c.outcome === 'fail');
    if (failed.length) throw new Error(failed.map((c) => `${c.checkId}: ${c.message ?? 'failed'}`).join('\n'));
    // Shown as "skip" in the run's progress lines: nothing was measured, and nothing failed.
    if (cases.length && cases.every((c) => c.outcome === 'unimplemented')) skip(`unimplemented: ${cases[0]!.message ?? ''}`);
  }, timeoutMs);
}
