/**
 * The `touchstone` command line: run (the conformance run), mocks (the simulators on loopback) and
 * gateway (the reference gateway). Exit codes: 0 all required checks pass, 1 a check failed,
 * 2 bad usage, bad config or an unreachable target.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { redactText } from '../reports/redact.ts';
import { FilterError, parseFilter } from '../suites/profile/select.ts';
import type { RunOptions } from '../suites/run.ts';

const HELP = `touchstone — conformance harness and provider simulator for OpenAI-compatible AI gateways

Usage:
  touchstone run [--target URL --key KEY] [--model ID] [--report DIR] [--seed N] [--shard I/N]
      [--baseline FILE]
      Run the conformance suites. Without --target: against the reference gateway wired to the
      simulators, all in this process on 127.0.0.1. Writes DIR/index.html, report.json, junit.xml
      and cases.ndjson (DIR defaults to reports/out). Exit 0 when every MUST check passes, 1 when
      one fails, 2 on bad usage or an unreachable target.
        --target URL   base URL of the gateway under test (the OpenAI SDK base URL, e.g. https://gw/api/llm)
        --key KEY      API key for --target (or env TOUCHSTONE_KEY)
        --model ID     chat model id to use on --target (default openai-main/gpt-4o-mini)
        --report DIR   where to write the report (default reports/out)
        --seed N       seed for ordering and generated inputs (default: random, printed)
        --baseline FILE
                       compare with an earlier report.json (invalid: exit 2): prints the changes after the
                       summary, adds them to index.html, exits 1 on any regression even if every check passes
        --shard I/N    run only shard I of N of the suite files (vitest sharding; give every shard the
                       same --seed), recorded in report.json; join the shards with "touchstone report merge"

  touchstone run --target URL --profile FILE [--key KEY] [--filter EXPR] [--report DIR] [--seed N]
      Run against a gateway that is not ours, described by a YAML target profile (suites/profile/
      example.yaml): its auth header, extra headers, how it writes model ids (a template, or header
      routing), which simulator backs each account, and the endpoints and capabilities it claims.
      Serves the simulators on loopback for it to call and prints their URLs (mocks.port fixes the port).
      Checks of endpoints the profile does not claim are unimplemented. An invalid profile exits 2.
        --profile FILE  the target profile (base_url in it stands in for --target; the key may come from
                        the env variable auth.key_env)
        --filter EXPR   run only matching cases, comma-separated terms: an endpoint (/embeddings,
                        "POST /files"), a check id prefix (chat.stream), capability:NAME, suite:NAME;
                        recorded in the report. Works without --profile too. Progress goes to stderr.

  touchstone smoke --target URL --key KEY [--model ID] [--embedding-model ID] [--max-requests N]
      [--max-failures N] [--timeout-ms N] [--with-files] [--filter EXPR] [--dry-run] [--report DIR]
      A live gateway, real money: models list, a chat completion and a stream with max_tokens 16,
      an invalid key, embeddings (when a model is given or listed), file upload+delete only with
      --with-files. Prints the plan and a cost estimate before sending anything; structure is checked,
      never text; model-dependent checks are pass@3. 429s are retried after retry-after (bounded).
      The key is redacted from output and report. Exit 0 pass, 1 a check failed, 2 bad usage/unreachable.
        --model ID          chat model (default: the first chat model GET /models lists)
        --max-requests N    hard request budget, retries included (default 20)
        --max-failures N    stop after N failed checks
        --timeout-ms N      per-request timeout (default 30000)
        --dry-run           print the plan and the estimate; send nothing

  touchstone report merge DIR... [--out DIR]
      Merge the report.json files found under each DIR (recursively; e.g. one per shard) into one
      report: cases joined, summary recomputed. Writes every view to --out (default reports/out).
      Exit 0 when the merged report passes, 1 when a MUST check failed, 2 on bad input (an invalid
      report, a case id in two files, shards with different seeds).

  touchstone mocks [--port N] [--host H] [--faults FILE] [--openai-spec FILE] [--time-scale X]
      Serve every simulated upstream on one loopback port. GET / lists the base URLs as JSON;
      GET /_touchstone/journal?upstream=NAME&since=SEQ shows what arrived (secrets redacted), and
      GET|PUT /_touchstone/faults reads or replaces the fault profile at run time.
        --faults FILE       fault profile (YAML or JSON): named faults and rules selecting them
        --openai-spec FILE  OpenAI's openapi.json: validate JSON request bodies against it (400 if invalid)
        --time-scale X      simulated seconds per real second for batch/fine-tuning lifecycles (default 1)

  touchstone gateway [--config FILE] [--port N] [--host H]
      Start the reference gateway. Without --config: the embedded default config — one account per
      provider (openai-main, openai-eu, azure-main, anthropic-main, bedrock-main, vertex-main, gemini-main,
      cohere-main, groq-main, ...) pointing at simulators started in the same process; prints the URL,
      the models (account/model ids) and a demo key. With --config, SIGHUP re-reads the file and swaps
      it in without dropping running requests (an invalid file is reported and the old config kept).
      SIGTERM/SIGINT stop accepting at once and let running requests and streams finish for up to
      server.shutdown_grace_ms (default 10 s) before closing.
      Realtime WebSockets are served at ws://HOST:PORT/live/{provider-account} (no base path).

  touchstone diff BASE.json HEAD.json
      Compare two report.json files case by case: added, removed, changed, unchanged. A regression is
      an outcome that got worse (pass → non-strict/fail, non-strict → fail, any → fail) or a MUST case
      that disappeared. Exit 0 without regressions, 1 with any, 2 on an unreadable or invalid report.

  touchstone replay CASE-ID [--report DIR] [--target URL] [--key KEY]
      Re-send the recorded requests of one case (exact id or a unique prefix; DIR/report.json, DIR
      defaults to reports/out) and print each answer's status, headers and body or SSE events. Exit 0
      when the statuses equal the recorded ones, 1 otherwise, 2 for an unknown case. report.json is
      redacted, so the key is not in it: pass --key KEY (or env TOUCHSTONE_KEY), sent as a Bearer token.
        --target URL   gateway base URL to send to instead of the recorded one (an in-process run's
                       ports are gone: start \`touchstone gateway\` and pass its URL and demo key)

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

function checkHttpURL(value: string): void {
  let url: URL | undefined;
  try { url = new URL(value); } catch { /* reported below */ }
  if (!url || !/^https?:$/.test(url.protocol)) throw new UsageError(`--target: expected an http(s) URL, got "${value}"`);
}

/** `--filter EXPR`: parsed here so a bad expression is a usage error (exit 2) before anything starts. */
function filterOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try { parseFilter(value); } catch (error) { if (error instanceof FilterError) throw new UsageError(error.message); throw error; }
  return value;
}

/** `--profile FILE`: read and validate the target profile; an invalid one is a usage error (exit 2). */
async function loadProfileOption(file: string) {
  const { loadProfile, ProfileError } = await import('../suites/profile/profile.ts');
  try { return { file, profile: loadProfile(file) }; } catch (error) {
    if (error instanceof ProfileError) throw new UsageError(`--profile ${error.message}`);
    throw error;
  }
}

/** `--shard I/N`: integers with 1 ≤ I ≤ N. */
function shardOf(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(count) || index < 1 || index > count) {
    throw new UsageError(`--shard: expected I/N with integers 1 ≤ I ≤ N, got "${value}"`);
  }
  return { index, count };
}

async function runCommand(args: string[]): Promise<number> {
  const v = parse(args, {
    target: { type: 'string' }, key: { type: 'string' }, model: { type: 'string' },
    report: { type: 'string' }, seed: { type: 'string' }, baseline: { type: 'string' }, shard: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    profile: { type: 'string' }, filter: { type: 'string' },
  });
  if (v.help) { out(HELP); return 0; }
  let seed = Math.floor(Math.random() * 2 ** 31);
  if (v.seed !== undefined) {
    seed = Number(v.seed);
    if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed: expected a non-negative integer, got "${v.seed}"`);
  }
  const shard = shardOf(v.shard);
  const filter = filterOf(v.filter);
  let external: RunOptions['external'];
  const profile = v.profile === undefined ? undefined : await loadProfileOption(v.profile);
  const targetURL = v.target ?? profile?.profile.base_url;
  if (targetURL !== undefined) {
    checkHttpURL(targetURL);
    const keyEnv = profile?.profile.auth?.key_env;
    const key = v.key ?? (keyEnv ? process.env[keyEnv] : undefined) ?? process.env.TOUCHSTONE_KEY;
    if (!key) throw new UsageError(`--target needs an API key: pass --key KEY or set ${keyEnv ? `${keyEnv} or ` : ''}TOUCHSTONE_KEY`);
    if (profile && v.model !== undefined) throw new UsageError('--model does not apply with --profile: the profile names the models (models.chat)');
    external = { url: targetURL, key, chatModel: v.model ?? 'openai-main/gpt-4o-mini', ...(profile ? { profile } : {}) };
  } else if (v.key !== undefined || v.model !== undefined || profile) {
    throw new UsageError(profile ? `--profile ${v.profile}: expected --target URL or base_url in the profile` : '--key and --model apply only with --target');
  }
  const { runConformance, TargetUnavailableError } = await import('../suites/run.ts');
  const command = redactText(['touchstone', 'run', ...args].join(' '), external ? [external.key] : []);
  const { renderConsoleSummary } = await import('../reports/console.ts');
  const reportDir = path.resolve(v.report ?? 'reports/out');
  const baseline = v.baseline === undefined ? undefined : await loadBaseline(v.baseline);
  out(`touchstone run — seed ${seed}`);
  let result;
  try {
    result = await runConformance({
      external, reportDir, seed, ...(baseline ? { baseline } : {}), ...(shard ? { shard } : {}), ...(filter ? { filter } : {}),
      command, log: out, progress: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (error) {
    if (error instanceof TargetUnavailableError) { process.stderr.write(`touchstone: ${error.message}\n`); return 2; }
    throw error;
  }
  out('');
  out(renderConsoleSummary(result.report, { color: Boolean(process.stdout.isTTY) }));
  if (result.diff) { out(''); const { renderDiffText } = await import('../reports/diff.ts'); out(renderDiffText(result.diff)); }
  out(`report: ${result.paths.html}`);
  if (result.harnessErrors.length) {
    process.stderr.write(`touchstone: the harness itself failed:\n${result.harnessErrors.map((e) => `  ${e}`).join('\n')}\n`);
    return 2;
  }
  return result.report.summary.ok && !result.diff?.summary.regressions ? 0 : 1;
}

function positiveInt(name: string, value: string | undefined, fallback: number): number;
function positiveInt(name: string, value: string | undefined, fallback?: number): number | undefined;
function positiveInt(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${name}: expected a positive integer, got "${value}"`);
  return n;
}

/** `touchstone smoke`: the live subset (suites/profile/smoke.ts) under a request budget; the key never printed. */
async function smokeCommand(args: string[]): Promise<number> {
  const v = parse(args, {
    target: { type: 'string' }, key: { type: 'string' }, model: { type: 'string' }, 'embedding-model': { type: 'string' },
    'max-requests': { type: 'string' }, 'max-failures': { type: 'string' }, 'dry-run': { type: 'boolean' }, 'timeout-ms': { type: 'string' },
    report: { type: 'string' }, 'with-files': { type: 'boolean' }, filter: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) { out(HELP); return 0; }
  if (v.target === undefined) throw new UsageError('smoke: expected --target URL (the live gateway)');
  checkHttpURL(v.target);
  const key = v.key ?? process.env.TOUCHSTONE_KEY;
  if (!key) throw new UsageError('smoke needs an API key: pass --key KEY or set TOUCHSTONE_KEY');
  const filter = filterOf(v.filter);
  const { runSmoke, SmokeUnreachableError } = await import('../suites/profile/smoke.ts');
  const { renderConsoleSummary } = await import('../reports/console.ts');
  const log = (line: string) => out(redactText(line, [key]));
  log(`touchstone smoke — ${v.target}`);
  let result;
  try {
    result = await runSmoke({
      url: v.target, key, ...(v.model ? { model: v.model } : {}), ...(v['embedding-model'] ? { embeddingModel: v['embedding-model'] } : {}),
      maxRequests: positiveInt('--max-requests', v['max-requests'], 20), ...(v['max-failures'] !== undefined ? { maxFailures: positiveInt('--max-failures', v['max-failures']) } : {}),
      dryRun: Boolean(v['dry-run']), timeoutMs: positiveInt('--timeout-ms', v['timeout-ms'], 30_000), withFiles: Boolean(v['with-files']),
      ...(filter ? { filter } : {}), reportDir: path.resolve(v.report ?? 'reports/out'),
      command: redactText(['touchstone', 'smoke', ...args].join(' '), [key]), log,
    });
  } catch (error) {
    if (error instanceof SmokeUnreachableError) { process.stderr.write(`touchstone: ${redactText(error.message, [key])}\n`); return 2; }
    throw error;
  }
  if (!result.report) return 0;
  out('');
  log(renderConsoleSummary(result.report, { color: Boolean(process.stdout.isTTY) }));
  log(`requests sent: ${result.requestsSent} of at most ${v['max-requests'] ?? 20}`);
  log(`report: ${result.paths!.html}`);
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
  // SIGHUP: re-read the config file and swap it in; running requests finish under the old one. A bad file
  // is reported and the running config kept.
  const onHup = () => {
    if (!v.config) { process.stderr.write('touchstone gateway: SIGHUP ignored (no --config file to reload)\n'); return; }
    void config.loadConfigFile(v.config).then(
      async (next) => { const retired = gw.gateway.reload(next); out(`touchstone gateway: reloaded ${v.config}`); await retired; },
      (error: unknown) => process.stderr.write(`touchstone gateway: reload failed, keeping the running config: ${(error as Error).message}\n`),
    );
  };
  process.on('SIGHUP', onHup);
  await untilSignal();
  process.off('SIGHUP', onHup);
  // Graceful: stop accepting, let running requests and streams finish (server.shutdown_grace_ms), then close.
  out(`touchstone gateway: shutting down (up to ${gw.gateway.config.shutdownGraceMs} ms for running requests)`);
  closers.shift();
  await gw.close({ graceMs: gw.gateway.config.shutdownGraceMs });
  for (const close of closers) await close();
  return 0;
}

/** `touchstone report merge DIR... [--out DIR]`: join shard reports (reports/merge.ts) and write every view. */
async function reportCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') { out(HELP); return 0; }
  if (sub !== 'merge') throw new UsageError(sub === undefined ? 'report: expected a subcommand: merge' : `report: unknown subcommand "${sub}"`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) { out(HELP); return 0; }
  if (parsed.positionals.length === 0) throw new UsageError('report merge: expected at least one DIR holding report.json files');
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const { randomUUID } = await import('node:crypto');
  const { validateReport } = await import('../reports/validate.ts');
  const { MergeError, mergeReports } = await import('../reports/merge.ts');
  const { writeReport } = await import('../reports/write.ts');
  const { renderConsoleSummary } = await import('../reports/console.ts');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name === 'report.json') files.push(full);
    }
  };
  for (const dir of parsed.positionals) {
    let isDir = false;
    try { isDir = statSync(dir).isDirectory(); } catch { /* reported below */ }
    if (!isDir) throw new UsageError(`report merge: "${dir}" is not a directory`);
    walk(dir);
  }
  if (files.length === 0) throw new UsageError(`report merge: no report.json under ${parsed.positionals.join(', ')}`);
  const inputs = files.map((file) => {
    let value: unknown;
    try { value = JSON.parse(readFileSync(file, 'utf8')); } catch (error) { throw new UsageError(`report merge: ${file}: ${(error as Error).message}`); }
    const validation = validateReport(value);
    if (!validation.valid) {
      const problems = validation.violations.slice(0, 5).map((x) => `  ${x.message}`).join('\n');
      throw new UsageError(`report merge: ${file} is not a valid report:\n${problems}`);
    }
    return { file, report: validation.report };
  });
  let merged;
  try {
    merged = mergeReports(inputs, { runId: randomUUID(), command: ['touchstone', 'report', 'merge', ...args.slice(1)].join(' ') });
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(`report merge: ${error.message}`);
    throw error;
  }
  const paths = await writeReport(merged, path.resolve(parsed.values.out ?? 'reports/out'));
  out(`merged ${files.length} report${files.length === 1 ? '' : 's'}: ${files.join(', ')}`);
  out(renderConsoleSummary(merged, { color: Boolean(process.stdout.isTTY) }));
  out(`report: ${paths.html}`);
  return merged.summary.ok ? 0 : 1;
}

/** Read and validate a baseline report for `run --baseline`; a bad file is a usage error (exit 2). */
async function loadBaseline(file: string) {
  const { loadReportFile, ReportFileError } = await import('../reports/diff.ts');
  try { return { file, report: loadReportFile(file) }; } catch (error) {
    if (error instanceof ReportFileError) throw new UsageError(`--baseline ${error.message}`);
    throw error;
  }
}

function positionals(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function diffCommand(args: string[]): Promise<number> {
  const { values, positionals: files } = positionals(args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) { out(HELP); return 0; }
  if (files.length !== 2) throw new UsageError('diff: expected two report.json files, BASE and HEAD');
  const { diffReports, loadReportFile, renderDiffText, ReportFileError } = await import('../reports/diff.ts');
  let reports;
  try { reports = files.map((f) => loadReportFile(f)); } catch (error) {
    if (error instanceof ReportFileError) { process.stderr.write(`touchstone: ${error.message}\n`); return 2; }
    throw error;
  }
  const diff = diffReports(reports[0]!, reports[1]!);
  out(renderDiffText(diff));
  return diff.summary.regressions > 0 ? 1 : 0;
}

async function replayCommand(args: string[]): Promise<number> {
  const { values: v, positionals: ids } = positionals(args, {
    report: { type: 'string' }, target: { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (v.help) { out(HELP); return 0; }
  if (ids.length !== 1) throw new UsageError('replay: expected one case id');
  const target = v.target as string | undefined;
  if (target !== undefined && !/^https?:\/\//.test(target)) throw new UsageError(`--target: expected an http(s) URL, got "${target}"`);
  const { loadReportFile, ReportFileError } = await import('../reports/diff.ts');
  const { findCase, renderReplay, replayCase, statusesMatch } = await import('../reports/replay.ts');
  const file = path.join(path.resolve((v.report as string | undefined) ?? 'reports/out'), 'report.json');
  let report;
  try { report = loadReportFile(file); } catch (error) {
    if (error instanceof ReportFileError) { process.stderr.write(`touchstone: ${error.message}\n`); return 2; }
    throw error;
  }
  const lookup = findCase(report, ids[0]!);
  if (!lookup.found) {
    const list = lookup.candidates.slice(0, 15).map((id) => `  ${id}`).join('\n');
    const why = lookup.ambiguous ? `"${ids[0]}" matches ${lookup.candidates.length} cases` : `no case "${ids[0]}" in ${file}`;
    process.stderr.write(`touchstone: ${why}${list ? `; did you mean:\n${list}` : ''}\n`);
    return 2;
  }
  const c = lookup.found;
  if (c.evidence.exchanges.length === 0) { process.stderr.write(`touchstone: case ${c.id} recorded no exchange to replay\n`); return 2; }
  const key = (v.key as string | undefined) ?? process.env.TOUCHSTONE_KEY;
  out(`replaying ${c.id} (recorded ${c.outcome}), ${c.evidence.exchanges.length} exchange${c.evidence.exchanges.length === 1 ? '' : 's'}${key ? '' : ' — no --key/TOUCHSTONE_KEY: sent without credentials'}`);
  const results = await replayCase(report, c, { ...(target ? { target } : {}), ...(key ? { key } : {}) });
  out(renderReplay(results));
  const same = statusesMatch(results);
  out(same ? 'statuses equal the recorded ones' : 'statuses differ from the recorded ones');
  return same ? 0 : 1;
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
      case 'smoke': return await smokeCommand(rest);
      case 'mocks': return await mocksCommand(rest);
      case 'gateway': return await gatewayCommand(rest);
      case 'diff': return await diffCommand(rest);
      case 'replay': return await replayCommand(rest);
      case 'report': return await reportCommand(rest);
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
