/**
 * The reference gateway's config for the bench: every account points at the TINY upstream (not the
 * simulator), so "gateway vs bare proxy" compares two relays of the same bytes. Accounts:
 *   bench-openai     OpenAI passthrough (chat, embeddings), priced so the cost path runs as in production
 *   bench-slow       OpenAI whose streams trickle (one chunk per interval: 1,000 open streams)
 *   bench-anthropic  Anthropic Messages, translated to OpenAI chunks
 * The request log is off (`stdout: false`) unless a file is given (the logged variant shows its cost).
 */
import { hashKey, type GatewayConfigFile } from '../gateway/config.ts';

export const BENCH_KEY = 'ts-bench0000000000000000000000000000000000';
export const UPSTREAM_KEY = 'sk-bench-upstream';

export const MODELS = {
  chat: 'bench-openai/gpt-4o-mini',
  embeddings: 'bench-openai/text-embedding-3-small',
  slowChat: 'bench-slow/gpt-4o-mini',
  anthropicChat: 'bench-anthropic/claude-sonnet-4-5',
} as const;

export interface BenchGatewayOptions {
  tinyUrl: string;
  /** Trickling streams of the slow account: one content chunk every intervalMs, `chunks` of them. */
  slow: { intervalMs: number; chunks: number };
  /** Append the request log to this file; without it the log is off. */
  requestLogPath?: string;
}

export function benchGatewayConfig(options: BenchGatewayOptions): GatewayConfigFile {
  const key = { value: UPSTREAM_KEY };
  return {
    accounts: [
      {
        name: 'bench-openai', provider: 'openai', base_url: `${options.tinyUrl}/v1`, api_key: key,
        models: [{ name: 'gpt-4o-mini', pricing: { input: 0.15, output: 0.6 } }, { name: 'text-embedding-3-small', pricing: { input: 0.02 } }],
      },
      {
        name: 'bench-slow', provider: 'openai', base_url: `${options.tinyUrl}/slow/${options.slow.intervalMs}/${options.slow.chunks}/v1`, api_key: key,
        models: [{ name: 'gpt-4o-mini', pricing: { input: 0.15, output: 0.6 } }],
      },
      {
        name: 'bench-anthropic', provider: 'anthropic', base_url: `${options.tinyUrl}/anthropic`, api_key: key,
        models: [{ name: 'claude-sonnet-4-5', pricing: { input: 3, output: 15 } }],
      },
    ],
    keys: [{ name: 'bench', sha256: hashKey(BENCH_KEY), user: 'bench@example.com', access: { models: ['*'] } }],
    request_log: options.requestLogPath ? { stdout: false, path: options.requestLogPath } : { stdout: false },
  };
}
