/**
 * Faults on the Bedrock simulator, as the official SDK meets them over loopback: a status fault is an
 * AWS error (type in `x-amzn-errortype`), `error_event` an exception frame the SDK surfaces by name
 * (mid-ConverseStream and mid-InvokeModelWithResponseStream), `malformed_event` a frame the SDK cannot
 * parse, `truncate` a stream without its final events, `reset_mid_body` a cut connection — the
 * provider-neutral fault layer cutting Bedrock's binary event stream frame by frame.
 */
import { ConverseCommand, ConverseStreamCommand, InvokeModelWithResponseStreamCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_HEADER } from '../faults/index.ts';
import { sdkError, startBedrock, user, type BedrockHarness } from './test-kit.ts';

let h: BedrockHarness;
beforeAll(async () => { h = await startBedrock(); });
afterAll(async () => { await h.close(); });

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const streamInput = { modelId: HAIKU, messages: [user('A streamed answer with several pieces, please.')] };

/** A client whose requests select `fault` with the x-touchstone-fault header. */
function faulted(fault: string): BedrockRuntimeClient {
  const client = h.client();
  client.middlewareStack.add((next) => async (args) => {
    (args.request as { headers: Record<string, string> }).headers[FAULT_HEADER] = fault;
    return next(args);
  }, { step: 'build', name: 'touchstoneFault' });
  return client;
}

async function drain(stream: AsyncIterable<Record<string, unknown>>, names: string[] = []): Promise<string[]> {
  for await (const event of stream) names.push(Object.keys(event).find((k) => event[k] !== undefined)!);
  return names;
}

describe('faults on Bedrock', () => {
  it('status: rate_limit is a ThrottlingException (429) with AWS headers', async () => {
    const error = await sdkError(faulted('rate_limit').send(new ConverseCommand(streamInput)));
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.httpStatusCode).toBe(429);
    const res = await h.post(HAIKU, 'converse', { messages: [user('x')] }, { [FAULT_HEADER]: '{"kind":"status","status":503}' });
    expect(res.status).toBe(503);
    expect(res.headers.get('x-amzn-errortype')).toBe('ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.bedrock/');
    expect(Object.keys(await res.json())).toEqual(['message']);
    expect(h.sim.journal.last()!.fault).toMatchObject({ kind: 'status', source: 'header' });
  });

  it('status: a fault type naming an AWS exception is used as the error type', async () => {
    const error = await sdkError(faulted('{"kind":"status","status":424,"type":"ModelErrorException","message":"The model failed."}').send(new ConverseCommand(streamInput)));
    expect(error.name).toBe('ModelErrorException');
    expect(error.message).toBe('The model failed.');
  });

  it('error_event: an exception frame mid-ConverseStream, surfaced by the SDK', async () => {
    const out = await faulted('{"kind":"error_event","afterEvents":2,"message":"The model stream failed."}').send(new ConverseStreamCommand(streamInput));
    const seen: string[] = [];
    const error = await sdkError(drain(out.stream as AsyncIterable<Record<string, unknown>>, seen));
    expect(seen).toEqual(['messageStart', 'contentBlockDelta']);
    expect(error.name).toBe('ModelStreamErrorException');
    expect(error.message).toBe('The model stream failed.');
    const throttled = await faulted('{"kind":"error_event","type":"throttlingException"}').send(new ConverseStreamCommand(streamInput));
    expect((await sdkError(drain(throttled.stream as AsyncIterable<Record<string, unknown>>))).name).toBe('ThrottlingException');
    expect(h.sim.journal.last()).toMatchObject({ completed: true, fault: { kind: 'error_event' } });
  });

  it('error_event: an exception frame mid-InvokeModelWithResponseStream', async () => {
    const out = await faulted('error_event').send(new InvokeModelWithResponseStreamCommand({
      modelId: HAIKU, body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, messages: [{ role: 'user', content: 'Stream natively.' }] }),
    }));
    const error = await sdkError(drain(out.body as AsyncIterable<Record<string, unknown>>));
    expect(error.name).toBe('ModelStreamErrorException');
  });

  it('malformed_event: a frame whose payload does not parse fails the SDK’s stream', async () => {
    const out = await faulted('malformed_event').send(new ConverseStreamCommand(streamInput));
    const error = await sdkError(drain(out.stream as AsyncIterable<Record<string, unknown>>));
    expect(error.message).toMatch(/JSON|not json|Unexpected token/i);
  });

  it('truncate: the stream ends cleanly before messageStop and metadata', async () => {
    const out = await faulted('{"kind":"truncate","afterEvents":3}').send(new ConverseStreamCommand(streamInput));
    const names = await drain(out.stream as AsyncIterable<Record<string, unknown>>);
    expect(names).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta']);
  });

  it('reset_mid_body: the connection drops mid-stream', async () => {
    const out = await faulted('{"kind":"reset_mid_body","afterEvents":2}').send(new ConverseStreamCommand(streamInput));
    const error = await sdkError(drain(out.stream as AsyncIterable<Record<string, unknown>>));
    expect(error).toBeInstanceOf(Error);
    expect(h.sim.journal.last()!.fault).toMatchObject({ kind: 'reset_mid_body', cut: true });
  });

  it('selects a fault from a marker in the Converse body', async () => {
    const error = await sdkError(h.client().send(new ConverseCommand({ modelId: HAIKU, messages: [user('Hello [touchstone-fault:overloaded]')] })));
    expect(error.name).toBe('ServiceUnavailableException');
    expect(error.$metadata?.httpStatusCode).toBe(503);
  });
});
