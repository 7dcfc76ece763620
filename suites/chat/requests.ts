/**
 * The chat requests the suite sends: small, valid, and covering plain text, streaming with and
 * without usage, and tool calls. Built from the target's configured chat model id.
 */

export const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string', description: 'City name' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
} as const;

export function plainChat(model: string, extra: Record<string, unknown> = {}) {
  return {
    model,
    messages: [
      { role: 'system', content: 'You are a terse assistant.' },
      { role: 'user', content: 'Say hello to the conformance suite in one sentence.' },
    ],
    max_tokens: 64,
    ...extra,
  };
}

export function toolChat(model: string, extra: Record<string, unknown> = {}) {
  return {
    model,
    messages: [{ role: 'user', content: 'What is the weather in Paris? Use the tool.' }],
    tools: [weatherTool],
    tool_choice: 'required',
    ...extra,
  };
}
