/**
 * Malformed Converse requests get Bedrock's answers, in AWS's error shape (status, `x-amzn-errortype`,
 * `{"message"}`): the framework's type and constraint errors, the service's rules (blank text, role
 * order, tool blocks without toolConfig, document names), model resolution (invalid id, retired model,
 * on-demand throughput, profile geography) and the model's limits (output budget, input length,
 * extended thinking's constraints).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrock, user, type BedrockHarness } from './test-kit.ts';

let h: BedrockHarness;
beforeAll(async () => { h = await startBedrock(); });
afterAll(async () => { await h.close(); });

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

async function refusal(modelId: string, body: unknown): Promise<{ status: number; type: string; message: string }> {
  const res = await h.post(modelId, 'converse', body);
  const json = await res.json() as { message: string };
  expect(Object.keys(json)).toEqual(['message']);
  return { status: res.status, type: res.headers.get('x-amzn-errortype')!.split(':')[0]!, message: json.message };
}

describe('Converse validation', () => {
  it("reports every constraint violation in the framework's words", async () => {
    expect(await refusal(HAIKU, { messages: [{ role: 'system', content: [{ text: 'x' }] }], inferenceConfig: { maxTokens: 0, temperature: 1.5 } })).toEqual({
      status: 400, type: 'ValidationException',
      message: "3 validation errors detected: Value 'system' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]; "
        + "Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1; "
        + "Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1",
    });
    expect((await refusal(HAIKU, {})).message).toBe("1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null");
  });

  it('refuses members of the wrong JSON type before validating', async () => {
    expect(await refusal(HAIKU, { messages: [{ role: 'user', content: 'a plain string' }] }))
      .toEqual({ status: 400, type: 'SerializationException', message: 'STRING_VALUE can not be converted to a List' });
    expect((await refusal(HAIKU, { messages: { role: 'user' } })).message).toBe('Start of structure or map found where not expected.');
  });

  it("applies the service's conversation rules", async () => {
    expect((await refusal(HAIKU, { messages: [user('  ')] })).message)
      .toBe('The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.');
    expect((await refusal(HAIKU, { messages: [{ role: 'assistant', content: [{ text: 'hi' }] }] })).message)
      .toBe('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
    expect((await refusal(HAIKU, { messages: [user('a'), user('b')] })).message)
      .toBe('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
    const toolTurn = [user('a'), { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'f', input: {} } }] }];
    expect((await refusal(HAIKU, { messages: toolTurn })).message).toBe('The toolConfig field must be defined when using toolUse and toolResult content blocks.');
    const doc = { document: { format: 'txt', name: 'notes.txt', source: { bytes: Buffer.from('hello').toString('base64') } } };
    expect((await refusal(HAIKU, { messages: [{ role: 'user', content: [doc, { text: 'summarise' }] }] })).message)
      .toMatch(/^The document file name can only contain alphanumeric characters/);
  });

  it('resolves model ids as Bedrock does', async () => {
    const body = { messages: [user('hi')] };
    expect(await refusal('anthropic.claude-nonexistent-v1:0', body)).toEqual({ status: 400, type: 'ValidationException', message: 'The provided model identifier is invalid.' });
    expect(await refusal('anthropic.claude-v2', body)).toMatchObject({ status: 404, type: 'ResourceNotFoundException' });
    expect((await refusal('anthropic.claude-sonnet-4-20250514-v1:0', body)).message).toBe('Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand '
      + 'throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.');
    expect((await refusal('eu.anthropic.claude-sonnet-4-20250514-v1:0', body)).message).toBe('The provided model identifier is invalid.');
    const arn = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0';
    expect((await h.post(arn, 'converse', body)).status).toBe(200);
    expect((await h.post('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0', 'converse', body)).status).toBe(200);
  });

  it("applies the model's limits", async () => {
    expect((await refusal(HAIKU, { messages: [user('hi')], inferenceConfig: { maxTokens: 100_000 } })).message)
      .toBe('The maximum tokens you requested exceeds the model limit of 4096. Try again with a maximum tokens value that is lower than 4096.');
    expect((await refusal('meta.llama3-8b-instruct-v1:0', { messages: [user('word '.repeat(9000))] })).message).toBe('Input is too long for requested model.');
    const sonnet = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
    const thinking = (budget: number) => ({ thinking: { type: 'enabled', budget_tokens: budget } });
    expect((await refusal(sonnet, { messages: [user('hi')], additionalModelRequestFields: thinking(500) })).message)
      .toBe('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    expect((await refusal(sonnet, { messages: [user('hi')], inferenceConfig: { maxTokens: 1500 }, additionalModelRequestFields: thinking(2000) })).message)
      .toMatch(/^`max_tokens` must be greater than `thinking.budget_tokens`/);
    expect((await refusal(sonnet, { messages: [user('hi')], inferenceConfig: { maxTokens: 4000, temperature: 0.2 }, additionalModelRequestFields: thinking(2000) })).message)
      .toMatch(/^`temperature` may only be set to 1 when thinking is enabled/);
    expect((await refusal(HAIKU, { messages: [user('hi')], additionalModelRequestFields: { top_k: 5, frequency_penalty: 1 } })).message)
      .toBe('frequency_penalty: Extra inputs are not permitted');
  });

  it("refuses a toolChoice the model doesn't offer", async () => {
    const tools = { tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } }], toolChoice: { any: {} } };
    expect((await refusal('meta.llama3-1-70b-instruct-v1:0', { messages: [user('hi')], toolConfig: tools })).message)
      .toBe("This model doesn't support the toolConfig.toolChoice.any field. Remove toolConfig.toolChoice.any and try again.");
  });
});
