/**
 * One request's passage through the gateway platform — HTTP and realtime sessions alike: who called
 * (key, user, team), with what metadata, to which account and model, what it used and cost, how it
 * ended. Route handlers call `admit` once the target is known (access control, then limits and
 * budgets) and `addUsage` when the upstream reports usage; `finish` runs exactly once when the answer
 * is over (body delivered, stream ended or cancelled, socket closed) and charges the limits, ends the
 * span and writes the request-log line. Nothing here ever throws into the answer path after `admit`.
 */
import type { GatewayConfig, ResolvedAccount, ResolvedKey } from './config.ts';
import { assertMayUse } from './access.ts';
import { authenticate } from './auth.ts';
import { parseMetadata } from './metadata.ts';
import { addUsage, computeCost, type Usage } from './cost.ts';
import { GatewayError } from './errors.ts';
import type { HeaderReader } from './http.ts';
import type { Platform } from './platform.ts';
import { newTraceId, type RequestTrace } from './telemetry/index.ts';

/** A new request id: `req_` and 32 random hex digits (from the trace-id pool, no UUID formatting). */
export function newRequestId(): string {
  return `req_${newTraceId()}`;
}

/** Gateway API names, as spans and logs name them. */
export type ApiName = 'chat' | 'embeddings' | 'responses' | 'images' | 'audio' | 'batches' | 'files' | 'moderations' | 'fine_tuning' | 'models' | 'rerank' | 'realtime';

export class Exchange {
  key?: ResolvedKey;
  metadata?: Record<string, string>;
  account?: ResolvedAccount;
  /** The bare upstream model, when the request names one. */
  model?: string;
  stream = false;
  usage: Usage = {};
  /** USD; undefined when the model is not priced. Moderations are free (0). */
  cost?: number;
  free = false;
  status = 0;
  errorCode?: string;
  /** Headers the limiter wants on the answer (x-ratelimit-*). */
  limitHeaders: Record<string, string> = {};
  #finished = false;
  #admitted = false;
  readonly started = performance.now();

  constructor(
    readonly platform: Platform,
    readonly config: GatewayConfig,
    readonly requestId: string,
    readonly api: ApiName,
    readonly method: string,
    readonly path: string,
    readonly trace: RequestTrace,
  ) {}

  /** Who is calling: the key (401 if missing or invalid), then `x-tfy-metadata` (400 if malformed). */
  identify(headers: HeaderReader): void {
    this.key = authenticate(headers, this.config);
    const metadata = parseMetadata(headers);
    if (metadata) this.metadata = metadata;
  }

  /** The gateway model id `account/model` (or `account/*` for account-level calls). */
  get gatewayModel(): string | undefined {
    if (!this.account) return undefined;
    return `${this.account.name}/${this.model ?? '*'}`;
  }

  /**
   * The request targets `account` (and `model`, when it names one): check the key may use it (403),
   * then take rate-limit and budget capacity (429). Call once, before contacting the upstream.
   */
  async admit(account: ResolvedAccount, model?: string): Promise<void> {
    this.account = account;
    if (model !== undefined) this.model = model;
    if (!this.key) throw new Error('admit before authentication');
    assertMayUse(this.key, account.name, model);
    if (this.#admitted) return;
    this.#admitted = true;
    const outcome = await this.platform.limiter.acquire(this.#subject());
    if (!outcome.allowed) {
      const e = outcome.error;
      throw new GatewayError(e.status, e.type as never, e.code, e.message, null, e.headers);
    }
    Object.assign(this.limitHeaders, outcome.headers);
  }

  addUsage(u: Usage): void {
    this.usage = addUsage(this.usage, u);
  }

  /** The cost of what was used so far (undefined: not priced). */
  currentCost(): number | undefined {
    if (this.free) return 0;
    const pricing = this.account && this.model !== undefined ? this.account.pricing?.get(this.model) : undefined;
    return computeCost(pricing, this.usage);
  }

  /** Headers to send upstream: the trace context, with the gateway span as parent. */
  upstreamHeaders(): Record<string, string> {
    return this.trace.upstreamHeaders();
  }

  /** The answer is over: charge limits and budgets once, end the span, write the log line. */
  finish(status: number, errorCode?: string): void {
    if (this.#finished) return;
    this.#finished = true;
    this.status = status;
    if (errorCode) this.errorCode = errorCode;
    this.cost = this.currentCost();
    const tokens = (this.usage.inputTokens ?? 0) + (this.usage.outputTokens ?? 0);
    if (this.key && this.account && (tokens > 0 || (this.cost ?? 0) > 0)) {
      void this.platform.limiter.record(this.#subject(), { tokens, costUsd: this.cost ?? 0 });
    }
    this.platform.telemetry.end(this);
  }

  #subject() {
    return { key: this.key!.name, ...(this.key!.team ? { team: this.key!.team } : {}), model: this.gatewayModel! };
  }
}
