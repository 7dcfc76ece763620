/**
 * A batch on the real clock (no injected `now`): a standalone simulator moves a 3-line batch through
 * every state within seconds, so an SDK polling loop sees it complete.
 */
import { describe, expect, it } from 'vitest';
import { createOpenAISimulator } from '../index.ts';
import { sdkClient } from '../test-kit.ts';
import { jsonl, parseJsonl, upload } from '../files/testing.ts';

describe('batch on the real clock', () => {
  it('completes a 3-line batch within 5 s of polling', async () => {
    const client = sdkClient(createOpenAISimulator());
    const rows = [1, 2, 3].map((i) => ({
      custom_id: `r${i}`, method: 'POST', url: '/v1/chat/completions',
      body: { model: 'gpt-4.1-mini', messages: [{ role: 'user', content: `Say ${i}` }] },
    }));
    const file = await upload(client, 'three.jsonl', jsonl(rows), 'batch');
    const started = Date.now();
    let batch = await client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
    const statuses = new Set([batch.status]);
    while (batch.status !== 'completed' && Date.now() - started < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      batch = await client.batches.retrieve(batch.id);
      statuses.add(batch.status);
    }
    expect(batch.status).toBe('completed');
    expect([...statuses]).toEqual(expect.arrayContaining(['validating', 'in_progress', 'completed']));
    const output = parseJsonl(await (await client.files.content(batch.output_file_id!)).text());
    expect(output.map((l) => l.custom_id)).toEqual(['r1', 'r2', 'r3']);
  }, 10_000);
});
