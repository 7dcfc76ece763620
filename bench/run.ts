/**
 * `npm run bench` (tsx bench/run.ts): runs the selected scenarios (bench.ts), prints the table of
 * ratios and the targets as PASS/MISS on stdout (progress on stderr), and writes bench.json and
 * bench.html to the output folder (reports/out by default). Exit 0 whatever the figures — a MISS is
 * a result, not a failure; 1 when the harness itself broke, 2 on bad usage.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { runBench } from './bench.ts';
import { benchHtml } from './html.ts';
import { helpText, parseBenchArgs, type BenchCommand } from './options.ts';
import { selectScenarios } from './bench.ts';
import { formatTable } from './table.ts';

export async function main(argv: string[]): Promise<number> {
  let command: BenchCommand;
  try {
    command = parseBenchArgs(argv);
    selectScenarios(command.only);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${helpText()}`);
    return 2;
  }
  if (command.help) { process.stdout.write(helpText()); return 0; }
  try {
    const result = await runBench({
      settings: command.settings,
      ...(command.only ? { only: command.only } : {}),
      command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    await mkdir(command.outDir, { recursive: true });
    const json = join(command.outDir, 'bench.json');
    const html = join(command.outDir, 'bench.html');
    await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(html, benchHtml(result));
    process.stdout.write(`${formatTable(result)}\n\nWrote ${relative(process.cwd(), json)} and ${relative(process.cwd(), html)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`bench: the harness failed: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
