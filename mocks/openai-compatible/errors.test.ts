/**
 * Each provider's own error bodies, written out here independently of the provider tables: the 401
 * (or xAI's 400 for an incorrect key), a malformed request, an unknown model, a 429 from the fault
 * layer (in the provider's envelope and words), an unknown path — and what the openai SDK makes of them.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { FaultController } from '../faults/index.ts';
import { createOpenAICompatibleSimulator } from './index.ts';
import { PROFILES } from './providers/index.ts';
import { ask, sdkFor, send, simFor, validKey } from './test-kit.ts';

const BAD_KEY = 'xai-wrong-touchstoneing';

interface Expected {
  badKey: [number, RegExp];
  noKey: number;
  malformed: [number, RegExp];
  unknownModel: [number, RegExp];
  rateLimit: RegExp;
}

const EXPECTED: Record<string, Expected> = {
  groq: {
    badKey: [401, /^\{"error":\{"message":"Invalid API Key","type":"invalid_request_error","code":"invalid_api_key"\}\}$/],
    noKey: 401,
    malformed: [400, /^\{"error":\{"message":"property 'messages' is missing","type":"invalid_request_error"\}\}$/],
    unknownModel: [404, /"message":"The model `nope` does not exist or you do not have access to it.","type":"invalid_request_error","code":"model_not_found"/],
    rateLimit: /^\{"error":\{"message":"Rate limit reached for model .*console\.groq\.com.*","type":"requests","code":"rate_limit_exceeded"\}\}$/,
  },
  cerebras: {
    badKey: [401, /^\{"message":"Wrong API Key","type":"invalid_request_error","param":"api_key","code":"wrong_api_key"\}$/],
    noKey: 401,
    malformed: [400, /^\{"message":"Missing required parameter: 'messages'.","type":"invalid_request_error","param":"messages","code":"wrong_api_format"\}$/],
    unknownModel: [404, /^\{"message":"Model nope does not exist or you do not have access to it.","type":"not_found_error","param":"model","code":"model_not_found"\}$/],
    rateLimit: /^\{"message":"Requests per minute limit exceeded - too many requests sent.","type":"too_many_requests_error","param":"quota","code":"request_quota_exceeded"\}$/,
  },
  sambanova: {
    badKey: [401, /^\{"error":\{"message":"Invalid API key provided.*","type":"invalid_request_error","param":null,"code":"invalid_authentication"\}\}$/],
    noKey: 401,
    malformed: [400, /^\{"error":\{"message":"Missing required parameter: 'messages'.","type":"invalid_request_error","param":"messages","code":null\}\}$/],
    unknownModel: [400, /"param":"model","code":"model_not_found"/],
    rateLimit: /^\{"error":\{"message":"Rate limit exceeded","type":"rate_limit_exceeded","param":null,"code":"rate_limit_exceeded"\}\}$/,
  },
  perplexity: {
    badKey: [401, /^<html>\r\n<head><title>401 Authorization Required<\/title><\/head>[\s\S]*openresty/],
    noKey: 401,
    malformed: [400, /^\{"error":\{"message":"\[\\"At body -> messages: Field required\\"\]","type":"bad_request","code":400\}\}$/],
    unknownModel: [400, /^\{"error":\{"message":"Invalid model 'nope'. Permitted models can be found in the documentation at https:\/\/docs.perplexity.ai\/guides\/model-cards.","type":"invalid_model","code":400\}\}$/],
    rateLimit: /^\{"error":\{"message":"Rate limit exceeded.*","type":"rate_limit_exceeded","code":429\}\}$/,
  },
  together: {
    badKey: [401, /^\{"error":\{"message":"Invalid API key provided. You can find your API key at https:\/\/api.together.xyz\/settings\/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"\}\}$/],
    noKey: 401,
    malformed: [400, /^\{"error":\{"message":"Missing required parameter: 'messages'.","type":"invalid_request_error","param":"messages","code":null\}\}$/],
    unknownModel: [404, /"message":"Unable to access model nope\..*"code":"model_not_available"/],
    rateLimit: /^\{"error":\{"message":"You have been rate limited.*","type":"model_rate_limit","param":null,"code":null\}\}$/,
  },
  xai: {
    badKey: [400, /^\{"code":"Client specified an invalid argument","error":"Incorrect API key provided: xa\*\*\*ng. You can obtain an API key from https:\/\/console.x.ai."\}$/],
    noKey: 401,
    malformed: [422, /^\{"code":"Client specified an invalid argument","error":"Failed to deserialize the JSON body into the target type: missing field `messages`"\}$/],
    unknownModel: [404, /^\{"code":"Some requested entity was not found","error":"The model nope does not exist or your team does not have access to it\./],
    rateLimit: /^\{"code":"Some resource has been exhausted","error":".*"\}$/,
  },
  deepinfra: {
    badKey: [401, /^\{"error":\{"message":"Not authenticated","type":"invalid_request_error","param":null,"code":null\}\}$/],
    noKey: 401,
    malformed: [422, /^\{"detail":\[\{"type":"missing","loc":\["body","messages"\],"msg":"Field required","input":\{"model":/],
    unknownModel: [404, /"message":"The model `nope` does not exist"/],
    rateLimit: /^\{"error":\{"message":"Rate limit exceeded.*","type":"rate_limit_error","param":null,"code":null\}\}$/,
  },
  ai21: {
    badKey: [401, /^\{"detail":"Forbidden: Bad or missing API token."\}$/],
    noKey: 401,
    malformed: [422, /^\{"detail":\[\{"type":"missing","loc":\["body","messages"\],"msg":"Field required"/],
    unknownModel: [404, /^\{"detail":"Model nope not found"\}$/],
    rateLimit: /^\{"detail":"Too many requests"\}$/,
  },
};

describe.each(PROFILES.map((p) => [p.name, p] as const))('%s errors', (name, profile) => {
  const want = EXPECTED[name]!;

  it('answers a wrong key and a missing key with its own status and body', async () => {
    // Any-key providers only refuse a key when an exact list is configured; use one for all eight.
    const sim = createOpenAICompatibleSimulator(profile, { apiKeys: [validKey(profile)] });
    const bad = await send(profile, sim, '/chat/completions', { key: BAD_KEY, body: { model: profile.defaultModel, messages: ask('Hi') } });
    expect(bad.status).toBe(want.badKey[0]);
    expect(await bad.text()).toMatch(want.badKey[1]);
    const none = await send(profile, sim, '/chat/completions', { key: null, body: { model: profile.defaultModel, messages: ask('Hi') } });
    expect(none.status).toBe(want.noKey);
    const sdkError = await sdkFor(profile, sim, BAD_KEY).chat.completions.create({ model: profile.defaultModel, messages: ask('Hi') }).catch((e: unknown) => e);
    expect(sdkError).toBeInstanceOf(want.badKey[0] === 401 ? OpenAI.AuthenticationError : OpenAI.BadRequestError);
  });

  it('accepts exactly the configured keys when apiKeys is given', async () => {
    const sim = createOpenAICompatibleSimulator(profile, { apiKeys: ['only-this-key'] });
    expect((await send(profile, sim, '/chat/completions', { key: 'only-this-key', body: { model: profile.defaultModel, messages: ask('Hi') } })).status).toBe(200);
    expect((await send(profile, sim, '/chat/completions', { body: { model: profile.defaultModel, messages: ask('Hi') } })).status).toBe(want.badKey[0]);
  });

  it('answers a malformed request and an unknown model in its own shape', async () => {
    const sim = simFor(profile);
    const malformed = await send(profile, sim, '/chat/completions', { body: { model: profile.defaultModel } });
    expect(malformed.status).toBe(want.malformed[0]);
    expect(await malformed.text()).toMatch(want.malformed[1]);
    const unknown = await send(profile, sim, '/chat/completions', { body: { model: 'nope', messages: ask('Hi') } });
    expect(unknown.status).toBe(want.unknownModel[0]);
    expect(await unknown.text()).toMatch(want.unknownModel[1]);
    const unparsable = await send(profile, sim, '/chat/completions', { body: '{"model": ' });
    expect(unparsable.status).toBeGreaterThanOrEqual(400);
    expect(unparsable.status).toBeLessThan(500);
  });

  it('renders a 429 fault in its own envelope and words', async () => {
    const sim = createOpenAICompatibleSimulator(profile, { faults: new FaultController() });
    const res = await send(profile, sim, '/chat/completions', { headers: { 'x-touchstone-fault': 'rate_limit' }, body: { model: profile.defaultModel, messages: ask('Hi') } });
    expect(res.status).toBe(429);
    expect(await res.text()).toMatch(want.rateLimit);
    expect(sim.journal.last()?.fault?.kind).toBe('status');
  });

  it('answers unknown paths with a 404', async () => {
    const res = await send(profile, simFor(profile), '/embeddings-nope', { body: { input: 'x' } });
    expect(res.status).toBe(404);
  });
});
