// The compiled OpenAI description accepts a real chat completion and refuses a broken one: the
// validator the simulator tests rely on can fail.
import { describe, expect, it } from 'vitest';
import { loadOpenAISpec } from './openai-spec.ts';

const spec = loadOpenAISpec();

describe.skipIf(!spec)('OpenAI description (../shared/openai/openapi.json)', () => {
  const completion = {
    id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
  it('accepts a real completion and names what is wrong in a broken one', () => {
    expect(spec!.validateResponse('post', '/chat/completions', 200, 'application/json', completion)).toEqual([]);
    const broken = { ...completion, choices: [{ ...completion.choices[0], finish_reason: 'done' }] };
    expect(spec!.validateResponse('post', '/chat/completions', 200, 'application/json', broken).join('\n')).toContain('/choices/0/finish_reason');
  });
  it('applies the nullable overlay to Batch', () => {
    const batch = { id: 'batch_1', object: 'batch', endpoint: '/v1/chat/completions', errors: null, input_file_id: 'file-1', completion_window: '24h', status: 'validating', output_file_id: null, error_file_id: null, created_at: 1, in_progress_at: null, expires_at: 2, finalizing_at: null, completed_at: null, failed_at: null, expired_at: null, cancelling_at: null, cancelled_at: null, request_counts: { total: 0, completed: 0, failed: 0 }, metadata: null };
    expect(spec!.validateSchema('Batch', batch)).toEqual([]);
  });
});
