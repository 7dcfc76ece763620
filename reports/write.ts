/**
 * Write every file view of a Report into a directory: report.json (the model, pretty-printed),
 * index.html, junit.xml and cases.ndjson. Each file is written to a temporary name and renamed, so a
 * CI step or a browser never reads a half-written report.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from './model.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderNdjson } from './ndjson.ts';

export interface WrittenReport {
  json: string;
  html: string;
  junit: string;
  ndjson: string;
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content, 'utf8');
  await rename(temporary, file);
}

/** Write the report's files into `dir` (created if missing); returns their absolute paths. */
export async function writeReport(report: Report, dir: string): Promise<WrittenReport> {
  const root = path.resolve(dir);
  await mkdir(root, { recursive: true });
  const paths: WrittenReport = {
    json: path.join(root, 'report.json'),
    html: path.join(root, 'index.html'),
    junit: path.join(root, 'junit.xml'),
    ndjson: path.join(root, 'cases.ndjson'),
  };
  await Promise.all([
    writeAtomically(paths.json, `${JSON.stringify(report, null, 2)}\n`),
    writeAtomically(paths.html, renderHtml(report)),
    writeAtomically(paths.junit, renderJunit(report)),
    writeAtomically(paths.ndjson, renderNdjson(report)),
  ]);
  return paths;
}
