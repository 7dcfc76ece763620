/**
 * `npm run bench` (tsx bench/run.ts): runs the selected scenarios (bench.ts), prints the table of
 * ratios and the targets as PASS/MISS on stdout (progress on stderr), and writes bench.json and
 * bench.html to the output folder (reports/out by default). Exit 0 whatever the figures — a MISS is
 * a result, not a failure; 1 when the harness itself broke, 2 on bad usage.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBench, selectScenarios } from './bench.ts';
import { benchHtml } from './html.ts';
import { helpText, parseBenchArgs, type BenchCommand } from './options.ts';
import { formatTable } from './table.ts';

export interface BenchIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_IO: BenchIO = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

export async function main(argv: string[], io: BenchIO = PROCESS_IO): Promise<number> {
  let command: BenchCommand;
  try {
    command = parseBenchArgs(argv);
    selectScenarios(command.only);
  } catch (error) {
    io.stderr(`bench: ${(error as Error).message}\n\n${helpText()}`);
    return 2;
  }
  if (command.help) { io.stdout(helpText()); return 0; }
  try {
    const result = await runBench({
      settings: command.settings,
      ...(command.only ? { only: command.only } : {}),
      command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
      log: (line) => io.stderr(`${line}\n`),
    });
    await mkdir(command.outDir, { recursive: true });
    const json = join(command.outDir, 'bench.json');
    const html = join(command.outDir, 'bench.html');
    await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(html, benchHtml(result));
    io.stdout(`${formatTable(result)}\n\nWrote ${relative(process.cwd(), json)} and ${relative(process.cwd(), html)}\n`);
    return 0;
  } catch (error) {
    io.stderr(`bench: the harness failed: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2));
