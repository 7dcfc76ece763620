/**
 * What the suites run against: a gateway base URL, a key, and the model ids to use. The default
 * target is built in-process: the simulators on loopback plus the reference gateway wired to them.
 */
import { randomBytes } from 'node:crypto';
import { startMockServer } from '../mocks/server.ts';
import { defaultConfigFile, generateApiKey, resolveConfig } from '../gateway/config.ts';
import { startGateway } from '../gateway/server.ts';

export interface Target {
  id: string;
  kind: 'in-process' | 'external' | 'live';
  label: string;
  /** Base URL the OpenAI SDK is given (requests go to `${url}/chat/completions`). */
  url: string;
  key: string;
  models: { chat: string };
  upstreams?: Record<string, string>;
  /** Values that must never appear in evidence (keys); redacted by the recorder. */
  secrets: string[];
}

export interface RunningTarget {
  target: Target;
  close(): Promise<void>;
}

/** The in-process default: simulators + reference gateway on 127.0.0.1, fresh keys each time. */
export async function startDefaultTarget(): Promise<RunningTarget> {
  const mocks = await startMockServer({});
  const demoKey = generateApiKey();
  const upstreamKey = `sk-touchstone-${randomBytes(12).toString('hex')}`;
  const openaiURL = mocks.upstreams.openai;
  if (!openaiURL) throw new Error('the mock server lists no "openai" upstream');
  const config = resolveConfig(defaultConfigFile(openaiURL, demoKey, upstreamKey), 'embedded default');
  const gateway = await startGateway(config);
  return {
    target: {
      id: 'reference',
      kind: 'in-process',
      label: 'Touchstone reference gateway (in-process, simulated upstreams)',
      url: gateway.baseURL,
      key: demoKey,
      models: { chat: 'openai-main/gpt-4o-mini' },
      upstreams: mocks.upstreams,
      secrets: [demoKey, upstreamKey],
    },
    async close() {
      await gateway.close();
      await mocks.close();
    },
  };
}
