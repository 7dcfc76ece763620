/**
 * One conformance run: start (or reach) the target, run the suites with vitest programmatically with
 * the target provided to them, turn the collected cases into the report model and write its views.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';
import { VERSION } from '../lib/version.ts';
import type { CaseResult, Report, ShardInfo, TargetInfo } from '../reports/model.ts';
import { baselineComparison, diffReports, type ReportDiff } from '../reports/diff.ts';
import { summarize } from '../reports/summary.ts';
import { writeReport } from '../reports/write.ts';
import { capabilityClaims, capabilityMatrixLines } from './capabilities/claims.ts';
import { CHECKS } from './checks.ts';
import { CaseCollector } from './collector.ts';
import { startMockServer } from '../mocks/server.ts';
import { accountUpstreams, ProfileError, targetFromProfile, type TargetProfile } from './profile/profile.ts';
import { startDefaultTarget, type RunningTarget, type Target, type TargetProvider } from './target.ts';

export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RunOptions {
  /** An external gateway; omitted = the in-process default target. */
  external?: { url: string; key: string; chatModel: string; label?: string; providers?: TargetProvider[]; profile?: { file: string; profile: TargetProfile } };
  /** `--filter EXPR` (suites/profile/select.ts): only matching cases run; recorded in run.filter. */
  filter?: string;
  /** One line per finished suite file (the CLI writes it to stderr). */
  progress?: (line: string) => void;
  reportDir: string;
  seed: number;
  /** Run only this shard of the suite files (vitest's own file sharding); recorded in run.shard. */
  shard?: ShardInfo;
  command: string;
  log: (line: string) => void;
  /** A validated earlier report to compare with (`--baseline FILE`); the diff goes into report.baseline. */
  baseline?: { file: string; report: Report };
}

export interface RunResult {
  report: Report;
  paths: { json: string; html: string; junit: string; ndjson: string };
  /** Problems of the harness itself (suite failed to load...): the run is not trustworthy. */
  harnessErrors: string[];
  /** The comparison with options.baseline, when given. */
  diff?: ReportDiff;
}

/** The target could not be reached or started: a usage problem (exit 2), not a failed check. */
export class TargetUnavailableError extends Error {}

async function externalTarget(ext: NonNullable<RunOptions['external']>, log: (line: string) => void): Promise<RunningTarget> {
  const url = ext.url.replace(/\/+$/, '');
  try {
    await fetch(url, { method: 'GET', signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new TargetUnavailableError(`target ${url} is unreachable: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  if (ext.profile) return profileTarget(url, ext.key, ext.profile, log);
  const target: Target = {
    id: 'external', kind: 'external', label: ext.label ?? `Gateway at ${url}`, url, key: ext.key,
    models: { chat: ext.chatModel }, secrets: [ext.key],
  };
  if (ext.providers) target.providers = ext.providers;
  return { target, close: async () => {} };
}

/**
 * An external gateway described by a profile: serve the simulators on loopback (the profile's fixed
 * port, or any) for it to call, print which account goes to which simulator, and build the Target.
 */
async function profileTarget(url: string, key: string, { file, profile }: { file: string; profile: TargetProfile }, log: (line: string) => void): Promise<RunningTarget> {
  let mocks;
  try {
    mocks = await startMockServer({ port: profile.mocks?.port ?? 0 });
  } catch (error) {
    throw new TargetUnavailableError(`${file}: cannot serve the simulators on port ${profile.mocks?.port ?? 0}: ${(error as Error).message}`);
  }
  try {
    const accounts = accountUpstreams(profile, mocks.upstreams);
    log(`simulators for the gateway to call: ${mocks.url}`);
    for (const a of accounts) log(`  account ${a.account.padEnd(16)} → ${a.upstream.padEnd(12)} ${a.url}`);
    return { target: targetFromProfile({ url, key, profile, upstreams: mocks.upstreams }), close: () => mocks.close() };
  } catch (error) {
    await mocks.close();
    if (error instanceof ProfileError) throw new TargetUnavailableError(error.message);
    throw error;
  }
}

/** The report's capability claims: a target profile's in place of spec/capabilities.yaml's. */
function claimsFor(target: Target, profileFile: string | undefined): Report['claims'] {
  if (!target.capabilityClaims) return capabilityClaims();
  return Object.fromEntries(Object.entries(target.capabilityClaims).map(([provider, cells]) => [
    provider, Object.fromEntries(Object.entries(cells).map(([column, state]) => [column, { state, source: `target profile ${profileFile ?? ''}`.trim() }])),
  ]));
}

export async function runConformance(options: RunOptions): Promise<RunResult> {
  const startedAt = new Date();
  const running = options.external ? await externalTarget(options.external, options.log) : await startDefaultTarget();
  const { target } = running;
  options.log(`target: ${target.label} — ${target.url}`);
  const collector = new CaseCollector(options.log, options.progress, PACKAGE_ROOT);
  if (options.filter) options.log(`filter: ${options.filter}`);
  const exitCodeBefore = process.exitCode;
  try {
    const vitest = await startVitest('test', [], {
      root: PACKAGE_ROOT,
      config: false,
      include: ['suites/**/*.suite.ts'],
      reporters: [collector],
      provide: { target, ...(options.filter ? { filter: options.filter } : {}) },
      watch: false,
      sequence: { seed: options.seed },
      // A shard may hold no suite file (more shards than files): an empty shard report, not an error.
      ...(options.shard ? { shard: `${options.shard.index}/${options.shard.count}`, passWithNoTests: true } : {}),
      testTimeout: 60_000,
    });
    await vitest.close();
  } finally {
    process.exitCode = exitCodeBefore;
    await running.close();
  }
  const finishedAt = new Date();
  const cases: CaseResult[] = collector.cases.map((c) => ({ ...c, id: `${c.checkId}@${target.id}#${c.scenario}`, targetId: target.id }));
  const usedChecks = new Set(cases.map((c) => c.checkId));
  const targetInfo: TargetInfo = { id: target.id, kind: target.kind, url: target.url, label: target.label };
  if (target.upstreams) targetInfo.upstreams = target.upstreams;
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'touchstone', version: VERSION },
    run: {
      id: randomUUID(),
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      seed: options.seed,
      command: options.command,
      machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: os.cpus().length },
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.filter ? { filter: options.filter } : {}),
    },
    targets: [targetInfo],
    checks: CHECKS.filter((c) => usedChecks.has(c.id)),
    cases,
    summary: summarize(cases),
    claims: claimsFor(target, options.external?.profile?.file),
  };
  for (const line of capabilityMatrixLines(cases)) options.log(line);
  const diff = options.baseline ? diffReports(options.baseline.report, report) : undefined;
  if (diff && options.baseline) report.baseline = baselineComparison(diff, options.baseline.file);
  const paths = await writeReport(report, options.reportDir);
  return { report, paths, harnessErrors: collector.harnessErrors, ...(diff ? { diff } : {}) };
}
