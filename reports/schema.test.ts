/** Tests for reports/schema.json (ajv, draft 2020-12) and reports/validate.ts against the sample report. */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sampleReport } from './fixtures.ts';
import { OUTCOMES } from './model.ts';
import { renderNdjson, parseNdjson } from './ndjson.ts';
import { validateReport } from './validate.ts';

const addFormats = ('default' in addFormatsImport ? addFormatsImport.default : addFormatsImport) as typeof addFormatsImport.default;
const schema = JSON.parse(readFileSync(new URL('./schema.json', import.meta.url), 'utf8'));

function compile(ref?: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema(schema);
  return ajv.compile(ref ? { $ref: `${schema.$id}${ref}` } : schema);
}

describe('reports/schema.json', () => {
  it('is a draft 2020-12 schema that compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => compile()).not.toThrow();
    expect(schema.$defs.Outcome.enum).toEqual([...OUTCOMES]);
  });

  it('accepts the sample report, also after a JSON round trip', () => {
    const validate = compile();
    const report = sampleReport();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify(report)))).toBe(true);
  });

  it('accepts each NDJSON line as a CaseResult', () => {
    const validate = compile('#/$defs/CaseResult');
    const lines = parseNdjson(renderNdjson(sampleReport()));
    expect(lines.length).toBe(sampleReport().cases.length);
    for (const line of lines) expect(validate(line), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a wrong outcome, a missing field, an unknown field and a bad timestamp', () => {
    const validate = compile();
    const bad = [
      (r: any) => { r.cases[0].outcome = 'passed'; },
      (r: any) => { delete r.cases[0].evidence; },
      (r: any) => { r.cases[0].verdict = 'ok'; },
      (r: any) => { r.run.startedAt = 'yesterday'; },
      (r: any) => { r.cases[0].violations.push({ pointer: 'choices/0', expected: 'x', actual: 'y', message: 'm' }); },
      (r: any) => { delete r.summary.byOutcome.unimplemented; },
    ];
    for (const mutate of bad) {
      const report = sampleReport();
      mutate(report);
      expect(validate(report)).toBe(false);
    }
  });
});

describe('validateReport', () => {
  it('accepts the sample report', () => {
    const result = validateReport(sampleReport());
    expect(result.valid ? [] : result.violations).toEqual([]);
  });

  it('reports schema problems as violations with JSON pointers', () => {
    const report: any = sampleReport();
    delete report.cases[2].checkId;
    const result = validateReport(report);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.violations.map((v) => v.pointer)).toContain('/cases/2/checkId');
  });

  it('catches what the schema cannot: duplicate ids, unknown checks, a stale summary', () => {
    const report = sampleReport();
    report.cases[1]!.id = report.cases[0]!.id;
    report.cases[3]!.checkId = 'nope.unknown';
    report.summary.byOutcome.pass += 1;
    const result = validateReport(report);
    expect(result.valid).toBe(false);
    if (!result.valid) {
      expect(result.violations.map((v) => v.rule)).toEqual(['unique', 'known-check', 'summary']);
    }
  });
});
