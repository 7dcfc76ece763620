// bufferedResponse: a Response whose body is in memory, with the body stream made only on demand — it must still behave like a Response for in-process callers (tests, the SDK).
import { expect, it } from 'vitest';
import { bufferedResponse, bufferedBody } from './serve.ts';
it('behaves like a Response', async () => {
  const r = bufferedResponse('{"a":1}', { status: 201, headers: { 'content-type': 'application/json' } });
  expect(r.status).toBe(201); expect(r.ok).toBe(true); expect(r instanceof Response).toBe(true);
  expect(bufferedBody(r)).toBeDefined();
  const c = r.clone(); expect(await c.json()).toEqual({ a: 1 });
  expect(await r.text()).toBe('{"a":1}'); expect(r.bodyUsed).toBe(true); await expect(r.text()).rejects.toThrow(TypeError);
  const s = bufferedResponse('xyz'); expect(await new Response(s.body).text()).toBe('xyz'); expect(s.bodyUsed).toBe(true); expect(bufferedBody(s)).toBeUndefined();
});
