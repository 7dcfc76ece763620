/**
 * The checks of `touchstone smoke` (a live gateway, real money): a safe subset — the model list, a
 * tiny chat completion whole and streamed, embeddings, an invalid key, and file upload/delete only
 * when asked. Structure, never text; the model-dependent part (content present) is pass@k.
 */
import type { CheckInfo } from '../../reports/model.ts';

function smoke(id: string, title: string, endpoint: string, operationId: string, requirement: string): CheckInfo {
  return { id, title, requirement, level: 'MUST', suite: 'smoke', endpoint, operationId };
}

export const SMOKE_CHECKS: readonly CheckInfo[] = [
  smoke('smoke.models.list', 'Models are listed', 'GET /models', 'listModels',
    'GET /models MUST answer 200 with a body valid against the contract (an object list of models).'),
  smoke('smoke.chat.non-stream', 'A tiny completion', 'POST /chat/completions', 'createChatCompletion',
    'A chat completion with a small max_tokens MUST answer 200 application/json valid against CreateChatCompletionResponse; '
      + 'the message MUST carry content or a finish_reason of "length" in at least one of k=3 attempts (pass@3: models are not deterministic).'),
  smoke('smoke.chat.stream', 'A tiny stream', 'POST /chat/completions', 'createChatCompletion',
    'A streamed chat completion with stream_options.include_usage and a small max_tokens MUST answer 200 text/event-stream: '
      + 'SSE framing, every chunk valid against CreateChatCompletionStreamResponse, one finish_reason, one usage chunk, [DONE] last '
      + '(structure within pass@3 attempts).'),
  smoke('smoke.embeddings', 'Embeddings', 'POST /embeddings', 'createEmbeddings',
    'An embeddings request for one short input MUST answer 200 with a body valid against the contract.'),
  smoke('smoke.auth.invalid-key', 'A bad key is a 401', 'POST /chat/completions', 'createChatCompletion',
    'A request with an invalid key MUST be answered 401 with the OpenAI error envelope (nothing is billed).'),
  smoke('smoke.files', 'Upload and delete a file', 'POST /files', 'uploadFile',
    'A small file upload MUST answer 200 valid against the contract, and deleting it MUST answer 200 (only with --with-files).'),
];
