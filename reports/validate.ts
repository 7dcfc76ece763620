/**
 * Validate a report.json read back from disk (a baseline, a merged shard) before any view trusts it:
 * first the JSON Schema (reports/schema.json, draft 2020-12, via ajv), then the invariants a schema
 * cannot say (unique case ids, cases naming known checks and targets, a summary that matches the cases).
 * Problems come back as spec/ Violations so they print like every other contract failure.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { violation, describeValue, type Violation } from '../spec/violation.ts';
import { OUTCOMES, type Report } from './model.ts';
import { summarize } from './summary.ts';

// ajv-formats is CommonJS with `exports.default`; under Node ESM the default import is the module itself.
const addFormats = ('default' in addFormatsImport ? addFormatsImport.default : addFormatsImport) as typeof addFormatsImport.default;

/** The report JSON Schema as an object (reports/schema.json). */
export const reportSchema: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('./schema.json', import.meta.url), 'utf8'),
);

let compiled: ReturnType<Ajv2020['compile']> | undefined;

function schemaValidator(): ReturnType<Ajv2020['compile']> {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    compiled = ajv.compile(reportSchema);
  }
  return compiled;
}

function fromAjv(error: ErrorObject): Violation {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const pointer = `${error.instancePath}/${String(params.missingProperty)}`;
    return violation(pointer, 'present', 'missing', 'required');
  }
  if (error.keyword === 'additionalProperties') {
    const pointer = `${error.instancePath}/${String(params.additionalProperty)}`;
    return violation(pointer, 'absent (not in the report schema)', 'present', 'additionalProperties');
  }
  return violation(error.instancePath, error.message ?? error.keyword, describeValue(error.data), error.keyword);
}

/** Invariants beyond the schema. Assumes the value already matches the schema. */
export function reportConsistency(report: Report): Violation[] {
  const found: Violation[] = [];
  const checkIds = new Set(report.checks.map((c) => c.id));
  const targetIds = new Set(report.targets.map((t) => t.id));
  const seen = new Set<string>();
  report.cases.forEach((c, i) => {
    if (seen.has(c.id)) found.push(violation(`/cases/${i}/id`, 'unique case id', JSON.stringify(c.id), 'unique'));
    seen.add(c.id);
    if (!checkIds.has(c.checkId)) found.push(violation(`/cases/${i}/checkId`, 'a check listed in /checks', JSON.stringify(c.checkId), 'known-check'));
    if (!targetIds.has(c.targetId)) found.push(violation(`/cases/${i}/targetId`, 'a target listed in /targets', JSON.stringify(c.targetId), 'known-target'));
  });
  const expected = summarize(report.cases);
  const actual = report.summary;
  const same = actual.total === expected.total && actual.ok === expected.ok
    && OUTCOMES.every((o) => actual.byOutcome[o] === expected.byOutcome[o]);
  if (!same) {
    found.push(violation('/summary', `counts of /cases ${JSON.stringify(expected)}`, JSON.stringify(report.summary), 'summary'));
  }
  return found;
}

export type ReportValidation = { valid: true; report: Report } | { valid: false; violations: Violation[] };

/** Schema first; only a schema-valid value is checked for consistency. */
export function validateReport(value: unknown): ReportValidation {
  const validate = schemaValidator();
  if (!validate(value)) return { valid: false, violations: (validate.errors ?? []).map(fromAjv) };
  const report = value as Report;
  const violations = reportConsistency(report);
  return violations.length === 0 ? { valid: true, report } : { valid: false, violations };
}
