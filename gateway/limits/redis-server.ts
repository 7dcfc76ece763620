/**
 * Test helper: a throwaway `redis-server` (Debian's package) on a free loopback port, without persistence,
 * for tests of the Redis limit store and of gateway replicas sharing it. `startRedis()` resolves once the
 * server answers PING; `stop()` ends it and waits for its exit. If `redis-server` is not installed, the
 * start fails with an error saying how to install it (tests then fail; they are never skipped silently).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** The executable; default `$REDIS_SERVER` or `redis-server` on PATH. */
  command?: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Resolves when the log says the server is ready; rejects with the log when it exits first. */
function ready(child: ChildProcess, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) done(resolve);
    };
    const onError = (error: NodeJS.ErrnoException) => {
      done(() => reject(error.code === 'ENOENT'
        ? new Error(`redis-server is not installed (could not run \`${command}\`). The Redis limit tests need it: install Debian's package with \`sudo apt-get install redis-server\` (or set REDIS_SERVER to its path).`)
        : error));
    };
    const onExit = (code: number | null, signal: string | null) => {
      done(() => reject(new Error(`${command} exited (${signal ?? `code ${code}`}) before it was ready:\n${log}`)));
    };
    function done(settle: () => void) {
      child.stdout!.off('data', onData);
      child.off('error', onError);
      child.off('exit', onExit);
      settle();
    }
    child.stdout!.on('data', onData);
    child.once('error', onError);
    child.once('exit', onExit);
  });
}

async function ping(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    const answer = await client.ping();
    if (answer !== 'PONG') throw new Error(`expected PONG from ${url}, got ${answer}`);
  } finally {
    client.disconnect();
  }
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const command = options.command ?? process.env.REDIS_SERVER ?? 'redis-server';
  // a port found free may be taken before redis binds it: try a few
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(command, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    try {
      await ready(child, command);
    } catch (error) {
      process.off('exit', killOnExit);
      child.kill('SIGKILL');
      const portTaken = error instanceof Error && /Address already in use/.test(error.message);
      if (portTaken && attempt < 3) continue;
      throw error;
    }
    child.stdout!.resume(); // keep draining the log
    child.stderr!.resume();
    const url = `redis://127.0.0.1:${port}/0`;
    const stop = async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    };
    try {
      await ping(url);
    } catch (error) {
      await stop();
      throw error;
    }
    return { url, port, stop };
  }
}
