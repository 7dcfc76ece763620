/**
 * Realistic bodies as OpenAI (and an OpenAI-compatible gateway) send them, for spec tests and as
 * known-good samples. Each is a function so callers get a fresh copy they may mutate.
 */

export const errorEnvelope = () => ({
  error: {
    message: 'Incorrect API key provided: sk-abc***. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  },
});

export const chatCompletion = () => ({
  id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  object: 'chat.completion',
  created: 1741569952,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello! How can I assist you today?', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 19,
    completion_tokens: 10,
    total_tokens: 29,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
  service_tier: 'default',
  system_fingerprint: 'fp_fc9f1d7035',
});

export const chatCompletionToolCalls = () => ({
  id: 'chatcmpl-abc123',
  object: 'chat.completion',
  created: 1699896916,
  model: 'gpt-4o-mini',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_abc123', type: 'function', function: { name: 'get_current_weather', arguments: '{\n"location": "Boston, MA"\n}' } },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 82, completion_tokens: 17, total_tokens: 99 },
});

const chunkBase = { id: 'chatcmpl-AyPkx8Lr2', object: 'chat.completion.chunk', created: 1739000000, model: 'gpt-4o-mini-2024-07-18', service_tier: 'default', system_fingerprint: 'fp_72ed7ab54c' };

/** A streamed tool call: role chunk, tool_calls deltas (id/name first, then argument fragments), finish, usage. */
export const chatToolCallChunks = () => [
  { ...chunkBase, choices: [{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', type: 'function', function: { name: 'get_weather', arguments: '' } }], refusal: null }, logprobs: null, finish_reason: null }], usage: null },
  { ...chunkBase, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] }, logprobs: null, finish_reason: null }], usage: null },
  { ...chunkBase, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, logprobs: null, finish_reason: null }], usage: null },
  { ...chunkBase, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }], usage: null },
  { ...chunkBase, choices: [], usage: { prompt_tokens: 57, completion_tokens: 15, total_tokens: 72, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } } },
];

/** Text chunks as OpenAI sends them by default (with `obfuscation`). */
export const chatTextChunks = () => [
  { ...chunkBase, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }], obfuscation: 'r4N7vQ2m' },
  { ...chunkBase, choices: [{ index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null }], obfuscation: 'p9K3xT' },
  { ...chunkBase, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], obfuscation: '' },
];

export const chatRequest = () => ({
  model: 'openai-main/gpt-4o-mini',
  messages: [
    { role: 'developer', content: 'You are a helpful assistant.' },
    { role: 'system', content: [{ type: 'text', text: 'Answer briefly.' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: "What's in this image, audio and file?" },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==', detail: 'low' } },
        { type: 'input_audio', input_audio: { data: 'UklGRiQAAABXQVZF', format: 'wav' } },
        { type: 'file', file: { filename: 'doc.pdf', file_data: 'data:application/pdf;base64,JVBERi0x' } },
      ],
    },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
    { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":21}' },
  ],
  tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }, strict: true } }],
  tool_choice: { type: 'function', function: { name: 'get_weather' } },
  parallel_tool_calls: false,
  response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: { type: 'object' }, strict: true } },
  stream: true,
  stream_options: { include_usage: true },
  n: 1,
  stop: ['\n', 'Human:'],
  max_tokens: 100,
  max_completion_tokens: 200,
  temperature: 0.7,
  top_p: 0.9,
  frequency_penalty: 0,
  presence_penalty: 0,
  logprobs: true,
  top_logprobs: 2,
  seed: 42,
  user: 'user-1234',
  reasoning_effort: 'low',
  prompt_cache_key: 'tenant-42',
});

/** Seed 002's expected Responses API object (note the gateway-added `provider`). */
export const responseObject = () => ({
  id: 'resp_6847fa2670f8819887e2d14c08bdc5a305d8dc9b22b6f0dd',
  created_at: 1749547558,
  error: null,
  incomplete_details: null,
  instructions: null,
  metadata: {},
  model: 'gpt-4o-mini-2024-07-18',
  object: 'response',
  output: [
    {
      id: 'msg_6847fa35e8c48198a5120ee3d38c353105d8dc9b22b6f0dd',
      content: [{ annotations: [], text: 'It seems you might be looking to start a discussion or ask a question! How can I assist you today?', type: 'output_text' }],
      role: 'assistant',
      status: 'completed',
      type: 'message',
    },
  ],
  parallel_tool_calls: true,
  temperature: 1,
  tool_choice: 'auto',
  tools: [],
  top_p: 1,
  max_output_tokens: null,
  previous_response_id: null,
  reasoning: { effort: null, generate_summary: null, summary: null },
  status: 'completed',
  text: { format: { type: 'text' } },
  truncation: 'disabled',
  usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 23, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 33 },
  user: null,
  background: false,
  service_tier: 'default',
  store: true,
  provider: 'openai',
});

/** One streamed text response, event by event, with sequence numbers. */
export const responseStreamEvents = () => {
  const done = responseObject();
  const pending = { ...responseObject(), status: 'in_progress', output: [], usage: null };
  const itemId = done.output[0]!.id;
  const text = done.output[0]!.content[0]!.text;
  const item = { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] };
  const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
  return [
    { type: 'response.created', sequence_number: 0, response: pending },
    { type: 'response.in_progress', sequence_number: 1, response: pending },
    { type: 'response.output_item.added', sequence_number: 2, output_index: 0, item },
    { type: 'response.content_part.added', sequence_number: 3, item_id: itemId, output_index: 0, content_index: 0, part },
    { type: 'response.output_text.delta', sequence_number: 4, item_id: itemId, output_index: 0, content_index: 0, delta: 'It seems', logprobs: [], obfuscation: 'x1' },
    { type: 'response.output_text.done', sequence_number: 5, item_id: itemId, output_index: 0, content_index: 0, text, logprobs: [] },
    { type: 'response.content_part.done', sequence_number: 6, item_id: itemId, output_index: 0, content_index: 0, part: { ...part, text } },
    { type: 'response.output_item.done', sequence_number: 7, output_index: 0, item: done.output[0] },
    { type: 'response.completed', sequence_number: 8, response: done },
  ];
};

export const embeddingResponse = (encoding: 'float' | 'base64' = 'float') => ({
  object: 'list',
  data: [{ object: 'embedding', index: 0, embedding: encoding === 'float' ? [0.0023064255, -0.009327292, -0.0028842222] : 'AAAAPwAAgD8=' }],
  model: 'text-embedding-3-small',
  usage: { prompt_tokens: 8, total_tokens: 8 },
});

export const batchObject = () => ({
  id: 'batch_abc123',
  object: 'batch',
  endpoint: '/v1/chat/completions',
  errors: null,
  input_file_id: 'file-abc123',
  completion_window: '24h',
  status: 'validating',
  output_file_id: null,
  error_file_id: null,
  created_at: 1711471533,
  in_progress_at: null,
  expires_at: null,
  finalizing_at: null,
  completed_at: null,
  failed_at: null,
  expired_at: null,
  cancelling_at: null,
  cancelled_at: null,
  request_counts: { total: 0, completed: 0, failed: 0 },
  metadata: { customer_id: 'user_123456789' },
});

export const fileObject = () => ({
  id: 'file-abc123',
  object: 'file',
  bytes: 120000,
  created_at: 1677610602,
  expires_at: null,
  filename: 'batch_input.jsonl',
  purpose: 'batch',
  status: 'processed',
  status_details: null,
});

/** As the live API sends a freshly created job: `error: {}`. */
export const fineTuningJob = () => ({
  object: 'fine_tuning.job',
  id: 'ftjob-abc123',
  model: 'gpt-4o-mini-2024-07-18',
  created_at: 1721764800,
  finished_at: null,
  fine_tuned_model: null,
  organization_id: 'org-123',
  result_files: [],
  status: 'validating_files',
  validation_file: null,
  training_file: 'file-abc123',
  hyperparameters: { batch_size: 'auto', learning_rate_multiplier: 'auto', n_epochs: 'auto' },
  trained_tokens: null,
  error: {},
  seed: 683058546,
  estimated_finish: null,
  integrations: [],
  metadata: null,
  method: { type: 'supervised', supervised: { hyperparameters: { batch_size: 'auto', learning_rate_multiplier: 'auto', n_epochs: 'auto' } } },
});

const categoryNames = ['hate', 'hate/threatening', 'harassment', 'harassment/threatening', 'illicit', 'illicit/violent', 'self-harm', 'self-harm/intent', 'self-harm/instructions', 'sexual', 'sexual/minors', 'violence', 'violence/graphic'];
export const moderationResponse = () => ({
  id: 'modr-0d9740456c391e43c445bf0f010940c7',
  model: 'omni-moderation-latest',
  results: [
    {
      flagged: false,
      categories: Object.fromEntries(categoryNames.map((n) => [n, false])),
      category_scores: Object.fromEntries(categoryNames.map((n) => [n, 0.0001])),
      category_applied_input_types: Object.fromEntries(categoryNames.map((n) => [n, ['text']])),
    },
  ],
});

export const realtimeServerEvents = () => [
  { type: 'session.created', event_id: 'event_1', session: { type: 'realtime', object: 'realtime.session', id: 'sess_1', model: 'gpt-4o-realtime-preview', output_modalities: ['audio'], instructions: '', expires_at: 1756324625 } },
  { type: 'response.created', event_id: 'event_2', response: { id: 'resp_1', object: 'realtime.response', status: 'in_progress', output: [], usage: null } },
  { type: 'response.output_item.added', event_id: 'event_3', response_id: 'resp_1', output_index: 0, item: { id: 'item_1', object: 'realtime.item', type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
  { type: 'response.output_audio_transcript.delta', event_id: 'event_4', response_id: 'resp_1', item_id: 'item_1', output_index: 0, content_index: 0, delta: 'Hello' },
  { type: 'response.output_audio.delta', event_id: 'event_5', response_id: 'resp_1', item_id: 'item_1', output_index: 0, content_index: 0, delta: 'UklGRg==' },
  { type: 'response.done', event_id: 'event_6', response: { id: 'resp_1', object: 'realtime.response', status: 'completed', output: [], usage: { total_tokens: 10, input_tokens: 4, output_tokens: 6 } } },
  { type: 'error', event_id: 'event_7', error: { type: 'invalid_request_error', code: 'invalid_value', message: 'Invalid value', param: 'session.voice', event_id: null } },
];

export const realtimeClientEvents = () => [
  { type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], instructions: 'Be brief.' } },
  { type: 'input_audio_buffer.append', audio: 'UklGRg==' },
  { type: 'input_audio_buffer.commit', event_id: 'client_1' },
  { type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] } },
  { type: 'response.create', response: { output_modalities: ['text'] } },
];
