/**
 * The `touchstone` command line: run (the conformance run), mocks (the simulators on loopback) and
 * gateway (the reference gateway). Exit codes: 0 all required checks pass, 1 a check failed,
 * 2 bad usage, bad config or an unreachable target.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';

const HELP = `touchstone — conformance harness and provider simulator for OpenAI-compatible AI gateways

Usage:
  touchstone run [--target URL --key KEY] [--model ID] [--report DIR] [--seed N]
      Run the conformance suites. Without --target: against the reference gateway wired to the
      simulators, all in this process on 127.0.0.1. Writes DIR/index.html, report.json, junit.xml
      and cases.ndjson (DIR defaults to reports/out). Exit 0 when every MUST check passes, 1 when
      one fails, 2 on bad usage or an unreachable target.
        --target URL   base URL of the gateway under test (the OpenAI SDK base URL, e.g. https://gw/api/llm)
        --key KEY      API key for --target (or env TOUCHSTONE_KEY)
        --model ID     chat model id to use on --target (default openai-main/gpt-4o-mini)
        --report DIR   where to write the report (default reports/out)
        --seed N       seed for ordering and generated inputs (default: random, printed)

  touchstone mocks [--port N] [--host H] [--faults FILE] [--openai-spec FILE] [--time-scale X]
      Serve every simulated upstream on one loopback port. GET / lists the base URLs as JSON;
      GET /_touchstone/journal?upstream=NAME&since=SEQ shows what arrived (secrets redacted), and
      GET|PUT /_touchstone/faults reads or replaces the fault profile at run time.
        --faults FILE       fault profile (YAML or JSON): named faults and rules selecting them
        --openai-spec FILE  OpenAI's openapi.json: validate JSON request bodies against it (400 if invalid)
        --time-scale X      simulated seconds per real second for batch/fine-tuning lifecycles (default 1)

  touchstone gateway [--config FILE] [--port N] [--host H]
      Start the reference gateway. Without --config: the embedded default config, whose openai-main
      account points at simulators started in the same process; prints the URL and a demo key.

  touchstone --help | --version
`;

class UsageError extends Error {}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function portOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected an integer 0-65535, got "${value}"`);
  return port;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

async function runCommand(args: string[]): Promise<number> {
  const v = parse(args, {
    target: { type: 'string' }, key: { type: 'string' }, model: { type: 'string' },
    report: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) { out(HELP); return 0; }
  let seed = Math.floor(Math.random() * 2 ** 31);
  if (v.seed !== undefined) {
    seed = Number(v.seed);
    if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed: expected a non-negative integer, got "${v.seed}"`);
  }
  let external: { url: string; key: string; chatModel: string } | undefined;
  if (v.target !== undefined) {
    try { new URL(v.target); } catch { throw new UsageError(`--target: expected an http(s) URL, got "${v.target}"`); }
    if (!/^https?:$/.test(new URL(v.target).protocol)) throw new UsageError(`--target: expected an http(s) URL, got "${v.target}"`);
    const key = v.key ?? process.env.TOUCHSTONE_KEY;
    if (!key) throw new UsageError('--target needs an API key: pass --key KEY or set TOUCHSTONE_KEY');
    external = { url: v.target, key, chatModel: v.model ?? 'openai-main/gpt-4o-mini' };
  } else if (v.key !== undefined || v.model !== undefined) {
    throw new UsageError('--key and --model apply only with --target');
  }
  const { runConformance, TargetUnavailableError } = await import('../suites/run.ts');
  const { renderConsoleSummary } = await import('../reports/console.ts');
  const reportDir = path.resolve(v.report ?? 'reports/out');
  out(`touchstone run — seed ${seed}`);
  let result;
  try {
    result = await runConformance({ external, reportDir, seed, command: ['touchstone', 'run', ...args].join(' '), log: out });
  } catch (error) {
    if (error instanceof TargetUnavailableError) { process.stderr.write(`touchstone: ${error.message}\n`); return 2; }
    throw error;
  }
  out('');
  out(renderConsoleSummary(result.report, { color: Boolean(process.stdout.isTTY) }));
  out(`report: ${result.paths.html}`);
  if (result.harnessErrors.length) {
    process.stderr.write(`touchstone: the harness itself failed:\n${result.harnessErrors.map((e) => `  ${e}`).join('\n')}\n`);
    return 2;
  }
  return result.report.summary.ok ? 0 : 1;
}

async function mocksCommand(args: string[]): Promise<number> {
  const v = parse(args, {
    port: { type: 'string' }, host: { type: 'string' }, faults: { type: 'string' }, 'openai-spec': { type: 'string' },
    'time-scale': { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) { out(HELP); return 0; }
  const port = portOf(v.port);
  let timeScale: number | undefined;
  if (v['time-scale'] !== undefined) {
    timeScale = Number(v['time-scale']);
    if (!Number.isFinite(timeScale) || timeScale <= 0) throw new UsageError(`--time-scale: expected a positive number, got "${v['time-scale']}"`);
  }
  const { FaultController, FaultProfileError, loadFaultProfile } = await import('../mocks/faults/index.ts');
  let faults;
  try {
    faults = v.faults === undefined ? undefined : new FaultController(loadFaultProfile(v.faults), v.faults);
  } catch (error) {
    if (error instanceof FaultProfileError) throw new UsageError(`--faults ${error.message}`);
    throw error;
  }
  let description;
  if (v['openai-spec'] !== undefined) {
    const { loadOpenAIDescription } = await import('../mocks/openai/description.ts');
    try { description = loadOpenAIDescription(v['openai-spec']); } catch (error) { throw new UsageError(`--openai-spec ${(error as Error).message}`); }
  }
  const { startMockServer } = await import('../mocks/server.ts');
  // The real clock for lifecycles (no `now`), sped up by --time-scale.
  const server = await startMockServer({
    port, host: v.host, ...(faults ? { faults } : {}),
    simulatorOptions: { ...(timeScale ? { timeScale } : {}), ...(description ? { description } : {}) },
  });
  out(`touchstone mocks listening on ${server.url}`);
  for (const [name, url] of Object.entries(server.upstreams)) out(`  ${name.padEnd(14)} ${url}`);
  if (faults) out(`faults: ${v.faults} (${faults.profile.rules?.length ?? 0} rules)`);
  if (description) out(`validating request bodies against ${description.file}`);
  await untilSignal();
  await server.close();
  return 0;
}

async function gatewayCommand(args: string[]): Promise<number> {
  const v = parse(args, { config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (v.help) { out(HELP); return 0; }
  const config = await import('../gateway/config.ts');
  const { startGateway } = await import('../gateway/server.ts');
  const port = portOf(v.port);
  const closers: (() => Promise<void>)[] = [];
  let resolved;
  let demoKey: string | undefined;
  try {
    if (v.config) {
      resolved = await config.loadConfigFile(v.config);
    } else {
      const { startMockServer } = await import('../mocks/server.ts');
      const mocks = await startMockServer({});
      closers.push(() => mocks.close());
      const { defaultConfigFile } = await import('../suites/default-config.ts');
      demoKey = config.generateApiKey();
      resolved = config.resolveConfig(defaultConfigFile(mocks.upstreams, demoKey), 'embedded default');
    }
  } catch (error) {
    if (error instanceof config.ConfigError) { process.stderr.write(`touchstone: ${error.message}\n`); return 2; }
    throw error;
  }
  const gw = await startGateway(resolved, { port, host: v.host, onError: (e) => process.stderr.write(`gateway error: ${(e as Error).stack ?? String(e)}\n`) });
  closers.unshift(() => gw.close());
  out(`touchstone gateway listening on ${gw.baseURL}`);
  out(`models: ${[...resolved.accounts.values()].flatMap((a) => [...a.models].map((m) => `${a.name}/${m}`)).join(', ')}`);
  if (demoKey) out(`key: ${demoKey}`);
  await untilSignal();
  for (const close of closers) await close();
  return 0;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { process.off('SIGINT', done); process.off('SIGTERM', done); resolve(); };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined: case '--help': case '-h': case 'help': out(HELP); return command === undefined ? 2 : 0;
      case '--version': case '-v': {
        const { VERSION } = await import('../lib/version.ts');
        out(VERSION); return 0;
      }
      case 'run': return await runCommand(rest);
      case 'mocks': return await mocksCommand(rest);
      case 'gateway': return await gatewayCommand(rest);
      default: throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`touchstone: ${error.message}\nRun "touchstone --help" for usage.\n`);
      return 2;
    }
    process.stderr.write(`touchstone: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
}
