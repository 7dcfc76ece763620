/**
 * Function calling through the SDK: a call with schema-conforming args and finishReason STOP, the
 * round trip with thought signatures (Gemini 3 refuses a current-turn call without its signature,
 * and a signature it did not issue; the documented dummy skips the check; 2.5 checks nothing),
 * calling modes, parallel calls, JSON-Schema parameters, and the documented turn-order errors.
 */
import { describe, expect, it } from 'vitest';
import { FunctionCallingConfigMode, type Content, type FunctionDeclaration } from '@google/genai';
import { createGeminiSimulator } from './index.ts';
import { geminiClient, sdkError } from './test-kit.ts';

const weather: FunctionDeclaration = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'OBJECT' as never, properties: { city: { type: 'STRING' as never }, days: { type: 'INTEGER' as never, minimum: 1, maximum: 7 } }, required: ['city'] },
};
const time: FunctionDeclaration = { name: 'get_time', parametersJsonSchema: { type: 'object', properties: { zone: { type: 'string', enum: ['UTC', 'CET'] } }, required: ['zone'] } };
const tools = [{ functionDeclarations: [weather, time] }];

describe('gemini function calling', () => {
  it('calls a function with conforming args, STOP, and a signature on thinking models', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'What is the weather in Paris?', config: { tools } });
    const [call] = res.functionCalls!;
    expect(call!.name).toBe('get_weather');
    expect(typeof call!.args!.city).toBe('string');
    expect(call!.args!.days).toBeGreaterThanOrEqual(1);
    expect(res.candidates![0]!.finishReason).toBe('STOP');
    expect(res.candidates![0]!.content!.parts!.find((p) => p.functionCall)!.thoughtSignature).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('round-trips on Gemini 3 with the signature; refuses the current turn without it', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const model = 'gemini-3-pro-preview';
    const history: Content[] = [{ role: 'user', parts: [{ text: 'weather and time please' }] }];
    const first = await ai.models.generateContent({ model, contents: history, config: { tools } });
    const modelTurn = first.candidates![0]!.content!;
    expect(first.functionCalls!.map((c) => c.name)).toEqual(['get_weather', 'get_time']);
    expect(modelTurn.parts!.filter((p) => p.thoughtSignature)).toHaveLength(1);
    const responses: Content = { role: 'user', parts: first.functionCalls!.map((c) => ({ functionResponse: { name: c.name!, response: { ok: c.name } } })) };
    const answer = await ai.models.generateContent({ model, contents: [...history, modelTurn, responses], config: { tools } });
    expect(answer.text).toContain('The get_weather function returned {"ok":"get_weather"}');

    const stripped: Content = { role: 'model', parts: modelTurn.parts!.map(({ thoughtSignature: _drop, ...p }) => p) };
    const missing = await sdkError(ai.models.generateContent({ model, contents: [...history, stripped, responses], config: { tools } }));
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ status: 'INVALID_ARGUMENT', message: expect.stringContaining('Function call is missing a thought_signature in functionCall parts') });
    expect(missing.body.error.message).toContain('`default_api:get_weather`, position 1');

    const forged: Content = { role: 'model', parts: stripped.parts!.map((p, i) => (i === 0 ? { ...p, thoughtSignature: 'c2lnbmF0dXJl' } : p)) };
    const corrupted = await sdkError(ai.models.generateContent({ model, contents: [...history, forged, responses], config: { tools } }));
    expect(corrupted.body.error.message).toBe('Corrupted thought signature.');

    const dummy: Content = { role: 'model', parts: stripped.parts!.map((p, i) => (i === 0 ? { ...p, thoughtSignature: 'skip_thought_signature_validator' } : p)) };
    await expect(ai.models.generateContent({ model, contents: [...history, dummy, responses], config: { tools } })).resolves.toBeTruthy();
    // Earlier turns are not validated, and 2.5 validates nothing.
    const later = [...history, stripped, responses, { role: 'model', parts: [{ text: 'done' }] }, { role: 'user', parts: [{ text: 'thanks' }] }];
    await expect(ai.models.generateContent({ model, contents: later, config: { tools } })).resolves.toBeTruthy();
    await expect(ai.models.generateContent({ model: 'gemini-2.5-flash', contents: [...history, stripped, responses], config: { tools } })).resolves.toBeTruthy();
  });

  it('neither issues nor requires signatures when the matrix withholds reasoning', async () => {
    const ai = geminiClient(createGeminiSimulator({ capabilities: { reasoning: false } }));
    const history: Content[] = [{ role: 'user', parts: [{ text: 'time please' }] }];
    const first = await ai.models.generateContent({ model: 'gemini-3-pro-preview', contents: history, config: { tools } });
    const turn = first.candidates![0]!.content!;
    expect(turn.parts!.some((p) => p.thoughtSignature)).toBe(false);
    const reply: Content = { role: 'user', parts: [{ functionResponse: { name: 'get_time', response: { now: '12:00' } } }] };
    const answer = await ai.models.generateContent({ model: 'gemini-3-pro-preview', contents: [...history, turn, reply], config: { tools } });
    expect(answer.text).toContain('get_time');
  });

  it('follows the calling mode: NONE answers in text, ANY with allowedFunctionNames calls that one', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const none = await ai.models.generateContent({
      model: 'gemini-2.5-flash', contents: 'weather in Rome?', config: { tools, toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.NONE } } },
    });
    expect(none.functionCalls).toBeUndefined();
    const any = await ai.models.generateContent({
      model: 'gemini-2.5-flash', contents: 'hello',
      config: { tools, toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: ['get_time'] } } },
    });
    expect(any.functionCalls!.map((c) => c.name)).toEqual(['get_time']);
    expect(['UTC', 'CET']).toContain(any.functionCalls![0]!.args!.zone);
  });

  it('refuses invalid declarations and out-of-order turns with Google messages', async () => {
    const ai = geminiClient(createGeminiSimulator());
    const bad = await sdkError(ai.models.generateContent({
      model: 'gemini-2.5-flash', contents: 'x', config: { tools: [{ functionDeclarations: [{ name: '1bad', parameters: { type: 'OBJECT' as never, properties: {} } }] }] },
    }));
    expect(bad.body.error.message).toBe(
      '* GenerateContentRequest.tools[0].function_declarations[0].name: Invalid function name. Must start with a letter or an underscore. '
      + 'Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.\n'
      + '* GenerateContentRequest.tools[0].function_declarations[0].parameters.properties: should be non-empty for OBJECT type\n',
    );
    const orphan = await sdkError(ai.models.generateContent({
      model: 'gemini-2.5-flash', contents: [{ role: 'user', parts: [{ functionResponse: { name: 'get_time', response: {} } }] }], config: { tools },
    }));
    expect(orphan.body.error.message).toBe('Please ensure that function response turn comes immediately after a function call turn.');
    const anyWithout = await sdkError(ai.models.generateContent({
      model: 'gemini-2.5-flash', contents: 'x', config: { toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } } },
    }));
    expect(anyWithout.body.error.message).toBe('Function calling config is set without function_declarations.');
  });
});
