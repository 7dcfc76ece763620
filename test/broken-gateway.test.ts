// The suites can fail: a gateway that sends a wrong chunk shape or a non-envelope error makes
// `touchstone run --target` exit 1, and the report names the field that is wrong.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSse, SseParser } from '../lib/sse.ts';
import { serve, type Served } from '../lib/serve.ts';
import type { Report } from '../reports/model.ts';
import { startDefaultTarget, type RunningTarget } from '../suites/target.ts';
import { runCli } from './cli-helpers.ts';

/**
 * A proxy in front of the reference gateway that breaks two things: the second event of every chat
 * stream gets `delta` as a string, and every error body loses its `error` wrapper.
 */
function breakingProxy(upstreamBase: string) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.text() : undefined;
    const headers = new Headers(request.headers);
    headers.delete('host');
    const res = await fetch(upstreamBase + url.pathname.replace(/^\/api\/llm/, '') + url.search, { method: request.method, headers, body });
    const type = res.headers.get('content-type') ?? '';
    if (type.startsWith('text/event-stream') && res.body) {
      const parser = new SseParser();
      const decoder = new TextDecoder();
      const encoder = new TextEncoder();
      let index = 0;
      const transformed = res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          for (const ev of parser.push(decoder.decode(chunk, { stream: true }))) {
            let data = ev.data;
            if (index === 1 && data !== '[DONE]') {
              const json = JSON.parse(data) as { choices: { delta: unknown }[] };
              json.choices[0]!.delta = 'Hello';
              data = JSON.stringify(json);
            }
            index++;
            controller.enqueue(encoder.encode(encodeSse(data)));
          }
        },
      }));
      return new Response(transformed, { status: res.status, headers: { 'content-type': type } });
    }
    if (res.status >= 400) {
      const json = await res.json() as { error: { message: string } };
      return Response.json({ message: json.error.message }, { status: res.status });
    }
    return new Response(res.body, { status: res.status, headers: { 'content-type': type } });
  };
}

describe('a deliberately broken gateway', () => {
  let target: RunningTarget;
  let proxy: Served;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-broken-'));

  beforeAll(async () => {
    target = await startDefaultTarget();
    proxy = await serve(breakingProxy(target.target.url));
  });
  afterAll(async () => {
    await proxy?.close();
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails the run (exit 1) with violations that name the broken fields', async () => {
    // The chat and auth checks are where the two breakages show (the rest of the catalogue is not needed here).
    const { code, stdout } = await runCli(['run', '--target', `${proxy.url}/api/llm`, '--key', target.target.key, '--report', dir, '--seed', '1', '--filter', 'chat,auth.missing-key,auth.invalid-key']);
    expect(code, stdout).toBe(1);
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.summary.ok).toBe(false);
    const failed = (checkId: string) => report.cases.filter((c) => c.checkId === checkId && c.outcome === 'fail');

    const chunkCases = failed('chat.stream.chunk-schema');
    expect(chunkCases.length).toBeGreaterThan(0);
    expect(chunkCases[0]!.violations).toContainEqual(expect.objectContaining({ pointer: '/events/1/choices/0/delta', actual: '"Hello"' }));

    for (const id of ['auth.missing-key', 'auth.invalid-key', 'chat.errors.malformed-json', 'chat.errors.unknown-model']) {
      const [c] = failed(id);
      expect(c, id).toBeDefined();
      expect(c!.violations, id).toContainEqual(expect.objectContaining({ pointer: '/body/error', actual: 'missing' }));
    }
    // what still conforms keeps passing: the breakage is attributed, not smeared over every check
    expect(report.cases.filter((c) => c.checkId === 'chat.response.schema').every((c) => c.outcome === 'pass')).toBe(true);
    const junit = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    expect(junit).toContain('/events/1/choices/0/delta');
    expect(stdout).toContain('chat.stream.chunk-schema');
  });
});
