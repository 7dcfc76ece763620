/** Tests for redaction and curl reproduction: a planted key never survives, and sh parses the curl as intended. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlFor, isSecretName, recordExchange, redactHeaders, redactText, redactUrl, shellWord } from './redact.ts';

const SECRET = 'sk-proj-PLANTEDsecret0123456789abcdef';

/** Let sh parse a command line and print the resulting argv, one per line, with $TOUCHSTONE_KEY set. */
function shellArgs(command: string): string[] {
  const script = `printf '%s\\n' ${command.replace(/^curl/, '').replaceAll('\\\n', ' ')}`;
  return execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH, TOUCHSTONE_KEY: 'KEY-FROM-ENV' }, encoding: 'utf8' })
    .split('\n').slice(0, -1);
}

describe('redactHeaders', () => {
  it('keeps only a short prefix of secret headers and leaves the rest alone', () => {
    const out = redactHeaders({
      Authorization: `Bearer ${SECRET}`, 'x-api-key': SECRET, 'api-key': 'abc', 'x-goog-api-key': 'AIzaSyPLANTED0123456789',
      cookie: 'session=abc; theme=dark', 'set-cookie': 'id=1; HttpOnly', 'proxy-authorization': 'Basic dXNlcjpwYXNz',
      'x-custom-token': 'tok', 'x-client-secret': 'shh', 'content-type': 'application/json',
      'x-ratelimit-remaining-tokens': '149990', 'x-debug-echo': `got ${SECRET}`,
    }, [SECRET]);
    expect(out).toEqual({
      Authorization: 'Bearer sk-…REDACTED', 'x-api-key': 'sk-…REDACTED', 'api-key': '…REDACTED',
      'x-goog-api-key': '…REDACTED', cookie: '…REDACTED', 'set-cookie': '…REDACTED', 'proxy-authorization': 'Basic …REDACTED',
      'x-custom-token': '…REDACTED', 'x-client-secret': '…REDACTED', 'content-type': 'application/json',
      'x-ratelimit-remaining-tokens': '149990', 'x-debug-echo': 'got sk-…REDACTED',
    });
    expect(JSON.stringify(out)).not.toContain('PLANTED');
  });

  it('accepts a Headers object and is idempotent', () => {
    const once = redactHeaders(new Headers({ authorization: `Bearer ${SECRET}` }));
    expect(redactHeaders(once)).toEqual(once);
  });

  it('classifies names', () => {
    expect(['Authorization', 'X-Api-Key', 'x-amz-security-token', 'anthropic-api-key'].every(isSecretName)).toBe(true);
    expect(['content-type', 'x-tfy-metadata', 'x-ratelimit-limit-tokens', 'anthropic-ratelimit-tokens-remaining'].some(isSecretName)).toBe(false);
  });
});

describe('redactText and redactUrl', () => {
  it('replaces every occurrence, in raw, URL-encoded and JSON-escaped forms', () => {
    const odd = 'k/ey+"with"=chars0123456789';
    const text = `a ${SECRET} b ${SECRET} ${encodeURIComponent(odd)} ${JSON.stringify({ k: odd })}`;
    const out = redactText(text, [SECRET, odd, '']);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain('chars0123456789');
    expect(out.match(/REDACTED/g)).toHaveLength(4);
  });

  it('redacts secret query parameters', () => {
    expect(redactUrl('https://g.example/v1beta/models?alt=sse&key=AIzaPLANTED#x')).toBe('https://g.example/v1beta/models?alt=sse&key=…REDACTED#x');
  });
});

describe('curlFor', () => {
  const request = {
    method: 'POST',
    url: 'http://127.0.0.1:4000/v1/chat/completions?api_key=' + SECRET,
    headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json', 'content-length': '99', 'x-tfy-metadata': '{"team":"o\'brien"}' },
    body: JSON.stringify({ model: 'openai-main/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `it's $HOME \`x\` ${SECRET}` }] }),
  };

  it('replaces secrets by env references and quotes everything else literally', () => {
    const curl = curlFor(request, { secrets: { TOUCHSTONE_KEY: SECRET } });
    expect(curl).not.toContain(SECRET);
    expect(curl).toContain('-H "authorization: Bearer $TOUCHSTONE_KEY"');
    expect(curl).not.toContain('content-length');
    expect(curl.startsWith('curl -sS -N -X POST ')).toBe(true);
    const args = shellArgs(curl);
    expect(args).toEqual([
      '-sS', '-N', '-X', 'POST', 'http://127.0.0.1:4000/v1/chat/completions?api_key=KEY-FROM-ENV',
      '-H', 'authorization: Bearer KEY-FROM-ENV',
      '-H', 'content-type: application/json',
      '-H', 'x-tfy-metadata: {"team":"o\'brien"}',
      '--data-raw', request.body.replace(SECRET, 'KEY-FROM-ENV'),
    ]);
  });

  it('turns already-redacted or unknown credentials into env references', () => {
    const curl = curlFor({ method: 'GET', url: 'https://g.example/models?key=…REDACTED', headers: redactHeaders({ authorization: `Bearer ${SECRET}`, 'x-custom-token': 't' }) });
    expect(curl).not.toContain('REDACTED');
    expect(shellArgs(curl)).toEqual(['-sS', 'https://g.example/models?key=KEY-FROM-ENV', '-H', 'authorization: Bearer KEY-FROM-ENV', '-H', 'x-custom-token: ']);
    expect(curl).toContain('$TOUCHSTONE_X_CUSTOM_TOKEN');
  });

  it('quotes words safely for the shell', () => {
    expect(shellWord(["it's"])).toBe(`'it'\\''s'`);
    expect(shellWord(['plain-word'])).toBe('plain-word');
    expect(shellWord(['a$b ', { env: 'K' }])).toBe(`'a$b '"$K"`);
    expect(shellWord(['x', { env: 'K' }, 'y'])).toBe('"x${K}y"');
  });
});

describe('recordExchange', () => {
  it('removes a planted secret from headers, URL, bodies, events, errors and curl', () => {
    const exchange = recordExchange({
      request: { method: 'POST', url: `http://gw.test/v1/x?key=${SECRET}`, headers: { authorization: `Bearer ${SECRET}` }, body: `{"echo":"${SECRET}"}` },
      response: { status: 200, headers: new Headers({ 'x-echo': SECRET }), body: `you sent ${SECRET}`, events: [`data: ${SECRET}`] },
      error: `reset after ${SECRET}`,
    }, { TOUCHSTONE_KEY: SECRET });
    expect(JSON.stringify(exchange)).not.toContain('PLANTED');
    expect(exchange.curl).toContain('$TOUCHSTONE_KEY');
    expect(exchange.response?.events).toEqual(['data: sk-…REDACTED']);
  });
});
