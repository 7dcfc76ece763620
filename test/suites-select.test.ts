// --filter terms and profile endpoint claims (suites/profile/select.ts), and how a profile dresses
// requests (suites/profile/headers.ts): pure functions, no sockets.
import { describe, expect, it } from 'vitest';
import type { CheckInfo } from '../reports/model.ts';
import { applyTargetHeaders } from '../suites/profile/headers.ts';
import { checkProfile, targetFromProfile } from '../suites/profile/profile.ts';
import { endpointClaimed, FilterError, matchesFilter, parseFilter, pathClaimed } from '../suites/profile/select.ts';

const check = (id: string, suite: string, endpoint?: string): CheckInfo => ({ id, suite, title: id, requirement: id, level: 'MUST', ...(endpoint ? { endpoint } : {}) });
const stream = check('chat.stream.done-last', 'chat', 'POST /chat/completions');
const fileGet = check('op.getFile.schema', 'operations', 'GET /files/{file_id}');
const tools = check('capability.tools', 'capabilities', 'POST /chat/completions');
const route = check('route.unknown-404', 'auth');

describe('--filter', () => {
  it('selects by endpoint, check id prefix, capability and suite; any term matches', () => {
    expect(matchesFilter(parseFilter('/files'), fileGet)).toBe(true);
    expect(matchesFilter(parseFilter('POST /files'), fileGet)).toBe(false);
    expect(matchesFilter(parseFilter('/file'), fileGet)).toBe(false);
    expect(matchesFilter(parseFilter('chat.stream'), stream)).toBe(true);
    expect(matchesFilter(parseFilter('chat.str'), stream)).toBe(false);
    expect(matchesFilter(parseFilter('capability:tools'), tools)).toBe(true);
    expect(matchesFilter(parseFilter('capability:tools'), stream)).toBe(false);
    expect(matchesFilter(parseFilter('suite:operations, chat.stream'), stream)).toBe(true);
    expect(matchesFilter(parseFilter('/embeddings'), route)).toBe(false);
    expect(matchesFilter(undefined, route)).toBe(true);
  });

  it('rejects bad expressions naming what was expected', () => {
    expect(() => parseFilter('chat,,x')).toThrow(FilterError);
    expect(() => parseFilter('capability:teleport')).toThrow(/expected a capability \(stream, /);
    expect(() => parseFilter('FETCH /files')).toThrow(/expected an HTTP method/);
    expect(() => parseFilter('colour:red')).toThrow(/unknown term kind "colour:"/);
  });
});

describe('profile claims', () => {
  it('a path claims the paths below it; checks without an endpoint are always claimed', () => {
    expect(endpointClaimed(['/files'], fileGet)).toBe(true);
    expect(endpointClaimed(['POST /files'], fileGet)).toBe(false);
    expect(endpointClaimed(['POST /chat/completions'], fileGet)).toBe(false);
    expect(endpointClaimed(['POST /chat/completions'], route)).toBe(true);
    expect(endpointClaimed(undefined, fileGet)).toBe(true);
    expect(pathClaimed(['POST /chat/completions'], '/models')).toBe(false);
  });
});

describe('a profile dresses requests', () => {
  const profile = checkProfile({
    auth: { header: 'x-api-key' }, headers: { 'x-team': 't' }, provider_account: 'openai-main', provider_account_header: 'x-provider',
    model_id: { template: '{model}', headers: { 'x-provider': '{account}' } },
    models: { chat: { account: 'openai-main', model: 'gpt-4o-mini' }, rerank: { account: 'cohere-main', model: 'rerank-v3.5' } },
  }, 'inline');
  const target = targetFromProfile({ url: 'http://gw', key: 'k-1', profile });

  it('moves the key, adds headers, routes by the model the body names', () => {
    expect(target.models).toEqual({ chat: 'gpt-4o-mini', rerank: 'rerank-v3.5' });
    const headers = new Headers({ authorization: 'Bearer k-1', 'x-tfy-provider-name': 'openai-main' });
    applyTargetHeaders(target, headers, JSON.stringify({ model: 'rerank-v3.5' }));
    expect(Object.fromEntries(headers)).toEqual({ 'x-api-key': 'k-1', 'x-team': 't', 'x-provider': 'openai-main' });
    const form = new FormData();
    form.set('model', 'gpt-4o-mini');
    const multipart = new Headers({ authorization: 'Bearer k-1' });
    applyTargetHeaders(target, multipart, form);
    expect(multipart.get('x-provider')).toBe('openai-main');
  });

  it('refuses one bare model id for two accounts', () => {
    const clash = checkProfile({ model_id: { template: '{model}', headers: { 'x-provider': '{account}' } }, models: { chat: { account: 'a', model: 'm' }, responses: { account: 'b', model: 'm' } } }, 'inline');
    expect(() => targetFromProfile({ url: 'http://gw', key: 'k', profile: clash })).toThrow(/written the same for two accounts/);
  });
});
