/**
 * The one report model (reports/out/report.json). Every view — HTML, JUnit, console, NDJSON — is
 * rendered from this shape and nothing else. Keep it serialisable and stable: tools read it.
 */
import type { Violation } from '../spec/violation.ts';
export type { Violation };

/** Schemathesis/Autobahn-style outcomes. */
export type Outcome = 'pass' | 'non-strict' | 'fail' | 'informational' | 'unimplemented';
export const OUTCOMES: readonly Outcome[] = ['pass', 'non-strict', 'fail', 'informational', 'unimplemented'];

export interface Report {
  schemaVersion: 1;
  tool: { name: 'touchstone'; version: string };
  run: {
    id: string;
    startedAt: string; // ISO 8601
    finishedAt: string;
    durationMs: number;
    seed: number;
    command: string; // the command line that produced it
    machine: { node: string; platform: string; arch: string; cpus: number };
    /** Set by `touchstone run --shard i/n`: this report holds only the suite files of shard i of n. */
    shard?: ShardInfo;
    /** Set by `touchstone report merge`: the report.json files merged into this one, in order. */
    mergedFrom?: { file: string; shard?: ShardInfo }[];
    /** Set by `--filter EXPR`: only the cases it selects were run. */
    filter?: string;
  };
  targets: TargetInfo[];
  checks: CheckInfo[];
  cases: CaseResult[];
  summary: Summary;
  /**
   * The provider capability claims (spec/capabilities.yaml) at report time: provider → column → claim.
   * With the cases that carry `provider` and `capability`, the views build the capability matrix from it.
   */
  claims?: Record<string, Record<string, CapabilityClaim>>;
  /** Present when the run was compared with a baseline report (`touchstone run --baseline FILE`; reports/diff.ts). */
  baseline?: BaselineComparison;
}

/** How a case compares with the baseline: matched by case id, else by check + target + scenario. */
export type DiffChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffEntry {
  change: DiffChange;
  caseId: string; // the head case id (the baseline's for a removed case)
  checkId: string;
  targetId: string;
  scenario: string;
  level: CheckInfo['level'];
  before?: Outcome; // absent for an added case
  after?: Outcome; // absent for a removed case
  /** The outcome got worse (pass → non-strict/fail, non-strict → fail, any → fail), or a MUST case disappeared. */
  regression: boolean;
  /** One line: why the case counts as changed or regressed. */
  note?: string;
}

export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  regressions: number;
}

export interface BaselineComparison {
  file: string; // the baseline report.json as given
  runId: string; // the baseline's run id
  summary: DiffSummary;
  /** Every entry except the unchanged ones (they are only counted), regressions first. */
  entries: DiffEntry[];
}

/** Which part of a sharded run a report holds (vitest's file sharding: index 1..count). */
export interface ShardInfo {
  index: number;
  count: number;
}

/** One claimed cell of the provider capability matrix (seed 001's three-state legend). */
export interface CapabilityClaim {
  state: 'supported' | 'provider-only' | 'unsupported';
  /** The documentation the state was taken from. */
  source: string;
  note?: string;
}

export interface TargetInfo {
  id: string; // e.g. "reference" or "external"
  kind: 'in-process' | 'external' | 'live';
  url: string; // the gateway base URL the suites called (e.g. http://127.0.0.1:4000/v1)
  label: string; // human name, e.g. "Touchstone reference gateway"
  version?: string;
  upstreams?: Record<string, string>; // simulator base URLs the target was wired to
}

export interface CheckInfo {
  id: string; // stable, dotted: "chat.stream.role-first"
  title: string; // short: "First chunk carries the assistant role"
  requirement: string; // the requirement text quoted in reports
  level: 'MUST' | 'SHOULD' | 'MAY';
  suite: string; // "chat"
  endpoint?: string; // "POST /chat/completions"
  operationId?: string; // spec operationId
}

export interface CaseResult {
  id: string; // unique within the run: `${checkId}@${targetId}#${scenario}`
  checkId: string;
  targetId: string;
  scenario: string; // e.g. "openai-sdk, stream, tools"
  outcome: Outcome;
  durationMs: number;
  message?: string; // one line: why it is not a pass
  expected?: string;
  observed?: string;
  violations: Violation[];
  evidence: Evidence;
  /** For a capability case: the provider (as in the capability matrix, e.g. "anthropic") ... */
  provider?: string;
  /** ... and the matrix column it measures (e.g. "json_mode"). */
  capability?: string;
}

export interface Evidence {
  exchanges: Exchange[];
  notes?: string[];
}

/** One HTTP exchange as seen by the client; secrets already redacted. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: {
    status: number;
    headers: Record<string, string>;
    body?: string; // text body (clipped) for non-streamed responses
    events?: string[]; // raw SSE event blocks, in order, for streamed responses
  };
  error?: string; // transport error, if the exchange did not complete
  curl: string; // a command that reproduces the request
}

export interface Summary {
  total: number;
  byOutcome: Record<Outcome, number>;
  /** true when no MUST check failed (exit code 0). */
  ok: boolean;
}
