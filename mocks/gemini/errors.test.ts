/**
 * Errors as the Gemini API sends them: auth (missing key 403, wrong key 400 API_KEY_INVALID, `?key=`),
 * unknown model 404, unknown URL (HTML 404), proto-JSON parse errors (bad JSON, unknown name, wrong
 * type, two oneof members), validation lists, roles, MIME types, ranges — and status faults rendered
 * in Google's envelope with Google's wording (429 with RetryInfo).
 */
import { describe, expect, it } from 'vitest';
import { createGeminiSimulator } from './index.ts';
import { geminiClient, post, sdkError, userText } from './test-kit.ts';

const GEN = '/v1beta/models/gemini-2.5-flash:generateContent';
const errorOf = async (res: Response) => ({ status: res.status, type: res.headers.get('content-type'), ...(await res.json() as { error: Record<string, unknown> }) });

describe('gemini errors', () => {
  it('authenticates like Google: missing key 403, wrong key 400 API_KEY_INVALID, ?key= accepted', async () => {
    const sim = createGeminiSimulator();
    const missing = await errorOf(await post(sim, GEN, { contents: [userText('x')] }, {}));
    expect(missing).toMatchObject({ status: 403, type: 'application/json; charset=UTF-8', error: { code: 403, status: 'PERMISSION_DENIED' } });
    expect(missing.error.message).toMatch(/^Method doesn't allow unregistered callers/);
    const wrong = await sdkError(geminiClient(sim, 'sk-not-google').models.generateContent({ model: 'gemini-2.5-flash', contents: 'x' }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 400, status: 'INVALID_ARGUMENT', message: 'API key not valid. Please pass a valid API key.',
      details: [expect.objectContaining({ reason: 'API_KEY_INVALID', domain: 'googleapis.com' }), expect.objectContaining({ locale: 'en-US' })],
    });
    expect((await post(sim, `${GEN}?key=AIzaQuery`, { contents: [userText('x')] }, {})).status).toBe(200);
    const pinned = createGeminiSimulator({ apiKeys: ['only-this'] });
    expect((await post(pinned, GEN, { contents: [userText('x')] }, { 'x-goog-api-key': 'only-this' })).status).toBe(200);
    expect((await post(pinned, GEN, { contents: [userText('x')] }, { 'x-goog-api-key': 'AIzaOther' })).status).toBe(400);
  });

  it('answers unknown models with 404 NOT_FOUND and unknown URLs with the HTML 404 page', async () => {
    const sim = createGeminiSimulator();
    const missing = await sdkError(geminiClient(sim).models.generateContent({ model: 'gemini-9-ultra', contents: 'x' }));
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      code: 404, status: 'NOT_FOUND',
      message: 'models/gemini-9-ultra is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.',
    });
    const page = await post(sim, '/v1beta/models/gemini-2.5-flash:embedEverything', {});
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await page.text()).toContain('<title>Error 404 (Not Found)!!1</title>');
  });

  it('parses bodies the proto-JSON way', async () => {
    const sim = createGeminiSimulator();
    const bad = await errorOf(await post(sim, GEN, '{"contents": ['));
    expect(bad).toMatchObject({ status: 400, error: { status: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Invalid JSON payload received\. Unexpected token\./) } });
    const unknown = await errorOf(await post(sim, GEN, { contents: [userText('x')], temperature: 1, generationConfig: { foo: 1 } }));
    expect(unknown.error.message).toBe('Invalid JSON payload received. Unknown name "temperature": Cannot find field.\n'
      + 'Invalid JSON payload received. Unknown name "foo" at \'generation_config\': Cannot find field.');
    expect(unknown.error.details).toEqual([{
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [
        { description: 'Invalid JSON payload received. Unknown name "temperature": Cannot find field.' },
        { field: 'generation_config', description: 'Invalid JSON payload received. Unknown name "foo" at \'generation_config\': Cannot find field.' },
      ],
    }]);
    const typed = await errorOf(await post(sim, GEN, { contents: [{ parts: [{ text: 5 }] }], generationConfig: { thinkingConfig: { thinkingBudget: 1.5 } } }));
    expect(typed.error.message).toBe("Invalid value at 'contents[0].parts[0].text' (TYPE_STRING), 5\n"
      + "Invalid value at 'generation_config.thinking_config.thinking_budget' (TYPE_INT32), 1.5");
    const oneof = await errorOf(await post(sim, GEN, { contents: [{ parts: [{ text: 'a', inlineData: { mimeType: 'image/png', data: 'AAAA' } }] }] }));
    expect(oneof.error.message).toBe("Invalid value at 'contents[0].parts[0]' (oneof), oneof field 'data' is already set. Cannot set 'inlineData'");
    const enumBad = await errorOf(await post(sim, GEN, { contents: [userText('x')], toolConfig: { functionCallingConfig: { mode: 'SOMETIMES' } } }));
    expect(enumBad.error.message).toBe("Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), \"SOMETIMES\"");
  });

  it('validates contents, roles, MIME types and ranges', async () => {
    const sim = createGeminiSimulator();
    expect((await errorOf(await post(sim, GEN, {}))).error.message).toBe('* GenerateContentRequest.contents: contents is not specified\n');
    expect((await errorOf(await post(sim, GEN, { contents: [{ role: 'user', parts: [{ text: '' }] }, { role: 'model', parts: [] }] }))).error.message).toBe(
      "* GenerateContentRequest.contents[0].parts[0].data: required oneof field 'data' must have one initialized field\n"
      + '* GenerateContentRequest.contents[1].parts: contents.parts must not be empty.\n',
    );
    expect((await errorOf(await post(sim, GEN, { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }))).error.message).toBe('Please use a valid role: user, model.');
    expect((await errorOf(await post(sim, GEN, { contents: [{ parts: [{ inlineData: { mimeType: 'image/gif', data: 'R0lG' } }] }] }))).error.message).toBe('Unsupported MIME type: image/gif');
    expect((await errorOf(await post(sim, GEN, { contents: [userText('x')], generationConfig: { temperature: 3 } }))).error.message)
      .toBe('* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0, 2], got 3\n');
  });

  it('renders status faults in Google’s envelope and wording', async () => {
    const sim = createGeminiSimulator();
    const limited = await errorOf(await post(sim, GEN, { contents: [userText('x')] }, { 'x-goog-api-key': 'AIzaX', 'x-touchstone-fault': 'rate_limit' }));
    expect(limited).toMatchObject({ status: 429, error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: expect.stringMatching(/^You exceeded your current quota/) } });
    expect(limited.error.details).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' });
    const overloaded = await errorOf(await post(sim, GEN, { contents: [userText('x')] }, { 'x-goog-api-key': 'AIzaX', 'x-touchstone-fault': 'overloaded' }));
    expect(overloaded.error).toEqual({ code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' });
    const custom = await errorOf(await post(sim, GEN, { contents: [userText('x')] }, { 'x-goog-api-key': 'AIzaX', 'x-touchstone-fault': '{"kind":"status","status":500,"message":"custom"}' }));
    expect(custom.error).toEqual({ code: 500, status: 'INTERNAL', message: 'custom' });
    expect(sim.journal.last()!.fault).toMatchObject({ kind: 'status', source: 'header' });
  });
});
