/** Tests for writeReport (all four files, absolute paths, valid report.json) and the NDJSON reader. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLANTED_SECRET, sampleReport } from './fixtures.ts';
import { parseNdjson } from './ndjson.ts';
import { validateReport } from './validate.ts';
import { writeReport } from './write.ts';

describe('writeReport', () => {
  let root = '';
  afterAll(async () => { if (root) await rm(root, { recursive: true, force: true }); });

  it('writes report.json, index.html, junit.xml and cases.ndjson into a new directory', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'touchstone-report-'));
    const report = sampleReport();
    const paths = await writeReport(report, path.join(root, 'nested', 'out'));
    for (const file of Object.values(paths)) expect(path.isAbsolute(file)).toBe(true);
    expect(path.basename(paths.html)).toBe('index.html');

    const json = await readFile(paths.json, 'utf8');
    expect(json).toContain('\n  "schemaVersion": 1');
    expect(validateReport(JSON.parse(json)).valid).toBe(true);
    expect(parseNdjson(await readFile(paths.ndjson, 'utf8'))).toEqual(report.cases);
    expect(await readFile(paths.html, 'utf8')).toContain('<!doctype html>');
    expect(await readFile(paths.junit, 'utf8')).toContain('<testsuites');
    for (const file of Object.values(paths)) expect(await readFile(file, 'utf8')).not.toContain(PLANTED_SECRET);
  });
});

describe('parseNdjson', () => {
  it('names the malformed line', () => {
    expect(() => parseNdjson('{"id":"a"}\n\n{oops\n')).toThrow(/line 3/);
  });
});
