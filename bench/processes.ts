/**
 * Parent side of the bench's child processes: `startHost(spec)` forks bench/host.ts with one server in
 * it, `startLoadGenerator()` forks bench/load.ts. Each child runs TypeScript through tsx (`--import
 * tsx`, resolved from the project root), talks over the IPC channel, and is killed by its pid if it
 * does not exit when closed. A child that dies early rejects what is waiting on it with its exit code.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostReply, HostRequest, HostSpec } from './host.ts';
import type { LoadJob, LoadReply, LoadRequest, LoadResult } from './load-job.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLOSE_GRACE_MS = 5_000;

function forkTs(file: string, args: string[] = []): ChildProcess {
  return fork(fileURLToPath(new URL(file, import.meta.url)), args, {
    cwd: PROJECT_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
}

/** Replies of a child, matched to the request that waits for them; rejects all on an early exit. */
function channel<Reply extends { type: string }>(child: ChildProcess, name: string) {
  const waiting = new Set<{ match(r: Reply): boolean; resolve(r: Reply): void; reject(e: Error): void }>();
  let exited: Error | undefined;
  child.on('message', (reply: Reply) => {
    for (const w of waiting) if (w.match(reply)) { waiting.delete(w); w.resolve(reply); return; }
  });
  child.on('exit', (code, sig) => {
    exited = new Error(`bench: the ${name} process (pid ${child.pid}) exited with ${sig ?? `code ${code}`}`);
    for (const w of waiting) w.reject(exited);
    waiting.clear();
  });
  return {
    wait(match: (r: Reply) => boolean): Promise<Reply> {
      if (exited) return Promise.reject(exited);
      return new Promise((resolve, reject) => waiting.add({ match, resolve, reject }));
    },
  };
}

async function stop(child: ChildProcess, message: unknown): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send(message as object);
  const timer = setTimeout(() => { if (child.pid) process.kill(child.pid, 'SIGKILL'); }, CLOSE_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

export interface Host {
  spec: HostSpec;
  pid: number;
  /** Where OpenAI-style paths go: `${base}/chat/completions`. */
  base: string;
  origin: string;
  rss(): Promise<number>;
  /** Sample the resident set size every 25 ms from now on… */
  peakStart(): Promise<void>;
  /** …and return the peak seen. */
  peakStop(): Promise<number>;
  close(): Promise<void>;
}

export async function startHost(spec: HostSpec): Promise<Host> {
  const child = forkTs('./host.ts');
  const replies = channel<HostReply>(child, `${spec.kind} host`);
  let ids = 0;
  const ask = async <T extends HostReply['type']>(message: HostRequest, type: T) => {
    const id = 'id' in message ? message.id : -1;
    const pending = replies.wait((r) => r.type === type && (!('id' in r) || r.id === id));
    child.send(message);
    return pending as Promise<Extract<HostReply, { type: T }>>;
  };
  const ready = replies.wait((r) => r.type === 'ready' || r.type === 'failed');
  child.send({ type: 'start', spec } satisfies HostRequest);
  const reply = await ready;
  if (reply.type === 'failed') {
    await stop(child, { type: 'close' });
    throw new Error(`bench: the ${spec.kind} host did not start:\n${reply.message}`);
  }
  if (reply.type !== 'ready') throw new Error(`bench: unexpected reply ${reply.type} from the ${spec.kind} host`);
  return {
    spec,
    pid: child.pid!,
    base: reply.base,
    origin: reply.origin,
    rss: async () => (await ask({ type: 'rss', id: ++ids }, 'rss')).rss,
    peakStart: async () => { await ask({ type: 'peak-start', id: ++ids }, 'peak'); },
    peakStop: async () => (await ask({ type: 'peak-stop', id: ++ids }, 'peak')).rss,
    close: () => stop(child, { type: 'close' } satisfies HostRequest),
  };
}

export interface LoadGenerator {
  pid: number;
  run(job: LoadJob): Promise<LoadResult>;
  close(): Promise<void>;
}

export async function startLoadGenerator(): Promise<LoadGenerator> {
  const child = forkTs('./load.ts', ['--load-generator']);
  const replies = channel<LoadReply>(child, 'load generator');
  await replies.wait((r) => r.type === 'ready');
  let ids = 0;
  return {
    pid: child.pid!,
    async run(job) {
      const id = ++ids;
      const pending = replies.wait((r) => r.type !== 'ready' && r.id === id);
      child.send({ type: 'run', id, job } satisfies LoadRequest);
      const reply = await pending;
      if (reply.type === 'failed') throw new Error(`bench: the load generator failed a job:\n${reply.message}`);
      if (reply.type !== 'result') throw new Error('bench: unexpected reply from the load generator');
      return reply.result;
    },
    close: () => stop(child, { type: 'close' } satisfies LoadRequest),
  };
}
