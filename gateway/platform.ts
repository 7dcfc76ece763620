/**
 * The gateway's platform services for one config generation: the limiter (rate limits and budgets
 * over a store that outlives reloads), and telemetry (spans exported as OTLP, one request-log line per
 * request). `createPlatform(config, options, previous)` reuses the previous generation's store when
 * the store config is unchanged, so counters survive a SIGHUP reload; `retire` lets the previous
 * generation's exporters drain after the requests that started under it have finished.
 */
import type { GatewayOptions } from './app.ts';
import type { GatewayConfig } from './config.ts';
import type { Exchange } from './exchange.ts';
import { createLimiter, createMemoryStore, createRedisStore, type Limiter, type LimitStore } from './limits/index.ts';
import { createTelemetry, type RequestHead, type RequestTrace, type TokenCounts } from './telemetry/index.ts';

export interface Telemetry {
  /** Start a request's trace (its span) from the incoming request; `route` is the matched template. */
  start(request: Request | RequestHead, route?: string): RequestTrace;
  /** Record a finished exchange: span attributes and end, export, request-log line. Never throws. */
  end(exchange: Exchange): void;
}

export interface Platform {
  limiter: Limiter;
  telemetry: Telemetry;
  /** The store config this platform's store was built from (to reuse it across reloads). */
  readonly storeKey: string;
  readonly store: LimitStore;
  /** The platform replacing this one is live: drain what only this one owns. */
  retire(next: Platform): Promise<void>;
  close(): Promise<void>;
}

/** How long a replaced generation waits for its running requests before closing its exporters anyway. */
const RETIRE_DRAIN_MS = 120_000;

const OPERATION: Record<string, string> = { chat: 'chat', embeddings: 'embeddings', responses: 'responses', realtime: 'realtime' };

export function createPlatform(config: GatewayConfig, options: GatewayOptions = {}, previous?: Platform): Platform {
  const storeKey = config.limitsStore ? `redis:${config.limitsStore.redisUrl}` : 'memory';
  const onError = options.onError ?? ((e: unknown) => process.stderr.write(`gateway: ${(e as Error).message ?? String(e)}\n`));
  // Redis connection errors repeat while it is down: report the first, then at most one per 30 s.
  let lastConnectionError = -Infinity;
  const onConnectionError = (e: Error) => {
    const now = Date.now();
    if (now - lastConnectionError < 30_000) return;
    lastConnectionError = now;
    onError(new Error(`limits store (Redis) unreachable: ${e.message}`));
  };
  const store = previous && previous.storeKey === storeKey ? previous.store
    : config.limitsStore ? createRedisStore(config.limitsStore.redisUrl, { onConnectionError }) : createMemoryStore();
  const limiter = createLimiter({
    rateLimits: config.rateLimits, budgets: config.budgets, store,
    ...(options.now ? { now: options.now } : {}),
    failOpen: config.limitsStore?.failOpen ?? false,
    onError,
  });
  const base = createTelemetry({ ...(config.tracing ? { tracing: config.tracing } : {}), ...(config.requestLog ? { request_log: config.requestLog } : {}) }, {
    secrets: () => config.secrets,
    onError,
    ...(options.onLog ? { requestLogSink: (line: string) => options.onLog!(JSON.parse(line) as Record<string, unknown>) } : {}),
  });

  // Exchanges started under this generation and not finished yet; `retire` waits for them to drain.
  let active = 0;
  let drained: (() => void) | undefined;
  const telemetry: Telemetry = {
    start(request, route) {
      active++;
      return base.startRequest(request, route);
    },
    end(x) {
      try {
        if (!base.recording) { x.trace.finish({ requestId: x.requestId, status: x.status, keyName: null }); return; }
        const u = x.usage;
        const tokens: TokenCounts | undefined = u.inputTokens !== undefined || u.outputTokens !== undefined
          ? { input: u.inputTokens ?? 0, output: u.outputTokens ?? 0, cached: u.cachedTokens ?? 0, reasoning: u.reasoningTokens ?? 0 }
          : undefined;
        x.trace.finish({
          requestId: x.requestId,
          status: x.status,
          keyName: x.key?.name ?? null,
          ...(x.key?.team ? { team: x.key.team } : {}),
          ...(x.key?.user ? { user: x.key.user } : {}),
          ...(x.account ? { account: x.account.name, provider: x.account.provider } : {}),
          operation: OPERATION[x.api] ?? x.api,
          ...(x.model !== undefined ? { requestModel: x.model } : {}),
          stream: x.stream,
          ...(tokens ? { tokens } : {}),
          ...(x.cost !== undefined ? { costUsd: x.cost } : {}),
          ...(x.metadata ? { metadata: x.metadata } : {}),
          ...(x.errorCode ? { errorCode: x.errorCode } : {}),
        });
      } catch (error) {
        onError(error);
      } finally {
        if (--active === 0) drained?.();
      }
    },
  };
  const drain = (maxMs: number) => new Promise<void>((resolve) => {
    if (active === 0) { resolve(); return; }
    const timer = setTimeout(resolve, maxMs);
    timer.unref();
    drained = () => { clearTimeout(timer); resolve(); };
  });

  return {
    limiter, telemetry, storeKey, store,
    async retire(next) {
      await drain(RETIRE_DRAIN_MS);
      await limiter.close();
      if (next.store !== store) await store.close();
      await base.shutdown();
    },
    async close() {
      await limiter.close();
      await store.close();
      await base.shutdown();
    },
  };
}
