/**
 * The simulator honours the seed-001 capability matrix (spec/capabilities.yaml, Bedrock row) at request
 * time. Expectations are derived from the matrix: for each column's probe request, the first column
 * the matrix says Bedrock does not offer decides Bedrock's refusal; when all are offered, the probe
 * succeeds. Then each column is switched off (and on) through the `capabilities` option, so both
 * branches are exercised whatever the matrix currently says. In process, no sockets.
 */
import { describe, expect, it } from 'vitest';
import { CAPABILITY_COLUMNS, providerOffers, type CapabilityColumn } from '../../spec/capabilities.ts';
import { createBedrockSimulator, type CapabilityGate } from './index.ts';
import { LONG_SYSTEM, TEST_API_KEY, user } from './test-kit.ts';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET_4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/** How Bedrock refuses a feature a model does not offer (columns without a wire feature: none). */
const REFUSALS: Partial<Record<CapabilityColumn, string>> = {
  stream: 'The model is unsupported for streaming.',
  non_stream: 'The model is unsupported for non-streaming invocation.',
  tools: "This model doesn't support tool use.",
  prompt_caching: 'You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.',
  reasoning: 'thinking: Extra inputs are not permitted',
  structured_output: "This model doesn't support the outputConfig.textFormat field. Remove outputConfig.textFormat and try again.",
  schema_mode: "This model doesn't support the outputConfig.textFormat field. Remove outputConfig.textFormat and try again.",
};

interface Probe {
  /** The columns the request depends on, in the order Bedrock checks them. */
  columns: CapabilityColumn[];
  model: string;
  operation: 'converse' | 'converse-stream';
  body: Record<string, unknown>;
}

const schema = JSON.stringify({ type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] });
const structured = { messages: [user('JSON please.')], outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema } } } } };
const PROBES: Record<string, Probe> = {
  stream: { columns: ['stream'], model: HAIKU, operation: 'converse-stream', body: { messages: [user('Stream.')] } },
  non_stream: { columns: ['non_stream'], model: HAIKU, operation: 'converse', body: { messages: [user('Answer.')] } },
  tools: {
    columns: ['non_stream', 'tools'], model: HAIKU, operation: 'converse',
    body: { messages: [user('Use the tool.')], toolConfig: { tools: [{ toolSpec: { name: 'ping', inputSchema: { json: { type: 'object' } } } }] } },
  },
  prompt_caching: {
    columns: ['non_stream', 'prompt_caching'], model: SONNET_4, operation: 'converse',
    body: { system: [{ text: LONG_SYSTEM }, { cachePoint: { type: 'default' } }], messages: [user('Cached.')] },
  },
  reasoning: {
    columns: ['non_stream', 'reasoning'], model: SONNET_4, operation: 'converse',
    body: { messages: [user('Think.')], inferenceConfig: { maxTokens: 2048 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } } },
  },
  structured_output: { columns: ['non_stream', 'structured_output', 'schema_mode'], model: SONNET_45, operation: 'converse', body: structured },
  schema_mode: { columns: ['non_stream', 'structured_output', 'schema_mode'], model: SONNET_45, operation: 'converse', body: structured },
};

async function send(gate: CapabilityGate | undefined, probe: Probe): Promise<{ status: number; message?: string }> {
  const sim = createBedrockSimulator(gate ? { capabilities: gate } : {});
  const res = await sim.fetch(new Request(`https://bedrock-runtime.us-east-1.amazonaws.com/model/${encodeURIComponent(probe.model)}/${probe.operation}`, {
    method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(probe.body),
  }));
  if (res.status === 200) { await res.arrayBuffer(); return { status: 200 }; }
  return { status: res.status, message: ((await res.json()) as { message: string }).message };
}

function expected(probe: Probe, offers: (c: CapabilityColumn) => boolean): { status: number; message?: string } {
  const missing = probe.columns.find((c) => !offers(c));
  return missing ? { status: 400, message: REFUSALS[missing]! } : { status: 200 };
}

describe('capability matrix (Bedrock row)', () => {
  for (const [column, probe] of Object.entries(PROBES)) {
    it(`${column}: the matrix cell "${providerOffers('bedrock', column as CapabilityColumn) ? 'offered' : 'not offered'}" decides the answer`, async () => {
      expect(await send(undefined, probe)).toEqual(expected(probe, (c) => providerOffers('bedrock', c)));
    });
  }

  it('refuses each feature when its column is switched off, and serves it when on', async () => {
    for (const [column, probe] of Object.entries(PROBES)) {
      const off: CapabilityGate = (c) => c !== column;
      expect(await send(off, probe), column).toEqual({ status: 400, message: REFUSALS[column as CapabilityColumn] });
      expect(await send(() => true, probe), column).toEqual({ status: 200 });
    }
  });

  it('json_mode has no Bedrock wire feature: switching it off refuses nothing', async () => {
    expect(CAPABILITY_COLUMNS).toContain('json_mode');
    expect(await send((c) => c !== 'json_mode', PROBES.non_stream!)).toEqual({ status: 200 });
  });
});
